#include "pages/graphs_page.h"

#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

#include "charts/series_colors.h"
#include "charts/time_series_chart.h"
#include "format.h"

namespace juxta::ui {

GraphsPage::GraphsPage(QWidget* parent) : QWidget(parent), window_(new QComboBox(this)) {
    using C = MetricSeriesModel;
    cpu_ = new TimeSeriesChart(tr("CPU"), {{C::Cpu, tr("CPU"), colors::cpu}}, human::percent, this);
    cpu_->setFixedValueRange(0, 100);
    memory_ = new TimeSeriesChart(tr("Memory"),
                                  {{C::MemoryUsed, tr("Used"), colors::memory},
                                   {C::MemoryCached, tr("Cached"), colors::cached}},
                                  human::bytes, this);
    disk_ = new TimeSeriesChart(tr("Disk I/O"),
                                {{C::DiskRead, tr("Read"), colors::read}, {C::DiskWrite, tr("Write"), colors::write}},
                                human::rate, this);
    network_ = new TimeSeriesChart(tr("Network"),
                                   {{C::NetRx, tr("Received"), colors::read}, {C::NetTx, tr("Sent"), colors::write}},
                                   human::rate, this);

    memory_->setMinimumValueSpan(64.0 * 1024 * 1024);
    disk_->setMinimumValueSpan(10e3);
    network_->setMinimumValueSpan(10e3);

    window_->addItem(tr("Last minute"), 60);
    window_->addItem(tr("Last 10 minutes"), 600);
    window_->addItem(tr("Last hour"), 3600);
    window_->setObjectName(QStringLiteral("timeWindow"));
    connect(window_, &QComboBox::currentIndexChanged, this,
            [this](int i) { setWindowSeconds(window_->itemData(i).toInt()); });

    auto* top = new QHBoxLayout;
    auto* label = new QLabel(tr("&Time window:"), this);
    label->setBuddy(window_);
    top->addWidget(label);
    top->addWidget(window_);
    top->addStretch();

    auto* grid = new QGridLayout;
    grid->addWidget(cpu_, 0, 0);
    grid->addWidget(memory_, 0, 1);
    grid->addWidget(disk_, 1, 0);
    grid->addWidget(network_, 1, 1);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addLayout(grid, 1);
}

void GraphsPage::setModel(MetricSeriesModel* model) {
    for (TimeSeriesChart* c : {cpu_, memory_, disk_, network_}) c->setModel(model);
}

void GraphsPage::setWindowSeconds(int seconds) {
    const int i = window_->findData(seconds);
    if (i >= 0 && i != window_->currentIndex()) window_->setCurrentIndex(i);  // re-enters via the signal
    for (TimeSeriesChart* c : {cpu_, memory_, disk_, network_}) c->setWindowSeconds(seconds);
}

int GraphsPage::windowSeconds() const { return window_->currentData().toInt(); }

}  // namespace juxta::ui

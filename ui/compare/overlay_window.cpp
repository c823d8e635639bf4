#include "compare/overlay_window.h"

#include <QComboBox>
#include <QFileDialog>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>

#include "compare/chart_export.h"
#include "compare/presentation_window.h"
#include "compare/variant_palette.h"
#include "format.h"

namespace juxta::ui {
namespace {

const char* const kChartNames[] = {"cpu", "memory", "disk", "network"};

}  // namespace

OverlayWindow::OverlayWindow(const QList<Instance>& instances, QWidget* parent)
    : QWidget(parent, Qt::Window), instances_(instances), window_(new QComboBox(this)) {
    setAttribute(Qt::WA_DeleteOnClose);
    QStringList names;
    for (const Instance& i : instances_) names << i.name;
    setWindowTitle(tr("Compare: %1").arg(names.join(QStringLiteral(" · "))));
    resize(1100, 720);

    window_->setObjectName(QStringLiteral("timeWindow"));
    window_->addItem(tr("Last minute"), 60);
    window_->addItem(tr("Last 10 minutes"), 600);
    window_->addItem(tr("Last hour"), 3600);
    connect(window_, &QComboBox::currentIndexChanged, this, [this](int i) {
        for (OverlayChart* c : std::as_const(charts_)) c->setWindowSeconds(window_->itemData(i).toInt());
    });
    auto* present = new QPushButton(tr("&Present"), this);
    present->setToolTip(tr("Full screen, one chart at a time (← → to move, Esc to leave)"));
    connect(present, &QPushButton::clicked, this, &OverlayWindow::present);
    auto* exportButton = new QPushButton(tr("&Export charts…"), this);
    exportButton->setToolTip(tr("Save every chart as PNG and SVG in a folder"));
    connect(exportButton, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Export charts to"));
        if (!dir.isEmpty()) exportCharts(dir);
    });

    auto* top = new QHBoxLayout;
    auto* label = new QLabel(tr("&Time window:"), this);
    label->setBuddy(window_);
    top->addWidget(label);
    top->addWidget(window_);
    top->addStretch();
    top->addWidget(present);
    top->addWidget(exportButton);

    charts_ = makeCharts(this);
    auto* grid = new QGridLayout;
    for (int i = 0; i < charts_.size(); ++i) grid->addWidget(charts_[i], i / 2, i % 2);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addLayout(grid, 1);
}

QStringList OverlayWindow::instanceIds() const {
    QStringList ids;
    for (const Instance& i : instances_) ids << i.id;
    return ids;
}

QList<OverlayChart*> OverlayWindow::makeCharts(QWidget* parent) const {
    QList<OverlayChart::Member> members;
    for (int i = 0; i < instances_.size(); ++i)
        members.push_back({instances_[i].name, instances_[i].model, variantColor(i)});
    const QList<OverlayChart*> charts{
        new OverlayChart(
            tr("CPU"), [](const MetricSample& s) { return s.cpuPercent; }, human::percent, parent),
        new OverlayChart(
            tr("Memory used"), [](const MetricSample& s) { return s.memoryUsed; }, human::bytes, parent),
        new OverlayChart(
            tr("Disk I/O (read + write)"),
            [](const MetricSample& s) { return s.diskReadBps + s.diskWriteBps; }, human::rate, parent),
        new OverlayChart(
            tr("Network (received + sent)"), [](const MetricSample& s) { return s.netRxBps + s.netTxBps; },
            human::rate, parent),
    };
    const double spans[] = {1.0, 1024.0 * 1024, 10e3, 10e3};  // an idle chart still shows a readable scale
    for (int i = 0; i < charts.size(); ++i) {
        charts[i]->setMinimumValueSpan(spans[i]);
        charts[i]->setMembers(members);
        charts[i]->setWindowSeconds(window_->currentData().toInt());
    }
    return charts;
}

void OverlayWindow::present() {
    auto* presentation = new PresentationWindow(this);
    for (OverlayChart* chart : makeCharts(presentation)) presentation->addSlide(chart->title(), chart);
    presentation->present();
}

void OverlayWindow::exportCharts(const QString& directory) {
    QList<NamedChart> named;
    for (int i = 0; i < charts_.size(); ++i)
        named.push_back({QLatin1String(kChartNames[i]), charts_[i]->plot()});
    const auto written = juxta::ui::exportCharts(named, directory);
    if (!written) QMessageBox::warning(this, tr("Export"), QString::fromStdString(written.error().message()));
}

}  // namespace juxta::ui

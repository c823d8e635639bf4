#include "pages/graphs_page.h"

#include <QCheckBox>
#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

#include "charts/series_colors.h"
#include "charts/time_series_chart.h"
#include "format.h"
#include "models/metric_series_model.h"

namespace juxta::ui {

GraphsPage::GraphsPage(QWidget* parent)
    : QWidget(parent), window_(new QComboBox(this)), perCore_(new QCheckBox(tr("&Per core"), this)) {
    using C = MetricSeriesModel;
    const auto col = &TimeSeriesChart::column;
    cpu_ = new TimeSeriesChart(tr("CPU"), {col(C::Cpu, tr("All cores"), colors::cpu)}, human::percent, this);
    cpu_->setFixedValueRange(0, 100);
    memory_ = new TimeSeriesChart(
        tr("Memory"),
        {col(C::MemoryUsed, tr("Used"), colors::memory), col(C::MemoryCached, tr("Cached"), colors::cached)},
        human::bytes, this);
    disk_ = new TimeSeriesChart(
        tr("Disk I/O"),
        {col(C::DiskRead, tr("Read"), colors::read), col(C::DiskWrite, tr("Write"), colors::write)},
        human::rate, this);
    network_ = new TimeSeriesChart(
        tr("Network"),
        {col(C::NetRx, tr("Received"), colors::read), col(C::NetTx, tr("Sent"), colors::write)}, human::rate,
        this);
    exits_ = new TimeSeriesChart(tr("VM exits"), {col(C::VmExits, tr("Exits per second"), colors::cpu)},
                                 human::perSecond, this);
    exits_->setMinimumValueSpan(10);
    exits_->hide();
    perCore_->setObjectName(QStringLiteral("perCore"));
    perCore_->setToolTip(tr("Draw a line for each CPU core beside the total"));
    connect(perCore_, &QCheckBox::toggled, this, &GraphsPage::updateCpuSeries);

    memory_->setMinimumValueSpan(1024.0 * 1024);
    disk_->setMinimumValueSpan(10e3);
    network_->setMinimumValueSpan(10e3);

    window_->addItem(tr("Last minute"), 60);
    window_->addItem(tr("Last 10 minutes"), 600);
    window_->addItem(tr("Last hour"), 3600);
    window_->addItem(tr("Last 6 hours"), 6 * 3600);
    window_->addItem(tr("Last 24 hours"), 24 * 3600);
    window_->addItem(tr("Last 7 days"), 7 * 86400);
    window_->addItem(tr("Last 30 days"), 30 * 86400);
    window_->setObjectName(QStringLiteral("timeWindow"));
    connect(window_, &QComboBox::currentIndexChanged, this,
            [this](int i) { setWindowSeconds(window_->itemData(i).toInt()); });

    auto* top = new QHBoxLayout;
    auto* label = new QLabel(tr("&Time window:"), this);
    label->setBuddy(window_);
    top->addWidget(label);
    top->addWidget(window_);
    top->addSpacing(16);
    top->addWidget(perCore_);
    top->addStretch();

    instanceCharts_ = new QWidget(this);
    auto* grid = new QGridLayout(instanceCharts_);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->addWidget(cpu_, 0, 0);
    grid->addWidget(memory_, 0, 1);
    grid->addWidget(disk_, 1, 0);
    grid->addWidget(network_, 1, 1);
    grid->addWidget(exits_, 2, 0, 1, 2);  // a VM's alone: a third row

    projectView_ = new QWidget(this);
    projectView_->setObjectName(QStringLiteral("projectCharts"));
    auto* projectGrid = new QGridLayout(projectView_);
    projectGrid->setContentsMargins(0, 0, 0, 0);
    projectCharts_ = {
        new OverlayChart(
            tr("Memory by service"), [](const MetricSample& s) { return s.memoryUsed; }, human::bytes,
            projectView_),
        new OverlayChart(
            tr("CPU by service (of the host)"), [](const MetricSample& s) { return s.cpuPercent; },
            human::percent, projectView_),
        new OverlayChart(
            tr("Disk I/O by service (read + write)"),
            [](const MetricSample& s) { return s.diskReadBps + s.diskWriteBps; }, human::rate, projectView_),
        new OverlayChart(
            tr("Network by service (received + sent)"),
            [](const MetricSample& s) { return s.netRxBps + s.netTxBps; }, human::rate, projectView_),
    };
    projectCharts_[0]->setStacked(true);
    const double spans[] = {1024.0 * 1024, 1.0, 10e3, 10e3};  // an idle chart still shows a readable scale
    for (int i = 0; i < projectCharts_.size(); ++i) {
        projectCharts_[i]->setMinimumValueSpan(spans[i]);
        projectGrid->addWidget(projectCharts_[i], i / 2, i % 2);
    }
    projectView_->hide();

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(instanceCharts_, 1);
    layout->addWidget(projectView_, 1);
}

void GraphsPage::showProject(const QList<OverlayChart::Member>& services) {
    if (!services.isEmpty()) setModel(nullptr);  // the instance charts let go of theirs
    showsProject_ = !services.isEmpty();
    for (OverlayChart* c : std::as_const(projectCharts_)) c->setMembers(services);
    instanceCharts_->setVisible(!showsProject_);
    projectView_->setVisible(showsProject_);
    perCore_->setVisible(!showsProject_ && hostCores_ == 0);
}

void GraphsPage::setShowsLimit(bool limit) {
    using C = MetricSeriesModel;
    const auto col = &TimeSeriesChart::column;
    if (!limit) {
        memory_->setSeries({col(C::MemoryUsed, tr("Used"), colors::memory),
                            col(C::MemoryCached, tr("Cached"), colors::cached)});
        return;
    }
    TimeSeriesChart::Series cap{tr("Limit"), colors::limit, [](const MetricSample& s) {
                                    return s.memoryTotal > 0 ? s.memoryTotal : qQNaN();
                                }};
    cap.filled = false;
    cap.style = Qt::DashLine;
    memory_->setSeries({col(C::MemoryUsed, tr("Used"), colors::memory), cap});
}

void GraphsPage::setCpuInCores(int hostCores, double limitCores) {
    hostCores_ = std::max(0, hostCores);
    limitCores_ = limitCores;
    perCore_->setVisible(hostCores_ == 0);
    if (hostCores_ > 0) {
        cpu_->setFormatter(&human::cores);
        cpu_->setFixedValueRange(0, hostCores_);
    } else {
        cpu_->setFormatter(&human::percent);
        cpu_->setFixedValueRange(0, 100);
    }
    cpu_->setSeries({});  // updateCpuSeries() makes them anew
    updateCpuSeries();
}

void GraphsPage::setVmLayout(bool vm) {
    exits_->setVisible(vm);  // a VM's disk I/O is its virtio-blk disks' (none: a flat line)
}

void GraphsPage::setModel(MetricSeriesModel* model) {
    if (showsProject_ && model) {  // back from a project's charts to an instance's
        showsProject_ = false;
        for (OverlayChart* c : std::as_const(projectCharts_)) c->setMembers({});
        instanceCharts_->show();
        projectView_->hide();
    }
    if (model_) disconnect(model_, nullptr, this, nullptr);
    model_ = model;
    for (TimeSeriesChart* c : {cpu_, memory_, disk_, network_, exits_}) c->setModel(model);
    if (model_) {
        // The core count is known once samples arrive; per-core lines follow it. Connected after
        // the charts, so a redraw here already includes the new row.
        connect(model_, &QAbstractItemModel::rowsInserted, this, &GraphsPage::updateCpuSeries);
        connect(model_, &QAbstractItemModel::modelReset, this, &GraphsPage::updateCpuSeries);
    }
    updateCpuSeries();
}

void GraphsPage::updateCpuSeries() {
    if (hostCores_ > 0) {  // an instance: in cores, and its limit
        if (cpu_->seriesCount() > 0) return;
        const double hostCores = hostCores_, limit = limitCores_;
        TimeSeriesChart::Series used{tr("Used"), colors::cpu, [hostCores](const MetricSample& s) {
                                         return s.cpuPercent / 100 * hostCores;
                                     }};
        QList<TimeSeriesChart::Series> series{used};
        if (limit > 0) {
            TimeSeriesChart::Series cap{tr("Limit"), colors::limit,
                                        [limit](const MetricSample&) { return limit; }};
            cap.filled = false;
            cap.style = Qt::DashLine;
            series.push_back(cap);
        }
        cpu_->setSeries(series);
        return;
    }
    const int cores = perCore_->isChecked() && model_ && model_->rowCount() > 0
                          ? int(model_->sampleAt(model_->rowCount() - 1).corePercent.size())
                          : 0;
    if (cpu_->seriesCount() == cores + 1) return;
    QList<TimeSeriesChart::Series> series{
        TimeSeriesChart::column(MetricSeriesModel::Cpu, tr("All cores"), colors::cpu)};
    for (int i = 0; i < cores; ++i) {
        QColor c = QColor::fromHsv((200 + i * 360 / std::max(cores, 1) / 2) % 360, 140, 220);
        series.push_back(
            {tr("Core %1").arg(i), c,
             [i](const MetricSample& s) { return i < int(s.corePercent.size()) ? s.corePercent[i] : 0.0; },
             0.8, false});
    }
    series.first().filled = cores == 0;
    cpu_->setSeries(series);
}

void GraphsPage::setWindowSeconds(int seconds) {
    const int i = window_->findData(seconds);
    if (i >= 0 && i != window_->currentIndex()) window_->setCurrentIndex(i);  // re-enters via the signal
    for (TimeSeriesChart* c : {cpu_, memory_, disk_, network_, exits_}) c->setWindowSeconds(seconds);
    for (OverlayChart* c : std::as_const(projectCharts_)) c->setWindowSeconds(seconds);
}

int GraphsPage::windowSeconds() const {
    return window_->currentData().toInt();
}

}  // namespace juxta::ui

#pragma once
// The Graphs tab: CPU, memory, disk I/O and network of the selected instance, live, over a chosen
// time window (1 min / 10 min / 1 h); for a compose project, the same of its services together.
#include <QList>
#include <QPointer>
#include <QWidget>

#include "compare/overlay_chart.h"

class QCheckBox;
class QComboBox;

namespace juxta::ui {

class MetricSeriesModel;
class TimeSeriesChart;

class GraphsPage : public QWidget {
    Q_OBJECT
  public:
    explicit GraphsPage(QWidget* parent = nullptr);

    // One instance's charts (and back to them from a project's).
    void setModel(MetricSeriesModel* model);
    // A compose project's: its services' memory stacked (the top line is the project's), and their
    // CPU (in percent of the host), disk and network a line each. Empty: the instance charts again.
    void showProject(const QList<OverlayChart::Member>& services);
    bool showsProject() const { return showsProject_; }
    QList<OverlayChart*> projectCharts() const { return projectCharts_; }
    void setWindowSeconds(int seconds);
    int windowSeconds() const;

    TimeSeriesChart* cpuChart() const { return cpu_; }
    TimeSeriesChart* memoryChart() const { return memory_; }
    TimeSeriesChart* diskChart() const { return disk_; }
    TimeSeriesChart* networkChart() const { return network_; }
    TimeSeriesChart* exitsChart() const { return exits_; }
    // A VM has no disk I/O of its own to show here: its VM exits take that place.
    void setVmLayout(bool vm);
    // A container's or VM's memory chart draws its limit (none: no line) instead of the host's cache.
    void setShowsLimit(bool limit);
    // A container's or VM's CPU in cores (0 .. the host's), with its limit (0: none, no line); the
    // host's (hostCores 0) in percent of all its cores, with a line per core on request.
    void setCpuInCores(int hostCores, double limitCores);
    QComboBox* windowSelector() const { return window_; }
    QCheckBox* perCoreToggle() const { return perCore_; }

  private:
    void updateCpuSeries();

    QComboBox* window_;
    QWidget* instanceCharts_;
    QWidget* projectView_;
    QList<OverlayChart*> projectCharts_;  // memory (stacked), CPU, disk, network
    bool showsProject_ = false;
    QCheckBox* perCore_;
    int hostCores_ = 0;  // CPU in cores (of this many), or 0: in percent
    double limitCores_ = 0;
    QPointer<MetricSeriesModel> model_;
    TimeSeriesChart* cpu_;
    TimeSeriesChart* memory_;
    TimeSeriesChart* disk_;
    TimeSeriesChart* network_;
    TimeSeriesChart* exits_;
};

}  // namespace juxta::ui

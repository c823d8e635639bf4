#pragma once
// The Overview tab: who the selected instance is and how it is doing; for the host, what this host
// can run (KVM kind, cgroups, namespaces, overlayfs, tun) with what to do where something is missing.
#include <QList>
#include <QWidget>
#include <optional>

#include "bridge/types.h"

class QFormLayout;
class QLabel;
class QGroupBox;

namespace juxta::ui {
class PhaseTimelineChart;
}

namespace juxta::ui {

class OverviewPage : public QWidget {
    Q_OBJECT
  public:
    explicit OverviewPage(QWidget* parent = nullptr);

    void showInstance(const InstanceInfo& info);
    // A compose project: its file, and each service with its kind and state.
    void showProject(const QString& project, const QString& file, const QList<InstanceInfo>& services);
    void setHostCapabilities(const HostCapabilities& caps);
    void setLastSample(const MetricSample& sample);
    void setError(const QString& message);  // empty clears it

    // Translated one-line descriptions, shared with the status bar.
    static QString kvmText(const HostCapabilities& caps);
    static QString cgroupText(const HostCapabilities& caps);
    PhaseTimelineChart* timelineChart() const { return timeline_; }

  private:
    void refreshHost();  // the whole page anew: when the instance or the host's facts change
    static QString loadText(const MetricSample& sample);
    void addProjectFacts();

    QLabel* title_;
    QLabel* subtitle_;
    QLabel* error_;
    QFormLayout* facts_;
    QGroupBox* hostBox_;
    QLabel* hostDetails_;
    QGroupBox* timelineBox_;
    PhaseTimelineChart* timeline_;
    std::optional<InstanceInfo> instance_;
    struct ProjectShown {
        QString project, file;
        QList<InstanceInfo> services;
    };
    std::optional<ProjectShown> project_;  // a compose project's row is shown (instance_ empty)
    std::optional<HostCapabilities> caps_;
    std::optional<MetricSample> sample_;
    QLabel* load_ = nullptr;  // the host's load average, in facts_; set in place each sample
};

}  // namespace juxta::ui

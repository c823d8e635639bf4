#pragma once
// Lives in the engine's worker thread: samples every instance on a timer, keeps each one's history
// in a ring, and hands each tick's samples to the UI as one batch.
#include <QHash>
#include <QObject>
#include <QTimer>

#include "bridge/container_source.h"
#include "bridge/types.h"
#include "bridge/vm_source.h"
#include "metrics/host_sampler.h"
#include "metrics/sample_history.h"

namespace juxta {

class SamplerWorker : public QObject {
    Q_OBJECT
  public:
    // procRoot lets tests sample a recorded /proc; historyCapacity bounds each instance's ring.
    explicit SamplerWorker(QString procRoot = QStringLiteral("/proc"),
                           int historyCapacity = int(SampleHistory::kDefaultCapacity));

  public slots:
    void start(int intervalMs);
    void setInterval(int intervalMs);
    void stop();
    void sampleNow();
    void requestHistory(const QString& instanceId);
    void followLog(const QString& instanceId);

  signals:
    void samplesReady(const juxta::SampleBatch& batch);
    void historyReady(const QString& instanceId, const juxta::SampleSeries& history);
    void samplingFailed(const QString& instanceId, const QString& message);
    void instanceChanged(const juxta::InstanceInfo& info);
    void instanceRemoved(const QString& instanceId);
    void logBytes(const QString& instanceId, const QByteArray& bytes, bool fromStart);

  private:
    QTimer* timer_ = nullptr;  // created in start(), in the worker thread
    int generation_ = 0;       // a pending start of the timer is for this setInterval() only
    HostSampler host_;
    ContainerSource containers_;
    VmSource vms_;
    int historyCapacity_;
    QHash<QString, SampleHistory> history_;
    QHash<QString, QString> lastError_;  // per instance: a lasting fault is reported once

    void report(const QString& instanceId, const QString& message);
    void readLog(bool fromStart);

    QString logId_;  // the instance whose log is followed
    qint64 logOffset_ = 0;
    void record(SampleBatch& batch, const QString& instanceId, const MetricSample& sample);
};

}  // namespace juxta

#pragma once
// The Qt face of the engine. The Engine object lives in the UI thread as a thin facade: every call
// posts a queued request to a worker in the engine's thread and returns at once; every result comes
// back as a signal, delivered in the UI thread. Nothing here blocks the caller.
#include <QObject>
#include <QThread>

#include "bridge/types.h"

namespace juxta {

class SamplerWorker;

class Engine : public QObject {
    Q_OBJECT
public:
    struct Options {
        int sampleIntervalMs = 1000;
        QString procRoot = QStringLiteral("/proc");
    };
    explicit Engine(QObject* parent = nullptr) : Engine(Options{}, parent) {}
    explicit Engine(const Options& options, QObject* parent = nullptr);
    ~Engine() override;

    // The host itself, the one instance that is always there.
    static InstanceInfo hostInstance();

    void start();
    void setSampleInterval(int intervalMs);
    void requestHistory(const QString& instanceId);
    void probeHost();

signals:
    void instanceChanged(const juxta::InstanceInfo& info);
    void samplesReady(const juxta::SampleBatch& batch);
    void historyReady(const QString& instanceId, const juxta::SampleSeries& history);
    void hostProbed(const juxta::HostCapabilities& capabilities);
    void errorOccurred(const QString& instanceId, const QString& message);

private:
    Options options_;
    QThread thread_;
    SamplerWorker* sampler_;  // owned by thread_ (deleteLater on finish)
};

}  // namespace juxta

#include "bridge/engine.h"

#include <QDateTime>

#include "bridge/sampler_worker.h"

namespace juxta {

void registerBridgeTypes() {
    qRegisterMetaType<MetricSample>();
    qRegisterMetaType<InstanceSample>();
    qRegisterMetaType<SampleBatch>();
    qRegisterMetaType<SampleSeries>();
    qRegisterMetaType<InstanceInfo>();
    qRegisterMetaType<HostCapabilities>();
}

Engine::Engine(const Options& options, QObject* parent)
    : QObject(parent), options_(options), sampler_(new SamplerWorker(options.procRoot)) {
    registerBridgeTypes();
    thread_.setObjectName(QStringLiteral("juxta-engine"));
    sampler_->moveToThread(&thread_);
    connect(&thread_, &QThread::finished, sampler_, &QObject::deleteLater);
    connect(sampler_, &SamplerWorker::samplesReady, this, &Engine::samplesReady);
    connect(sampler_, &SamplerWorker::historyReady, this, &Engine::historyReady);
    connect(sampler_, &SamplerWorker::samplingFailed, this, &Engine::errorOccurred);
}

Engine::~Engine() {
    thread_.quit();
    thread_.wait();
}

InstanceInfo Engine::hostInstance() {
    InstanceInfo host;
    host.id = "host";
    host.kind = InstanceKind::Host;
    host.state = InstanceState::Running;
    timespec up{};
    clock_gettime(CLOCK_BOOTTIME, &up);
    host.startedAtMs = QDateTime::currentMSecsSinceEpoch() - int64_t(up.tv_sec) * 1000;
    return host;
}

void Engine::start() {
    thread_.start();
    emit instanceChanged(hostInstance());
    const int interval = options_.sampleIntervalMs;
    QMetaObject::invokeMethod(sampler_, [s = sampler_, interval] { s->start(interval); }, Qt::QueuedConnection);
    probeHost();
}

void Engine::setSampleInterval(int intervalMs) {
    options_.sampleIntervalMs = intervalMs;
    QMetaObject::invokeMethod(sampler_, [s = sampler_, intervalMs] { s->setInterval(intervalMs); },
                              Qt::QueuedConnection);
}

void Engine::requestHistory(const QString& instanceId) {
    QMetaObject::invokeMethod(sampler_, [s = sampler_, instanceId] { s->requestHistory(instanceId); },
                              Qt::QueuedConnection);
}

void Engine::probeHost() {
    // The probe opens /dev/kvm and reads /proc and /sys: done in the worker thread too.
    QMetaObject::invokeMethod(
        sampler_, [this] {
            HostCapabilities caps = juxta::probeHost();
            QMetaObject::invokeMethod(this, [this, caps] { emit hostProbed(caps); }, Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
}

}  // namespace juxta

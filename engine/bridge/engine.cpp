#include "bridge/engine.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFileInfo>

#include "bridge/console_session.h"
#include "bridge/lifecycle_worker.h"
#include "bridge/sampler_worker.h"
#include "core/log.h"
#include "instances/definition_store.h"
#include "instances/state_record.h"
#include "runtime/lifecycle/prune.h"
#include "vmm/lifecycle/vm_prune.h"

namespace juxta {
namespace {

std::filesystem::path consoleSocketOf(const std::string& id) {
    const InstanceKind kind =
        instances::isDefined(InstanceKind::Vm, id) ? InstanceKind::Vm : InstanceKind::Container;
    return instances::consoleSocketOf(kind, id);
}

}  // namespace

void registerBridgeTypes() {
    qRegisterMetaType<MetricSample>();
    qRegisterMetaType<InstanceSample>();
    qRegisterMetaType<SampleBatch>();
    qRegisterMetaType<SampleSeries>();
    qRegisterMetaType<InstanceInfo>();
    qRegisterMetaType<HostCapabilities>();
}

Engine::Engine(const Options& options, QObject* parent)
    : QObject(parent),
      options_(options),
      sampler_(new SamplerWorker(options.procRoot)),
      lifecycle_(new LifecycleWorker) {
    registerBridgeTypes();
    // What a killed juxtactl, monitor or GUI left goes before the first listing shows it.
    for (const auto& e : runtime::pruneOrphans().failures) log::get("bridge")->warn("prune: {}", e.message());
    vmm::pruneVmOrphans();
    thread_.setObjectName(QStringLiteral("juxta-engine"));
    sampler_->moveToThread(&thread_);
    connect(&thread_, &QThread::finished, sampler_, &QObject::deleteLater);
    connect(sampler_, &SamplerWorker::samplesReady, this, &Engine::samplesReady);
    connect(sampler_, &SamplerWorker::historyReady, this, &Engine::historyReady);
    connect(sampler_, &SamplerWorker::samplingFailed, this, &Engine::errorOccurred);
    connect(sampler_, &SamplerWorker::instanceChanged, this, &Engine::instanceChanged);
    connect(sampler_, &SamplerWorker::instanceRemoved, this, &Engine::instanceRemoved);
    connect(sampler_, &SamplerWorker::logBytes, this, &Engine::logBytes);
    lifecycleThread_.setObjectName(QStringLiteral("juxta-lifecycle"));
    lifecycle_->moveToThread(&lifecycleThread_);
    connect(&lifecycleThread_, &QThread::finished, lifecycle_, &QObject::deleteLater);
    connect(lifecycle_, &LifecycleWorker::finished, this,
            [this](const QString& id, const QString& action, bool ok, const QString& message) {
                if (!ok) emit errorOccurred(id, message);
                emit actionFinished(id, action, ok, message);
                refreshNow();
            });
}

Engine::~Engine() {
    // An action in progress (a stop waits out its grace period) ends before the engine does.
    for (auto [thread, worker] :
         {std::pair<QThread*, QObject*>{&lifecycleThread_, lifecycle_}, {&thread_, sampler_}}) {
        if (!thread->isRunning()) {
            delete worker;  // never started: no event loop will run its deleteLater
            continue;
        }
        thread->quit();
        thread->wait();
    }
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
    lifecycleThread_.start();
    emit instanceChanged(hostInstance());
    const int interval = options_.sampleIntervalMs;
    QMetaObject::invokeMethod(
        sampler_, [s = sampler_, interval] { s->start(interval); }, Qt::QueuedConnection);
    probeHost();
}

void Engine::setSampleInterval(int intervalMs) {
    options_.sampleIntervalMs = intervalMs;
    QMetaObject::invokeMethod(
        sampler_, [s = sampler_, intervalMs] { s->setInterval(intervalMs); }, Qt::QueuedConnection);
}

void Engine::requestHistory(const QString& instanceId) {
    QMetaObject::invokeMethod(
        sampler_, [s = sampler_, instanceId] { s->requestHistory(instanceId); }, Qt::QueuedConnection);
}

void Engine::probeHost() {
    // The probe opens /dev/kvm and reads /proc and /sys: done in the worker thread too.
    QMetaObject::invokeMethod(
        sampler_,
        [this] {
            HostCapabilities caps = juxta::probeHost();
            QMetaObject::invokeMethod(
                this, [this, caps] { emit hostProbed(caps); }, Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
}

void Engine::attachConsole(const QString& instanceId) {
    detachConsole();
    const QString socket = QString::fromStdString(consoleSocketOf(instanceId.toStdString()).string());
    console_ = new ConsoleSession(instanceId, socket, this);
    connect(console_, &ConsoleSession::output, this,
            [this, instanceId](const QByteArray& bytes) { emit consoleOutput(instanceId, bytes); });
    connect(console_, &ConsoleSession::attached, this,
            [this, instanceId] { emit consoleAttached(instanceId); });
    connect(console_, &ConsoleSession::detached, this,
            [this, instanceId](const QString& reason) { emit consoleDetached(instanceId, reason); });
    if (consoleSize_.first > 0) console_->resize(consoleSize_.first, consoleSize_.second);
    console_->open();
}

void Engine::detachConsole() {
    if (!console_) return;
    console_->disconnect(this);
    console_->deleteLater();
    console_ = nullptr;
}

void Engine::consoleInput(const QByteArray& bytes) {
    if (console_) console_->send(bytes);
}

void Engine::consoleResize(int rows, int columns) {
    consoleSize_ = {rows, columns};
    if (console_) console_->resize(rows, columns);
}

void Engine::followLog(const QString& instanceId) {
    QMetaObject::invokeMethod(
        sampler_, [s = sampler_, instanceId] { s->followLog(instanceId); }, Qt::QueuedConnection);
}

void Engine::refreshNow() {
    QMetaObject::invokeMethod(
        sampler_, [s = sampler_] { s->sampleNow(); }, Qt::QueuedConnection);
}

void Engine::createContainer(const ContainerRequest& r) {
    QMetaObject::invokeMethod(
        lifecycle_, [w = lifecycle_, r] { w->createContainer(r); }, Qt::QueuedConnection);
}

void Engine::createVm(const VmRequest& r) {
    QMetaObject::invokeMethod(
        lifecycle_, [w = lifecycle_, r] { w->createVm(r); }, Qt::QueuedConnection);
}

void Engine::act(const QString& id, const QString& action, bool force) {
    QMetaObject::invokeMethod(
        lifecycle_, [w = lifecycle_, id, action, force] { w->act(id, action, force); }, Qt::QueuedConnection);
}

void Engine::startInstance(const QString& id) {
    act(id, QStringLiteral("start"));
}
void Engine::stopInstance(const QString& id) {
    act(id, QStringLiteral("stop"));
}
void Engine::pauseInstance(const QString& id) {
    act(id, QStringLiteral("pause"));
}
void Engine::resumeInstance(const QString& id) {
    act(id, QStringLiteral("resume"));
}
void Engine::removeInstance(const QString& id, bool force) {
    act(id, QStringLiteral("remove"), force);
}

}  // namespace juxta

#include "bridge/engine.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>

#include "bridge/console_session.h"
#include "bridge/sampler_worker.h"
#include "core/log.h"
#include "runtime/lifecycle/prune.h"
#include "runtime/lifecycle/state.h"
#include "vmm/lifecycle/vm_definition.h"
#include "vmm/lifecycle/vm_prune.h"
#include "vmm/lifecycle/vm_state.h"

namespace juxta {
namespace {

bool isVm(const QString& id) {
    return bool(vmm::loadVmDefinition(id.toStdString()));
}

// juxtactl's words for a lifecycle verb on this instance: "stop", or "vm stop" for a VM.
QStringList verb(const QString& id, const QString& action) {
    return isVm(id) ? QStringList{QStringLiteral("vm"), action} : QStringList{action};
}

std::filesystem::path consoleSocketOf(const std::string& id) {
    return vmm::loadVmDefinition(id) ? vmm::vmConsoleSocketOf(id) : runtime::consoleSocketOf(id);
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
    : QObject(parent), options_(options), sampler_(new SamplerWorker(options.procRoot)) {
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
}

Engine::~Engine() {
    if (!thread_.isRunning()) {
        delete sampler_;  // never started: no event loop will run its deleteLater
        return;
    }
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

QString Engine::juxtactlPath() const {
    if (!options_.juxtactl.isEmpty()) return options_.juxtactl;
    const QString beside = QCoreApplication::applicationDirPath() + QStringLiteral("/juxtactl");
    if (QFileInfo(beside).isExecutable()) return beside;
    const QString onPath = QStandardPaths::findExecutable(QStringLiteral("juxtactl"));
    return onPath.isEmpty() ? QStringLiteral("juxtactl") : onPath;
}

void Engine::runJuxtactl(const QString& instanceId, const QString& action, const QStringList& args,
                         std::function<void(const QString& out)> onSuccess) {
    auto* p = new QProcess(this);
    p->setProgram(juxtactlPath());
    p->setArguments(args);
    connect(p, &QProcess::finished, this, [=, this](int code, QProcess::ExitStatus how) {
        const QString out = QString::fromUtf8(p->readAllStandardOutput()).trimmed();
        QString err = QString::fromUtf8(p->readAllStandardError()).trimmed();
        err.remove(QRegularExpression(QStringLiteral("^juxtactl: ")));
        p->deleteLater();
        const bool ok = how == QProcess::NormalExit && code == 0;
        if (!ok && err.isEmpty())
            err = QStringLiteral("juxtactl %1 failed (exit code %2)").arg(action).arg(code);
        if (!ok) emit errorOccurred(instanceId, err);
        emit actionFinished(instanceId, action, ok, ok ? out : err);
        if (ok && onSuccess) onSuccess(out);
        refreshNow();
    });
    connect(p, &QProcess::errorOccurred, this, [=, this](QProcess::ProcessError e) {
        if (e != QProcess::FailedToStart) return;
        const QString err =
            QStringLiteral("cannot run %1: %2 — reinstall Juxta").arg(p->program(), p->errorString());
        p->deleteLater();
        emit errorOccurred(instanceId, err);
        emit actionFinished(instanceId, action, false, err);
    });
    p->start();
}

void Engine::createContainer(const ContainerRequest& r) {
    QStringList args{QStringLiteral("create")};
    if (!r.name.isEmpty()) args << QStringLiteral("--name") << r.name;
    if (!r.memory.isEmpty()) args << QStringLiteral("--memory") << r.memory;
    if (!r.cpus.isEmpty()) args << QStringLiteral("--cpus") << r.cpus;
    if (!r.pids.isEmpty()) args << QStringLiteral("--pids") << r.pids;
    if (r.readOnlyRoot) args << QStringLiteral("--read-only");
    if (r.terminal) args << QStringLiteral("-t");
    if (r.bridge) args << QStringLiteral("--net") << QStringLiteral("bridge");
    for (const QString& p : r.publish) args << QStringLiteral("--publish") << p;
    args << r.image;
    if (!r.command.isEmpty()) args << QStringLiteral("--") << r.command;
    runJuxtactl(r.name, QStringLiteral("create"), args, [this](const QString& out) {
        const QString id = out.section(QLatin1Char('\n'), -1).trimmed();
        if (!id.isEmpty()) startInstance(id);
    });
}

void Engine::createVm(const VmRequest& r) {
    QStringList args{QStringLiteral("vm"), QStringLiteral("create")};
    if (!r.name.isEmpty()) args << QStringLiteral("--name") << r.name;
    if (!r.memory.isEmpty()) args << QStringLiteral("--memory") << r.memory;
    args << QStringLiteral("--vcpus") << QString::number(r.vcpus);
    if (r.kernel.isEmpty()) {
        args << QStringLiteral("tiny-linux");
    } else {
        args << QStringLiteral("--kernel") << r.kernel;
        if (!r.initrd.isEmpty()) args << QStringLiteral("--initrd") << r.initrd;
        if (!r.cmdline.isEmpty()) args << QStringLiteral("--cmdline") << r.cmdline;
    }
    if (r.force) args << QStringLiteral("--force");
    // Created and started by one juxtactl: the dialog hears whether the VM runs (a PVM host's
    // refusal comes from the start), not only whether it was defined.
    runJuxtactl(r.name, QStringLiteral("create"), args << QStringLiteral("--start"));
}

void Engine::startInstance(const QString& id) {
    runJuxtactl(id, QStringLiteral("start"), verb(id, QStringLiteral("start")) << id);
}
void Engine::stopInstance(const QString& id) {
    runJuxtactl(id, QStringLiteral("stop"), verb(id, QStringLiteral("stop")) << id);
}
void Engine::pauseInstance(const QString& id) {
    runJuxtactl(id, QStringLiteral("pause"), verb(id, QStringLiteral("pause")) << id);
}
void Engine::resumeInstance(const QString& id) {
    runJuxtactl(id, QStringLiteral("resume"), verb(id, QStringLiteral("resume")) << id);
}
void Engine::removeInstance(const QString& id, bool force) {
    QStringList args = verb(id, QStringLiteral("rm"));
    if (force) args << QStringLiteral("-f");
    runJuxtactl(id, QStringLiteral("remove"), args << id);
}

}  // namespace juxta

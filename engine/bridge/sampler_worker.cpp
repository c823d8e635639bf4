#include "bridge/sampler_worker.h"

#include <QDateTime>
#include <QFile>
#include <QThread>
#include <filesystem>

#include "core/catch_all.h"
#include "core/log.h"
#include "instances/history.h"
#include "metrics/ring_file.h"
#include "runtime/lifecycle/state.h"
#include "vmm/lifecycle/vm_definition.h"
#include "vmm/lifecycle/vm_state.h"

namespace juxta {

SamplerWorker::SamplerWorker(QString procRoot, int historyCapacity)
    : host_(procRoot.toStdString()),
      containers_(QThread::idealThreadCount()),
      vms_(QThread::idealThreadCount()),
      historyCapacity_(historyCapacity) {}

void SamplerWorker::start(int intervalMs) {
    if (!timer_) {
        timer_ = new QTimer(this);
        timer_->setTimerType(Qt::PreciseTimer);
        connect(timer_, &QTimer::timeout, this, &SamplerWorker::sampleNow);
    }
    sampleNow();  // the baseline reading, so the first tick already has rates
    setInterval(intervalMs);
}

void SamplerWorker::setInterval(int intervalMs) {
    if (!timer_) return;
    intervalMs = std::max(intervalMs, 100);
    const int generation = ++generation_;
    if (intervalMs % 1000 != 0) {
        timer_->start(intervalMs);
        return;
    }
    // Whole seconds tick a quarter second after the monitors record theirs (metrics/recorder.h), so
    // each tick finds the point just written, not one tick's worth too early or twice.
    timer_->stop();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QTimer::singleShot(int((1250 - now % 1000) % 1000), this, [this, generation, intervalMs] {
        if (generation != generation_ || !timer_) return;  // changed or stopped meanwhile
        timer_->start(intervalMs);
        sampleNow();
    });
}

void SamplerWorker::stop() {
    ++generation_;
    if (timer_) timer_->stop();
}

void SamplerWorker::report(const QString& instanceId, const QString& message) {
    if (lastError_.value(instanceId) == message) return;
    lastError_.insert(instanceId, message);
    if (message.isEmpty()) return;
    log::get("metrics")->error("sampling {} failed: {}", instanceId.toStdString(), message.toStdString());
    emit samplingFailed(instanceId, message);
}

void SamplerWorker::record(SampleBatch& batch, const QString& instanceId, const MetricSample& sample) {
    auto it = history_.find(instanceId);
    if (it == history_.end()) it = history_.insert(instanceId, SampleHistory(std::size_t(historyCapacity_)));
    it->push(sample);
    batch.push_back(InstanceSample{instanceId, sample});
}

void SamplerWorker::sampleNow() {
    // What is sampled comes from files any instance can shape: no exception leaves this thread.
    const Status done = catchAll([&]() -> Status {
        const int64_t now = QDateTime::currentMSecsSinceEpoch();
        SampleBatch batch;
        const QString host = QStringLiteral("host");
        if (auto s = host_.sample(now)) {
            report(host, {});
            record(batch, host, *s);
        } else {
            report(host, QString::fromStdString(s.error().message()));
        }
        const auto take = [&](const QString& kind, const InstanceSource::Tick& tick) {
            report(kind, tick.error);
            for (const InstanceInfo& info : tick.changed) emit instanceChanged(info);
            for (const QString& id : tick.removed) {
                history_.remove(id);
                emit instanceRemoved(id);
            }
            for (const InstanceSample& s : tick.samples) record(batch, s.instanceId, s.sample);
        };
        take(QStringLiteral("containers"), containers_.poll(now));
        take(QStringLiteral("vms"), vms_.poll(now));
        if (!batch.isEmpty()) emit samplesReady(batch);
        if (!logId_.isEmpty()) readLog(false);
        return {};
    });
    report(QStringLiteral("sampler"), done ? QString() : QString::fromStdString(done.error().message()));
}

void SamplerWorker::followLog(const QString& instanceId) {
    logId_ = instanceId;
    logOffset_ = 0;
    if (!logId_.isEmpty()) readLog(true);
}

void SamplerWorker::readLog(bool fromStart) {
    // The log of a container (what its workload wrote to stdout and stderr) or of a VM (its serial
    // console), kept by its monitor.
    const std::string id = logId_.toStdString();
    const auto path = vmm::loadVmDefinition(id) ? vmm::vmLogFileOf(id) : runtime::logFileOf(id);
    QFile f(QString::fromStdString(path.string()));
    if (!f.open(QIODevice::ReadOnly)) {
        if (fromStart) emit logBytes(logId_, {}, true);
        return;
    }
    constexpr qint64 kTail = 256 * 1024;  // a view shows the end of a long log, not all of it
    if (f.size() < logOffset_) logOffset_ = 0, fromStart = true;  // truncated or replaced
    if (fromStart) logOffset_ = std::max<qint64>(0, f.size() - kTail);
    if (!f.seek(logOffset_)) return;
    const QByteArray bytes = f.read(std::max<qint64>(0, f.size() - logOffset_));
    logOffset_ += bytes.size();
    if (fromStart || !bytes.isEmpty()) emit logBytes(logId_, bytes, fromStart);
}

namespace {

// What the instance's monitor (or, for the host, `juxtactl metrics record`) recorded, up to 30 days
// back: the time the GUI was closed, and before that (instances/history.h).
std::vector<MetricSample> recordedHistory(const std::string& id, int64_t nowMs) {
    namespace fs = std::filesystem;
    fs::path file =
        id == "host" ? instances::hostHistoryFile() : instances::historyFileOf(InstanceKind::Container, id);
    std::error_code ec;
    if (id != "host" && !fs::exists(file, ec)) file = instances::historyFileOf(InstanceKind::Vm, id);
    auto ring = metrics::RingFile::openForReading(file);
    if (!ring) {
        if (ring.error().code() != ENOENT)
            log::get("metrics")->warn("the history of {}: {}", id, ring.error().message());
        return {};
    }
    constexpr int64_t kMonthMs = 30LL * 86'400'000;
    auto points = ring->read(nowMs - kMonthMs, nowMs);
    if (!points) log::get("metrics")->warn("the history of {}: {}", id, points.error().message());
    return points ? std::move(*points) : std::vector<MetricSample>();
}

}  // namespace

void SamplerWorker::requestHistory(const QString& instanceId) {
    SampleSeries out;
    const Status done = catchAll([&]() -> Status {
        std::vector<MetricSample> live;
        if (auto it = history_.constFind(instanceId); it != history_.constEnd()) live = it->snapshot();
        // The recorded history up to where this process's own samples begin, then those.
        const int64_t now = QDateTime::currentMSecsSinceEpoch();
        const int64_t firstLive = live.empty() ? now + 1 : live.front().timeMs;
        for (MetricSample& s : recordedHistory(instanceId.toStdString(), now))
            if (s.timeMs < firstLive - 500) out.push_back(std::move(s));
        for (MetricSample& s : live) out.push_back(std::move(s));
        return {};
    });
    if (!done) report(instanceId, QString::fromStdString(done.error().message()));
    emit historyReady(instanceId, out);
}

}  // namespace juxta

#include "bridge/sampler_worker.h"

#include <QDateTime>

#include "core/log.h"

namespace juxta {

SamplerWorker::SamplerWorker(QString procRoot, int historyCapacity)
    : host_(procRoot.toStdString()), historyCapacity_(historyCapacity) {}

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
    timer_->start(std::max(intervalMs, 100));
}

void SamplerWorker::stop() {
    if (timer_) timer_->stop();
}

void SamplerWorker::sampleNow() {
    auto s = host_.sample(QDateTime::currentMSecsSinceEpoch());
    if (!s) {
        const QString message = QString::fromStdString(s.error().message());
        if (message != lastError_) {  // report a lasting fault once, not every second
            log::get("metrics")->error("host sampling failed: {}", s.error().message());
            emit samplingFailed(QStringLiteral("host"), message);
        }
        lastError_ = message;
        return;
    }
    lastError_.clear();
    const QString id = QStringLiteral("host");
    auto it = history_.find(id);
    if (it == history_.end()) it = history_.insert(id, SampleHistory(std::size_t(historyCapacity_)));
    it->push(*s);
    emit samplesReady(SampleBatch{InstanceSample{id, *s}});
}

void SamplerWorker::requestHistory(const QString& instanceId) {
    SampleSeries out;
    if (auto it = history_.constFind(instanceId); it != history_.constEnd()) {
        for (auto& s : it->snapshot()) out.push_back(std::move(s));
    }
    emit historyReady(instanceId, out);
}

}  // namespace juxta

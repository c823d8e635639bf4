#include "metrics/counter_rates.h"

#include <algorithm>

namespace juxta {
namespace {

double perSecond(uint64_t before, uint64_t after, double seconds) {
    return seconds > 0 && after >= before ? double(after - before) / seconds : 0.0;
}

}  // namespace

RateTracker::RateTracker(int hostCpus) : cpus_(std::max(hostCpus, 1)) {}

MetricSample RateTracker::next(const ResourceCounters& now) {
    MetricSample s;
    s.timeMs = now.timeMs;
    s.memoryUsed = now.memoryUsed;
    s.memoryTotal = now.memoryLimit;
    if (last_ && now.timeMs > last_->timeMs) {
        const double seconds = double(now.timeMs - last_->timeMs) / 1000.0;
        if (now.cpuNs >= last_->cpuNs)
            s.cpuPercent =
                std::clamp(100.0 * double(now.cpuNs - last_->cpuNs) / (seconds * 1e9 * cpus_), 0.0, 100.0);
        s.diskReadBps = perSecond(last_->diskReadBytes, now.diskReadBytes, seconds);
        s.diskWriteBps = perSecond(last_->diskWriteBytes, now.diskWriteBytes, seconds);
        s.netRxBps = perSecond(last_->netRxBytes, now.netRxBytes, seconds);
        s.netTxBps = perSecond(last_->netTxBytes, now.netTxBytes, seconds);
        s.vmExitsPerSec = perSecond(last_->vmExits, now.vmExits, seconds);
    }
    last_ = now;
    return s;
}

}  // namespace juxta

#include "runtime/lifecycle/counters.h"

#include <algorithm>

namespace juxta::runtime {

ResourceCounters containerCounters(const CgroupStats& stats, const Limits& limits, int64_t nowMs) {
    ResourceCounters c;
    c.timeMs = nowMs;
    c.cpuNs = stats.cpuUsageNs;
    c.memoryUsed = double(stats.memoryCurrent);
    c.memoryLimit = double(limits.memoryBytes.value_or(0));
    c.diskReadBytes = uint64_t(std::max<int64_t>(0, stats.ioReadBytes));
    c.diskWriteBytes = uint64_t(std::max<int64_t>(0, stats.ioWriteBytes));
    return c;
}

}  // namespace juxta::runtime

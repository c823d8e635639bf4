#include "runtime/lifecycle/counters.h"

#include <algorithm>

#include "core/read_file.h"

namespace juxta::runtime {

std::map<std::string, procfs::IoCounters> linkBytes() {
    auto text = readFile("/proc/self/net/dev", {.maxBytes = std::size_t(4) << 20});
    if (!text) return {};
    auto links = procfs::parseNetDevLinks(*text);
    return links ? *links : std::map<std::string, procfs::IoCounters>{};
}

ResourceCounters containerCounters(const CgroupStats& stats, const Limits& limits, int64_t nowMs,
                                   const procfs::IoCounters* hostEnd) {
    ResourceCounters c;
    c.timeMs = nowMs;
    c.cpuNs = stats.cpuUsageNs;
    c.memoryUsed = double(stats.memoryCurrent);
    c.memoryLimit = double(limits.memoryBytes.value_or(0));
    c.diskReadBytes = uint64_t(std::max<int64_t>(0, stats.ioReadBytes));
    c.diskWriteBytes = uint64_t(std::max<int64_t>(0, stats.ioWriteBytes));
    if (hostEnd) c.netRxBytes = hostEnd->written, c.netTxBytes = hostEnd->read;
    return c;
}

}  // namespace juxta::runtime

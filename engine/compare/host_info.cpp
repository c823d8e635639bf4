#include "compare/host_info.h"

#include <time.h>

#include <cstdio>
#include <fstream>

#include "core/timeline.h"

namespace juxta::compare {
namespace {

std::string utcNow(const char* format) {
    const time_t now = ::time(nullptr);
    tm t{};
    gmtime_r(&now, &t);
    char buf[64];
    std::strftime(buf, sizeof buf, format, &t);
    return buf;
}

}  // namespace

std::string utcNowIso8601() {
    return utcNow("%Y-%m-%dT%H:%M:%SZ");
}

std::string newComparisonId(const std::string& workload) {
    // The ms suffix keeps two runs started in the same second apart.
    return utcNow("%Y%m%d-%H%M%S-") + std::to_string((monotonicNs() / 1'000'000) % 1000) + "-" + workload;
}

HostDescription describeHost(const HostCapabilities& caps, const std::string& juxtaVersion) {
    HostDescription h;
    h.hostname = caps.hostname;
    h.cpuModel = caps.cpuModel;
    h.cores = caps.cpuCount;
    h.memoryTotalBytes = caps.memoryTotal;
    h.kernel = caps.kernel;
    h.kvmKind = toString(caps.kvm);
    h.cgroupMode = toString(caps.cgroupMode);
    h.juxtaVersion = juxtaVersion;
    h.date = utcNowIso8601();
    std::ifstream("/proc/loadavg") >> h.loadAverage1;
    return h;
}

}  // namespace juxta::compare

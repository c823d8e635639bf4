#pragma once
// One measurement of an instance's resource use at a moment. The host fills every field; a
// container or a VM fills what it can measure (the per-core, cache and load fields stay empty).
#include <cstdint>
#include <vector>

namespace juxta {

struct MetricSample {
    int64_t timeMs = 0;               // wall clock, ms since the epoch
    double cpuPercent = 0;            // of the whole host (100 = every core busy)
    std::vector<double> corePercent;  // host only: per core, 0..100
    double memoryUsed = 0;            // bytes in use (host: MemTotal - MemAvailable)
    double memoryTotal = 0;           // bytes available to it (host: MemTotal; instance: its limit, 0 = none)
    double memoryCached = 0;          // host only: page cache bytes
    double diskReadBps = 0;           // bytes per second
    double diskWriteBps = 0;
    double netRxBps = 0;
    double netTxBps = 0;
    double load1 = 0, load5 = 0, load15 = 0;  // host only
    double vmExitsPerSec = 0;                 // VM only: exits out of KVM_RUN per second, all vCPUs together
};

}  // namespace juxta

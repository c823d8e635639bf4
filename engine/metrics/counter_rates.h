#pragma once
// Turns an instance's cumulative counters (CPU time, I/O bytes — what a cgroup or the VMM reports)
// into a MetricSample of rates between consecutive readings. CPU is a share of the whole host,
// like the host's own figure: 100 % = every core busy.
#include <cstdint>
#include <optional>

#include "core/sample.h"

namespace juxta {

struct ResourceCounters {
    int64_t timeMs = 0;          // wall clock of the reading
    int64_t cpuNs = 0;           // CPU time used so far
    double memoryUsed = 0;       // bytes now
    double memoryLimit = 0;      // bytes; 0 = none
    uint64_t diskReadBytes = 0;  // so far
    uint64_t diskWriteBytes = 0;
    uint64_t netRxBytes = 0;
    uint64_t netTxBytes = 0;
    uint64_t vmExits = 0;  // a VM's exits out of KVM_RUN so far
};

class RateTracker {
  public:
    explicit RateTracker(int hostCpus);
    // The first reading has zero rates; a counter that went backwards (a restart) too.
    MetricSample next(const ResourceCounters& now);

  private:
    int cpus_;
    std::optional<ResourceCounters> last_;
};

}  // namespace juxta

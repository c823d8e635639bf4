#pragma once
// Samples the host's CPU, memory, disk, network and load from procfs. Rates are deltas between
// consecutive calls, so the first sample has zero rates.
#include <filesystem>
#include <optional>

#include "core/error.h"
#include "core/sample.h"
#include "metrics/procfs.h"

namespace juxta {

class HostSampler {
  public:
    // procRoot is "/proc" on a real host; tests point it at a recorded copy.
    explicit HostSampler(std::filesystem::path procRoot = "/proc");

    Result<MetricSample> sample(int64_t timeMs);

  private:
    struct Reading {
        int64_t timeMs = 0;
        procfs::CpuStat cpu;
        procfs::IoCounters disk, net;
    };
    Result<std::string> read(const char* name) const;

    std::filesystem::path procRoot_;
    std::optional<Reading> last_;
};

}  // namespace juxta

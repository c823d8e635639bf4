#pragma once
// One kind of instance the harness runs the workload in (host process, container, VM), one
// repeat at a time. The harness does the repeating, the statistics and the ratios; a Variant
// runs the workload once and reports what that run cost, measured during that run.
#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "compare/result.h"
#include "core/error.h"

namespace juxta::compare {

struct RunRequest {
    std::vector<std::string> args;  // the workload's argv without the program: {"cpu", "--ops", "1000"}
    bool startup = false;           // run /bin/true instead; no JSON line expected
    int repeat = 1;
};

struct RunOutcome {
    std::string line;         // the workload's JSON line (empty for startup)
    double toWorkloadMs = 0;  // request -> the workload exec'd
    double cycleMs = 0;       // request -> torn down
    std::vector<PhaseSpan> phases;
    std::optional<double> memoryBytes;    // peak of the samples taken while it ran
    std::vector<MemoryPart> parts;        // at that peak
    std::optional<double> instanceCpuMs;  // every CPU ms the instance cost, the workload's included
    std::optional<double> outsideCpuMs;   // or, measured directly, the CPU it cost besides the workload
    std::map<std::string, uint64_t> vmExits;
    DiskUsage disk;
};

// What a run reports while it waits: cancellation and live samples for the time series.
class RunProbe {
  public:
    using Sink = std::function<void(double cpuMs, double memoryBytes)>;
    RunProbe(std::function<bool()> cancelled, Sink sink)
        : cancelled_(std::move(cancelled)), sink_(std::move(sink)) {}
    bool cancelled() const { return cancelled_ && cancelled_(); }
    // cpuMs: the instance's CPU time so far; memoryBytes: its footprint now.
    void sample(double cpuMs, double memoryBytes) const {
        if (sink_) sink_(cpuMs, memoryBytes);
    }
    static constexpr int kIntervalMs = 25;

  private:
    std::function<bool()> cancelled_;
    Sink sink_;
};

class Variant {
  public:
    virtual ~Variant() = default;
    virtual InstanceKind kind() const = 0;
    // Empty when it can run here; else a sentence saying why not and what would help.
    virtual std::string unavailableReason() const = 0;
    // Before the first repeat (e.g. putting juxta-workload where the instance sees it).
    virtual Status prepare() { return {}; }
    // ECANCELED when the probe said stop (the instance is gone by then).
    virtual Result<RunOutcome> run(const RunRequest& request, const RunProbe& probe) = 0;
};

inline double msBetween(int64_t fromNs, int64_t toNs) {
    return double(toNs - fromNs) / 1e6;
}

// The peak-tracking every variant does while it samples: the largest total, with its parts.
struct PeakMemory {
    std::optional<double> total;
    std::vector<MemoryPart> parts;
    void offer(const std::vector<MemoryPart>& now) {
        double sum = 0;
        for (const MemoryPart& p : now) sum += p.bytes;
        if (!total || sum > *total) total = sum, parts = now;
    }
};

}  // namespace juxta::compare

#pragma once
// A start-up phase timeline: named phases with CLOCK_MONOTONIC timestamps (ns), recorded by the
// runtime and the VMM as an instance starts, kept with the instance, plotted as a Gantt chart and
// written as JSON (`--timings FILE`).
#include <cstdint>
#include <string>
#include <vector>

#include "core/error.h"

namespace juxta {

int64_t monotonicNs();  // CLOCK_MONOTONIC now, in nanoseconds

struct Phase {
    std::string name;  // stable machine name, e.g. "clone", "pivot_root", "exec"
    int64_t startNs = 0;
    int64_t endNs = 0;
    double durationMs() const { return double(endNs - startNs) / 1e6; }
};

class PhaseTimeline {
  public:
    explicit PhaseTimeline(int64_t originNs = monotonicNs()) : originNs_(originNs), lastNs_(originNs) {}

    // Closes a phase that began where the previous one ended (or at the origin) and ends now.
    void mark(std::string name, int64_t atNs = monotonicNs());
    // Adds a phase with explicit bounds (e.g. timestamps reported by a child process).
    void add(std::string name, int64_t startNs, int64_t endNs);

    int64_t originNs() const { return originNs_; }
    const std::vector<Phase>& phases() const { return phases_; }
    double totalMs() const;
    // {"origin_ns":..., "total_ms":..., "phases":[{"name":..,"start_ms":..,"end_ms":..,"duration_ms":..}]}
    std::string toJson() const;
    // Reads what toJson() wrote (e.g. a timeline kept in a container's state file).
    static Result<PhaseTimeline> fromJson(const std::string& json);

  private:
    int64_t originNs_;
    int64_t lastNs_;
    std::vector<Phase> phases_;
};

}  // namespace juxta

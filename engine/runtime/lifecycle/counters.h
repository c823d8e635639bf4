#pragma once
// A container's cumulative counters as metrics/counter_rates.h takes them: what its monitor records
// into its history and what the GUI samples.
#include <cstdint>

#include "metrics/counter_rates.h"
#include "runtime/cgroup.h"
#include "runtime/spec.h"

namespace juxta::runtime {

ResourceCounters containerCounters(const CgroupStats& stats, const Limits& limits, int64_t nowMs);

}  // namespace juxta::runtime

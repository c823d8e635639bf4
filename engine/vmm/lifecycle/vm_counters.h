#pragma once
// A VM's cumulative counters, from juxta-vmm's "stats" answer, as metrics/counter_rates.h takes
// them: what its monitor records into its history and what the GUI samples.
#include <cstdint>
#include <nlohmann/json_fwd.hpp>

#include "metrics/counter_rates.h"

namespace juxta::vmm {

// A field the answer lacks (or a null, or one of another type) reads as 0; never throws.
ResourceCounters vmCounters(const nlohmann::json& stats, int64_t nowMs, uint64_t memoryMiB);

}  // namespace juxta::vmm

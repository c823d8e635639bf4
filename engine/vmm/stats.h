#pragma once
// Statistics of a running VM as JSON, for the control socket's "stats" and --stats: per-vCPU time
// in KVM_RUN, vCPU thread CPU time and exits by reason, guest memory touched, and the VMM process's RSS.
#include <cstdint>
#include <nlohmann/json.hpp>

#include "vmm/machine.h"

namespace juxta::vmm {

// Resident set of this process in bytes (from /proc/self/statm; 0 when unreadable).
uint64_t processRssBytes();
// User + system CPU time of this process (every thread, vCPUs included), in ms.
double processCpuMs();
nlohmann::json statsToJson(const MachineStats& stats, uint64_t rssBytes);

}  // namespace juxta::vmm

#pragma once
// A container's cumulative counters as metrics/counter_rates.h takes them: what its monitor records
// into its history and what the GUI samples.
#include <cstdint>
#include <map>
#include <string>

#include "metrics/counter_rates.h"
#include "metrics/procfs.h"
#include "runtime/cgroup.h"
#include "runtime/spec.h"

namespace juxta::runtime {

// Every network link of the calling process's namespace by name (read = received), from
// /proc/self/net/dev (sysfs shows the namespace it was mounted in, not the caller's): one read a
// tick for all containers; empty when it does not read.
std::map<std::string, procfs::IoCounters> linkBytes();

// HOST_END, the host end of the container's veth pair (network.h) when it has one, adds its network
// bytes: what that end received, the container sent.
ResourceCounters containerCounters(const CgroupStats& stats, const Limits& limits, int64_t nowMs,
                                   const procfs::IoCounters* hostEnd = nullptr);

}  // namespace juxta::runtime

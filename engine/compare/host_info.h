#pragma once
// The host a comparison runs on, as its report states it (CPU, cores, kernel, KVM kind, cgroup
// mode, Juxta version, date, load), from engine/metrics' host probe.
#include "compare/result.h"
#include "metrics/host_probe.h"

namespace juxta::compare {

HostDescription describeHost(const HostCapabilities& caps, const std::string& juxtaVersion);
std::string utcNowIso8601();
// A new comparison id: UTC date and time plus the workload, e.g. "20261126-093512-cpu".
std::string newComparisonId(const std::string& workload);

}  // namespace juxta::compare

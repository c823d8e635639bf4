#pragma once
// The containers as the engine thread sees them (instance_source.h): the runtime's definitions
// and state files, and, for a running one without a history, its cgroup counters.
#include "bridge/instance_source.h"

namespace juxta {

class ContainerSource : public InstanceSource {
  public:
    explicit ContainerSource(int hostCpus) : InstanceSource(InstanceKind::Container, hostCpus) {}

  protected:
    Result<Loaded> load(const std::string& id, int64_t nowMs) override;
    Result<ResourceCounters> counters(const std::string& id, int64_t nowMs) override;
};

// "memory 256 MiB · 1.5 CPUs · 128 tasks" ("" without limits).
std::string describeLimits(int64_t memoryBytes, double cpus, int64_t pids);

}  // namespace juxta

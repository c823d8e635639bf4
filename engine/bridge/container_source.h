#pragma once
// The containers as the engine thread sees them (instance_source.h): the runtime's definitions
// and state files, and the cgroup counters of every running one.
#include "bridge/instance_source.h"

namespace juxta {

class ContainerSource : public InstanceSource {
  public:
    using InstanceSource::InstanceSource;

  protected:
    Result<std::vector<Reading>> read(int64_t nowMs) override;
};

// "memory 256 MiB · 1.5 CPUs · 128 tasks" ("" without limits).
std::string describeLimits(int64_t memoryBytes, double cpus, int64_t pids);

}  // namespace juxta

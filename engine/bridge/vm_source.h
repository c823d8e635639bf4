#pragma once
// The VMs as the engine thread sees them (instance_source.h): their definitions and state files,
// and, for every running one, juxta-vmm's own statistics over its control socket (process CPU
// time of the vCPU threads and the VMM, resident memory).
#include "bridge/instance_source.h"

namespace juxta {

class VmSource : public InstanceSource {
  public:
    using InstanceSource::InstanceSource;

  protected:
    Result<std::vector<Reading>> read(int64_t nowMs) override;
};

}  // namespace juxta

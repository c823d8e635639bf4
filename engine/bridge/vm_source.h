#pragma once
// The VMs as the engine thread sees them (instance_source.h): their definitions and state files,
// and, for a running one without a history, juxta-vmm's own statistics over its control socket
// (process CPU time of the vCPU threads and the VMM, resident memory).
#include <map>
#include <string>

#include "bridge/instance_source.h"

namespace juxta {

class VmSource : public InstanceSource {
  public:
    explicit VmSource(int hostCpus) : InstanceSource(InstanceKind::Vm, hostCpus) {}

  protected:
    Result<Loaded> load(const std::string& id, int64_t nowMs) override;
    Result<ResourceCounters> counters(const std::string& id, int64_t nowMs) override;

  private:
    // A VM's start-up timeline, asked of its VMM every tick only while it boots; after the agent
    // is ready (later phases are commands run in it) every few seconds; once it ended, never.
    struct Timeline {
        int64_t startedAtMs = 0;
        int64_t fetchedAtMs = 0;
        bool settled = false;
        std::string json;
    };
    std::string timelineOf(const std::string& id, int64_t startedAtMs, bool live, int64_t nowMs);
    std::map<std::string, Timeline> timelines_;
};

}  // namespace juxta

#pragma once
// Detached VMs: what `juxtactl vm create/start/stop/pause/resume/rm/ps` and the GUI use.
// Definitions (vm_definition.h) say what a VM is; its monitor (vm_monitor.h) runs juxta-vmm;
// state files (vm_state.h) say how it is doing; juxta-vmm's control socket (engine/vmm/README.md)
// pauses, resumes, stops it and reports its statistics. Safe from any process and thread.
#include <chrono>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "core/error.h"
#include "vmm/lifecycle/vm_definition.h"
#include "vmm/lifecycle/vm_state.h"

namespace juxta::vmm {

struct VmStatus {
    VmDefinition definition;
    VmState state;
};

// Validates and writes the definition (a fresh id; the name must be free). Nothing on failure.
Result<VmDefinition> createVm(VmDefinition definition);
// Starts it under a new monitor; returns once juxta-vmm's control socket answers, or with
// juxta-vmm's own error.
Status startVm(const std::string& id);
// The guest's agent is asked to power off; forced after `grace`. Returns once the monitor
// recorded the end.
Status stopVm(const std::string& id, std::chrono::milliseconds grace = std::chrono::seconds(10));
Status pauseVm(const std::string& id);
Status resumeVm(const std::string& id);
// juxta-vmm's "stats" answer (engine/vmm/README.md) of a running VM.
Result<nlohmann::json> vmStats(const std::string& id);
// The start-up timeline: live from juxta-vmm while it runs, else the one it wrote when it ended.
Result<std::string> vmTimelineJson(const std::string& id);
// Waits until the guest agent has reported ready (juxta-vmm's "agent" answer), or the VM ended,
// or `timeout` passed.
Status waitForAgent(const std::string& id, std::chrono::milliseconds timeout);
// Removes definition, state and log. A running one needs force (stopped at once first).
Status removeVm(const std::string& id, bool force);
Result<std::vector<VmStatus>> listVms();

// One request on juxta-vmm's control socket, one answer; an {"ok":false} answer is an Error.
Result<nlohmann::json> callVmm(const std::string& id, const nlohmann::json& request,
                               std::chrono::milliseconds timeout = std::chrono::seconds(5));

}  // namespace juxta::vmm

#pragma once
// Detached VMs: what `juxtactl vm create/start/stop/pause/resume/rm/ps` and the GUI use.
// Definitions (vm_definition.h) say what a VM is; its monitor (vm_monitor.h) runs juxta-vmm;
// state files (vm_state.h) say how it is doing; juxta-vmm's control socket (engine/vmm/README.md)
// pauses, resumes, stops it and reports its statistics. Safe from any process and thread.
#include <chrono>
#include <functional>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "core/error.h"
#include "instances/lifecycle.h"
#include "vmm/lifecycle/vm_definition.h"
#include "vmm/lifecycle/vm_state.h"

namespace juxta::vmm {

struct VmStatus {
    VmDefinition definition;
    VmState state;
};

// Validates and writes the definition (a fresh id; the name must be free). Nothing on failure.
Result<VmDefinition> createVm(VmDefinition definition);
// Start, stop, restart, pause, resume and remove are the shared lifecycle's
// (instances/lifecycle.h), called with vms(). stop asks the guest's agent to power off, forced
// after the grace period; start returns once juxta-vmm's control socket answers, or with its error.
const instances::Kind& vms();
// juxta-vmm's "stats" answer (engine/vmm/README.md) of a running VM.
Result<nlohmann::json> vmStats(const std::string& id);
// The start-up timeline: live from juxta-vmm while it runs, else the one it wrote when it ended.
Result<std::string> vmTimelineJson(const std::string& id);
// Waits until the guest agent has reported ready (juxta-vmm's "agent" answer), or the VM ended,
// or `timeout` passed.
// `abandon`: checked as it waits; true ends the wait (ECANCELED).
Status waitForAgent(const std::string& id, std::chrono::milliseconds timeout,
                    const std::function<bool()>& abandon = {});
Result<std::vector<VmStatus>> listVms();

// One request on juxta-vmm's control socket, one answer; an {"ok":false} answer is an Error.
Result<nlohmann::json> callVmm(const std::string& id, const nlohmann::json& request,
                               std::chrono::milliseconds timeout = std::chrono::seconds(5));

}  // namespace juxta::vmm

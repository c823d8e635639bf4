#pragma once
// juxta-vmm's run, start to end: everything that can be checked without KVM first (arguments,
// files, boot plan, host kind), then the machine is built, booted and watched until it ends.
#include <memory>

#include "core/error.h"
#include "core/host_kvm.h"
#include "vmm/boot/boot_plan.h"
#include "vmm/config.h"
#include "vmm/exit.h"
#include "vmm/kvm/system.h"

namespace juxta::vmm {

int exitStatusFor(StopKind kind);

// Reads the kernel/initrd (or raw image) and plans the boot; no KVM involved.
Result<boot::BootPlan> prepareBoot(const VmConfig& config);
// Refuses what this host cannot run: no KVM, or a stock kernel on PVM without --force.
Status checkHost(const VmConfig& config, const HostKvm& host);
// The whole run; returns the exit status.
int runVmm(const VmConfig& config);

}  // namespace juxta::vmm

#pragma once
// The per-VM monitor: a small process, detached from whoever started the VM (instances/detached.h),
// that runs juxta-vmm on a pty, serves that pty as the VM's serial console socket
// (instances/console/server.h), copies the console to the VM's log, and records how juxta-vmm ended
// in state.json — so VMs outlive the CLI and the GUI, and a juxta-vmm that crashes is reported as
// crashed (with its last console lines in the log) instead of vanishing.
//
//   juxtactl/GUI --posix_spawn--> juxta-vm-monitor --fork--> monitor --posix_spawn--> juxta-vmm
//
// The start is reported once juxta-vmm's control socket answers, or with juxta-vmm's own one-line
// error when it refuses its input (not a kernel, too much memory, a stock kernel on a PVM host...).
#include <filesystem>
#include <string>
#include <vector>

#include "core/error.h"
#include "vmm/lifecycle/vm_definition.h"

namespace juxta::vmm {

// What juxta-vmm boots: the definition's files, or the tiny-linux image's.
struct BootFiles {
    std::string kernel, initrd, cmdline;
    bool pvh = false;               // boot through the PVH entry (vmlinux extracted once, cached)
    std::vector<DiskConfig> disks;  // an OCI image's: its layers (read-only), the VM's writable disk
    std::vector<NetConfig> nets;    // its card on juxta0, set up by the monitor (--net bridge)
};
// For an OCI image VM this makes what is missing: the image's disk (cached) and the VM's own.
Result<BootFiles> resolveBootFiles(const VmDefinition& definition);

// juxta-vmm's arguments for a VM run by a monitor.
std::vector<std::string> vmmArguments(const VmDefinition& definition, const BootFiles& boot);

// The programs: $JUXTA_VM_MONITOR / $JUXTA_VMM, else beside the running executable, else installed.
std::filesystem::path vmMonitorExecutable();
std::filesystem::path vmmExecutable();

// juxta-vm-monitor's work, in a fresh single-threaded process.
[[noreturn]] void runVmMonitor(const VmDefinition& definition, int reportFd);

}  // namespace juxta::vmm

#pragma once
// cgroup v2 has no devices.allow: access to device nodes is decided by a BPF program of type
// BPF_PROG_TYPE_CGROUP_DEVICE attached to the cgroup. This compiles allowedDeviceRules() into
// such a program (a chain of compares, like runc's and crun's) and attaches it.
#include <linux/bpf.h>

#include <span>
#include <vector>

#include "core/error.h"
#include "runtime/devices.h"

namespace juxta::runtime {

// The program: returns 1 (allow) when a rule matches the access, 0 otherwise.
std::vector<bpf_insn> deviceProgram(std::span<const DeviceRule> rules);

// Loads the program and attaches it to the cgroup directory (an fd opened O_RDONLY|O_DIRECTORY).
// The cgroup keeps it for as long as it exists.
Status attachDeviceProgram(int cgroupDirFd, std::span<const DeviceRule> rules);

}  // namespace juxta::runtime

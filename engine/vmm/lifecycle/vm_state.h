#pragma once
// The runtime state of a started VM, written by its monitor (vm_monitor.h) under
// paths::runtimeDir()/vms/<id>/: state.json (atomically), the control socket api.sock of its
// juxta-vmm, the console socket console.sock, juxta-vmm's timings.json and stats.json when it
// ends, and its stderr (vmm.err). The serial console's bytes go to paths::stateDir()/vms/<id>.log.
#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <string>

#include "core/error.h"

namespace juxta::vmm {

enum class VmRunState { Created, Running, Paused, Exited, Crashed };
std::string_view toString(VmRunState state);
inline bool isLive(VmRunState s) {
    return s == VmRunState::Running || s == VmRunState::Paused;
}

struct VmState {
    VmRunState state = VmRunState::Created;
    pid_t monitorPid = 0;
    pid_t vmmPid = 0;
    int64_t startedAtMs = 0;
    int64_t finishedAtMs = 0;
    int exitStatus = -1;     // juxta-vmm's exit status, or 128 + signal
    std::string stopKind;    // juxta-vmm's "VM ended (<kind>)": power-off, reset, triple-fault, ...
    std::string stopReason;  // and its reason, or why it crashed
};

std::filesystem::path vmStateDirOf(const std::string& id);
std::filesystem::path vmLogFileOf(const std::string& id);
std::filesystem::path vmApiSocketOf(const std::string& id);
std::filesystem::path vmConsoleSocketOf(const std::string& id);
std::filesystem::path vmTimingsFileOf(const std::string& id);

Status saveVmState(const std::string& id, const VmState& state);
// Created when nothing was written; Running becomes Crashed when the monitor died without
// recording the end.
VmState loadVmState(const std::string& id);
// "running", "powered off", "crashed: triple-fault ..."
std::string describe(const VmState& state);

}  // namespace juxta::vmm

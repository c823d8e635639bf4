#pragma once
// The runtime state of a started VM: the state record every instance has
// (instances/state_record.h; its pid is juxta-vmm's) and how the VM ended, in state.json, written
// by its monitor (vm_monitor.h). Beside it in paths::runtimeDir()/vms/<id>/: the control socket
// api.sock of its juxta-vmm, the console socket console.sock, juxta-vmm's timings.json and
// stats.json when it ends, and its stderr (vmm.err). The serial console's bytes go to
// paths::stateDir()/vms/<id>.log.
#include <filesystem>
#include <string>

#include "core/error.h"
#include "instances/state_record.h"

namespace juxta::vmm {

struct VmState : instances::StateRecord {
    int exitStatus = -1;  // juxta-vmm's exit status, or 128 + signal
    std::string
        stopKind;  // how the guest stopped (juxta-vmm's stats.json): power-off, reset, triple-fault, ...
    std::string stopReason;  // and its reason, or why it crashed
    int serviceExit = -1;    // a compose service's VM (vm_service.h): its command's exit code; -1: none
};

inline std::filesystem::path vmStateDirOf(const std::string& id) {
    return instances::runDirOf(InstanceKind::Vm, id);
}
inline std::filesystem::path vmLogFileOf(const std::string& id) {
    return instances::logFileOf(InstanceKind::Vm, id);
}
inline std::filesystem::path vmConsoleSocketOf(const std::string& id) {
    return instances::consoleSocketOf(InstanceKind::Vm, id);
}
inline std::filesystem::path vmApiSocketOf(const std::string& id) {
    return vmStateDirOf(id) / "api.sock";
}
inline std::filesystem::path vmTimingsFileOf(const std::string& id) {
    return vmStateDirOf(id) / "timings.json";
}
inline std::filesystem::path vmStatsFileOf(const std::string& id) {
    return vmStateDirOf(id) / "stats.json";
}

Status saveVmState(const std::string& id, const VmState& state);
// Created when nothing was written; Running becomes Crashed when the monitor died without
// recording the end.
VmState loadVmState(const std::string& id);
// "running", "ended: power-off", "crashed: triple-fault: ..."
std::string describe(const VmState& state);

}  // namespace juxta::vmm

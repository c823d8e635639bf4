#include "vmm/lifecycle/vm_state.h"

#include <signal.h>

#include <cerrno>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/atomic_file.h"
#include "core/owner_record.h"
#include "core/paths.h"

namespace juxta::vmm {
namespace fs = std::filesystem;
using nlohmann::json;

std::string_view toString(VmRunState state) {
    switch (state) {
        case VmRunState::Created:
            return "created";
        case VmRunState::Running:
            return "running";
        case VmRunState::Paused:
            return "paused";
        case VmRunState::Exited:
            return "exited";
        case VmRunState::Crashed:
            return "crashed";
    }
    return "unknown";
}

fs::path vmStateDirOf(const std::string& id) {
    return paths::runtimeDir() / "vms" / id;
}
fs::path vmLogFileOf(const std::string& id) {
    return paths::stateDir() / "vms" / (id + ".log");
}
fs::path vmApiSocketOf(const std::string& id) {
    return vmStateDirOf(id) / "api.sock";
}
fs::path vmConsoleSocketOf(const std::string& id) {
    return vmStateDirOf(id) / "console.sock";
}
fs::path vmTimingsFileOf(const std::string& id) {
    return vmStateDirOf(id) / "timings.json";
}

Status saveVmState(const std::string& id, const VmState& s) {
    auto dir = paths::ensureDir(vmStateDirOf(id));
    if (!dir) return dir.error();
    const json j = {{"state", std::string(toString(s.state))},
                    {"monitor_pid", s.monitorPid},
                    {"vmm_pid", s.vmmPid},
                    {"started_at_ms", s.startedAtMs},
                    {"finished_at_ms", s.finishedAtMs},
                    {"exit_status", s.exitStatus},
                    {"stop_kind", s.stopKind},
                    {"stop_reason", s.stopReason}};
    return writeFileAtomically(*dir / "state.json", j.dump(2) + "\n");
}

VmState loadVmState(const std::string& id) {
    VmState s;
    std::ifstream in(vmStateDirOf(id) / "state.json");
    if (!in) return s;
    try {
        const json j = json::parse(in);
        const std::string state = j.value("state", "created");
        s.state = state == "running"   ? VmRunState::Running
                  : state == "exited"  ? VmRunState::Exited
                  : state == "crashed" ? VmRunState::Crashed
                                       : VmRunState::Created;
        s.monitorPid = j.value("monitor_pid", 0);
        s.vmmPid = j.value("vmm_pid", 0);
        s.startedAtMs = j.value("started_at_ms", int64_t(0));
        s.finishedAtMs = j.value("finished_at_ms", int64_t(0));
        s.exitStatus = j.value("exit_status", -1);
        s.stopKind = j.value("stop_kind", std::string());
        s.stopReason = j.value("stop_reason", std::string());
    } catch (const json::exception&) {
        return s;  // writes are atomic; an edited file reads as created
    }
    if (s.state == VmRunState::Running) {
        if (s.monitorPid <= 0 || !identityOf(s.monitorPid)) {  // gone, or a zombie
            s.state = VmRunState::Crashed;
            s.stopReason =
                "its monitor ended without recording how the VM ended (killed, or the host rebooted)";
        } else if (fs::exists(vmStateDirOf(id) / "paused")) {
            s.state = VmRunState::Paused;
        }
    }
    return s;
}

std::string describe(const VmState& s) {
    switch (s.state) {
        case VmRunState::Exited:
            return s.stopKind.empty() ? "exited " + std::to_string(s.exitStatus) : "ended: " + s.stopKind;
        case VmRunState::Crashed:
            return "crashed: " + (s.stopKind.empty() ? s.stopReason : s.stopKind + ": " + s.stopReason);
        default:
            return std::string(toString(s.state));
    }
}

}  // namespace juxta::vmm

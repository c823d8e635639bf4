#include "vmm/lifecycle/vm_state.h"

#include <signal.h>

#include <cerrno>
#include <nlohmann/json.hpp>

#include "core/atomic_file.h"
#include "core/bounded_json.h"
#include "core/json_reader.h"
#include "core/log.h"
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

namespace {

// The file's fields, all or nothing: a field of the wrong type refuses the whole file.
Result<VmState> readVmStateFile(const fs::path& file) {
    auto j = readBoundedJsonFile(file, kStateJsonLimits, "state file");
    if (!j) return j.error();
    const JsonReader r(*j, "state file " + file.string());
    VmState s;
    const std::string state = r.string("state", "created");
    s.state = state == "running"   ? VmRunState::Running
              : state == "exited"  ? VmRunState::Exited
              : state == "crashed" ? VmRunState::Crashed
                                   : VmRunState::Created;
    s.monitorPid = r.integer<pid_t>("monitor_pid", 0);
    s.vmmPid = r.integer<pid_t>("vmm_pid", 0);
    s.startedAtMs = r.integer<int64_t>("started_at_ms", 0);
    s.finishedAtMs = r.integer<int64_t>("finished_at_ms", 0);
    s.exitStatus = r.integer<int>("exit_status", -1);
    s.stopKind = r.string("stop_kind", "");
    s.stopReason = r.string("stop_reason", "");
    if (Status ok = r.status(); !ok) return ok.error();
    return s;
}

}  // namespace

VmState loadVmState(const std::string& id) {
    auto read = readVmStateFile(vmStateDirOf(id) / "state.json");
    if (!read) {
        // Writes are atomic, so only an edit or a hostile hand makes a bad file: it reads as created.
        if (read.error().code() != ENOENT) log::get("vmm")->warn("ignoring {}", read.error().message());
        return VmState{};
    }
    VmState s = std::move(*read);
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

#include "vmm/lifecycle/vm_state.h"

#include <cerrno>
#include <nlohmann/json.hpp>

#include "core/log.h"
#include "core/owner_record.h"

namespace juxta::vmm {
using nlohmann::json;

Status saveVmState(const std::string& id, const VmState& s) {
    json j = {{"exit_status", s.exitStatus}, {"stop_kind", s.stopKind}, {"stop_reason", s.stopReason}};
    if (s.serviceExit >= 0) j["service_exit"] = s.serviceExit;
    return instances::saveState(InstanceKind::Vm, id, s, std::move(j));
}

VmState loadVmState(const std::string& id) {
    VmState s;
    auto record = instances::readState(InstanceKind::Vm, id, [&s](const JsonReader& r) {
        s.exitStatus = r.integer<int>("exit_status", -1);
        s.stopKind = r.string("stop_kind", "");
        s.stopReason = r.string("stop_reason", "");
        s.serviceExit = r.integer<int>("service_exit", -1);
    });
    if (!record) {
        // Writes are atomic, so only an edit or a hostile hand makes a bad file: it reads as created.
        if (record.error().code() != ENOENT) log::get("vmm")->warn("ignoring {}", record.error().message());
        return VmState{};
    }
    static_cast<instances::StateRecord&>(s) = *record;
    const bool alive = s.state != InstanceState::Running || (s.monitorPid > 0 && identityOf(s.monitorPid));
    if (instances::settle(InstanceKind::Vm, id, s, alive))
        s.stopReason = "its monitor ended without recording how the VM ended (killed, or the host rebooted)";
    return s;
}

std::string describe(const VmState& s) {
    switch (s.state) {
        case InstanceState::Exited:
            if (s.serviceExit >= 0) return "exited " + std::to_string(s.serviceExit);  // as a container
            return s.stopKind.empty() ? "exited " + std::to_string(s.exitStatus) : "ended: " + s.stopKind;
        case InstanceState::Crashed:
            return "crashed: " + (s.stopKind.empty() ? s.stopReason : s.stopKind + ": " + s.stopReason);
        default:
            return std::string(toString(s.state));
    }
}

}  // namespace juxta::vmm

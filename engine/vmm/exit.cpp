#include "vmm/exit.h"

#include <linux/kvm.h>

#include <algorithm>

#include "core/log.h"
#include "vmm/devices/bus.h"

namespace juxta::vmm {

std::string_view exitKindName(size_t kindIndex) {
    static constexpr std::string_view names[] = {
        "io",         "mmio",           "hlt",         "shutdown", "system_event",
        "fail_entry", "internal_error", "interrupted", "unknown"};
    static_assert(std::size(names) == kExitKinds);
    return kindIndex < kExitKinds ? names[kindIndex] : "invalid";
}

std::string_view stopKindName(StopKind kind) {
    switch (kind) {
        case StopKind::Halted:
            return "halted";
        case StopKind::PowerOff:
            return "power-off";
        case StopKind::Reset:
            return "reset";
        case StopKind::TripleFault:
            return "triple-fault";
        case StopKind::GuestCrash:
            return "guest-crash";
        case StopKind::InternalError:
            return "internal-error";
        case StopKind::Requested:
            return "requested";
    }
    return "unknown";
}

namespace {

ExitAction stopVm(StopKind kind, std::string reason) {
    return {ExitAction::Kind::StopVm, kind, std::move(reason)};
}

ExitAction onIo(const IoExit& io, Bus& bus) {
    for (uint32_t i = 0; i < io.count; ++i) {
        std::span<uint8_t> unit = io.data.subspan(size_t(i) * io.size, io.size);
        bool claimed = io.isWrite ? bus.write(io.port, unit) : bus.read(io.port, unit);
        if (!claimed) {
            if (!io.isWrite) std::fill(unit.begin(), unit.end(), 0xff);
            log::get("vmm")->debug("unhandled port {} {:#x} ({} bytes)", io.isWrite ? "write" : "read",
                                   io.port, io.size);
        }
    }
    return {};
}

ExitAction onMmio(const MmioExit& mmio, Bus& bus) {
    bool claimed = mmio.isWrite ? bus.write(mmio.address, mmio.data) : bus.read(mmio.address, mmio.data);
    if (!claimed) {
        if (!mmio.isWrite) std::fill(mmio.data.begin(), mmio.data.end(), 0xff);
        log::get("vmm")->debug("unhandled MMIO {} at {:#x} ({} bytes)", mmio.isWrite ? "write" : "read",
                               mmio.address, mmio.data.size());
    }
    return {};
}

ExitAction onSystemEvent(const SystemEventExit& event) {
    switch (event.type) {
        case KVM_SYSTEM_EVENT_SHUTDOWN:
            return stopVm(StopKind::PowerOff, "guest powered off");
        case KVM_SYSTEM_EVENT_RESET:
            return stopVm(StopKind::Reset, "guest requested a reset");
        case KVM_SYSTEM_EVENT_CRASH:
            return stopVm(StopKind::GuestCrash, "guest reported a crash");
        default:
            return stopVm(StopKind::InternalError, "unknown system event " + std::to_string(event.type));
    }
}

}  // namespace

ExitAction handleExit(const VmExit& exit, Bus& ioBus, Bus& mmioBus) {
    return std::visit(
        [&](const auto& e) -> ExitAction {
            using T = std::decay_t<decltype(e)>;
            if constexpr (std::is_same_v<T, IoExit>) {
                return onIo(e, ioBus);
            } else if constexpr (std::is_same_v<T, MmioExit>) {
                return onMmio(e, mmioBus);
            } else if constexpr (std::is_same_v<T, HltExit>) {
                return {ExitAction::Kind::VcpuHalted, StopKind::Halted, {}};
            } else if constexpr (std::is_same_v<T, ShutdownExit>) {
                return stopVm(StopKind::TripleFault, "triple fault: the guest CPU shut down");
            } else if constexpr (std::is_same_v<T, SystemEventExit>) {
                return onSystemEvent(e);
            } else if constexpr (std::is_same_v<T, FailEntryExit>) {
                return stopVm(StopKind::InternalError, "KVM could not enter the guest (hardware reason " +
                                                           std::to_string(e.hardwareReason) + ")");
            } else if constexpr (std::is_same_v<T, InternalErrorExit>) {
                return stopVm(StopKind::InternalError,
                              e.suberror == KVM_INTERNAL_ERROR_EMULATION
                                  ? std::string("KVM internal error: instruction emulation failed")
                                  : "KVM internal error, suberror " + std::to_string(e.suberror));
            } else if constexpr (std::is_same_v<T, InterruptedExit>) {
                return {};
            } else {
                return stopVm(StopKind::InternalError,
                              "unexpected KVM exit reason " + std::to_string(e.reason));
            }
        },
        exit);
}

}  // namespace juxta::vmm

#pragma once
// What a vCPU exit means, as a typed value, and the free function that acts on it. The vCPU
// loop turns kvm_run into a VmExit and calls handleExit(); unit tests call handleExit() with
// made-up exits, no KVM needed.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <variant>

namespace juxta::vmm {

class Bus;

struct IoExit {
    uint16_t port = 0;
    uint8_t size = 1;    // bytes per access: 1, 2 or 4
    uint32_t count = 1;  // > 1 for rep ins/outs
    bool isWrite = false;
    std::span<uint8_t> data;  // size * count bytes: written by the guest, or filled for a read
};
struct MmioExit {
    uint64_t address = 0;
    bool isWrite = false;
    std::span<uint8_t> data;  // 1..8 bytes
};
struct HltExit {};
struct ShutdownExit {};  // triple fault (or a shutdown the CPU took)
struct SystemEventExit {
    uint32_t type = 0;  // KVM_SYSTEM_EVENT_{SHUTDOWN,RESET,CRASH}
};
struct FailEntryExit {
    uint64_t hardwareReason = 0;
};
struct InternalErrorExit {
    uint32_t suberror = 0;  // KVM_INTERNAL_ERROR_EMULATION etc.
};
struct InterruptedExit {};  // KVM_RUN returned EINTR: a kick, or immediate_exit
struct UnknownExit {
    uint32_t reason = 0;
};

using VmExit = std::variant<IoExit, MmioExit, HltExit, ShutdownExit, SystemEventExit, FailEntryExit,
                            InternalErrorExit, InterruptedExit, UnknownExit>;

// A stable short name per exit kind, used as the key of "exits by reason" statistics.
inline constexpr size_t kExitKinds = std::variant_size_v<VmExit>;
std::string_view exitKindName(size_t kindIndex);  // by VmExit::index()
inline std::string_view exitName(const VmExit& exit) {
    return exitKindName(exit.index());
}

// Why a VM ended, as reported to the user and the engine.
enum class StopKind {
    Halted,         // every vCPU executed HLT with interrupts off (test guests)
    PowerOff,       // guest asked to power off
    Reset,          // guest asked to reset (i8042 0xFE, reboot=t) — a VM has no reboot: it ends
    TripleFault,    // KVM_EXIT_SHUTDOWN
    GuestCrash,     // KVM_SYSTEM_EVENT_CRASH
    InternalError,  // emulation failure, failed entry, unknown exit
    Requested,      // stopped by the VMM's user (signal, control socket)
};
std::string_view stopKindName(StopKind kind);

struct ExitAction {
    enum class Kind { Continue, VcpuHalted, StopVm } kind = Kind::Continue;
    StopKind stop = StopKind::Halted;  // for StopVm
    std::string reason;                // for StopVm: one line for people
};

// I/O goes to `ioBus` (ports) and `mmioBus`; an access no device claims is logged at debug level
// and ignored (reads return all ones, like a floating ISA bus).
ExitAction handleExit(const VmExit& exit, Bus& ioBus, Bus& mmioBus);

}  // namespace juxta::vmm

#pragma once
// A running x86_64 machine, assembled step by step by its builder calls (no hidden static set-up):
//   create()           VM, TSS/identity-map addresses, in-kernel irqchip + PIT, guest RAM as slots
//   addLegacyDevices() the two 8250 UARTs (COM1 console, COM2 agent), the i8042, ACPI power control
//   addVirtioDevice()  each virtio device in the next virtio-mmio slot (the order the ACPI tables
//                      were written for): its register block, an irqfd, an ioeventfd per queue
//                      and a thread for its work
//   (the boot code writes the kernel, tables and command line into memory())
//   addVcpus()         vCPUs with CPUID/MSRs/FPU/LAPIC and the boot entry state
//   start()            one thread per vCPU
// then waitForStop(), pause()/resume(), requestStop(), stats() from the controlling thread.
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "vmm/devices/bus.h"
#include "vmm/devices/legacy/serial8250.h"
#include "vmm/exit.h"
#include "vmm/kvm/guest_memory.h"
#include "vmm/kvm/system.h"
#include "vmm/kvm/vm.h"
#include "vmm/vcpu_runner.h"
#include "vmm/virtio/mmio.h"
#include "vmm/virtio/notify_loop.h"

namespace juxta::vmm {

struct StopInfo {
    StopKind kind = StopKind::Halted;
    std::string reason;
};

struct DeviceStats {
    std::string kind;  // "block", ...
    uint32_t slot = 0;
    std::vector<std::pair<const char*, uint64_t>> counters;
};

struct MachineStats {
    std::vector<VcpuStats> vcpus;
    std::vector<DeviceStats> devices;
    uint64_t guestMemoryBytes = 0;
    uint64_t guestMemoryTouchedBytes = 0;
};

class Machine {
  public:
    // How a vCPU is put in its boot state, after the common CPUID/MSR/FPU/LAPIC set-up.
    using VcpuSetup = std::function<Status(Vcpu& vcpu, uint32_t index)>;

    // `irqchip`: Linux guests want the in-kernel PIC/IOAPIC/LAPIC and PIT; raw test guests go
    // without, so that HLT exits to us.
    static Result<std::unique_ptr<Machine>> create(const KvmSystem& kvm, uint64_t memoryBytes, bool irqchip);
    ~Machine();

    Status addLegacyDevices(Serial8250::OutputSink console, Serial8250::OutputSink agent);
    // Needs the in-kernel irqchip. Returns the slot (its MMIO window and IRQ: x86::virtioSlot()).
    Result<uint32_t> addVirtioDevice(std::shared_ptr<virtio::VirtioDevice> device);
    Status addVcpus(uint32_t count, const VcpuSetup& setup);
    void start(bool paused = false);

    GuestMemory& memory() { return memory_; }
    Bus& ioBus() { return ioBus_; }
    Bus& mmioBus() { return mmioBus_; }
    std::shared_ptr<Serial8250> console() { return com1_; }
    std::shared_ptr<Serial8250> agent() { return com2_; }

    // Blocks until the VM has ended (or `timeoutMs` passes: nullopt).
    std::optional<StopInfo> waitForStop(int timeoutMs = -1);
    // Ends the VM; the first reason given is the one reported.
    void requestStop(StopKind kind, std::string reason);
    // Kicks every vCPU out of KVM_RUN and holds it; returns once all are held.
    Status pause();
    Status resume();
    bool paused() const;
    MachineStats stats() const;
    uint32_t vcpuCount() const { return uint32_t(vcpus_.size()); }

    void onFirstEntry(std::function<void()> callback) { firstEntry_ = std::move(callback); }

  private:
    Machine(const KvmSystem& kvm, Vm vm, GuestMemory memory, bool irqchip);
    void vcpuStopped(uint32_t vcpu, const ExitAction& action);
    void finish(StopInfo info);

    const KvmSystem& kvm_;
    Vm vm_;
    GuestMemory memory_;
    bool irqchip_;
    Bus ioBus_;
    Bus mmioBus_;
    std::shared_ptr<Serial8250> com1_, com2_;
    std::vector<std::unique_ptr<VcpuRunner>> vcpus_;
    struct VirtioSlot {
        std::shared_ptr<virtio::VirtioDevice> device;
        std::shared_ptr<virtio::MmioTransport> transport;
        UniqueFd irqFd;
        std::unique_ptr<virtio::NotifyLoop> loop;
    };
    std::vector<VirtioSlot> virtio_;
    std::function<void()> firstEntry_;

    mutable std::mutex mutex_;
    std::condition_variable stopped_;
    std::optional<StopInfo> stop_;
    uint32_t halted_ = 0;
    bool paused_ = false;
};

}  // namespace juxta::vmm

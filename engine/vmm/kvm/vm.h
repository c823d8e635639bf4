#pragma once
// A KVM virtual machine: memory slots, the in-kernel irqchip and PIT, interrupt lines, vCPUs.
#include <cstdint>

#include "core/error.h"
#include "core/unique_fd.h"
#include "vmm/kvm/guest_memory.h"
#include "vmm/kvm/vcpu.h"

namespace juxta::vmm {

class Vm {
  public:
    Vm(UniqueFd fd, int vcpuMmapSize) : fd_(std::move(fd)), vcpuMmapSize_(vcpuMmapSize) {}

    int fd() const { return fd_.get(); }
    Status setTssAddress(uint64_t address);
    Status setIdentityMapAddress(uint64_t address);
    Status createIrqchip();  // PIC + IOAPIC + per-vCPU LAPIC, in the kernel
    Status createPit();      // KVM_CREATE_PIT2
    // Registers every region of `memory` as a slot (slot i = region i).
    Status registerMemory(const GuestMemory& memory);
    // Pulls an IRQ line of the in-kernel irqchip to `level`.
    Status setIrqLine(uint32_t irq, bool level);
    // KVM_IRQFD: a write to `eventFd` pulses IRQ `gsi` of the in-kernel irqchip (an edge), with no
    // exit to user space.
    Status assignIrqfd(int eventFd, uint32_t gsi);
    // KVM_IOEVENTFD: a guest write of `value` (`width` bytes) to the MMIO address signals
    // `eventFd` inside KVM, and the vCPU goes on without an exit to user space.
    Status assignIoeventfd(int eventFd, uint64_t address, uint32_t width, uint64_t value);
    Result<Vcpu> createVcpu(uint32_t id);

  private:
    UniqueFd fd_;
    int vcpuMmapSize_;
};

}  // namespace juxta::vmm

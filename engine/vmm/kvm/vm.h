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
    Result<Vcpu> createVcpu(uint32_t id);

  private:
    UniqueFd fd_;
    int vcpuMmapSize_;
};

}  // namespace juxta::vmm

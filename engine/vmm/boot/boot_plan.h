#pragma once
// Everything a boot puts into guest memory and the boot vCPU's registers, decided before any KVM
// set-up: a pure function of the files' bytes, the command line and the memory size. Bad input
// (not a kernel, truncated, no PVH note, initrd too large, command line too long) fails here.
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "core/error.h"
#include "vmm/arch/x86_64/regs.h"
#include "vmm/boot/file_bytes.h"
#include "vmm/kvm/guest_memory.h"

namespace juxta::vmm {
class Vcpu;
}

namespace juxta::vmm::boot {

// Linux's COMMAND_LINE_SIZE on x86 less the NUL: the limit when the kernel's header can't say.
inline constexpr uint32_t kDefaultCmdlineMax = 2047;

struct BootPlan {
    struct Write {
        GuestAddress address;
        std::span<const uint8_t> bytes;
        uint64_t zeroAfter = 0;  // bytes to clear after `bytes` (an ELF segment's bss)
    };
    std::string method;  // "linux64", "pvh" or "raw-real"/"raw-long"
    x86::CpuMode mode = x86::CpuMode::Long64;
    uint64_t entry = 0;          // rip
    uint64_t bootInfo = 0;       // rsi (boot_params) for linux64, rbx (start_info) for PVH
    uint64_t kernelEnd = 0;      // first byte after the kernel's footprint
    GuestAddress initrdAddress;  // where the initrd went (0: none)
    std::vector<Write> writes;
    std::vector<std::shared_ptr<const void>> owned;  // what holds the bytes the writes point into

    std::span<const uint8_t> own(std::vector<uint8_t> bytes);
};

// The highest page-aligned address where `size` bytes end at or below min(memoryEnd, addrMax + 1)
// and start at or after `kernelEnd`.
Result<GuestAddress> placeInitrd(uint64_t size, uint64_t memoryEnd, uint64_t addrMax, uint64_t kernelEnd);

struct BootInputs {
    Bytes kernel;  // file bytes (bzImage or ELF)
    Bytes initrd;  // may be null
    std::string cmdline;
    uint64_t memoryBytes = 0;
    uint32_t vcpus = 1;
    uint32_t virtioDevices = 0;  // the DSDT declares slots 0..n-1 (Machine::addVirtioDevice fills them)
};

// Fails when the command line is longer than `limit` bytes (without its NUL) or than our layout allows.
Status checkCmdline(const std::string& cmdline, uint64_t limit);

// bzImage through the 64-bit boot protocol: protected-mode code at 1 MiB, boot_params (setup
// header, e820, command line, initrd), entry at +0x200 in long mode with rsi = boot_params.
Result<BootPlan> planLinux64(const BootInputs& in);
// ELF vmlinux through its PVH entry: segments at their physical addresses, hvm_start_info with
// the memory map, command line and initrd module, entry in 32-bit protected mode with ebx = it.
Result<BootPlan> planPvh(const BootInputs& in);
// A flat test image: real mode at 0x1000 or long mode at 1 MiB.
Result<BootPlan> planRaw(Bytes image, bool longMode, uint64_t memoryBytes);

// Writes the plan's bytes and, for 64-bit entry, the boot GDT and page tables.
Status applyBootPlan(GuestMemory& memory, const BootPlan& plan);
// Registers for vCPU `index`: the boot vCPU gets the entry; with an irqchip the others wait for
// INIT/SIPI and are left alone; raw images start every vCPU at the entry with eax = index.
Status setupBootVcpu(Vcpu& vcpu, const BootPlan& plan, uint32_t index);

}  // namespace juxta::vmm::boot

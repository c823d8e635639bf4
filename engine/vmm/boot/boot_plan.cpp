#include "vmm/boot/boot_plan.h"

#include <fmt/format.h>

#include <cerrno>

#include "vmm/arch/x86_64/layout.h"
#include "vmm/kvm/vcpu.h"

namespace juxta::vmm::boot {

namespace {
constexpr uint64_t kPage = 4096;
constexpr uint64_t kRawRealLoad = 0x1000;
constexpr uint64_t kRawRealRoom = 0x4000;  // up to the stacks
constexpr uint64_t kRawStackTop = 0x8000;  // real mode: one 1 KiB stack per vCPU below this
}  // namespace

std::span<const uint8_t> BootPlan::own(std::vector<uint8_t> bytes) {
    auto shared = std::make_shared<const std::vector<uint8_t>>(std::move(bytes));
    owned.push_back(shared);
    return std::span(*shared);
}

Result<GuestAddress> placeInitrd(uint64_t size, uint64_t memoryEnd, uint64_t addrMax, uint64_t kernelEnd) {
    uint64_t top = std::min(memoryEnd, addrMax + 1);
    auto noRoom = [&] {
        return Error(EFBIG,
                     fmt::format("initrd: {} MiB does not fit in guest memory between the kernel's end "
                                 "({} MiB) and {} MiB — give the VM more --memory",
                                 (size + (1 << 20) - 1) >> 20, kernelEnd >> 20, top >> 20));
    };
    if (size > top) return noRoom();
    uint64_t address = (top - size) & ~(kPage - 1);
    if (address < kernelEnd) return noRoom();
    return GuestAddress(address);
}

Result<BootPlan> planRaw(Bytes image, bool longMode, uint64_t memoryBytes) {
    BootPlan plan;
    plan.method = longMode ? "raw-long" : "raw-real";
    plan.mode = longMode ? x86::CpuMode::Long64 : x86::CpuMode::Real;
    plan.entry = longMode ? x86::kHimemStart : kRawRealLoad;
    uint64_t room = longMode ? memoryBytes - std::min(memoryBytes, plan.entry) : kRawRealRoom;
    if (image->empty()) return Error(ENOEXEC, "raw image: empty file");
    if (image->size() > room)
        return Error(EFBIG, fmt::format("raw image: {} bytes do not fit at {:#x} ({} bytes of room)",
                                        image->size(), plan.entry, room));
    plan.kernelEnd = plan.entry + image->size();
    plan.writes.push_back({GuestAddress(plan.entry), std::span(*image)});
    plan.owned.push_back(std::move(image));
    return plan;
}

Status applyBootPlan(GuestMemory& memory, const BootPlan& plan) {
    if (Status s = x86::writeBootTables(memory, plan.mode); !s) return s.error().wrap("boot tables");
    for (const BootPlan::Write& w : plan.writes) {
        if (Status s = memory.write(w.address, w.bytes); !s) return s.error().wrap("load " + plan.method);
        if (w.zeroAfter)
            if (Status s = memory.fill(w.address + w.bytes.size(), w.zeroAfter, 0); !s)
                return s.error().wrap("load " + plan.method);
    }
    return {};
}

Status setupBootVcpu(Vcpu& vcpu, const BootPlan& plan, uint32_t index) {
    bool raw = plan.method.starts_with("raw");
    if (index != 0 && !raw) return {};  // application processors wait for INIT/SIPI
    auto sregs = vcpu.sregs();
    if (!sregs) return sregs.error();
    x86::setupSregs(*sregs, plan.mode);
    if (Status s = vcpu.setSregs(*sregs); !s) return s;
    kvm_regs regs{};
    regs.rflags = 0x2;  // bit 1 is always set; interrupts off
    regs.rip = plan.entry;
    if (raw) {
        regs.rax = index;
        regs.rsp =
            plan.mode == x86::CpuMode::Real ? kRawStackTop - index * 0x400 : x86::kBootStack - index * 0x400;
    } else if (plan.mode == x86::CpuMode::Long64) {
        regs.rsi = plan.bootInfo;
        regs.rsp = regs.rbp = x86::kBootStack;
    } else {
        regs.rbx = plan.bootInfo;
    }
    return vcpu.setRegs(regs);
}

}  // namespace juxta::vmm::boot

#include "vmm/arch/x86_64/cpu.h"

#include <cstring>

namespace juxta::vmm::x86 {

namespace {
constexpr uint32_t kMsrIa32SysenterCs = 0x174, kMsrIa32SysenterEsp = 0x175, kMsrIa32SysenterEip = 0x176;
constexpr uint32_t kMsrStar = 0xc0000081, kMsrLstar = 0xc0000082, kMsrCstar = 0xc0000083;
constexpr uint32_t kMsrSyscallMask = 0xc0000084, kMsrKernelGsBase = 0xc0000102;
constexpr uint32_t kMsrIa32Tsc = 0x10, kMsrIa32MiscEnable = 0x1a0;
constexpr uint64_t kMiscEnableFastString = 1;

constexpr uint32_t kApicLvt0 = 0x350, kApicLvt1 = 0x360;
constexpr uint32_t kApicModeExtInt = 0x7, kApicModeNmi = 0x4;

uint32_t setLvtMode(uint32_t reg, uint32_t mode) {
    return (reg & ~0x700u) | (mode << 8);
}
}  // namespace

std::vector<kvm_cpuid_entry2> vcpuCpuid(const std::vector<kvm_cpuid_entry2>& supported, uint32_t index,
                                        uint32_t count) {
    std::vector<kvm_cpuid_entry2> entries = supported;
    bool haveSignature = false;
    for (kvm_cpuid_entry2& e : entries) {
        switch (e.function) {
            case 1:
                // EBX: initial APIC ID (31..24), logical processors per package (23..16), CLFLUSH size.
                e.ebx = (index << 24) | ((count & 0xff) << 16) | (e.ebx & 0xffff);
                e.ecx |= 1u << 31;                 // running under a hypervisor
                if (count > 1) e.edx |= 1u << 28;  // HTT: the count in EBX is valid
                break;
            case 0xb:
            case 0x1f:
                e.edx = index;  // x2APIC ID
                break;
            case kKvmCpuidSignature:
                haveSignature = true;
                e.eax = kKvmCpuidFeatures;
                std::memcpy(&e.ebx, "KVMK", 4);
                std::memcpy(&e.ecx, "VMKV", 4);
                std::memcpy(&e.edx, "M\0\0\0", 4);
                break;
            default:
                break;
        }
    }
    if (!haveSignature) {
        kvm_cpuid_entry2 sig{};
        sig.function = kKvmCpuidSignature;
        sig.eax = kKvmCpuidFeatures;
        std::memcpy(&sig.ebx, "KVMK", 4);
        std::memcpy(&sig.ecx, "VMKV", 4);
        std::memcpy(&sig.edx, "M\0\0\0", 4);
        entries.push_back(sig);
    }
    return entries;
}

std::vector<kvm_msr_entry> bootMsrs() {
    auto msr = [](uint32_t index, uint64_t data) {
        kvm_msr_entry e{};
        e.index = index;
        e.data = data;
        return e;
    };
    return {msr(kMsrIa32SysenterCs, 0),  msr(kMsrIa32SysenterEsp, 0),
            msr(kMsrIa32SysenterEip, 0), msr(kMsrStar, 0),
            msr(kMsrCstar, 0),           msr(kMsrKernelGsBase, 0),
            msr(kMsrSyscallMask, 0),     msr(kMsrLstar, 0),
            msr(kMsrIa32Tsc, 0),         msr(kMsrIa32MiscEnable, kMiscEnableFastString)};
}

kvm_fpu bootFpu() {
    kvm_fpu fpu{};
    fpu.fcw = 0x37f;     // x87: all exceptions masked, 64-bit precision (FNINIT's value)
    fpu.mxcsr = 0x1f80;  // SSE: all exceptions masked
    return fpu;
}

void setupLapic(kvm_lapic_state& lapic) {
    auto reg = [&](uint32_t offset) -> uint32_t {
        uint32_t v;
        std::memcpy(&v, lapic.regs + offset, 4);
        return v;
    };
    auto set = [&](uint32_t offset, uint32_t v) { std::memcpy(lapic.regs + offset, &v, 4); };
    set(kApicLvt0, setLvtMode(reg(kApicLvt0), kApicModeExtInt));
    set(kApicLvt1, setLvtMode(reg(kApicLvt1), kApicModeNmi));
}

}  // namespace juxta::vmm::x86

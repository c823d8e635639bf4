#pragma once
// Per-vCPU identity and state for x86_64: CPUID (from KVM_GET_SUPPORTED_CPUID, with topology, the
// hypervisor bit and the KVM signature so kvm-clock works), boot MSRs, FPU, and the LAPIC's LINT0
// (ExtINT) and LINT1 (NMI) wiring. Pure functions of their inputs, tested without KVM.
#include <linux/kvm.h>

#include <cstdint>
#include <vector>

namespace juxta::vmm::x86 {

inline constexpr uint32_t kKvmCpuidSignature = 0x40000000;
inline constexpr uint32_t kKvmCpuidFeatures = 0x40000001;

// The CPUID table for vCPU `index` of `count`.
std::vector<kvm_cpuid_entry2> vcpuCpuid(const std::vector<kvm_cpuid_entry2>& supported, uint32_t index,
                                        uint32_t count);
std::vector<kvm_msr_entry> bootMsrs();
kvm_fpu bootFpu();
// LVT0 = ExtINT (the PIC), LVT1 = NMI: what Linux expects of a virtual-wire BSP.
void setupLapic(kvm_lapic_state& lapic);

}  // namespace juxta::vmm::x86

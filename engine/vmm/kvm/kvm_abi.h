#pragma once
// The variable-length KVM structures, laid out as the kernel (C) sees them. <linux/kvm.h>
// declares their trailing arrays with __DECLARE_FLEX_ARRAY, which in C++ adds an empty struct
// that takes space: sizeof(kvm_cpuid2) is 12 instead of 8, so both the ioctl numbers derived
// from it and the entries' offset would be wrong. We use these headers instead.
#include <linux/kvm.h>
#include <sys/ioctl.h>

#include <cstdint>

namespace juxta::vmm::abi {

struct CpuidHeader {  // struct kvm_cpuid2 without its entries
    uint32_t nent;
    uint32_t padding;
};
struct MsrsHeader {  // struct kvm_msrs without its entries
    uint32_t nmsrs;
    uint32_t pad;
};
static_assert(sizeof(CpuidHeader) == 8 && sizeof(MsrsHeader) == 8);

inline constexpr unsigned long kGetSupportedCpuid = _IOWR(KVMIO, 0x05, CpuidHeader);
inline constexpr unsigned long kSetCpuid2 = _IOW(KVMIO, 0x90, CpuidHeader);
inline constexpr unsigned long kGetMsrs = _IOWR(KVMIO, 0x88, MsrsHeader);
inline constexpr unsigned long kSetMsrs = _IOW(KVMIO, 0x89, MsrsHeader);

}  // namespace juxta::vmm::abi

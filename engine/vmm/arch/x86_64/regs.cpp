#include "vmm/arch/x86_64/regs.h"

#include "vmm/arch/x86_64/layout.h"

namespace juxta::vmm::x86 {

namespace {
constexpr uint64_t kCr0Pe = 1ull << 0;
constexpr uint64_t kCr0Et = 1ull << 4;
constexpr uint64_t kCr0Pg = 1ull << 31;
constexpr uint64_t kCr4Pae = 1ull << 5;
constexpr uint64_t kEferLme = 1ull << 8;
constexpr uint64_t kEferLma = 1ull << 10;

constexpr uint64_t kPagePresent = 1 << 0;
constexpr uint64_t kPageWritable = 1 << 1;
constexpr uint64_t kPageHuge = 1 << 7;

// Access byte + flags nibble: present, ring 0, code (execute/read) or data (read/write), TSS.
constexpr uint16_t kCode64 = 0xa09b;  // G, L
constexpr uint16_t kCode32 = 0xc09b;  // G, D/B
constexpr uint16_t kData = 0xc093;    // G, D/B
constexpr uint16_t kTss = 0x808b;     // G, busy 32/64-bit TSS
}  // namespace

uint64_t gdtEntry(uint16_t flags, uint32_t base, uint32_t limit) {
    return ((uint64_t(base) & 0xff000000) << 32) | ((uint64_t(flags) & 0xf0ff) << 40) |
           ((uint64_t(limit) & 0x000f0000) << 32) | ((uint64_t(base) & 0x00ffffff) << 16) |
           (uint64_t(limit) & 0x0000ffff);
}

kvm_segment segmentFromGdt(uint64_t entry, uint8_t index) {
    kvm_segment s{};
    s.base = ((entry >> 16) & 0xffffff) | (((entry >> 56) & 0xff) << 24);
    uint32_t limit = uint32_t((entry & 0xffff) | (((entry >> 48) & 0xf) << 16));
    s.g = (entry >> 55) & 1;
    s.limit = s.g ? (limit << 12) | 0xfff : limit;  // KVM wants the limit in bytes
    s.selector = uint16_t(index * 8);
    s.type = (entry >> 40) & 0xf;
    s.present = (entry >> 47) & 1;
    s.dpl = (entry >> 45) & 3;
    s.db = (entry >> 54) & 1;
    s.s = (entry >> 44) & 1;
    s.l = (entry >> 53) & 1;
    s.avl = (entry >> 52) & 1;
    s.unusable = s.present ? 0 : 1;
    return s;
}

std::array<uint64_t, 4> bootGdt(CpuMode mode) {
    return {0, gdtEntry(mode == CpuMode::Long64 ? kCode64 : kCode32, 0, 0xfffff), gdtEntry(kData, 0, 0xfffff),
            gdtEntry(kTss, 0, 0xfffff)};
}

Status writeBootTables(GuestMemory& memory, CpuMode mode) {
    if (mode == CpuMode::Real) return {};
    if (Status s = memory.writeObj(GuestAddress(kGdtAddress), bootGdt(mode)); !s) return s;
    if (Status s = memory.writeObj(GuestAddress(kIdtAddress), uint64_t(0)); !s) return s;
    if (mode != CpuMode::Long64) return {};
    // PML4[0] -> PDPT; PDPT[i] -> PD i; each PD maps 1 GiB with 2 MiB pages: identity, low 4 GiB.
    if (Status s = memory.writeObj(GuestAddress(kPml4), kPdpt | kPagePresent | kPageWritable); !s) return s;
    for (uint64_t i = 0; i < kPdCount; ++i) {
        uint64_t pd = kPd + i * 0x1000;
        if (Status s = memory.writeObj(GuestAddress(kPdpt + i * 8), pd | kPagePresent | kPageWritable); !s)
            return s;
        std::array<uint64_t, 512> entries;
        for (uint64_t j = 0; j < 512; ++j)
            entries[j] = ((i << 30) + (j << 21)) | kPagePresent | kPageWritable | kPageHuge;
        if (Status s = memory.writeObj(GuestAddress(pd), entries); !s) return s;
    }
    return {};
}

void setupSregs(kvm_sregs& sregs, CpuMode mode) {
    if (mode == CpuMode::Real) {
        // Flat real mode at segment 0 (the reset state has CS at 0xf000 with base 0xffff0000).
        for (kvm_segment* seg : {&sregs.cs, &sregs.ds, &sregs.es, &sregs.fs, &sregs.gs, &sregs.ss}) {
            seg->selector = 0;
            seg->base = 0;
        }
        return;
    }
    auto gdt = bootGdt(mode);
    sregs.gdt.base = kGdtAddress;
    sregs.gdt.limit = sizeof(gdt) - 1;
    sregs.idt.base = kIdtAddress;
    sregs.idt.limit = sizeof(uint64_t) - 1;
    sregs.cs = segmentFromGdt(gdt[1], 1);
    kvm_segment data = segmentFromGdt(gdt[2], 2);
    sregs.ds = sregs.es = sregs.fs = sregs.gs = sregs.ss = data;
    sregs.tr = segmentFromGdt(gdt[3], 3);
    sregs.cr0 = (sregs.cr0 | kCr0Pe | kCr0Et) & ~kCr0Pg;
    sregs.cr4 = 0;
    sregs.efer = 0;
    if (mode == CpuMode::Long64) {
        sregs.cr3 = kPml4;
        sregs.cr4 = kCr4Pae;
        sregs.cr0 |= kCr0Pg;
        sregs.efer = kEferLme | kEferLma;
    }
}

}  // namespace juxta::vmm::x86

// The PVH boot of an ELF vmlinux (Xen's HVM direct boot ABI, as Linux implements it in
// arch/x86/platform/pvh): no decompressor, no real-mode setup.
#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "vmm/arch/x86_64/acpi.h"
#include "vmm/arch/x86_64/e820.h"
#include "vmm/arch/x86_64/layout.h"
#include "vmm/arch/x86_64/mptable.h"
#include "vmm/boot/boot_plan.h"
#include "vmm/boot/elf_kernel.h"
#include "vmm/boot/start_info.h"

namespace juxta::vmm::boot {

namespace {
constexpr uint64_t kModuleList = x86::kPvhStartInfo + 0x40;
constexpr uint64_t kMemmap = x86::kPvhStartInfo + 0x80;

template <typename T>
void append(std::vector<uint8_t>& out, const T& value) {
    const auto* p = reinterpret_cast<const uint8_t*>(&value);
    out.insert(out.end(), p, p + sizeof(T));
}
}  // namespace

Result<BootPlan> planPvh(const BootInputs& in) {
    auto parsed = parseElfKernel(*in.kernel);
    if (!parsed) return parsed.error();
    const ElfKernel& elf = *parsed;
    if (!elf.pvhEntry)
        return Error(ENOEXEC,
                     "ELF kernel has no PVH entry note (XEN_ELFNOTE_PHYS32_ENTRY): it was built without "
                     "CONFIG_PVH — boot its bzImage instead");
    if (Status s = checkCmdline(in.cmdline, kDefaultCmdlineMax); !s) return s.error();
    uint64_t lowMemEnd = std::min(in.memoryBytes, x86::kMmioGapStart);
    if (elf.lowestAddr < x86::kHimemStart)
        return Error(ENOEXEC,
                     fmt::format("ELF kernel: a segment loads at {:#x}, below 1 MiB", elf.lowestAddr));
    if (elf.endAddr > lowMemEnd)
        return Error(EFBIG, fmt::format("the kernel needs {} MiB of guest memory; the VM has {} MiB",
                                        (elf.endAddr + (1 << 20) - 1) >> 20, in.memoryBytes >> 20));

    BootPlan plan;
    plan.method = "pvh";
    plan.mode = x86::CpuMode::Protected32;
    plan.entry = *elf.pvhEntry;
    plan.bootInfo = x86::kPvhStartInfo;
    plan.kernelEnd = elf.endAddr;
    plan.owned.push_back(in.kernel);
    for (const ElfSegment& s : elf.segments)
        plan.writes.push_back({GuestAddress(s.physAddr),
                               std::span(*in.kernel).subspan(s.fileOffset, s.fileSize),
                               s.memSize - s.fileSize});

    HvmStartInfo info;
    info.cmdlineAddr = x86::kCmdline;
    info.rsdpAddr = x86::kAcpiAddress;
    std::vector<uint8_t> cmdline(in.cmdline.begin(), in.cmdline.end());
    cmdline.push_back(0);
    plan.writes.push_back({GuestAddress(x86::kCmdline), plan.own(std::move(cmdline))});
    if (in.initrd && !in.initrd->empty()) {
        auto at = placeInitrd(in.initrd->size(), lowMemEnd, UINT32_MAX, plan.kernelEnd);
        if (!at) return at.error();
        plan.initrdAddress = *at;
        plan.writes.push_back({*at, std::span(*in.initrd)});
        plan.owned.push_back(in.initrd);
        HvmModule module{at->raw(), in.initrd->size(), 0, 0};
        std::vector<uint8_t> list;
        append(list, module);
        plan.writes.push_back({GuestAddress(kModuleList), plan.own(std::move(list))});
        info.moduleCount = 1;
        info.moduleListAddr = kModuleList;
    }
    std::vector<uint8_t> memmap;
    for (const x86::E820Entry& e : x86::e820Map(in.memoryBytes))
        append(memmap, HvmMemmapEntry{e.addr, e.size, e.type, 0});
    info.memmapAddr = kMemmap;
    info.memmapEntries = uint32_t(memmap.size() / sizeof(HvmMemmapEntry));
    plan.writes.push_back({GuestAddress(kMemmap), plan.own(std::move(memmap))});
    std::vector<uint8_t> infoBytes;
    append(infoBytes, info);
    plan.writes.push_back({GuestAddress(x86::kPvhStartInfo), plan.own(std::move(infoBytes))});

    auto mptable = x86::buildMpTable(in.vcpus);
    if (!mptable) return mptable.error();
    plan.writes.push_back({GuestAddress(x86::kMpTableAddress), plan.own(std::move(*mptable))});
    auto acpi = x86::buildAcpiTables(in.vcpus, x86::kAcpiAddress, x86::virtioSlots(in.virtioDevices));
    if (!acpi) return acpi.error();
    plan.writes.push_back({GuestAddress(x86::kAcpiAddress), plan.own(std::move(*acpi))});
    return plan;
}

}  // namespace juxta::vmm::boot

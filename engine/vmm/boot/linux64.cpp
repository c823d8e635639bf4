// The Linux x86 64-bit boot protocol from a bzImage (Documentation/arch/x86/boot.rst).
#include <asm/bootparam.h>
#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "vmm/arch/x86_64/acpi.h"
#include "vmm/arch/x86_64/e820.h"
#include "vmm/arch/x86_64/layout.h"
#include "vmm/arch/x86_64/mptable.h"
#include "vmm/boot/boot_plan.h"
#include "vmm/boot/bzimage.h"

namespace juxta::vmm::boot {

namespace {
constexpr uint8_t kLoaderUndefined = 0xff;  // type_of_loader: a boot loader without an assigned id
constexpr uint16_t kVidModeNormal = 0xffff;
constexpr uint16_t kHeapEnd = 0xfe00;

uint64_t alignUp(uint64_t v, uint64_t a) {
    return a ? (v + a - 1) / a * a : v;
}

std::vector<uint8_t> withNul(const std::string& s) {
    std::vector<uint8_t> bytes(s.begin(), s.end());
    bytes.push_back(0);
    return bytes;
}
}  // namespace

Status checkCmdline(const std::string& cmdline, uint64_t limit) {
    if (cmdline.size() > limit || cmdline.size() + 1 > x86::kCmdlineMax)
        return Error(E2BIG, fmt::format("command line: {} bytes is over the kernel's limit of {}",
                                        cmdline.size(), std::min<uint64_t>(limit, x86::kCmdlineMax - 1)));
    if (cmdline.find('\0') != std::string::npos) return Error(EINVAL, "command line: contains a NUL byte");
    return {};
}

Result<BootPlan> planLinux64(const BootInputs& in) {
    auto image = parseBzImage(*in.kernel);
    if (!image) return image.error();
    const BzImage& bz = *image;
    if (Status s = checkCmdline(in.cmdline, bz.cmdlineSize); !s) return s.error();

    // The protected-mode code goes to 1 MiB; a relocatable kernel decompresses itself to
    // max(its aligned load address, pref_address) and needs init_size bytes from there.
    const uint64_t load = x86::kHimemStart;
    uint64_t runtimeStart = bz.relocatable
                                ? std::max(alignUp(load, bz.header.kernel_alignment), bz.prefAddress)
                                : std::max(load, bz.prefAddress);
    uint64_t kernelEnd = std::max(load + bz.protectedMode.size(), runtimeStart + bz.initSize);
    uint64_t lowMemEnd = std::min(in.memoryBytes, x86::kMmioGapStart);
    if (kernelEnd > lowMemEnd)
        return Error(
            EFBIG, fmt::format("the kernel needs {} MiB of guest memory to unpack itself; the VM has {} MiB",
                               (kernelEnd + (1 << 20) - 1) >> 20, in.memoryBytes >> 20));

    BootPlan plan;
    plan.method = "linux64";
    plan.mode = x86::CpuMode::Long64;
    plan.entry = load + kEntry64Offset;
    plan.bootInfo = x86::kZeroPage;
    plan.kernelEnd = kernelEnd;

    boot_params params{};
    std::memcpy(&params.hdr, bz.headerBytes.data(), std::min(bz.headerBytes.size(), sizeof(params.hdr)));
    setup_header& h = params.hdr;
    h.type_of_loader = kLoaderUndefined;
    h.vid_mode = kVidModeNormal;
    h.loadflags |= CAN_USE_HEAP;
    h.heap_end_ptr = kHeapEnd;
    h.code32_start = uint32_t(load);
    h.cmd_line_ptr = uint32_t(x86::kCmdline);
    if (in.initrd && !in.initrd->empty()) {
        auto at = placeInitrd(in.initrd->size(), lowMemEnd, bz.initrdAddrMax, kernelEnd);
        if (!at) return at.error();
        plan.initrdAddress = *at;
        h.ramdisk_image = uint32_t(at->raw());
        h.ramdisk_size = uint32_t(in.initrd->size());
        plan.writes.push_back({*at, std::span(*in.initrd)});
        plan.owned.push_back(in.initrd);
    }
    auto map = x86::e820Map(in.memoryBytes);
    for (size_t i = 0; i < map.size(); ++i) params.e820_table[i] = {map[i].addr, map[i].size, map[i].type};
    params.e820_entries = uint8_t(map.size());

    auto mptable = x86::buildMpTable(in.vcpus);
    if (!mptable) return mptable.error();
    auto acpi = x86::buildAcpiTables(in.vcpus, x86::kAcpiAddress, x86::virtioSlots(in.virtioDevices));
    if (!acpi) return acpi.error();
    params.acpi_rsdp_addr = x86::kAcpiAddress;

    plan.writes.push_back({GuestAddress(load), bz.protectedMode});
    plan.owned.push_back(in.kernel);
    plan.writes.push_back({GuestAddress(x86::kCmdline), plan.own(withNul(in.cmdline))});
    std::vector<uint8_t> zeroPage(sizeof(params));
    std::memcpy(zeroPage.data(), &params, sizeof(params));
    plan.writes.push_back({GuestAddress(x86::kZeroPage), plan.own(std::move(zeroPage))});
    plan.writes.push_back({GuestAddress(x86::kMpTableAddress), plan.own(std::move(*mptable))});
    plan.writes.push_back({GuestAddress(x86::kAcpiAddress), plan.own(std::move(*acpi))});
    return plan;
}

}  // namespace juxta::vmm::boot

// The kernel image parsers (bzImage setup header, ELF with its PVH note) and the boot plans built
// from them, as juxta-vmm plans a boot before touching KVM.
#include "fuzz_support.h"
#include "vmm/boot/boot_plan.h"
#include "vmm/boot/bzimage.h"
#include "vmm/boot/elf_kernel.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::span<const uint8_t> file(data, size);
    (void)juxta::vmm::boot::parseBzImage(file);
    (void)juxta::vmm::boot::parseElfKernel(file);
    juxta::vmm::boot::BootInputs in;
    in.kernel = juxta::vmm::boot::heldBytes(std::vector<uint8_t>(data, data + size));
    in.cmdline = "console=ttyS0";
    in.memoryBytes = 256ull << 20;
    (void)juxta::vmm::boot::planLinux64(in);
    (void)juxta::vmm::boot::planPvh(in);
    return 0;
}

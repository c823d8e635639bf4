// Where the VM variant stands on this host (see harness.h).
#include "compare/harness.h"
#include "guest/tiny_linux.h"
#include "instances/detached.h"
#include "metrics/host_probe.h"

namespace juxta::compare {

VmSetup defaultVmSetup() {
    VmSetup s;
    const HostCapabilities caps = probeHost();
    if (caps.kvm == KvmKind::Pvm) {
        s.unavailableReason = "PVM host (kvm_pvm): stock Linux guests cannot boot here — " + caps.kvmDetail;
        return s;
    }
    if (caps.kvm != KvmKind::Hardware) {
        s.unavailableReason = "no usable KVM (" + toString(caps.kvm) + "): " + caps.kvmDetail;
        return s;
    }
    s.vmm = detached::helperExecutable("juxta-vmm", "JUXTA_VMM", JUXTA_VMM_INSTALLED);
    std::error_code ec;
    if (!std::filesystem::is_regular_file(s.vmm, ec)) {
        s.unavailableReason = "juxta-vmm not found at " + s.vmm.string() + " — build the juxta-vmm target";
        return s;
    }
    // tiny-linux carries juxta-workload when it sits beside juxta-guest (the same bin/ directory).
    auto image = guest::ensureTinyLinux({});
    if (!image) {
        s.unavailableReason = "no tiny-linux image: " + image.error().message();
        return s;
    }
    s.kernel = image->kernel;
    s.initrd = image->initrd;
    s.cmdline = image->cmdline;
    return s;
}

vmm::VmConfig vmConfigOf(const VmSetup& setup, int memoryMib, int vcpus) {
    vmm::VmConfig c;
    c.kernel = setup.kernel.string();
    c.initrd = setup.initrd.string();
    if (!setup.cmdline.empty()) c.cmdline = setup.cmdline;
    c.memoryMiB = uint64_t(memoryMib);
    c.vcpus = uint32_t(vcpus);
    return c;
}

}  // namespace juxta::compare

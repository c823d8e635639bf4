#pragma once
// The workload in a VM: `juxta-vmm --kernel K --initrd I --cmdline C --memory M --vcpus N --timings
// F --stats F --exec -- /usr/bin/juxta-workload ...`, one VM per repeat, run as the harness's child.
// With an image (the container variant's, busybox by default) the VM boots it as `juxtactl vm run
// --image` does — the image's layers and the workload layer as a read-only disk, a writable disk of
// the run's own, overlayfs in the guest, the agent on vsock — and the workload runs in that root
// (--exec-in-image), its file I/O on the writable disk; without one (not root: an image's VM disk
// is made as root only) in tiny-linux's own root, fileio on a scratch disk. Start-up comes from the VMM's own
// timeline (workload_start); memory is juxta-vmm's PSS while the workload runs, split with the VMM's stats
// into the guest memory it touched and the VMM itself; exits by reason come from its stats; CPU outside the
// workload is juxta-vmm's whole CPU time minus what the workload reports for itself.
#include <filesystem>
#include <string>

#include "compare/harness.h"
#include "compare/variant.h"

namespace juxta::compare {

struct VmVariantOptions {
    std::filesystem::path workloadBinary;
    // An OCI image of the store, booted as `juxtactl vm run --image` boots it, with the workload
    // layer (the container's) on top; empty: tiny-linux's own root, the workload from its initramfs.
    std::string image;
    int memoryMib = 256;
    int vcpus = 1;
};

std::unique_ptr<Variant> makeVmVariant(const VmSetup& setup, const VmVariantOptions& options);

}  // namespace juxta::compare

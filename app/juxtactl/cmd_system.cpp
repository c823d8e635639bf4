// juxtactl system prune: removes what containers and VMs left when their owner was killed
// outright (runtime/lifecycle/prune.h, vmm/lifecycle/vm_prune.h) — main() runs that prune, quietly,
// before every command — and the VM disks of images no longer in the store (vmm/lifecycle/image_disk.h).
#include <cstdio>

#include "core/format.h"
#include "images/image_store.h"
#include "juxtactl/commands.h"
#include "runtime/lifecycle/prune.h"
#include "vmm/lifecycle/image_disk.h"
#include "vmm/lifecycle/vm_prune.h"

namespace juxta::cli {

int cmdSystem(const Argv& argv) {
    auto args = Args::parse(argv, {});
    if (!args) return usageError(args.error().message(), "system");
    if (args->positionals().size() != 1 || args->positionals()[0] != "prune")
        return usageError("expected: system prune", "system");
    const runtime::PruneReport report = runtime::pruneOrphans();
    for (const auto& id : report.containers)
        std::printf("removed the leftovers of container %s\n", id.c_str());
    for (const auto& id : report.leases) std::printf("released the address of container %s\n", id.c_str());
    for (const auto& id : vmm::pruneVmOrphans()) std::printf("removed the leftovers of VM %s\n", id.c_str());
    auto store = images::ImageStore::atDefaultLocation();
    const vmm::ImageDiskPrune disks = vmm::pruneImageDisks(store);
    for (const auto& name : disks.removed)
        std::printf("removed the VM disk of a removed image: %s\n", name.c_str());
    if (!disks.removed.empty())
        std::printf("VM image disks: %s freed\n", format::bytes(double(disks.bytesFreed)).c_str());
    for (const auto& e : report.failures) fail(e.message());
    for (const auto& e : disks.failures) fail(e.message());
    return report.failures.empty() && disks.failures.empty() ? 0 : 1;
}

}  // namespace juxta::cli

// juxtactl system prune: removes what containers and VMs left when their owner was killed
// outright (runtime/lifecycle/prune.h, vmm/lifecycle/vm_prune.h). main() runs the same prune,
// quietly, before every command.
#include <cstdio>

#include "juxtactl/commands.h"
#include "runtime/lifecycle/prune.h"
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
    for (const auto& e : report.failures) fail(e.message());
    return report.failures.empty() ? 0 : 1;
}

}  // namespace juxta::cli

// juxta-vm-monitor VM-ID REPORT-FD: the per-VM monitor (see vm_monitor.h), started by
// instances::start(vmm::vms(), ID) through instances/detached.h.
#include <cstdio>
#include <cstdlib>

#include "instances/detached.h"
#include "vmm/lifecycle/vm_definition.h"
#include "vmm/lifecycle/vm_monitor.h"

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: juxta-vm-monitor VM-ID REPORT-FD (started by juxtactl vm start)\n");
        return 2;
    }
    int reportFd = std::atoi(argv[2]);
    auto definition = juxta::vmm::loadVmDefinition(argv[1]);
    if (!definition) {
        juxta::detached::reportError(reportFd, definition.error());
        return 1;
    }
    return juxta::detached::launch(reportFd, [&] { juxta::vmm::runVmMonitor(*definition, reportFd); });
}

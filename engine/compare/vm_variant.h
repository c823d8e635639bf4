#pragma once
// The workload in a tiny-linux VM: `juxta-vmm --kernel K --initrd I --cmdline C --memory M
// --vcpus N --timings F --stats F --exec -- /usr/bin/juxta-workload ...`, one VM per repeat,
// run as the harness's child. Start-up comes from the VMM's own timeline (workload_start);
// memory is juxta-vmm's PSS while the workload runs, split with the VMM's stats into the guest
// memory it touched and the VMM itself; exits by reason come from its stats; CPU outside the
// workload is juxta-vmm's whole CPU time minus what the workload reports for itself.
#include "compare/harness.h"
#include "compare/variant.h"

namespace juxta::compare {

std::unique_ptr<Variant> makeVmVariant(const VmSetup& setup, int memoryMib, int vcpus);

}  // namespace juxta::compare

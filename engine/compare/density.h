#pragma once
// The density sweep: N = 1, 2, 4, ... idle instances of one kind (juxta-workload idle) up to a
// limit, all running at once. For each N: how much more host memory is in use than before the
// sweep (MemTotal - MemAvailable), what the N instances cost by their own accounts (container:
// cgroup + monitor PSS; VM: juxta-vmm PSS), and the time spent starting them (one after another,
// each from the request until its workload runs). From the slope of the instances' cost, how many
// would fit in the memory the host has available — a projection, labelled as one.
#include <filesystem>
#include <optional>

#include "compare/harness.h"

namespace juxta::compare {

struct DensityOptions {
    InstanceKind kind = InstanceKind::Container;
    int maxInstances = 16;  // the defaults: 16 containers, 8 VMs
    std::string juxtaVersion;
    std::filesystem::path workloadBinary;  // empty: locateWorkload()
    std::optional<VmSetup> vm;             // empty: defaultVmSetup()
    int vmMemoryMib = 256;
    int vmVcpus = 1;
};

// The Comparison holds one DensitySweep (and the manifest: workload idle, the one variant).
// EINVAL for a host kind or a limit outside 1..256.
Result<Comparison> runDensity(const DensityOptions& options, const Callbacks& callbacks = {});

}  // namespace juxta::compare

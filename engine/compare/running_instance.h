#pragma once
// An instance the harness keeps running while it measures others beside it — the density sweep's
// idle instances, the stack scenario's services: a busybox container (the library calls
// `juxtactl create` + `start` make, juxta-workload on its workload layer) or a tiny-linux VM
// (juxta-vmm --exec). Stopped and removed when the object goes.
#include <sys/types.h>

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "compare/harness.h"

namespace juxta::compare {

// How an instance's workload ended.
struct InstanceEnd {
    int shellCode = 0;       // 128 + N when signal N killed it
    bool oomKilled = false;  // the kernel's OOM killer did it (container: its cgroup's limit)
    std::string description;
};

class RunningInstance {
  public:
    virtual ~RunningInstance() = default;
    // Its cost on the host now (container: cgroup memory + monitor PSS; VM: juxta-vmm PSS).
    virtual double footprintBytes() const = 0;
    // CLOCK_MONOTONIC ns when the workload was exec'd (container: the runtime's exec phase; VM: the
    // VMM's workload_start), or 0 when unknown.
    virtual int64_t workloadStartNs() const = 0;
    // What the workload printed so far (a VM's comes when it ends: juxta-vmm passes it on then).
    virtual std::string output() const = 0;
    // Set once the workload ended.
    virtual std::optional<InstanceEnd> ended() = 0;
    // Returns once the workload runs (a VM started without waiting); ECANCELED when cancelled first.
    virtual Status waitStarted(const std::function<bool()>& cancelled) = 0;
};

// `juxta-workload ARGS...` in a busybox container with the workload layer, under the limits.
Result<std::unique_ptr<RunningInstance>> startContainer(const std::filesystem::path& workloadLayer,
                                                        const std::vector<std::string>& args,
                                                        std::optional<int64_t> memoryBytes = std::nullopt,
                                                        std::optional<double> cpus = std::nullopt);

// `juxta-workload ARGS...` in a VM; returns once the guest's agent started it (ECANCELED when
// cancelled first), or at once unless `wait` (then waitStarted()), so that several boot together.
// `name` tells its files apart under runtimeDir()/bench.
Result<std::unique_ptr<RunningInstance>> startVm(const VmSetup& vm, int memoryMib, int vcpus,
                                                 const std::string& name,
                                                 const std::vector<std::string>& args,
                                                 const std::function<bool()>& cancelled, bool wait = true);

}  // namespace juxta::compare

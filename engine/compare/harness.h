#pragma once
// The comparison harness: runs one workload as a host process (the baseline), a container and a
// VM, repeat by repeat (variants interleaved, so a change in the machine's load hits all of them
// alike), and builds the Comparison: figures with raw samples, medians, spread and ratios to the
// host, start-up phases, memory, disk, CPU outside the workload, a time series for replay.
//
// Safe to drive from a worker thread (the GUI does): nothing here forks the calling process.
// The callbacks are called on the calling thread. Cancellation is checked between steps and
// every RunProbe::kIntervalMs while a workload runs; a cancelled run stops its instance, removes
// it, and returns what was measured so far with `cancelled` set.
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "compare/result.h"
#include "core/error.h"
#include "vmm/config.h"

namespace juxta::compare {

struct Callbacks {
    std::function<void(const std::string& step, double fraction)> progress;  // fraction 0..1
    std::function<bool()> cancelled;                                         // true: stop now
};

// The VM image and the VMM, or why the VM variant cannot run.
struct VmSetup {
    std::filesystem::path vmm;  // juxta-vmm
    std::filesystem::path kernel, initrd;
    std::string cmdline;
    std::string unavailableReason;  // set: the VM variant reports it and the others still run
};

struct HarnessOptions {
    Manifest manifest;
    std::filesystem::path workloadBinary;  // empty: locateWorkload()
    std::string juxtaVersion;
    std::optional<VmSetup> vm;  // empty: defaultVmSetup()
};

// One clear error for what cannot run: an unknown workload, parameter or variant, a repeat
// count outside 1..100, no variant at all, a variant twice, bad VM memory or vCPUs.
Status validate(const Manifest& manifest);

// juxta-workload: $JUXTA_WORKLOAD, else beside the running program, else the installed one.
std::filesystem::path locateWorkload();

// Where the VM variant stands on this host: PVM or no KVM, juxta-vmm or the tiny-linux image
// missing — each a reason; else the image, built if needed.
VmSetup defaultVmSetup();
// juxta-vmm's configuration for a VM of `setup` (spawned with vmm::toArgs).
vmm::VmConfig vmConfigOf(const VmSetup& setup, int memoryMib, int vcpus);

Result<Comparison> runComparison(const HarnessOptions& options, const Callbacks& callbacks = {});

}  // namespace juxta::compare

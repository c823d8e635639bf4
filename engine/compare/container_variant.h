#pragma once
// The workload in a busybox container, run the way the GUI and `juxtactl create/start` run one:
// a definition with an on-disk writable layer, a juxta-monitor that starts it and records the
// exit, then removal. Every call is a library call that is safe from a worker thread (nothing
// here forks the caller). juxta-workload reaches the container as one more read-only overlay
// layer on top of the image, holding /usr/bin/juxta-workload (<dataDir>/bench/workload-layer).
//
// Memory: the container's cgroup (its processes' pages, their page cache and kernel memory) plus
// the monitor's PSS (the runtime's cost outside the cgroup). CPU outside the workload: the
// monitor's CPU time and this thread's in the lifecycle calls.
#include <filesystem>

#include "compare/variant.h"

namespace juxta::compare {

struct ContainerVariantOptions {
    std::filesystem::path workloadBinary;
    std::string image = "busybox";
    std::optional<int64_t> memoryBytes;
    std::optional<double> cpus;
};

std::unique_ptr<Variant> makeContainerVariant(const ContainerVariantOptions& options);

// Puts juxta-workload into the workload layer (replaced atomically when it differs); returns the
// layer's directory.
Result<std::filesystem::path> ensureWorkloadLayer(const std::filesystem::path& workloadBinary);

}  // namespace juxta::compare

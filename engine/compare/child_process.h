#pragma once
// A program the harness runs as its own child (the host variant's workload, juxta-vmm): its
// stdout and stderr captured, sampled every RunProbe::kIntervalMs while it runs, killed on
// cancellation, reaped with its resource usage.
#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "compare/variant.h"

namespace juxta::compare {

struct ChildRun {
    int exitCode = 0;  // the shell convention: 128 + signal when killed
    std::string out, err;
    double cpuMs = 0;       // user + system of the child (and its reaped children), from wait4
    int64_t requestNs = 0;  // just before posix_spawn
    int64_t spawnedNs = 0;  // posix_spawn returned: the program is exec'd
    int64_t exitedNs = 0;   // the exit was seen
    int64_t reapedNs = 0;
};

// onSample(pid) runs right after the start and then every interval until the exit. ECANCELED
// when the probe said stop (the child is killed and reaped first).
Result<ChildRun> runChild(const std::vector<std::string>& argv, const RunProbe& probe,
                          const std::function<void(pid_t)>& onSample);

// The last non-empty line of a process's output, for error messages.
std::string lastLine(const std::string& text);

}  // namespace juxta::compare

#pragma once
// The per-container monitor (Juxta's conmon): a small process, detached from whoever started
// the container, that starts it, holds its console (pty) and log, collects its exit status into
// state.json and removes its cgroup — so containers outlive the CLI and the GUI, and a restarted
// GUI finds them again from the state files.
//
//   juxtactl/GUI --fork--> (setsid, fork) monitor --clone--> container init --exec--> workload
//
// spawnMonitor() returns once the workload is exec'd (or with the start error the monitor saw).
// The caller must be single-threaded (it forks); the GUI runs `juxtactl start` instead.
#include <sys/types.h>

#include "core/error.h"
#include "runtime/lifecycle/definition.h"

namespace juxta::runtime {

// Returns the monitor's pid.
Result<pid_t> spawnMonitor(const InstanceDefinition& definition);

}  // namespace juxta::runtime

#pragma once
// The per-container monitor (Juxta's conmon): a small process, detached from whoever started
// the container, that starts it, holds its console (pty) and log, collects its exit status into
// state.json and removes its cgroup — so containers outlive the CLI and the GUI, and a restarted
// GUI finds them again from the state files.
//
//   juxtactl/GUI --posix_spawn--> juxta-monitor --fork--> monitor (setsid) --clone--> container
//   init --exec--> workload
//
// spawnMonitor() returns once the workload is exec'd (or with the start error the monitor saw).
// It only posix_spawns, so any process may call it, the multi-threaded GUI included.
#include <sys/types.h>

#include <filesystem>

#include "core/error.h"
#include "runtime/lifecycle/definition.h"

namespace juxta::runtime {

// Returns the monitor's pid.
Result<pid_t> spawnMonitor(const InstanceDefinition& definition);

// The juxta-monitor program: $JUXTA_MONITOR, else beside the running executable, else installed.
std::filesystem::path monitorExecutable();

// The monitor itself (juxta-monitor's main, in a fresh single-threaded process): starts the
// container, writes "ok <pid>" or "error <errno> <message>" to reportFd and closes it, then
// holds the log and the exit status until the workload exits.
[[noreturn]] void runMonitor(const InstanceDefinition& definition, int reportFd);

}  // namespace juxta::runtime

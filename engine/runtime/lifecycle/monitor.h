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
#include <optional>
#include <string>

#include "core/error.h"
#include "core/timeline.h"
#include "core/unique_fd.h"
#include "runtime/container.h"
#include "runtime/lifecycle/definition.h"

namespace juxta::runtime {

// Returns the monitor's pid.
Result<pid_t> spawnMonitor(const InstanceDefinition& definition);

// A container run in the foreground (juxtactl run): its monitor is handed three fds of the
// starter's making and a pipe, as its fds 4 to 7 — the workload's stdin (a pipe the starter fills
// from its own stdin with -i, else /dev/null) and the write ends of two pipes the starter copies to
// its own stdout and stderr — never the starter's terminal itself, so nothing of it outlives the
// starter. The workload's stdout and stderr go to the log and, apart, to those pipes (a starter that
// stops reading holds the output back, never the recording of the end). With a terminal, the
// starter attaches to the console instead, and the monitor reads nothing from the pty until a
// client is in (10 s at most). When it ends the monitor records the exit, removes an ephemeral (--rm)
// container whole, then writes "exit CODE SIGNAL OOM\n" and the start-up timeline on the pipe,
// whose read end this returns. The timeline goes on from `timeline` (the starter's phases).
Result<UniqueFd> spawnAttachedMonitor(const InstanceDefinition& definition, const PhaseTimeline& timeline,
                                      int stdinFd, int stdoutFd, int stderrFd);

// What the monitor of an attached run wrote on its pipe (read to its end, at most 1 MiB by the
// caller). ECHILD when it ended without writing it (it was killed).
struct AttachedExit {
    ExitStatus exit;
    std::string timelineJson;
};
inline constexpr std::size_t kMaxAttachedExit = std::size_t(1) << 20;
Result<AttachedExit> parseAttachedExit(const std::string& text, const std::string& name);

// The juxta-monitor program: $JUXTA_MONITOR, else beside the running executable, else installed.
std::filesystem::path monitorExecutable();

// The monitor itself (juxta-monitor's main, in a fresh single-threaded process): starts the
// container, writes "ok <pid>" or "error <errno> <message>" to reportFd and closes it, then
// holds the log and the exit status until the workload exits. `attached`: run by
// spawnAttachedMonitor(), the starter's timeline so far.
[[noreturn]] void runMonitor(const InstanceDefinition& definition, int reportFd,
                             const std::optional<PhaseTimeline>& attached = std::nullopt);

}  // namespace juxta::runtime

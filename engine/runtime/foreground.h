#pragma once
// A container in the foreground (juxtactl run): start, relay the console or forward signals
// until the workload exits, then clean up. SIGINT/SIGTERM/SIGHUP/SIGQUIT to the caller are
// forwarded to the container's init; a second one kills it (an init without a handler ignores
// them, as in any pid namespace).
#include <signal.h>

#include "core/error.h"
#include "core/unique_fd.h"
#include "runtime/container.h"

namespace juxta::runtime {

// Blocks SIGINT, SIGTERM, SIGHUP and SIGQUIT for its lifetime and reads them from a signalfd,
// so none is lost between the start of a process and the relay.
class ForwardedSignals {
  public:
    ForwardedSignals();
    ~ForwardedSignals();
    ForwardedSignals(const ForwardedSignals&) = delete;
    ForwardedSignals& operator=(const ForwardedSignals&) = delete;
    int fd() const { return fd_.get(); }
    int next();  // the next pending signal, or 0

  private:
    sigset_t set_{}, old_{};
    UniqueFd fd_;
};

// Until the process behind pidFd exits: relays the terminal to ptyMaster (>= 0), or forwards
// the signals (the first as it is, any further one as SIGKILL) — to the process group `group`
// where one is given (an exec's child leads one of its own: a shell's children are reached too),
// to the process alone otherwise.
Status relayUntilExit(int pidFd, int ptyMaster, ForwardedSignals& signals, pid_t group = 0);

struct ForegroundRun {
    ExitStatus exit;
    PhaseTimeline timeline;  // the start-up phases
};

Result<ForegroundRun> runForeground(const ContainerSpec& spec, const StartOptions& options);

}  // namespace juxta::runtime

#pragma once
// The container's console: a pty from the container's own devpts instance. The child opens it
// after pivot_root, makes the peer its controlling terminal and stdio, bind-mounts it on
// /dev/console and passes the master to the runtime over the start channel. relayTerminal()
// is the foreground side (juxtactl run -t): the caller's terminal in raw mode <-> the master.
#include <termios.h>

#include "core/error.h"

namespace juxta::runtime {

// The caller's terminal (fd) in raw mode for as long as this lives; restored on every way out.
// Does nothing when fd is not a terminal.
class RawMode {
  public:
    explicit RawMode(int fd);
    ~RawMode();
    RawMode(const RawMode&) = delete;
    RawMode& operator=(const RawMode&) = delete;

  private:
    int fd_;
    termios saved_{};
    bool active_ = false;
};

// In a container process (its init after pivot_root, or an exec'd process): a new pty from the
// container's devpts, its peer the controlling terminal and 0, 1, 2 of a new session. Returns
// the master fd.
Result<int> openControllingPty();
// The same for the container's init, with the peer bind-mounted on /dev/console too.
Result<int> openContainerConsole();

// Copies stdin -> master and master -> stdout until the master hangs up (the workload exited)
// or stopFd (e.g. a pidfd) becomes readable; forwards window size changes (SIGWINCH). Puts the
// caller's terminal in raw mode while it runs when stdin is a terminal.
Status relayTerminal(int masterFd, int stopFd);

}  // namespace juxta::runtime

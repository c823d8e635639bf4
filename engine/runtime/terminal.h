#pragma once
// The container's console: a pty from the container's own devpts instance. The child opens it
// after pivot_root, makes the peer its controlling terminal and stdio, bind-mounts it on
// /dev/console and passes the master to the runtime over the start channel. relayTerminal()
// is the foreground side (juxtactl run -t): the caller's terminal in raw mode <-> the master.
#include "core/error.h"

namespace juxta::runtime {

// In the child, after pivot_root: returns the master fd (the peer is already on 0, 1, 2).
Result<int> openContainerConsole();

// Copies stdin -> master and master -> stdout until the master hangs up (the workload exited)
// or stopFd (e.g. a pidfd) becomes readable; forwards window size changes (SIGWINCH). Puts the
// caller's terminal in raw mode while it runs when stdin is a terminal.
Status relayTerminal(int masterFd, int stopFd);

}  // namespace juxta::runtime

#pragma once
// The channel between the runtime and the container's first process until it execs: an
// AF_UNIX SOCK_SEQPACKET pair (one message per phase, error or fd). The child's end is
// close-on-exec, so end-of-file on the parent's end means the workload was exec'd.
//   child -> parent: Phase{name, CLOCK_MONOTONIC ns}  (timestamps for the start-up timeline)
//                    Error{errno, message with context} then _exit
//                    Fd{the pty master}                 (SCM_RIGHTS)
//   parent -> child: Continue                          (where the child must wait for the parent)
#include <cstdint>
#include <string_view>

#include "core/error.h"
#include "core/timeline.h"
#include "core/unique_fd.h"

namespace juxta::runtime {

struct ChannelPair {
    UniqueFd parent;
    UniqueFd child;
};
Result<ChannelPair> makeChannel();

// Child side. Each returns false when the parent has gone away.
bool sendPhase(int fd, std::string_view name);
bool sendError(int fd, const Error& error);
bool sendFd(int fd, int fdToSend);

// Child side: blocks until the parent says go on (sendContinue); false if it went away.
bool waitContinue(int fd);

// Parent side.

// Lets a child that waits (waitContinue) go on, e.g. once its network link is plugged in.
bool sendContinue(int fd);

// What the parent learned while the child started.
struct ChildReport {
    UniqueFd ptyMaster;  // when the child sent one
};
// Reads until EOF (exec happened) or an Error message, adding each Phase to the timeline.
// A child that exits without either is reported as such.
Result<ChildReport> readUntilExec(int fd, PhaseTimeline& timeline);

}  // namespace juxta::runtime

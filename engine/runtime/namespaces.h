#pragma once
// Namespaces: which ones a container gets, the clone that creates them, and what is set up
// inside them before the root filesystem (hostname, loopback).
#include <sys/types.h>

#include "core/error.h"
#include "runtime/spec.h"

namespace juxta::runtime {

// CLONE_NEWPID | NEWNS | NEWUTS | NEWIPC | NEWNET; CLONE_NEWCGROUP too when the child starts
// inside its cgroup (cgroup v2 with CLONE_INTO_CGROUP); otherwise the child unshares its cgroup
// namespace itself once it has joined (so the container sees its own cgroup as "/").
unsigned long namespaceFlags(bool cgroupNamespaceAtClone);

struct ClonedChild {
    pid_t pid = 0;   // 0 in the child
    int pidFd = -1;  // in the parent: a pidfd for the child (owned by the caller)
};
// fork()-like clone: the child returns pid 0 on a copy of the caller's memory. With cgroupFd >= 0
// it uses clone3(CLONE_INTO_CGROUP), so the child's first instruction already runs in the cgroup.
// Falls back to clone() + pidfd_open() where clone3 is unavailable (ENOSYS) and no cgroup fd is given.
Result<ClonedChild> cloneChild(unsigned long flags, int cgroupFd);

// Inside the child: UTS namespace hostname and domain name.
Status setHostname(const char* hostname);
// Inside the child's network namespace: brings "lo" up (127.0.0.1 and ::1 come with it).
Status bringUpLoopback();

}  // namespace juxta::runtime

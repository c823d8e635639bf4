#pragma once
// A new process in a running container (`juxtactl exec`): it joins the container's cgroup and
// namespaces (pid, mount, uts, ipc, net, cgroup) through its init's pidfd and gets the same
// hardening as the workload (capabilities, no_new_privs, seccomp) with the container's env, cwd
// and user — so from inside it is one more process of the container.
//
// Runs in the foreground: the caller's terminal is relayed to a pty from the container's devpts
// (terminal), or signals are forwarded; returns the process's exit status.
//
// The caller must be single-threaded (the process is forked), and its later children are born in
// the container's pid namespace (setns(CLONE_NEWPID) applies to children): call it from a
// process that exits afterwards, such as juxtactl.
#include <filesystem>
#include <vector>

#include "core/error.h"
#include "runtime/container.h"

namespace juxta::runtime {

struct ExecRequest {
    int initPidFd = -1;                                  // a pidfd of the container's init
    std::vector<std::filesystem::path> cgroupJoinFiles;  // none for a rootless container (no cgroup)
    ContainerSpec process;  // args, env, cwd, uid, gid, terminal; the rest is ignored
    // A rootless container: the caller joins its user namespace first (and stays there), which
    // gives it the right to join the others.
    bool joinUserNamespace = false;
};

Result<ExitStatus> execInContainer(const ExecRequest& request);

}  // namespace juxta::runtime

#pragma once
// The last steps before a container process execs its workload, shared by the container's init
// (init_process.h) and by a process exec'd into a running container (exec.h): the working
// directory, the capability sets, the user, no_new_privs, the seccomp filter, then execve with
// the container's PATH. Everything is prepared before the fork, so the child only makes system
// calls; a failing step is sent as {errno, message} over the start channel and the child exits 127.
#include <sys/types.h>

#include <string>
#include <vector>

#include "runtime/capabilities.h"
#include "runtime/seccomp.h"
#include "runtime/spec.h"

namespace juxta::runtime {

struct WorkloadPlan {
    std::string cwd = "/";
    uid_t uid = 0;
    gid_t gid = 0;
    CapabilitySet capabilities;
    int lastCapability = 40;
    const SeccompProgram* seccomp = nullptr;
    std::vector<std::string> args;
    std::vector<std::string> env;
    std::vector<std::string> searchPath;  // the container's PATH, split, for args[0] without a '/'
    std::vector<ProcessLimit> rlimits;
};

// In the parent, before the fork: the spec's process (args, env, cwd, user) with Docker's
// default capabilities and the given seccomp program (null: none).
WorkloadPlan workloadPlanOf(const ContainerSpec& spec, const SeccompProgram* seccomp);

// In the child: sends the error over channelFd (wrapped with context unless null) and exits 127.
[[noreturn]] void failStep(int channelFd, const Error& error, const char* context);

// In the child, as the last thing: chdir, capabilities, user, no_new_privs, seccomp, exec.
// Sends the phases "capabilities", "seccomp_loaded" and "exec_prepared". Never returns.
[[noreturn]] void hardenAndExec(const WorkloadPlan& plan, int channelFd, const char* context);

}  // namespace juxta::runtime

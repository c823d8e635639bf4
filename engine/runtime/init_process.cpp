#include "runtime/init_process.h"

#include <grp.h>
#include <linux/close_range.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>

#include "runtime/cgroup_files.h"
#include "runtime/child_channel.h"
#include "runtime/namespaces.h"
#include "runtime/rootfs.h"
#include "runtime/terminal.h"

namespace juxta::runtime {
namespace {

[[noreturn]] void fail(int channel, const Error& error) {
    sendError(channel, error.wrap("container init"));
    ::_exit(127);
}

void check(int channel, const Status& st) {
    if (!st) fail(channel, st.error());
}

void resetSignals() {
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    for (int sig : {SIGPIPE, SIGINT, SIGQUIT, SIGTERM, SIGHUP, SIGCHLD, SIGWINCH}) ::signal(sig, SIG_DFL);
}

Status joinCgroup(const InitPlan& plan) {
    for (const auto& file : plan.cgroupJoinFiles)
        if (auto st = cgroupfs::writeFile(file, "0"); !st) return st.error().wrap("join cgroup");
    if (plan.unshareCgroupNamespace && ::unshare(CLONE_NEWCGROUP) < 0)
        return Error::fromErrno("unshare the cgroup namespace");
    return {};
}

Status becomeUser(const InitPlan& plan) {
    // Keep permitted capabilities across setuid; exec then decides (a non-root user loses them).
    if (::prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0) return Error::fromErrno("keep capabilities");
    if (::setgroups(0, nullptr) < 0) return Error::fromErrno("setgroups");
    if (::setresgid(plan.gid, plan.gid, plan.gid) < 0)
        return Error::fromErrno("setgid " + std::to_string(plan.gid));
    if (::setresuid(plan.uid, plan.uid, plan.uid) < 0)
        return Error::fromErrno("setuid " + std::to_string(plan.uid));
    return {};
}

[[noreturn]] void execWorkload(const InitPlan& plan) {
    std::vector<char*> argv, envp;
    for (const auto& a : plan.args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    for (const auto& e : plan.env) envp.push_back(const_cast<char*>(e.c_str()));
    envp.push_back(nullptr);
    const std::string& cmd = plan.args[0];
    // Whatever the caller had open (log files, sockets) must not leak into the container.
    ::syscall(SYS_close_range, 3, ~0U, CLOSE_RANGE_CLOEXEC);
    sendPhase(plan.channelFd, "exec_prepared");
    if (cmd.find('/') != std::string::npos) {
        ::execve(cmd.c_str(), argv.data(), envp.data());
        fail(plan.channelFd, Error::fromErrno("exec " + cmd));
    }
    int firstError = ENOENT;
    for (const auto& dir : plan.searchPath) {
        const std::string candidate = dir + "/" + cmd;
        ::execve(candidate.c_str(), argv.data(), envp.data());
        if (errno != ENOENT && errno != ENOTDIR && firstError == ENOENT) firstError = errno;
    }
    fail(plan.channelFd,
         Error::fromErrno("exec " + cmd + " (not found in the container's PATH)", firstError));
}

}  // namespace

void runInit(const InitPlan& plan) {
    const int ch = plan.channelFd;
    sendPhase(ch, "clone");
    ::prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
    resetSignals();
    for (int target = 0; target < 3; ++target)
        if (plan.stdio[target] >= 0 && ::dup2(plan.stdio[target], target) < 0)
            fail(ch, Error::fromErrno("attach stdio"));

    check(ch, joinCgroup(plan));
    sendPhase(ch, "cgroup_joined");

    if (!plan.hostname.empty()) check(ch, setHostname(plan.hostname.c_str()));
    if (plan.loopbackUp) check(ch, bringUpLoopback());
    sendPhase(ch, "namespaces_ready");

    auto root = mountRootfs(plan.rootfs);
    if (!root) fail(ch, root.error());
    sendPhase(ch, "rootfs_mounted");

    check(ch, pivotRoot(*root));
    sendPhase(ch, "pivot_root");

    if (plan.terminal) {
        auto master = openContainerConsole();
        if (!master) fail(ch, master.error());
        if (!sendFd(ch, *master)) ::_exit(127);
        ::close(*master);
        sendPhase(ch, "terminal");
    }

    check(ch, maskPaths());
    if (plan.readOnlyRoot) check(ch, makeRootReadOnly());
    sendPhase(ch, "masked_paths");

    if (::chdir(plan.cwd.c_str()) < 0) fail(ch, Error::fromErrno("chdir " + plan.cwd));
    check(ch, dropBoundingCapabilities(plan.capabilities, plan.lastCapability));
    check(ch, becomeUser(plan));
    check(ch, setCapabilities(plan.capabilities));
    if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) fail(ch, Error::fromErrno("set no_new_privs"));
    sendPhase(ch, "capabilities");

    if (plan.seccomp) check(ch, loadSeccompProgram(*plan.seccomp));
    sendPhase(ch, "seccomp_loaded");

    execWorkload(plan);
}

}  // namespace juxta::runtime

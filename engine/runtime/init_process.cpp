#include "runtime/init_process.h"

#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <cerrno>

#include "runtime/cgroup_files.h"
#include "runtime/child_channel.h"
#include "runtime/namespaces.h"
#include "runtime/network.h"
#include "runtime/rootfs.h"
#include "runtime/terminal.h"

namespace juxta::runtime {
namespace {

[[noreturn]] void fail(int channel, const Error& error) {
    failStep(channel, error, "container init");
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

}  // namespace

void runInit(const InitPlan& plan) {
    const int ch = plan.channelFd;
    sendPhase(ch, "clone");
    ::prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
    // Until the maps are written this process is nobody in its user namespace: no mount or
    // hostname may happen before.
    if (plan.waitForIdMapping && !waitContinue(ch)) ::_exit(127);  // the runtime says why
    // Not dumpable: no process of the container may open this one's /proc files (exe, mem, fd)
    // before it execs (the maps above had to be written while it was still dumpable).
    if (::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0) fail(ch, Error::fromErrno("make the init non-dumpable"));
    // A session of its own: no way to the caller's terminal (TIOCSTI into the caller's shell).
    // With a terminal, openContainerConsole() makes the session and its pty.
    if (!plan.terminal && ::setsid() < 0) fail(ch, Error::fromErrno("setsid"));
    resetSignals();
    for (int target = 0; target < 3; ++target)
        if (plan.stdio[target] >= 0 && ::dup2(plan.stdio[target], target) < 0)
            fail(ch, Error::fromErrno("attach stdio"));

    check(ch, joinCgroup(plan));
    sendPhase(ch, "cgroup_joined");

    if (!plan.hostname.empty()) check(ch, setHostname(plan.hostname.c_str()));
    if (plan.loopbackUp) check(ch, bringUpLoopback());
    if (plan.bridgeAddress) {
        if (!waitContinue(ch)) ::_exit(127);  // the runtime failed to plug the link in and says why
        check(ch, configureContainerLink(*plan.bridgeAddress));
    }
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

    hardenAndExec(plan.workload, ch, "container init");
}

}  // namespace juxta::runtime

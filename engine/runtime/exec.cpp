#include "runtime/exec.h"

#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

#include "runtime/cgroup_files.h"
#include "runtime/child_channel.h"
#include "runtime/foreground.h"
#include "runtime/namespaces.h"
#include "runtime/terminal.h"
#include "runtime/workload.h"

namespace juxta::runtime {
namespace {

constexpr const char* kContext = nullptr;  // the parent wraps: "exec in container NAME: ..."

// The child, between fork and exec: cgroup, namespaces, pty, then the workload's last steps.
[[noreturn]] void enterContainer(const ExecRequest& r, const WorkloadPlan& plan, int ch) {
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);  // the parent blocks the signals it forwards
    sendPhase(ch, "clone");
    // No terminal: a session of its own, so the caller's terminal is out of reach (TIOCSTI).
    if (!r.process.terminal && ::setsid() < 0) failStep(ch, Error::fromErrno("setsid"), kContext);
    // The cgroup first, by the host's paths, while this process still sees the host's mounts.
    for (const auto& file : r.cgroupJoinFiles)
        if (auto st = cgroupfs::writeFile(file, "0"); !st)
            failStep(ch, st.error().wrap("join cgroup"), kContext);
    sendPhase(ch, "cgroup_joined");
    // Joining the mount namespace also moves root and cwd to the container's root.
    if (::setns(r.initPidFd, CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNET | CLONE_NEWCGROUP) < 0)
        failStep(ch, Error::fromErrno("join the container's namespaces"), kContext);
    sendPhase(ch, "namespaces_ready");
    if (r.process.terminal) {
        auto master = openControllingPty();
        if (!master) failStep(ch, master.error(), kContext);
        if (!sendFd(ch, *master)) ::_exit(127);
        ::close(*master);
        sendPhase(ch, "terminal");
    }
    hardenAndExec(plan, ch, kContext);
}

}  // namespace

Result<ExitStatus> execInContainer(const ExecRequest& r) {
    const std::string context = "exec in container " + r.process.name;
    if (r.process.args.empty() || r.process.args[0].empty())
        return Error(EINVAL, context + ": no command given — add one after '--'");
    const WorkloadPlan plan = workloadPlanOf(r.process, &defaultSeccompProgram());
    ForwardedSignals signals;
    auto channel = makeChannel();
    if (!channel) return channel.error().wrap(context);
    // Only children enter a pid namespace: the process forked next is born in the container's.
    if (::setns(r.initPidFd, CLONE_NEWPID | (r.joinUserNamespace ? CLONE_NEWUSER : 0)) < 0)
        return Error::fromErrno(context + (r.joinUserNamespace ? ": join the user and pid namespaces"
                                                               : ": join the pid namespace"));
    // The child is born non-dumpable (dumpability is copied by fork): from its first instant in
    // the container's pid namespace until its exec, the container's processes cannot open its
    // /proc files (exe, mem, fd) — the way to the host's juxtactl (CVE-2019-5736).
    const int dumpable = ::prctl(PR_GET_DUMPABLE, 0, 0, 0, 0);
    if (::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
        return Error::fromErrno(context + ": make the child non-dumpable");
    auto child = cloneChild(0, -1);
    if (child && child->pid != 0 && dumpable > 0) ::prctl(PR_SET_DUMPABLE, dumpable, 0, 0, 0);
    if (!child) return child.error().wrap(context);
    if (child->pid == 0) {
        channel->parent.reset();
        enterContainer(r, plan, channel->child.get());
    }
    UniqueFd pidFd(child->pidFd);
    channel->child.reset();
    PhaseTimeline timeline;
    auto report = readUntilExec(channel->parent.get(), timeline);
    Status relayed = report ? relayUntilExit(pidFd.get(), report->ptyMaster.get(), signals) : Status();
    int status = 0;
    while (::waitpid(child->pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (!report) return report.error().wrap(context);
    if (!relayed) return relayed.error().wrap(context);
    return ExitStatus::fromWaitStatus(status);
}

}  // namespace juxta::runtime

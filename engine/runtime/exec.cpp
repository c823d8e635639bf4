#include "runtime/exec.h"

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <string>

#include "runtime/cgroup_files.h"
#include "runtime/child_channel.h"
#include "runtime/foreground.h"
#include "runtime/namespaces.h"
#include "runtime/terminal.h"
#include "runtime/workload.h"

namespace juxta::runtime {
namespace {

constexpr const char* kContext = nullptr;  // the parent wraps: "exec in container NAME: ..."

// The container's root as its init has it (/proc/PID/root), opened while this process still sees
// the host's /proc. Joining a mount namespace puts a process on whatever is mounted on the
// namespace's "/", which is the container's root only where the runtime's own root is that mount —
// not where it runs chrooted beside it (an initramfs, a build chroot), where an exec would run the
// image's command in the runtime's root. So the child goes to this root itself. The pidfd says
// afterwards whether the PID read from it was still the init's when the root was opened.
Result<UniqueFd> openInitRoot(int pidFd) {
    std::ifstream info("/proc/self/fdinfo/" + std::to_string(pidFd));
    long pid = -1;
    for (std::string line; std::getline(info, line);)
        if (line.rfind("Pid:", 0) == 0) pid = std::strtol(line.c_str() + 4, nullptr, 10);
    if (pid <= 0) return Error(ESRCH, "the container's init has ended");
    UniqueFd root(
        ::open(("/proc/" + std::to_string(pid) + "/root").c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
    if (!root) return Error::fromErrno("open the container's root");
    if (::syscall(SYS_pidfd_send_signal, pidFd, 0, nullptr, 0) < 0)
        return Error(ESRCH, "the container's init has ended");
    return root;
}

// The child, between fork and exec: cgroup, namespaces, pty, then the workload's last steps.
[[noreturn]] void enterContainer(const ExecRequest& r, const WorkloadPlan& plan, int rootFd, int ch) {
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
    if (::setns(r.initPidFd, CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNET | CLONE_NEWCGROUP) < 0)
        failStep(ch, Error::fromErrno("join the container's namespaces"), kContext);
    if (::fchdir(rootFd) < 0 || ::chroot(".") < 0 || ::chdir("/") < 0)
        failStep(ch, Error::fromErrno("enter the container's root"), kContext);
    ::close(rootFd);
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
    auto root = openInitRoot(r.initPidFd);
    if (!root) return root.error().wrap(context);
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
        enterContainer(r, plan, root->get(), channel->child.get());
    }
    UniqueFd pidFd(child->pidFd);
    channel->child.reset();
    PhaseTimeline timeline;
    auto report = readUntilExec(channel->parent.get(), timeline);
    // Without a terminal the child called setsid(): it leads a process group of its own.
    Status relayed = report ? relayUntilExit(pidFd.get(), report->ptyMaster.get(), signals,
                                             r.process.terminal ? 0 : child->pid)
                            : Status();
    int status = 0;
    while (::waitpid(child->pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (!report) return report.error().wrap(context);
    if (!relayed) return relayed.error().wrap(context);
    return ExitStatus::fromWaitStatus(status);
}

}  // namespace juxta::runtime

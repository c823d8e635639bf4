#include "runtime/workload.h"

#include <fcntl.h>
#include <grp.h>
#include <linux/close_range.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <string_view>

#include "runtime/child_channel.h"
#include "runtime/exec_trampoline.h"

namespace juxta::runtime {
namespace {

std::vector<std::string> searchPathOf(const std::vector<std::string>& env) {
    std::string path = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    for (const auto& e : env)
        if (e.rfind("PATH=", 0) == 0) path = e.substr(5);
    std::vector<std::string> dirs;
    for (std::size_t pos = 0; pos <= path.size();) {
        std::size_t colon = path.find(':', pos);
        if (colon == std::string::npos) colon = path.size();
        if (colon > pos) dirs.push_back(path.substr(pos, colon - pos));
        pos = colon + 1;
    }
    return dirs;
}

bool setgroupsDenied() {
    char text[8] = {};
    const int fd = ::open("/proc/self/setgroups", O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    const ssize_t n = ::read(fd, text, sizeof text - 1);
    ::close(fd);
    return n >= 4 && std::string_view(text, 4) == "deny";
}

Status becomeUser(const WorkloadPlan& plan) {
    // Keep permitted capabilities across setuid; exec then decides (a non-root user loses them).
    if (::prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0) return Error::fromErrno("keep capabilities");
    // A rootless container mapped without subordinate ids has setgroups denied (user_namespace.h):
    // its supplementary groups stay the user's, unmapped inside.
    if (::setgroups(0, nullptr) < 0 && !(errno == EPERM && setgroupsDenied()))
        return Error::fromErrno("setgroups");
    if (::setresgid(plan.gid, plan.gid, plan.gid) < 0)
        return Error::fromErrno("setgid " + std::to_string(plan.gid));
    if (::setresuid(plan.uid, plan.uid, plan.uid) < 0)
        return Error::fromErrno("setuid " + std::to_string(plan.uid));
    return {};
}

}  // namespace

WorkloadPlan workloadPlanOf(const ContainerSpec& spec, const SeccompProgram* seccomp) {
    WorkloadPlan plan;
    plan.cwd = spec.cwd;
    plan.uid = spec.uid;
    plan.gid = spec.gid;
    plan.capabilities = spec.capabilities ? CapabilitySet{*spec.capabilities} : dockerDefaultCapabilities();
    plan.lastCapability = lastCapability();
    plan.seccomp = seccomp;
    plan.args = spec.args;
    plan.env = spec.env;
    plan.searchPath = searchPathOf(spec.env);
    plan.rlimits = spec.rlimits;
    return plan;
}

void failStep(int channelFd, const Error& error, const char* context) {
    sendError(channelFd, context ? error.wrap(context) : error);
    ::_exit(127);
}

void hardenAndExec(const WorkloadPlan& plan, int ch, const char* context) {
    const auto check = [&](const Status& st) {
        if (!st) failStep(ch, st.error(), context);
    };
    // The workload is exec'd by a sealed trampoline, never by this clone of a host binary
    // (trampoline/exec_trampoline.cpp): made while nothing is dropped yet.
    auto trampoline = sealedExecTrampoline();
    if (!trampoline) failStep(ch, trampoline.error(), context);
    if (::chdir(plan.cwd.c_str()) < 0) failStep(ch, Error::fromErrno("chdir " + plan.cwd), context);
    for (const auto& l : plan.rlimits) {  // while still privileged: a hard limit may go up
        const rlimit value{l.soft, l.hard};
        if (::setrlimit(l.resource, &value) < 0)
            failStep(ch, Error::fromErrno("setrlimit " + std::to_string(l.resource)), context);
    }
    check(dropBoundingCapabilities(plan.capabilities, plan.lastCapability));
    check(becomeUser(plan));
    check(setCapabilities(plan.capabilities));
    if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
        failStep(ch, Error::fromErrno("set no_new_privs"), context);
    sendPhase(ch, "capabilities");

    if (plan.seccomp) check(loadSeccompProgram(*plan.seccomp));
    sendPhase(ch, "seccomp_loaded");

    const auto args = execTrampolineArgs(ch, context ? context : "", plan.searchPath, plan.args);
    std::vector<char*> argv, envp;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    for (const auto& e : plan.env) envp.push_back(const_cast<char*>(e.c_str()));
    envp.push_back(nullptr);
    // Whatever the caller had open (log files, sockets) must not leak into the container; the
    // channel alone stays open for the trampoline, which closes it on the workload's exec.
    ::syscall(SYS_close_range, 3, ~0U, CLOSE_RANGE_CLOEXEC);
    if (::fcntl(ch, F_SETFD, 0) < 0) failStep(ch, Error::fromErrno("keep the channel for the exec"), context);
    sendPhase(ch, "exec_prepared");
    ::syscall(SYS_execveat, trampoline->get(), "", argv.data(), envp.data(), AT_EMPTY_PATH);
    failStep(ch, Error::fromErrno("run the exec trampoline"), context);
}

}  // namespace juxta::runtime

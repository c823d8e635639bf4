#include "runtime/lifecycle/lifecycle.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <fstream>
#include <thread>

#include "core/read_file.h"
#include "core/unique_fd.h"
#include "runtime/exec.h"
#include "runtime/lifecycle/monitor.h"
#include "runtime/lifecycle/prune.h"
#include "runtime/network.h"
#include "runtime/overlay.h"
#include "runtime/process_stats.h"
#include "runtime/user_namespace.h"

namespace juxta::runtime {
namespace fs = std::filesystem;

namespace {

Result<ContainerState> liveState(const std::string& id) {
    ContainerState s = loadState(id);
    if (!instances::isLive(s.state)) return Error(ESRCH, "container " + id + " is not running");
    return s;
}

// Whether pid is still that container's init: its cgroup path names the id, or, for a rootless
// container (no cgroup), its parent is the container's monitor.
bool isInitOf(const std::string& id, const ContainerState& s) {
    const std::string proc = "/proc/" + std::to_string(s.pid);
    if (!hasCgroup(s)) {
        const std::string text = readFile(proc + "/stat").value_or("");
        const std::size_t close = text.rfind(')');
        int ppid = 0;
        return close != std::string::npos && std::sscanf(text.c_str() + close + 1, " %*c %d", &ppid) == 1 &&
               ppid == s.monitorPid;
    }
    return readFile(proc + "/cgroup").value_or("").find("/juxta/" + id) != std::string::npos;
}

// A pidfd of the container's init, after checking that the pid is still that container's, so a
// recycled pid is never signalled.
Result<UniqueFd> initPidFd(const std::string& id, const ContainerState& s) {
    UniqueFd fd(int(::syscall(SYS_pidfd_open, s.pid, 0)));
    if (!fd) return Error::fromErrno("container " + id + ": pidfd_open");
    if (!isInitOf(id, s)) return Error(ESRCH, "container " + id + " has exited");
    return fd;
}

// The cgroup that pause and resume freeze; a rootless container has none and says why.
Result<std::unique_ptr<Cgroup>> freezerOf(const std::string& id, const ContainerState& s) {
    if (hasCgroup(s)) return openCgroup(id, s.cgroupRoot);
    auto d = loadDefinition(id);
    return Error(ENOTSUP, pauseNeedsFreezer(d ? d->spec.name : id));
}

// Waits until the monitor has written the exit (or is gone).
Status waitForExitRecorded(const std::string& id, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (instances::isLive(loadState(id).state)) {
        if (std::chrono::steady_clock::now() > deadline)
            return Error(ETIMEDOUT, "container " + id + ": its monitor did not record the exit");
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return {};
}

}  // namespace

std::string InstanceStatus::describe() const {
    if (state.state == InstanceState::Exited && state.exit) return state.exit->describe();
    if (state.state == InstanceState::Crashed)
        return "crashed (its monitor ended without recording the exit: killed, or the host rebooted)";
    return std::string(toString(state.state));
}

Result<InstanceDefinition> createInstance(const ContainerSpec& spec, const std::string& image) {
    if (auto st = validate(spec); !st) return st.error().wrap("create container");
    if (spec.upperDir.empty())
        return Error(EINVAL, "create container: a kept container needs an on-disk layer");
    InstanceDefinition d{spec, image, instances::wallClockMs()};
    if (auto st = saveDefinition(d); !st) {
        std::error_code ec;
        fs::remove_all(spec.upperDir.parent_path(), ec);
        return st.error().wrap("create container " + spec.name);
    }
    return d;
}

Status startInstance(const std::string& id) {
    auto d = loadDefinition(id);
    if (!d) return d.error();
    if (instances::isLive(loadState(id).state))
        return Error(EBUSY, "container " + d->spec.name + " is already running");
    auto monitor = spawnMonitor(*d);
    if (!monitor) return monitor.error();
    return {};
}

Status killInstance(const std::string& id, int signal) {
    auto s = liveState(id);
    if (!s) return s.error();
    auto fd = initPidFd(id, *s);
    if (!fd) return fd.error();
    if (::syscall(SYS_pidfd_send_signal, fd->get(), signal, nullptr, 0) < 0)
        return Error::fromErrno("signal container " + id);
    return {};
}

Status stopInstance(const std::string& id, std::chrono::milliseconds timeout) {
    auto s = liveState(id);
    if (!s) return s.error();
    auto fd = initPidFd(id, *s);
    if (!fd) return fd.error();
    if (s->state == InstanceState::Paused) (void)resumeInstance(id);  // a frozen task cannot handle SIGTERM
    ::syscall(SYS_pidfd_send_signal, fd->get(), SIGTERM, nullptr, 0);
    pollfd p{fd->get(), POLLIN, 0};
    if (::poll(&p, 1, int(timeout.count())) == 0)
        ::syscall(SYS_pidfd_send_signal, fd->get(), SIGKILL, nullptr, 0);
    return waitForExitRecorded(id, std::chrono::seconds(5));
}

Status restartInstance(const std::string& id, std::chrono::milliseconds timeout) {
    if (instances::isLive(loadState(id).state))
        if (auto st = stopInstance(id, timeout); !st) return st.error().wrap("restart container " + id);
    return startInstance(id);
}

Result<ExitStatus> execInInstance(const std::string& id, const std::vector<std::string>& args,
                                  bool terminal) {
    auto d = loadDefinition(id);
    if (!d) return d.error();
    const std::string& name = d->spec.name;
    auto s = liveState(id);
    if (!s)
        return Error(ESRCH, "container " + name + " is not running — `juxtactl start " + name + "` first");
    if (s->state == InstanceState::Paused)  // a process joining a frozen cgroup would freeze at once
        return Error(EBUSY, "container " + name + " is paused — `juxtactl resume " + name + "` first");
    auto fd = initPidFd(id, *s);
    if (!fd) return fd.error();
    ExecRequest request{fd->get(), {}, d->spec};
    if (hasCgroup(*s)) {
        auto cg = openCgroup(id, s->cgroupRoot);
        if (!cg) return cg.error();
        request.cgroupJoinFiles = (*cg)->selfJoinFiles();
    }
    request.joinUserNamespace = inOtherUserNamespace(s->pid);
    request.process.args = args;
    request.process.terminal = terminal;
    if (terminal && std::none_of(request.process.env.begin(), request.process.env.end(),
                                 [](const std::string& e) { return e.rfind("TERM=", 0) == 0; }))
        request.process.env.push_back("TERM=xterm");
    return execInContainer(request);
}

Status pauseInstance(const std::string& id) {
    auto s = liveState(id);
    if (!s) return s.error();
    auto cg = freezerOf(id, *s);
    if (!cg) return cg.error();
    if (auto st = (*cg)->freeze(); !st) return st.error().wrap("pause container " + id);
    std::ofstream(stateDirOf(id) / "paused") << "";
    return {};
}

Status resumeInstance(const std::string& id) {
    auto s = liveState(id);
    if (!s) return s.error();
    auto cg = freezerOf(id, *s);
    if (!cg) return cg.error();
    if (auto st = (*cg)->thaw(); !st) return st.error().wrap("resume container " + id);
    std::error_code ec;
    fs::remove(stateDirOf(id) / "paused", ec);
    return {};
}

Result<CgroupStats> instanceStats(const std::string& id) {
    auto s = liveState(id);
    if (!s) return s.error();
    if (!hasCgroup(*s)) {
        if (!isInitOf(id, *s)) return Error(ESRCH, "container " + id + " has exited");
        return processTreeStats(s->pid);
    }
    auto cg = openCgroup(id, s->cgroupRoot);
    if (!cg) return cg.error();
    return (*cg)->stats();
}

Status removeInstance(const std::string& id, bool force) {
    auto d = loadDefinition(id);
    if (!d) return d.error();
    if (instances::isLive(loadState(id).state)) {
        if (!force)
            return Error(EBUSY, "container " + d->spec.name + " is running — stop it first, or rm -f");
        (void)killInstance(id, SIGKILL);
        (void)resumeInstance(id);
        if (auto st = waitForExitRecorded(id, std::chrono::seconds(5)); !st) return st;
    }
    // What a monitor (or a starter) killed outright left: its processes, cgroup, veth, sockets.
    if (auto st = reclaimIfOrphaned(id); !st) return st.error().wrap("remove container " + d->spec.name);
    if (const ContainerState s = loadState(id); hasCgroup(s))
        if (auto cg = openCgroup(id, s.cgroupRoot); cg) (void)(*cg)->destroy();
    releaseAddress(id);
    std::error_code ec;
    // The definition goes first, so a crash half-way leaves no container that looks whole.
    fs::remove(d->spec.upperDir.parent_path() / "container.json", ec);
    if (auto st = removeWritableLayer(d->spec.upperDir, d->spec.workDir); !st) return st;
    for (const fs::path& p : {d->spec.upperDir.parent_path(), stateDirOf(id), logFileOf(id)}) {
        fs::remove_all(p, ec);
        if (ec) return Error(ec.value(), "remove " + p.string() + ": " + ec.message());
    }
    return {};
}

Result<InstanceStatus> instanceStatus(const std::string& id) {
    auto d = loadDefinition(id);
    if (!d) return d.error();
    return InstanceStatus{*d, loadState(id)};
}

Result<std::vector<InstanceStatus>> listInstances() {
    auto all = listDefinitions();
    if (!all) return all.error();
    std::vector<InstanceStatus> out;
    for (auto& d : *all) {
        ContainerState s = loadState(d.spec.id);
        out.push_back({std::move(d), std::move(s)});
    }
    return out;
}

}  // namespace juxta::runtime

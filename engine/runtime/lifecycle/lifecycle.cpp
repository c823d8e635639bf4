#include "runtime/lifecycle/lifecycle.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>

#include "core/read_file.h"
#include "core/unique_fd.h"
#include "instances/restart.h"
#include "runtime/exec.h"
#include "runtime/layout.h"
#include "runtime/lifecycle/monitor.h"
#include "runtime/lifecycle/prune.h"
#include "runtime/lifecycle/volumes.h"
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
Result<std::unique_ptr<Cgroup>> freezerOf(const std::string& id) {
    const ContainerState s = loadState(id);
    if (hasCgroup(s)) return openCgroup(id, s.cgroupRoot);
    auto d = loadDefinition(id);
    return Error(ENOTSUP, pauseNeedsFreezer(d ? d->spec.name : id));
}

// Containers as the shared lifecycle sees them (instances/lifecycle.h).
class Containers final : public instances::Kind {
  public:
    InstanceKind kind() const override { return InstanceKind::Container; }
    const char* noun() const override { return "container"; }
    Result<std::string> nameOf(const std::string& id) const override {
        auto d = loadDefinition(id);
        if (!d) return d.error();
        return d->spec.name;
    }
    instances::StateRecord record(const std::string& id) const override { return loadState(id); }
    Status launch(const std::string& id) const override {
        auto d = loadDefinition(id);
        if (!d) return d.error();
        auto monitor = spawnMonitor(*d);
        if (!monitor) return monitor.error();
        return {};
    }
    // Its stop signal (SIGTERM unless the image or --stop-signal says otherwise) to its init,
    // SIGKILL after the grace period.
    Status end(const std::string& id, std::chrono::milliseconds grace) const override {
        auto s = liveState(id);
        if (!s) return s.error();
        auto fd = initPidFd(id, *s);
        if (!fd) return fd.error();
        const auto d = loadDefinition(id);
        const int first = d ? d->spec.stopSignal : SIGTERM;
        ::syscall(SYS_pidfd_send_signal, fd->get(), first, nullptr, 0);
        pollfd p{fd->get(), POLLIN, 0};
        if (::poll(&p, 1, int(grace.count())) == 0)
            ::syscall(SYS_pidfd_send_signal, fd->get(), SIGKILL, nullptr, 0);
        return {};
    }
    Status freeze(const std::string& id) const override {
        auto cg = freezerOf(id);
        if (!cg) return cg.error();
        return (*cg)->freeze();
    }
    Status thaw(const std::string& id) const override {
        auto cg = freezerOf(id);
        if (!cg) return cg.error();
        return (*cg)->thaw();
    }
    Status reclaimIfOrphaned(const std::string& id) const override { return runtime::reclaimIfOrphaned(id); }
    Status release(const std::string& id) const override {
        if (const ContainerState s = loadState(id); hasCgroup(s))
            if (auto cg = openCgroup(id, s.cgroupRoot); cg) (void)(*cg)->destroy();
        releaseAddress(id);
        return {};
    }
    // The writable layer, where containerPaths() puts it (never where a definition file says), and
    // the volumes it owns (its image's VOLUMEs; `rm --keep-volumes` gave them up before).
    Status removeData(const std::string& id) const override {
        const ContainerPaths where = containerPaths(id, /*ephemeral=*/false);
        if (Status st = removeWritableLayer(where.upper, where.work); !st) return st;
        return removeVolumesOf(id);
    }
};

}  // namespace

const instances::Kind& containers() {
    static const Containers kind;
    return kind;
}

std::string InstanceStatus::describe() const {
    if (state.state == InstanceState::Exited && state.exit)
        return state.exit->describe() + (restarting ? " (restarting)" : "");
    if (state.state == InstanceState::Crashed)
        return "crashed (its monitor ended without recording the exit: killed, or the host rebooted)";
    if (health && state.state == InstanceState::Running)
        return std::string(toString(state.state)) + " (" + toString(health->status) + ")";
    return std::string(toString(state.state));
}

Result<InstanceDefinition> createInstance(const ContainerSpec& spec, const std::string& image,
                                          std::optional<HealthCheck> health, const std::string& restart) {
    if (auto st = validate(spec); !st)
        return (void)removeVolumesOf(spec.id), st.error().wrap("create container");
    // An in-memory writable layer is for a container that goes when it ends (run --rm).
    const bool ephemeral = spec.upperDir.empty();
    auto policy = instances::parseRestartPolicy(restart);
    if (!policy) return (void)removeVolumesOf(spec.id), policy.error().wrap("create container");
    if (ephemeral && policy->mode != instances::RestartPolicy::Mode::No)
        return (void)removeVolumesOf(spec.id),
               Error(EINVAL,
                     "create container: --rm and a restart policy: one ends it, the other brings it back");
    // On failure nothing stays: the layer, and the volumes resolveRequest made for it.
    const auto dropLayer = [&] {
        std::error_code ec;
        if (!ephemeral) fs::remove_all(spec.upperDir.parent_path(), ec);
        (void)removeVolumesOf(spec.id);
    };
    // A name names one container (as a VM's names one VM): `start web` must not pick one of two.
    if (!spec.name.empty()) {
        auto all = listDefinitions();
        if (!all) return dropLayer(), all.error().wrap("create container " + spec.name);
        for (const InstanceDefinition& other : *all)
            if (other.spec.name == spec.name)
                return dropLayer(), Error(EEXIST, "a container named " + spec.name +
                                                      " exists already; pick another name or remove it");
    }
    InstanceDefinition d{spec,
                         image,
                         instances::wallClockMs(),
                         std::move(health),
                         ephemeral,
                         ephemeral ? identityOf(::getpid()) : std::nullopt,
                         instances::toString(*policy)};
    if (auto st = saveDefinition(d); !st) {
        dropLayer();
        return st.error().wrap("create container " + spec.name);
    }
    return d;
}

Status killInstance(const std::string& id, int signal) {
    auto s = liveState(id);
    if (!s) return s.error();
    auto fd = initPidFd(id, *s);
    if (!fd) return fd.error();
    // As Docker's kill: whatever it ends, no restart policy brings it back (until its next start).
    instances::noteStopAsked(InstanceKind::Container, id);
    if (::syscall(SYS_pidfd_send_signal, fd->get(), signal, nullptr, 0) < 0)
        return Error::fromErrno("signal container " + id);
    return {};
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

namespace {

InstanceStatus statusOf(InstanceDefinition d) {
    InstanceStatus status{std::move(d), {}, std::nullopt};
    status.state = loadState(status.definition.spec.id);
    status.restarting = status.state.state == InstanceState::Exited &&
                        instances::restartPending(InstanceKind::Container, status.definition.spec.id);
    if (status.definition.health && status.state.state == InstanceState::Running)
        status.health = loadHealth(status.definition.spec.id);
    return status;
}

}  // namespace

Result<InstanceStatus> instanceStatus(const std::string& id) {
    auto d = loadDefinition(id);
    if (!d) return d.error();
    return statusOf(std::move(*d));
}

Result<std::vector<InstanceStatus>> listInstances() {
    auto all = listDefinitions();
    if (!all) return all.error();
    std::vector<InstanceStatus> out;
    for (auto& d : *all) out.push_back(statusOf(std::move(d)));
    return out;
}

}  // namespace juxta::runtime

#include "runtime/container.h"

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/file.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

#include "core/log.h"
#include "core/paths.h"
#include "runtime/cgroup_none.h"
#include "runtime/child_channel.h"
#include "runtime/devices.h"
#include "runtime/init_process.h"
#include "runtime/namespaces.h"
#include "runtime/network.h"
#include "runtime/overlay.h"
#include "runtime/process_stats.h"
#include "runtime/user_namespace.h"

namespace juxta::runtime {
namespace fs = std::filesystem;

namespace {

Status makeDirs(const fs::path& dir, mode_t mode) {
    std::error_code ec;
    if (fs::is_directory(dir, ec)) return {};  // the common case: one stat, no metadata write
    return paths::createPrivateDirs(dir, mode);
}

}  // namespace

std::string ExitStatus::describe() const {
    if (oomKilled) return "OOM-killed (memory limit)";
    if (signal) return "killed by signal " + std::to_string(signal) + " (SIG" + sigabbrev_np(signal) + ")";
    return "exited " + std::to_string(code);
}

ExitStatus ExitStatus::fromWaitStatus(int waitStatus) {
    ExitStatus e;
    if (WIFEXITED(waitStatus)) e.code = WEXITSTATUS(waitStatus);
    if (WIFSIGNALED(waitStatus)) e.signal = WTERMSIG(waitStatus);
    return e;
}

Result<std::unique_ptr<Container>> Container::start(const ContainerSpec& spec, const StartOptions& options) {
    const std::string context = "start container " + (spec.name.empty() ? spec.id : spec.name);
    if (auto st = validate(spec); !st) return st.error().wrap(context);
    std::unique_ptr<Container> c(new Container());
    c->spec_ = spec;
    c->options_ = options;
    c->timeline_ = options.timeline;
    auto record = ResourceRecord::create(spec.id);
    if (!record) return record.error().wrap(context);
    c->record_ = std::move(*record);
    if (!spec.ports.empty()) {  // first: a host port in use refuses the container before anything is made
        auto relay = PortRelay::listen(spec.ports);
        if (!relay) return relay.error().wrap(context);
        c->portRelay_ = std::move(relay.value());
    }
    // In-memory layer: upper, work and the merged root live in a tmpfs mounted at mountBase.
    const bool memoryLayer = spec.upperDir.empty();
    const fs::path upper = memoryLayer ? spec.mountBase / "upper" : spec.upperDir;
    const fs::path work = memoryLayer ? spec.mountBase / "work" : spec.workDir;
    const bool userNamespace = rootless();
    auto overlay = overlayOptions(spec.layers, upper, work, userNamespace);
    if (!overlay) return overlay.error().wrap(context);
    // Parents owner-only; the upper dir's mode is the container's "/" (0755), work's is overlay's.
    for (const fs::path* dir : {&spec.mountBase, &spec.upperDir, &spec.workDir})
        if (!dir->empty())
            if (auto st = makeDirs(*dir, dir == &spec.upperDir ? 0755 : 0700); !st)
                return st.error().wrap(context);
    // Held until cleanup: the image store removes no layer a running container uses
    // (images/image_removal.h).
    for (const auto& layer : spec.layers) {
        UniqueFd fd(::open(layer.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
        if (!fd || ::flock(fd.get(), LOCK_SH) < 0)
            return Error::fromErrno("layer " + layer.string()).wrap(context);
        c->layerLocks_.push_back(std::move(fd));
    }
    if (spec.network == Network::Bridge) {
        if (auto st = c->record_.noteLease(spec.upperDir.empty()); !st) return st.error().wrap(context);
        auto address = leaseAddress(spec.id);
        if (!address) return address.error().wrap(context);
        c->address_ = *address;
    }
    IdMapping idMapping;
    if (userNamespace) {
        idMapping = planIdMapping();
        c->userNamespace_ = idMapping.describe();
        log::get("runtime")->debug("container {}: rootless, {}", spec.id, c->userNamespace_);
        if (spec.uid != 0 && !idMapping.mapsUid(spec.uid))
            return Error(EINVAL, context + ": user " + std::to_string(spec.uid) +
                                     " does not exist in this rootless container: " + idMapping.describe());
        if (spec.gid != 0 && !idMapping.mapsGid(spec.gid))
            return Error(EINVAL, context + ": group " + std::to_string(spec.gid) +
                                     " does not exist in this rootless container: " + idMapping.describe());
    }
    c->timeline_.mark("prepare");

    // Rootless: no cgroup (checkRootlessSpec() refused limits); the user namespace keeps devices
    // out instead of the device rules (no mknod of real devices, /dev nodes are bind mounts), and
    // the container is measured from its processes.
    if (userNamespace) {
        Container* self = c.get();
        c->cgroup_ = std::make_unique<NoCgroup>(spec.name, [self]() -> Result<CgroupStats> {
            if (self->exit_) return Error(ESRCH, "container " + self->spec_.id + " has exited");
            return processTreeStats(self->pid_);
        });
    } else {
        if (auto st = c->record_.noteCgroup(options.cgroupRoot); !st) return st.error().wrap(context);
        auto cgroup = createCgroup(spec.id, options.cgroupRoot);
        if (!cgroup) return cgroup.error().wrap(context);
        c->cgroup_ = std::move(cgroup.value());
    }
    if (auto st = c->cgroup_->setLimits(spec.limits); !st) return st.error().wrap(context);
    if (auto st = c->cgroup_->restrictDevices(allowedDeviceRules()); !st) return st.error().wrap(context);
    if (c->hasCgroup()) c->timeline_.mark("cgroup_created");

    const SeccompProgram* seccomp = options.seccomp ? &defaultSeccompProgram() : nullptr;
    c->timeline_.mark("seccomp_compiled");

    auto channel = makeChannel();
    if (!channel) return channel.error().wrap(context);
    const int cgroupFd = c->cgroup_->directoryFd();  // v2: the child starts inside it
    InitPlan plan;
    plan.channelFd = channel->child.get();
    if (cgroupFd < 0) plan.cgroupJoinFiles = c->cgroup_->selfJoinFiles();  // v1; none without a cgroup
    plan.unshareCgroupNamespace = cgroupFd < 0 && c->hasCgroup();
    plan.waitForIdMapping = userNamespace;
    plan.hostname = spec.hostname.empty() ? spec.id.substr(0, 12) : spec.hostname;
    plan.loopbackUp = spec.network != Network::None;
    plan.bridgeAddress = c->address_;
    plan.rootfs = {spec.mountBase, memoryLayer, std::move(overlay.value()), spec.mounts, userNamespace};
    plan.readOnlyRoot = spec.readOnlyRoot;
    plan.terminal = spec.terminal;
    plan.stdio[0] = options.stdinFd;
    plan.stdio[1] = options.stdoutFd;
    plan.stdio[2] = options.stderrFd;
    plan.workload = workloadPlanOf(spec, seccomp);

    const unsigned long flags =
        userNamespace ? namespaceFlags(true) | CLONE_NEWUSER : namespaceFlags(cgroupFd >= 0);
    auto child = cloneChild(flags, cgroupFd);
    if (!child) return child.error().wrap(context);
    if (child->pid == 0) {
        channel->parent.reset();
        runInit(plan);
    }
    c->pid_ = child->pid;
    c->pidFd_.reset(child->pidFd);
    channel->child.reset();
    auto keeper = Keeper::watch(c->pidFd_.get());
    if (!keeper) return keeper.error().wrap(context);
    c->keeper_ = std::move(*keeper);
    if (auto st = c->record_.noteInit(c->pid_); !st) return st.error().wrap(context);
    if (userNamespace) {
        if (auto st = writeIdMapping(c->pid_, idMapping); !st) return st.error().wrap(context + ": map ids");
        if (!sendContinue(channel->parent.get()))
            return Error(ECHILD, context + ": the container's init is gone");
        c->timeline_.mark("ids_mapped");
    }
    if (c->address_) {
        if (auto st = c->record_.noteVeth(); !st) return st.error().wrap(context);
        if (auto st = plugIntoBridge(spec.id, c->pid_); !st) return st.error().wrap(context);
        if (!sendContinue(channel->parent.get()))
            return Error(ECHILD, context + ": the container's init is gone");
        c->timeline_.mark("network_plugged");
    }

    auto report = readUntilExec(channel->parent.get(), c->timeline_);
    if (!report) return report.error().wrap(context);  // the destructor kills, reaps and removes
    c->ptyMaster_ = std::move(report->ptyMaster);
    if (c->portRelay_)
        if (auto st = c->portRelay_->start(*c->address_); !st) return st.error().wrap(context);
    c->timeline_.mark("exec");
    log::get("runtime")->debug("container {} started as pid {} in {:.2f} ms", spec.id, c->pid_,
                               c->timeline_.totalMs());
    return c;
}

Container::~Container() {
    if (auto st = cleanup(); !st)
        log::get("runtime")->warn("clean up container {}: {}", spec_.id, st.error().message());
}

Result<CgroupStats> Container::stats() const {
    return cgroup_->stats();
}

Status Container::pause() {
    return cgroup_->freeze();
}

Status Container::resume() {
    return cgroup_->thaw();
}

Status Container::kill(int signal) {
    if (exit_) return Error(ESRCH, "container " + spec_.id + " is not running");
    if (::syscall(SYS_pidfd_send_signal, pidFd_.get(), signal, nullptr, 0) < 0)
        return Error::fromErrno("signal container " + spec_.id);
    return {};
}

ExitStatus Container::decode(int waitStatus) const {
    ExitStatus e = ExitStatus::fromWaitStatus(waitStatus);
    if (e.signal == SIGKILL && hasCgroup())  // only a cgroup counts OOM kills
        if (auto s = cgroup_->stats(); s && s->oomKills > 0) e.oomKilled = true;
    return e;
}

Result<ExitStatus> Container::wait() {
    if (exit_) return *exit_;
    int status = 0;
    for (;;) {
        if (::waitpid(pid_, &status, 0) == pid_) break;
        if (errno != EINTR) return Error::fromErrno("wait for container " + spec_.id);
    }
    exit_ = decode(status);
    return *exit_;
}

Result<std::optional<ExitStatus>> Container::poll() {
    if (exit_) return std::optional<ExitStatus>(*exit_);
    int status = 0;
    const pid_t r = ::waitpid(pid_, &status, WNOHANG);
    if (r < 0) return Error::fromErrno("wait for container " + spec_.id);
    if (r == 0) return std::optional<ExitStatus>();
    exit_ = decode(status);
    return std::optional<ExitStatus>(*exit_);
}

Status Container::cleanup() {
    if (cleanedUp_) return {};
    Status result;
    if (pid_ > 0 && !exit_) {
        ::syscall(SYS_pidfd_send_signal, pidFd_.get(), SIGKILL, nullptr, 0);
        if (auto st = wait(); !st) result = st.error();
    }
    keeper_.release();
    portRelay_.reset();  // closes the listeners and every relayed connection
    ptyMaster_.reset();
    layerLocks_.clear();
    if (address_) {
        if (auto st = unplugFromBridge(spec_.id); !st && result) result = st;
        if (spec_.upperDir.empty()) releaseAddress(spec_.id);  // an ephemeral container's lease ends with it
    }
    if (cgroup_)  // null only when start() failed before choosing a backend
        if (auto st = cgroup_->destroy(); !st && result) result = st;
    // Mounts died with the mount namespace; an in-memory writable layer with them.
    if (options_.removeWritableLayer && !spec_.upperDir.empty())
        if (auto st = removeWritableLayer(spec_.upperDir, spec_.workDir); !st && result) result = st;
    if (result) record_.remove();  // else kept: `rm` and `system prune` try again
    cleanedUp_ = true;
    return result;
}

}  // namespace juxta::runtime

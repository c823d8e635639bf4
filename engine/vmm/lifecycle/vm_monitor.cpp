#include "vmm/lifecycle/vm_monitor.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <memory>
#include <optional>
#include <thread>

#include "core/bounded_json.h"
#include "core/json_reader.h"
#include "core/keeper.h"
#include "core/log.h"
#include "core/owner_record.h"
#include "core/paths.h"
#include "core/read_file.h"
#include "core/unique_fd.h"
#include "guest/tiny_linux.h"
#include "images/image_store.h"
#include "instances/console/protocol.h"
#include "instances/console/server.h"
#include "instances/detached.h"
#include "instances/history.h"
#include "instances/restart.h"
#include "metrics/recorder.h"
#include "runtime/lifecycle/volumes.h"
#include "runtime/network.h"
#include "runtime/port_relay.h"
#include "vmm/config.h"
#include "vmm/lifecycle/image_disk.h"
#include "vmm/lifecycle/vm_counters.h"
#include "vmm/lifecycle/vm_lifecycle.h"
#include "vmm/lifecycle/vm_prune.h"
#include "vmm/lifecycle/vm_service.h"
#include "vmm/lifecycle/vm_state.h"

extern "C" char** environ;

namespace juxta::vmm {
namespace fs = std::filesystem;

namespace {

constexpr auto kStartTimeout = std::chrono::seconds(60);  // building the VM, extracting a vmlinux once

// How juxta-vmm ended, from its --stats file (engine/vmm/README.md): the guest's stop, or the error
// that kept it from running. Only juxta-vmm writes the file; a missing or unreadable one says so.
struct VmmEnd {
    std::string stopKind, stopReason;
    std::optional<Error> error;
};

VmmEnd readVmmEnd(const fs::path& statsFile) {
    VmmEnd end;
    auto j = readBoundedJsonFile(statsFile, kStateJsonLimits, "juxta-vmm's end record");
    if (!j) {
        end.stopReason = "juxta-vmm recorded no end (" + j.error().message() + ")";
        return end;
    }
    const JsonReader r(*j, "juxta-vmm's end record " + statsFile.string());
    if (const JsonReader e = r.field("error"); e.present()) {
        const int code = e.integer<int>("errno", 0);
        end.error = Error(code > 0 ? code : ECHILD, e.string("message", "juxta-vmm failed"));
    } else if (const JsonReader stop = r.field("stop"); stop.present()) {
        end.stopKind = stop.string("kind", "");
        end.stopReason = stop.string("reason", "");
    }
    if (Status ok = r.status(); !ok) {
        end = VmmEnd{};
        end.stopReason = ok.error().message();
    }
    return end;
}

bool socketAnswers(const fs::path& path) {
    auto fd = console::connectSocket(path);
    return bool(fd);
}

// A pty whose slave juxta-vmm takes as stdin/stdout: raw, so the guest's serial bytes pass as
// they are (the guest's own tty does the echo and line editing).
Result<std::pair<UniqueFd, UniqueFd>> openRawPty() {
    UniqueFd master(::posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC));
    if (!master || ::grantpt(master.get()) < 0 || ::unlockpt(master.get()) < 0)
        return Error::fromErrno("console: open a pty");
    char name[128];
    if (::ptsname_r(master.get(), name, sizeof name) != 0) return Error::fromErrno("console: ptsname");
    UniqueFd slave(::open(name, O_RDWR | O_NOCTTY | O_CLOEXEC));
    if (!slave) return Error::fromErrno(std::string("console: open ") + name);
    termios t{};
    if (::tcgetattr(slave.get(), &t) == 0) {
        ::cfmakeraw(&t);
        ::tcsetattr(slave.get(), TCSANOW, &t);
    }
    return std::pair{std::move(master), std::move(slave)};
}

Result<pid_t> spawnVmm(const std::vector<std::string>& args, int slave, int errFd) {
    const std::string program = vmmExecutable().string();
    std::vector<char*> argv{const_cast<char*>(program.c_str())};
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, slave, STDIN_FILENO);
    posix_spawn_file_actions_adddup2(&actions, slave, STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, errFd, STDERR_FILENO);
    pid_t pid = 0;
    const int rc = posix_spawn(&pid, program.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) return Error::fromErrno("start " + program, rc);
    return pid;
}

// Waits until juxta-vmm's control socket answers (true) or juxta-vmm ends first (false).
bool waitUntilServing(const fs::path& api, int pidFd) {
    const auto deadline = std::chrono::steady_clock::now() + kStartTimeout;
    while (std::chrono::steady_clock::now() < deadline) {
        pollfd p{pidFd, POLLIN, 0};
        if (::poll(&p, 1, 10) > 0) return false;
        if (fs::exists(api) && socketAnswers(api)) return true;
    }
    return false;
}

int waitStatus(pid_t pid) {
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace

Result<BootFiles> resolveBootFiles(const VmDefinition& d) {
    if (bootsOciImage(d)) {
        auto tiny = guest::ensureTinyLinux({});
        if (!tiny) return tiny.error().wrap("image tiny-linux (the kernel and agent of every VM)");
        images::ImageStore store = images::ImageStore::atDefaultLocation();
        auto image = store.resolve(d.image);
        if (!image) return image.error().wrap("VM image " + d.image);
        auto disk = ensureImageDisk(store, *image);
        if (!disk) return disk.error();
        const fs::path rw = writableDiskOf(d.id);
        std::error_code ec;
        if (!fs::exists(rw, ec))  // a persistent VM keeps its disk from one start to the next
            if (Status s = makeWritableDisk(rw, d.writableDiskMiB << 20); !s) return s.error();
        // The agent reads these from /proc/cmdline: the number of layers on vda, the VM's name.
        const std::string cmdline =
            (d.cmdline.empty() ? tiny->cmdline : d.cmdline) +
            imageRootCmdline(image->layerDirs.size(), d.name.empty() ? d.id : d.name) +
            (d.service ? " juxta.shell=0" : "");  // its console is its service's
        // A service's volumes: disk i of the definition (vd c, d, ...) at its path in the root.
        std::string volumes;
        if (d.service)
            for (std::size_t i = 0; i < d.service->volumes.size(); ++i)
                volumes += " juxta.vol" + std::to_string(i + 2) + "=" + d.service->volumes[i];
        return BootFiles{tiny->kernel.string(),
                         tiny->initrd.string(),
                         cmdline + volumes,
                         /*pvh=*/true,
                         {{disk->string(), true}, {rw.string(), false}},
                         {}};
    }
    if (d.image == kTinyLinux) {
        auto image = guest::ensureTinyLinux({});
        if (!image) return image.error().wrap("image tiny-linux");
        std::string cmdline = d.cmdline.empty() ? image->cmdline : d.cmdline;
        // --root: the agent mounts it (read-only where its disk is) and runs the host's commands in it.
        if (!d.root.empty()) {
            const std::size_t disk = std::size_t(d.root[7] - 'a');  // checked by validate()
            const bool readOnly = disk < d.disks.size() && d.disks[disk].readOnly;
            cmdline += " juxta.root=" + d.root + (readOnly ? ":ro" : "") +
                       " juxta.hostname=" + (d.name.empty() ? d.id : d.name);
        }
        return BootFiles{image->kernel.string(),
                         image->initrd.string(),
                         cmdline,
                         /*pvh=*/true,
                         {},
                         {}};
    }
    return BootFiles{d.kernel, d.initrd, d.cmdline, /*pvh=*/false, {}, {}};
}

std::vector<std::string> vmmArguments(const VmDefinition& d, const BootFiles& boot) {
    const fs::path dir = vmStateDirOf(d.id);
    VmConfig c;
    c.kernel = boot.kernel;
    c.initrd = boot.initrd;
    if (!boot.cmdline.empty()) c.cmdline = boot.cmdline;
    if (boot.pvh) {
        c.boot = BootMethod::Pvh;
        c.kernelCache = (paths::dataDir() / "kernel-cache").string();
    }
    c.memoryMiB = d.memoryMiB;
    c.vcpus = d.vcpus;
    c.disks = boot.disks;
    c.disks.insert(c.disks.end(), d.disks.begin(), d.disks.end());
    c.nets = boot.nets;
    c.vsock = agentOverVsock(d);  // the agent over vsock where the guest loads drivers anyway
    c.console = "stdio";
    c.agent = (dir / "agent.log").string();
    c.api = vmApiSocketOf(d.id).string();
    c.statsFile = vmStatsFileOf(d.id).string();
    c.timingsFile = vmTimingsFileOf(d.id).string();
    c.force = d.force;
    return toArgs(c);
}

fs::path vmMonitorExecutable() {
    return detached::helperExecutable("juxta-vm-monitor", "JUXTA_VM_MONITOR", JUXTA_VM_MONITOR_INSTALLED);
}

fs::path vmmExecutable() {
    return detached::helperExecutable("juxta-vmm", "JUXTA_VMM", JUXTA_VMM_INSTALLED);
}

void runVmMonitor(const VmDefinition& d, int reportFd) {
    detached::detachFromStarter(reportFd);
    // A start that fails leaves the VM as it was: defined, not started, no runtime files.
    const auto fail = [&](const Error& e) {
        std::error_code ignored;
        if (d.network == "bridge") (void)runtime::unplugFromBridge(d.id);  // a tap made before the failure
        fs::remove_all(vmStateDirOf(d.id), ignored);
        detached::reportError(reportFd, e);
        ::_exit(1);
    };
    // What a monitor killed outright left of an earlier start goes first (vm_prune.h).
    if (auto st = reclaimVmIfOrphaned(d.id); !st) fail(st.error());
    auto boot = resolveBootFiles(d);
    if (!boot) fail(boot.error());
    auto dir = paths::ensureDir(vmStateDirOf(d.id));
    if (!dir) fail(dir.error());
    std::error_code ec;
    for (const char* stale : {"api.sock", "console.sock", "timings.json", "stats.json", "vmm.err",
                              "agent.log", "paused", "health.json"})
        fs::remove(*dir / stale, ec);
    auto log = instances::openLog(InstanceKind::Vm, d.id);
    if (!log) fail(log.error());
    const fs::path errFile = *dir / "vmm.err";
    UniqueFd err(::open(errFile.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600));
    if (!err) fail(Error::fromErrno("open " + errFile.string()));
    auto pty = openRawPty();
    if (!pty) fail(pty.error());
    auto& [master, slave] = *pty;

    // Before anything of the VM's is made: what it will be, for a prune if this monitor is killed.
    auto record = OwnerRecord::create(*dir / vmResourceRecordName());
    if (!record) fail(record.error());
    if (auto st = record->note("socket", vmApiSocketOf(d.id).string()); !st) fail(st.error());
    if (auto st = record->note("socket", vmConsoleSocketOf(d.id).string()); !st) fail(st.error());
    // --net bridge: a tap on juxta0 and an address from the containers' pool (kept until rm).
    std::optional<runtime::Ipv4> leased;
    if (d.network == "bridge") {
        auto address = runtime::leaseAddress(d.id);
        if (!address) fail(address.error().wrap("VM " + d.id + ": an address on " + runtime::kBridgeName));
        if (auto st = record->note("link", runtime::hostLinkName(d.id)); !st) fail(st.error());
        if (auto st = runtime::plugTapIntoBridge(d.id); !st) fail(st.error());
        boot->nets.push_back({runtime::hostLinkName(d.id),
                              address->toString() + "/" + std::to_string(runtime::kBridgePrefixLength),
                              runtime::bridgeGateway().toString()});
        leased = *address;
    }
    // --publish: listening before the VM starts (a port in use refuses it), relayed to its address.
    std::unique_ptr<runtime::PortRelay> relay;
    if (!d.publish.empty()) {
        if (!leased)
            fail(Error(EINVAL, "VM " + d.id + ": --publish needs the VM on the bridge (--net bridge)"));
        std::vector<runtime::PublishedPort> ports;
        for (const std::string& p : d.publish) {
            auto port = runtime::parsePublishedPort(p);
            if (!port) fail(port.error());
            ports.push_back(*port);
        }
        auto listening = runtime::PortRelay::listen(ports);
        if (!listening) fail(listening.error());
        relay = std::move(*listening);
        if (auto st = relay->start(*leased); !st) fail(st.error());
    }
    auto vmm = spawnVmm(vmmArguments(d, *boot), slave.get(), err.get());
    if (!vmm) fail(vmm.error());
    slave.reset();  // juxta-vmm holds it now: EIO on the master means it is gone
    UniqueFd pidFd(int(::syscall(SYS_pidfd_open, *vmm, 0)));
    if (!pidFd) {
        ::kill(*vmm, SIGKILL);
        fail(Error::fromErrno("pidfd_open juxta-vmm"));
    }
    // juxta-vmm ends with this monitor, however the monitor ends (core/keeper.h).
    auto keeper = Keeper::watch(pidFd.get());
    if (!keeper) {
        ::kill(*vmm, SIGKILL);
        fail(keeper.error());
    }
    // One that has ended already (a bad kernel) needs no killing later; the wait below says why.
    if (auto identity = identityOf(*vmm))
        if (auto st = record->note("vmm", toString(*identity)); !st) {
            ::kill(*vmm, SIGKILL);
            fail(st.error());
        }
    if (!waitUntilServing(vmApiSocketOf(d.id), pidFd.get())) {
        ::kill(*vmm, SIGKILL);
        const int status = waitStatus(*vmm);
        const VmmEnd end = readVmmEnd(vmStatsFileOf(d.id));
        if (end.error)
            fail(Error(status == kExitBadInput ? EINVAL : end.error->code(), end.error->message()));
        fail(Error(ECHILD, "juxta-vmm ended (status " + std::to_string(status) +
                               ") before its control socket answered; its stderr: " + errFile.string()));
    }
    auto server = console::ConsoleServer::listen(vmConsoleSocketOf(d.id), master.get());
    if (!server) {
        ::kill(*vmm, SIGKILL);
        fail(server.error());
    }
    VmState state;
    state.state = InstanceState::Running;
    state.monitorPid = ::getpid();
    state.pid = *vmm;
    state.startedAtMs = instances::wallClockMs();
    if (auto st = saveVmState(d.id, state); !st) {
        ::kill(*vmm, SIGKILL);
        fail(st.error());
    }
    detached::report(reportFd, "ok " + std::to_string(*vmm));

    // Its resource history, recorded while it runs (instances/history.h), from a thread of this monitor.
    auto recorder = std::make_unique<metrics::Recorder>(
        instances::historyFileOf(InstanceKind::Vm, d.id),
        instances::historyErrorFileOf(InstanceKind::Vm, d.id),
        [&d](int64_t nowMs) -> Result<ResourceCounters> {
            auto answer = callVmm(d.id, {{"cmd", "stats"}}, std::chrono::seconds(2));
            if (!answer) return answer.error();
            const auto stats = answer->is_object() ? answer->find("stats") : answer->end();
            return vmCounters(stats != answer->end() ? *stats : nlohmann::json(), nowMs, d.memoryMiB);
        });
    // A compose service's VM: its command, the guest's /etc/hosts and its health (vm_service.h).
    std::unique_ptr<ServiceRunner> service;
    if (d.service) try {
            service = std::make_unique<ServiceRunner>(d, state.startedAtMs);
        } catch (const std::exception& e) {  // no thread to be had: the VM would run without its service
            log::get("vmm")->error("VM {}: its service cannot start: {}", d.id, e.what());
            (void)callVmm(d.id, {{"cmd", "stop"}, {"grace_ms", 0}});
        }
    // `volume rm` and `prune` leave the volumes its disks are alone while it runs.
    std::vector<fs::path> diskFiles;
    for (const DiskConfig& disk : d.disks) diskFiles.emplace_back(disk.file);
    std::vector<UniqueFd> heldVolumes = runtime::holdVolumeDisks(diskFiles);
    console::pumpUntilExit(master.get(), pidFd.get(), log->get(), **server);
    recorder.reset();
    relay.reset();  // its ports are free again (for a restart's new monitor among others)
    heldVolumes.clear();
    if (service) state.serviceExit = service->stop();  // juxta-vmm has ended: its threads return at once
    const int status = waitStatus(*vmm);
    state.exitStatus = status;
    state.finishedAtMs = instances::wallClockMs();
    const VmmEnd end = readVmmEnd(vmStatsFileOf(d.id));
    state.stopKind = end.stopKind;
    state.stopReason = end.error ? end.error->message() : end.stopReason;
    // juxta-vmm's exit status: 0 the guest ended, 3 the guest crashed, 1 the VMM failed; a signal
    // is a crash of juxta-vmm itself.
    state.state = status == kExitGuestEnded ? InstanceState::Exited : InstanceState::Crashed;
    if (status > 128) {
        state.stopKind = "juxta-vmm crashed";
        state.stopReason = std::string("killed by signal ") +
                           (sigabbrev_np(status - 128) ? sigabbrev_np(status - 128) : "?");
    }
    fs::remove(*dir / "paused", ec);
    fs::remove(vmApiSocketOf(d.id), ec);
    // No socket is left once the end is on record (a `vm stop` returns when it is); clients already
    // connected to the console keep their connection and see EOF once the end is on record.
    fs::remove(vmConsoleSocketOf(d.id), ec);
    if (d.network == "bridge") (void)runtime::unplugFromBridge(d.id);  // its tap; the address stays leased
    (void)saveVmState(d.id, state);
    server->reset();
    record->remove();
    // Its restart policy (instances/restart.h): an end it was not asked for (a service that ended, a
    // guest that powered off or crashed) starts it again — a new monitor — after the back-off.
    if (auto policy = instances::parseRestartPolicy(d.restart); policy) {
        const int code = state.serviceExit >= 0                 ? state.serviceExit
                         : state.state == InstanceState::Exited ? 0
                                                                : 1;
        (void)instances::restartAfterEnd(vms(), d.id, *policy, code,
                                         std::chrono::milliseconds(state.finishedAtMs - state.startedAtMs));
    }
    ::_exit(0);
}

}  // namespace juxta::vmm

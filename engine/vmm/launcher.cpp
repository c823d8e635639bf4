#include "vmm/launcher.h"

#include <fcntl.h>
#include <malloc.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <fstream>
#include <optional>
#include <thread>

#include "core/log.h"
#include "core/paths.h"
#include "vmm/agent/agent_channel.h"
#include "vmm/api/control_server.h"
#include "vmm/boot/bzimage.h"
#include "vmm/boot/elf_kernel.h"
#include "vmm/boot/kernel_cache.h"
#include "vmm/boot_timeline.h"
#include "vmm/console.h"
#include "vmm/guarded_thread.h"
#include "vmm/machine.h"
#include "vmm/stats.h"
#include "vmm/virtio/block.h"
#include "vmm/virtio/net.h"
#include "vmm/virtio/vsock.h"

namespace juxta::vmm {

int exitStatusFor(StopKind kind) {
    switch (kind) {
        case StopKind::TripleFault:
        case StopKind::GuestCrash:
        case StopKind::InternalError:
            return kExitGuestCrashed;
        default:
            return kExitGuestEnded;
    }
}

Result<boot::BootPlan> prepareBoot(const VmConfig& config) {
    const uint64_t memoryBytes = config.memoryMiB << 20;
    if (!config.raw.empty()) {
        auto image = boot::FileBytes::open(config.raw, "raw image");
        if (!image) return image.error();
        return boot::planRaw(*image, config.rawEntry == RawEntry::Long, memoryBytes);
    }
    auto kernel = boot::FileBytes::open(config.kernel, "kernel");
    if (!kernel) return kernel.error();
    boot::BootInputs in{*kernel,     nullptr,      guestCmdline(config),
                        memoryBytes, config.vcpus, virtioDeviceCount(config)};
    if (!config.initrd.empty()) {
        auto initrd = boot::FileBytes::open(config.initrd, "initrd");
        if (!initrd) return initrd.error();
        if ((*initrd)->size() >= memoryBytes)
            return Error(EFBIG, "initrd " + config.initrd + ": " + std::to_string((*initrd)->size() >> 20) +
                                    " MiB is larger than the VM's " + std::to_string(config.memoryMiB) +
                                    " MiB of memory");
        in.initrd = *initrd;
    }
    const bool isElf = boot::looksLikeElf(**kernel);
    const bool isBzImage = boot::looksLikeBzImage(**kernel);
    if (!isElf && !isBzImage)
        return Error(ENOEXEC,
                     "kernel " + config.kernel + ": not a kernel (neither a bzImage nor an ELF vmlinux)");
    Result<boot::BootPlan> plan = Error(EINVAL, "");
    if (isElf) {
        if (config.boot == BootMethod::Linux64)
            return Error(EINVAL, "kernel " + config.kernel +
                                     ": --boot linux64 needs a bzImage, this is an ELF vmlinux");
        plan = boot::planPvh(in);
    } else if (config.boot == BootMethod::Pvh) {
        std::filesystem::path cache = config.kernelCache.empty() ? paths::dataDir() / "kernel-cache"
                                                                 : std::filesystem::path(config.kernelCache);
        bool hit = false;
        auto vmlinux = boot::cachedVmlinux(*kernel, cache, &hit);
        if (!vmlinux) return vmlinux.error().wrap("kernel " + config.kernel);
        log::get("vmm")->info("vmlinux {} the cache {}", hit ? "from" : "extracted into", cache.string());
        in.kernel = *vmlinux;
        plan = boot::planPvh(in);
    } else {
        plan = boot::planLinux64(in);
    }
    if (!plan) return plan.error().wrap("kernel " + config.kernel);
    return plan;
}

Status checkHost(const VmConfig& config, const HostKvm& host) {
    if (host.kind == KvmKind::Absent) return Error(ENODEV, host.detail);
    if (host.kind == KvmKind::Pvm && config.raw.empty() && !config.force)
        return Error(ENOTSUP,
                     "this host's KVM is " + host.detail +
                         ". Refusing to start a stock-kernel VM; --force starts it anyway (it will not get "
                         "far)");
    return {};
}

namespace {

// How long --exec gives the guest to power off after the command before the VM is stopped.
constexpr int kExecPowerOffGraceMs = 5000;

// Console and agent outputs: stdout, a file, or nothing.
Result<int> openSink(const std::string& where) {
    if (where.empty() || where == "none") return -1;
    if (where == "stdio") return STDOUT_FILENO;
    int fd = ::open(where.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return Error::fromErrno("open " + where);
    return fd;
}

// What a thread of the run does with an exception: the VM ends with it as the reason.
std::function<void(const std::string&)> stopOnFailure(std::weak_ptr<Machine> machine) {
    return [machine](const std::string& why) {
        if (auto m = machine.lock()) m->requestStop(StopKind::InternalError, why);
    };
}

// Feeds stdin to the console UART as the guest drains it.
void pumpStdin(std::shared_ptr<Serial8250> uart, std::weak_ptr<Machine> machine) {
    guardedThread(
        "console input",
        [uart] {
            uint8_t buffer[64];
            for (;;) {
                ssize_t n = ::read(STDIN_FILENO, buffer, sizeof(buffer));
                if (n < 0 && errno == EINTR) continue;
                if (n <= 0) return;
                std::span<const uint8_t> rest(buffer, size_t(n));
                while (!rest.empty()) {
                    size_t taken;
                    {
                        std::scoped_lock lock(uart->mutex());
                        taken = uart->enqueueInput(rest);
                    }
                    rest = rest.subspan(taken);
                    if (!rest.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
                }
            }
        },
        stopOnFailure(machine))
        .detach();
}

// SIGINT/SIGTERM/SIGHUP end the VM cleanly (blocked in every thread, taken by this one).
// The thread holds the machine weakly: a signal that comes after the VM ended finds nothing to stop.
void stopOnSignals(std::weak_ptr<Machine> machine) {
    guardedThread(
        "signal handling",
        [machine] {
            sigset_t set;
            sigemptyset(&set);
            for (int s : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&set, s);
            int sig = 0;
            if (sigwait(&set, &sig) == 0)
                if (auto m = machine.lock())
                    m->requestStop(StopKind::Requested,
                                   std::string("stopped by signal ") + sigabbrev_np(sig));
        },
        stopOnFailure(machine))
        .detach();
}

void writeAll(FILE* to, const std::string& bytes) {
    std::fwrite(bytes.data(), 1, bytes.size(), to);
    std::fflush(to);
}

// --exec: waits for the agent, runs the command, copies its output, powers the guest off (forced
// after a grace period). Returns the command's shell exit status, or nothing when it did not end.
std::thread execThenPowerOff(Machine& machine, AgentChannel& agent, std::vector<std::string> argv,
                             bool inImage, std::optional<int>& status) {
    return guardedThread(
        "--exec",
        [&machine, &agent, &status, inImage, argv = std::move(argv)] {
            if (!agent.waitReady(-1)) return;  // the VM ended first
            ExecRequest request;
            request.argv = argv;
            request.inImage = inImage;
            auto result = agent.exec(request);
            if (result) {
                writeAll(stdout, result->value("stdout", std::string()));
                writeAll(stderr, result->value("stderr", std::string()));
                status = shellExitStatus(*result);
            } else {
                std::fprintf(stderr, "juxta-vmm: --exec %s: %s\n", argv[0].c_str(),
                             result.error().message().c_str());
            }
            agent.send(std::string(kPowerOffLine));
            if (!machine.waitForStop(kExecPowerOffGraceMs))
                machine.requestStop(StopKind::Requested, "the guest did not power off within " +
                                                             std::to_string(kExecPowerOffGraceMs) +
                                                             " ms after --exec");
        },
        [&machine](const std::string& why) { machine.requestStop(StopKind::InternalError, why); });
}

void writeFile(const std::string& path, const std::string& text) {
    if (path.empty()) return;
    std::ofstream out(path, std::ios::trunc);
    out << text << '\n';
    if (!out) log::get("vmm")->warn("could not write {}", path);
}

}  // namespace

int runVmm(const VmConfig& config) {
    BootTimeline timeline;
    // A run that fails before the guest runs says why on stderr and, typed, in --stats (what the
    // VM's monitor reports): {"error": {"status": 2, "errno": 22, "message": "..."}}.
    auto fail = [&config](int status, const Error& e) {
        std::fprintf(stderr, "juxta-vmm: %s\n", e.message().c_str());
        const nlohmann::json record = {
            {"error", {{"status", status}, {"errno", e.code()}, {"message", e.message()}}}};
        writeFile(config.statsFile, record.dump());
        return status;
    };
    if (Status s = validateConfig(config, hostMemoryBytes()); !s) return fail(kExitBadInput, s.error());
    auto plan = prepareBoot(config);
    if (!plan) return fail(kExitBadInput, plan.error());
    const HostKvm host = probeKvm();
    if (Status s = checkHost(config, host); !s) return fail(kExitBadInput, s.error());
    auto consoleFd = openSink(config.console);
    if (!consoleFd) return fail(kExitBadInput, consoleFd.error().wrap("--console"));
    auto agentFd = openSink(config.agent);
    if (!agentFd) return fail(kExitBadInput, agentFd.error().wrap("--agent"));

    // Signals that stop the VM are taken by one thread; block them before any thread starts.
    sigset_t stopSignals;
    sigemptyset(&stopSignals);
    for (int s : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&stopSignals, s);
    pthread_sigmask(SIG_BLOCK, &stopSignals, nullptr);
    ::signal(SIGPIPE, SIG_IGN);  // a console reader that goes away must not kill the VM

    auto kvm = KvmSystem::open();
    if (!kvm) return fail(kExitVmmFailed, kvm.error());
    const bool linux = config.raw.empty();
    auto machine = Machine::create(*kvm, config.memoryMiB << 20, /*irqchip=*/linux);
    if (!machine) return fail(kExitVmmFailed, machine.error().wrap("create VM"));
    timeline.markOnce("kvm_ready");
    std::shared_ptr<Machine> shared = std::move(*machine);
    Machine& m = *shared;

    auto milestones =
        linux ? ConsoleSink::linuxMilestones() : std::vector<std::pair<std::string, std::string>>{};
    auto console = std::make_shared<ConsoleSink>(*consoleFd, &timeline, milestones);
    auto agent = std::make_shared<AgentChannel>(*agentFd, linux ? &timeline : nullptr);
    // The agent channel holds its UART (attach): the UART holds the channel weakly, or the two
    // would keep each other alive past the end (LeakSanitizer finds the cycle).
    if (Status s = m.addLegacyDevices([console](uint8_t b) { console->put(b); },
                                      [weakAgent = std::weak_ptr(agent)](uint8_t b) {
                                          if (auto a = weakAgent.lock()) a->put(b);
                                      });
        !s)
        return fail(kExitVmmFailed, s.error());
    // The agent's stream, after the disks and cards (they keep vda, eth0, ... in order).
    std::shared_ptr<virtio::VsockDevice> vsock;
    if (config.vsock) {
        auto made = virtio::VsockDevice::create(
            m.memory(), virtio::kVsockGuestCid, virtio::kAgentVsockPort,
            [weakAgent = std::weak_ptr(agent)](std::span<const uint8_t> b) {
                if (auto a = weakAgent.lock()) a->putStream(b);
            },
            [weakAgent = std::weak_ptr(agent)] {
                if (auto a = weakAgent.lock()) a->streamLost();
            });
        if (!made) return fail(kExitVmmFailed, made.error());
        vsock = *made;
        agent->attachStream([vsock](std::span<const uint8_t> b) { return vsock->send(b); });
    }
    agent->attach(m.agent(), stopOnFailure(shared));
    // The disks, in the slots the ACPI tables were planned with: a missing, busy or unfit image
    // is the user's input, refused before the guest runs.
    for (const DiskConfig& d : config.disks) {
        auto disk = virtio::BlockDevice::open(m.memory(), {d.file, d.readOnly});
        if (!disk) return fail(kExitBadInput, disk.error());
        if (auto slot = m.addVirtioDevice(*disk); !slot) return fail(kExitVmmFailed, slot.error());
    }
    for (const NetConfig& n : config.nets) {
        auto card = virtio::NetDevice::open(m.memory(), n.tap, virtio::NetDevice::macFor(n.tap), n.address);
        if (!card) return fail(kExitBadInput, card.error());
        if (auto slot = m.addVirtioDevice(*card); !slot) return fail(kExitVmmFailed, slot.error());
    }
    if (vsock)
        if (auto slot = m.addVirtioDevice(vsock); !slot) return fail(kExitVmmFailed, slot.error());
    timeline.markOnce("memory_ready");
    if (Status s = boot::applyBootPlan(m.memory(), *plan); !s) return fail(kExitVmmFailed, s.error());
    timeline.markOnce("kernel_loaded");
    const boot::BootPlan& bootPlan = *plan;
    if (Status s = m.addVcpus(config.vcpus,
                              [&](Vcpu& v, uint32_t i) { return boot::setupBootVcpu(v, bootPlan, i); });
        !s)
        return fail(kExitVmmFailed, s.error());
    m.onFirstEntry([&timeline] { timeline.markOnce("first_vcpu_entry"); });
    const std::string bootMethod = bootPlan.method;
    plan = Error(0, "");  // the kernel and initrd are in guest memory now: free our copies
    ::malloc_trim(0);     // and give their pages back: glibc keeps freed heap memory resident otherwise
    log::get("vmm")->info("booting {} ({} MiB, {} vCPU) on {}", bootMethod, config.memoryMiB, config.vcpus,
                          host.detail);

    std::unique_ptr<ControlServer> api;
    if (!config.api.empty()) {
        auto server = ControlServer::start(config.api, m, timeline, *agent);
        if (!server) return fail(kExitVmmFailed, server.error().wrap("--api"));
        api = std::move(*server);
    }
    stopOnSignals(shared);
    if (config.console == "stdio") pumpStdin(m.console(), shared);
    m.start();
    std::optional<int> execStatus;
    std::thread exec;
    if (!config.exec.empty()) exec = execThenPowerOff(m, *agent, config.exec, config.execInImage, execStatus);
    StopInfo stop = *m.waitForStop();
    MachineStats stats = m.stats();
    agent->close("the VM ended (" + std::string(stopKindName(stop.kind)) + "): " + stop.reason);
    if (exec.joinable()) exec.join();
    if (api) api->stop();
    std::fprintf(stderr, "juxta-vmm: VM ended (%s): %s\n", std::string(stopKindName(stop.kind)).c_str(),
                 stop.reason.c_str());
    nlohmann::json statsJson = statsToJson(stats, processRssBytes());
    statsJson["stop"] = {{"kind", stopKindName(stop.kind)}, {"reason", stop.reason}};
    writeFile(config.statsFile, statsJson.dump());
    writeFile(config.timingsFile, timeline.toJson());
    if (config.exec.empty()) return exitStatusFor(stop.kind);
    if (execStatus) return *execStatus;
    std::fprintf(stderr, "juxta-vmm: --exec: the VM ended before the command finished\n");
    return stop.kind == StopKind::Requested || exitStatusFor(stop.kind) == kExitGuestEnded
               ? kExitVmmFailed
               : kExitGuestCrashed;
}

}  // namespace juxta::vmm

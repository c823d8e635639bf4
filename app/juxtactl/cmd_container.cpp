// juxtactl run [--rm] [-d] [--name N] [-t] [-i] [--memory 256M] [--cpus 1.5] [--pids 128] [--net none|bridge]
//              [--publish [IP:]HOSTPORT:PORT[/tcp]]... [-P] [--read-only] [-v [SRC:]/PATH[:OPTS]]...
//              [--timings FILE] [--verify] IMAGE [-- CMD ARGS...]     (--verify: re-hash the image's layers
//              first, images/layer_verify.h)
// juxtactl run [--rm] [--name N] [--net none|bridge] [--publish ...]... [--timings FILE] --bundle DIR
//              (an OCI bundle)
// juxtactl create [same options as run, but --rm] IMAGE [-- CMD ARGS...]
// --restart no|always|unless-stopped|on-failure[:N]: its monitor starts it again when it ends by
// itself (instances/restart.h); with run, -d.
// (images: cmd_image.cpp.) Parsing only: the image store resolves the image, the runtime runs the container.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <tuple>

#include "core/read_file.h"
#include "core/timeline.h"
#include "core/unique_fd.h"
#include "images/image_store.h"
#include "images/layer_verify.h"
#include "instances/console/protocol.h"
#include "instances/definition_store.h"
#include "instances/lifecycle.h"
#include "juxtactl/args.h"
#include "juxtactl/commands.h"
#include "runtime/foreground.h"
#include "runtime/layout.h"
#include "runtime/lifecycle/lifecycle.h"
#include "runtime/lifecycle/monitor.h"
#include "runtime/lifecycle/request.h"
#include "runtime/lifecycle/volumes.h"
#include "runtime/limits.h"
#include "runtime/oci_bundle.h"
#include "runtime/port_relay.h"

namespace juxta::cli {
namespace {

// Limits from the command line; the first bad one is the error.
Result<runtime::Limits> parseLimits(const Args& args) {
    runtime::Limits limits;
    if (auto v = args.value("--memory")) {
        auto m = runtime::parseMemory(*v);
        if (!m) return m.error();
        limits.memoryBytes = *m;
    }
    if (auto v = args.value("--cpus")) {
        auto c = runtime::parseCpus(*v);
        if (!c) return c.error();
        limits.cpus = *c;
    }
    if (auto v = args.value("--pids")) {
        auto p = runtime::parsePids(*v);
        if (!p) return p.error();
        limits.pidsMax = *p;
    }
    return limits;
}

Result<runtime::Network> parseNetwork(const Args& args) {
    const std::string net = args.value("--net").value_or("none");
    if (net == "none") return runtime::Network::Loopback;  // a private namespace with only lo, up
    if (net == "bridge") return runtime::Network::Bridge;  // eth0 on the host's juxta0 bridge
    return Error(EINVAL, "unknown network '" + net + "' — use --net none or --net bridge");
}

// --publish, repeatable; only with --net bridge.
Result<std::vector<runtime::PublishedPort>> parsePublish(const Args& args, runtime::Network network) {
    std::vector<runtime::PublishedPort> ports;
    for (const auto& text : args.values("--publish")) {
        auto port = runtime::parsePublishedPort(text);
        if (!port) return port.error();
        ports.push_back(*port);
    }
    if (auto st = runtime::checkPublishedPorts(ports, network); !st) return st.error();
    return ports;
}

// --bundle DIR: the process, root, mounts and limits come from the bundle's config.json; only
// --name, --net, --publish and --rm apply on top.
int buildBundleSpec(const Args& args, const char* command, const std::string& dir, bool ephemeral,
                    runtime::ContainerSpec& spec, std::string& imageName) {
    if (!args.positionals().empty() || !args.rest().empty())
        return usageError("--bundle takes no IMAGE or command: config.json says what to run", command);
    for (const char* option : {"--memory", "--cpus", "--pids"})
        if (args.value(option))
            return usageError(std::string(option) + " with --bundle: set linux.resources in config.json",
                              command);
    if (args.has("-t") || args.has("--read-only"))
        return usageError(
            "-t and --read-only with --bundle: set process.terminal / root.readonly in config.json", command);
    if (args.has("--verify"))
        return usageError("--verify checks an image's layers; a bundle has none", command);
    if (!args.values("-v").empty() || !args.values("--volume").empty())
        return usageError("-v with --bundle: add the mount to config.json's mounts", command);
    auto bundle = runtime::specFromBundle(dir);
    if (!bundle) return fail(bundle.error().message());
    auto network = parseNetwork(args);
    if (!network) return usageError(network.error().message(), command);
    auto ports = parsePublish(args, *network);
    if (!ports) return usageError(ports.error().message(), command);
    const std::string name = args.value("--name").value_or("");
    if (Status valid = instances::checkName(name, "--name"); !name.empty() && !valid)
        return usageError(valid.error().message(), command);
    spec = std::move(*bundle);
    spec.id = instances::newId();
    spec.name = name.empty() ? spec.id : name;
    spec.network = *network;
    spec.ports = std::move(*ports);
    const runtime::ContainerPaths where = runtime::containerPaths(spec.id, ephemeral);
    spec.mountBase = where.mountBase;
    spec.upperDir = where.upper;
    spec.workDir = where.work;
    imageName = "bundle:" + dir;
    return 0;
}

// An --env-file: KEY=VALUE lines; blank lines and '#' comments skipped; at most 1 MiB.
Result<std::vector<std::string>> readEnvFile(const std::string& file) {
    auto text = readFile(file, {.maxBytes = std::size_t(1) << 20});
    if (!text) return text.error().wrap("--env-file");
    std::vector<std::string> env;
    std::size_t start = 0;
    for (int line = 1; start < text->size(); ++line) {
        std::size_t end = text->find('\n', start);
        if (end == std::string::npos) end = text->size();
        std::string l = text->substr(start, end - start);
        start = end + 1;
        if (!l.empty() && l.back() == '\r') l.pop_back();
        const std::size_t first = l.find_first_not_of(" \t");
        if (first == std::string::npos || l[first] == '#') continue;
        if (l.find('=') == std::string::npos || l[0] == '=')
            return Error(EINVAL,
                         "--env-file " + file + ": line " + std::to_string(line) + " is not KEY=VALUE");
        env.push_back(l);
    }
    return env;
}

// --health-cmd, --health-interval, --health-timeout, --health-start-period, --health-retries,
// --no-healthcheck (as Docker and Podman spell them).
Status parseHealthFlags(const Args& args, runtime::HealthOverrides& health) {
    health.command = args.value("--health-cmd");
    health.disable = args.has("--no-healthcheck");
    if (health.disable && health.command)
        return Error(EINVAL, "--no-healthcheck and --health-cmd contradict");
    for (auto [flag, field] : {std::pair{"--health-interval", &runtime::HealthOverrides::intervalMs},
                               std::pair{"--health-timeout", &runtime::HealthOverrides::timeoutMs},
                               std::pair{"--health-start-period", &runtime::HealthOverrides::startPeriodMs}})
        if (auto v = args.value(flag)) {
            auto ms = durationMs(*v);
            if (!ms) return ms.error().wrap(flag);
            if (*ms <= 0 && std::string(flag) != "--health-start-period")
                return Error(EINVAL, std::string(flag) + ": more than 0, please");
            health.*field = *ms;
        }
    if (auto v = args.value("--health-retries")) {
        char* end = nullptr;
        const long n = std::strtol(v->c_str(), &end, 10);
        if (v->empty() || *end || n < 1 || n > 1000) return Error(EINVAL, "--health-retries: 1 to 1000");
        health.retries = int(n);
    }
    return {};
}

// The container a run or create asks for. Returns 0, or the exit code after printing the one
// error (2 for bad usage, 1 for what failed).
int buildSpec(const Args& args, const char* command, bool ephemeral, PhaseTimeline& timeline,
              runtime::ContainerSpec& spec, std::string& imageName,
              std::optional<runtime::HealthCheck>& health) {
    if (auto bundle = args.value("--bundle"))
        return buildBundleSpec(args, command, *bundle, ephemeral, spec, imageName);
    if (args.positionals().empty()) return usageError("missing IMAGE", command);
    runtime::ContainerRequest request;
    request.image = args.positionals()[0];
    auto limits = parseLimits(args);
    if (!limits) return usageError(limits.error().message(), command);
    request.limits = *limits;
    auto network = parseNetwork(args);
    if (!network) return usageError(network.error().message(), command);
    request.network = *network;
    auto ports = parsePublish(args, request.network);
    if (!ports) return usageError(ports.error().message(), command);
    request.ports = std::move(*ports);
    request.name = args.value("--name").value_or("");
    if (Status valid = instances::checkName(request.name, "--name"); !request.name.empty() && !valid)
        return usageError(valid.error().message(), command);
    request.command = args.rest();
    if (!request.command.empty() && request.command[0] == "--")
        request.command.erase(request.command.begin());  // IMAGE -- CMD
    for (const std::string& file : args.values("--env-file")) {
        auto lines = readEnvFile(file);
        if (!lines) return usageError(lines.error().message(), command);
        request.env.insert(request.env.end(), lines->begin(), lines->end());
    }
    for (std::string e : args.values("-e")) {
        if (e.find('=') == std::string::npos) {  // -e KEY: this environment's value, if it has one
            const char* value = std::getenv(e.c_str());
            if (!value) continue;
            e += "=" + std::string(value);
        }
        request.env.push_back(e);
    }
    if (auto entrypoint = args.value("--entrypoint"))
        request.entrypoint =
            entrypoint->empty() ? std::vector<std::string>{} : std::vector<std::string>{*entrypoint};
    request.workingDir = args.value("-w").value_or("");
    request.user = args.value("-u").value_or("");
    request.stopSignal = args.value("--stop-signal").value_or("");
    request.readOnlyRoot = args.has("--read-only");
    request.terminal = args.has("-t");
    request.ephemeral = ephemeral;
    request.publishAll = args.has("-P");
    for (const char* flag : {"-v", "--volume"})
        for (const std::string& text : args.values(flag)) {
            auto v = runtime::parseVolumeFlag(text);
            if (!v) return usageError(v.error().message(), command);
            request.volumes.push_back(std::move(*v));
        }
    if (auto st = parseHealthFlags(args, request.health); !st)
        return usageError(st.error().message(), command);
    auto labels = labelFlags(args);
    if (!labels) return usageError(labels.error().message(), command);
    request.labels = std::move(*labels);
    if (request.publishAll && request.network != runtime::Network::Bridge)
        return usageError("-P publishes ports on the bridge: add --net bridge", command);
    auto resolved = runtime::resolveRequest(request);
    if (!resolved) return fail(resolved.error().message());
    if (args.has("--verify")) {
        auto store = images::ImageStore::atDefaultLocation();
        auto image = store.resolve(resolved->image);
        Status verified = image ? images::verifyImage(store, *image) : Status(image.error());
        if (!verified) {
            (void)runtime::removeVolumesOf(resolved->spec.id);  // the image's VOLUMEs, made for it
            return fail(verified.error().message());
        }
        timeline.mark("image_verified");
    }
    timeline.mark("image_resolved");
    spec = std::move(resolved->spec);
    imageName = resolved->image;
    health = std::move(resolved->health);
    return 0;
}

const ArgSpec kContainerArgs = {.flags = {"--rm", "-d", "--detach", "-t", "-i", "--interactive",
                                          "--read-only", "--verify", "-P", "--no-healthcheck"},
                                .options = {"--name",
                                            "--memory",
                                            "--cpus",
                                            "--pids",
                                            "--net",
                                            "--publish",
                                            "--timings",
                                            "--bundle",
                                            "-e",
                                            "--env-file",
                                            "--entrypoint",
                                            "-w",
                                            "-u",
                                            "--stop-signal",
                                            "--restart",
                                            "--label",
                                            "-v",
                                            "--volume",
                                            "--health-cmd",
                                            "--health-interval",
                                            "--health-timeout",
                                            "--health-start-period",
                                            "--health-retries"},
                                .positionalsEndOptions = true};

// --bundle DIR: in this process, as `runc run` (the bundle's config.json is not a definition
// the monitor can start again): started, relayed, cleaned up; a kept one is defined first, so
// `ps -a` and `rm` know it after it exits.
int runBundle(const Args& args, const runtime::ContainerSpec& spec, const std::string& image, bool ephemeral,
              PhaseTimeline& timeline) {
    if (spec.terminal && !::isatty(STDIN_FILENO))
        return usageError("the bundle asks for a terminal (process.terminal) and stdin is not one", "run");
    if (!ephemeral)
        if (auto d = runtime::createInstance(spec, image); !d) return fail(d.error().message());
    runtime::StartOptions options;
    options.removeWritableLayer = ephemeral;
    options.timeline = timeline;
    runtime::ContainerState state;
    state.startedAtMs = instances::wallClockMs();
    auto run = runtime::runForeground(spec, options);
    if (!run) {
        if (!ephemeral)
            (void)instances::remove(runtime::containers(), spec.id, true);  // never started: nothing to keep
        return fail(run.error().message());
    }
    if (!ephemeral) {
        state.state = InstanceState::Exited;
        state.exit = run->exit;
        state.finishedAtMs = instances::wallClockMs();
        state.timelineJson = run->timeline.toJson();
        (void)runtime::saveState(spec.id, state);
    }
    if (auto file = args.value("--timings")) {
        std::ofstream out(*file, std::ios::trunc);
        out << run->timeline.toJson() << "\n";
        if (!out.flush()) return fail("--timings: cannot write " + *file);
    }
    if (run->exit.oomKilled || run->exit.signal)
        std::fprintf(stderr, "juxtactl: container %s %s\n", spec.name.c_str(), run->exit.describe().c_str());
    return run->exit.shellCode();
}

// One of juxtactl's own pipes to or from the monitor, and what is waiting to go through it.
struct Relay {
    UniqueFd fd;
    std::string pending;
};

// Until the attached monitor's pipes all end: its stdout and stderr pipes copied to ours, ours
// (with -i) into the workload's stdin, the end's report read, and SIGINT, SIGTERM, SIGHUP and
// SIGQUIT forwarded to the container's init (the first as it is, any further one as SIGKILL).
// Returns what came on the exit pipe.
std::string relayUntilEnd(const std::string& id, Relay& in, Relay& out, Relay& err, UniqueFd exitFd,
                          runtime::ForwardedSignals& signals) {
    ::signal(SIGPIPE, SIG_IGN);  // a closed stdout, or a workload that stopped reading: EPIPE
    if (in.fd) ::fcntl(in.fd.get(), F_SETFL, O_NONBLOCK);
    bool stdinOpen = bool(in.fd), stdoutOk = true, stderrOk = true;
    std::string report;
    char buf[65536];
    int forwarded = 0;
    for (;;) {
        if (!out.fd && !err.fd && !exitFd) return report;
        pollfd fds[6] = {{stdinOpen && in.pending.size() < sizeof buf ? STDIN_FILENO : -1, POLLIN, 0},
                         {in.fd && !in.pending.empty() ? in.fd.get() : -1, POLLOUT, 0},
                         {out.fd ? out.fd.get() : -1, POLLIN, 0},
                         {err.fd ? err.fd.get() : -1, POLLIN, 0},
                         {exitFd ? exitFd.get() : -1, POLLIN, 0},
                         {signals.fd(), POLLIN, 0}};
        if (::poll(fds, 6, -1) < 0) {
            if (errno == EINTR) continue;
            return report;
        }
        if (fds[0].revents) {
            const ssize_t n = ::read(STDIN_FILENO, buf, sizeof buf);
            if (n > 0) in.pending.append(buf, std::size_t(n));
            if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN)) stdinOpen = false;
        }
        if (in.fd && !in.pending.empty()) {
            const ssize_t n = ::write(in.fd.get(), in.pending.data(), in.pending.size());
            if (n > 0) in.pending.erase(0, std::size_t(n));
            if (n < 0 && errno != EAGAIN && errno != EINTR)
                in.fd.reset(), in.pending.clear();  // it stopped reading
        }
        if (in.fd && !stdinOpen && in.pending.empty()) in.fd.reset();  // our EOF is its EOF
        for (auto [relay, to, ok, at] :
             {std::tuple{&out, STDOUT_FILENO, &stdoutOk, 2}, std::tuple{&err, STDERR_FILENO, &stderrOk, 3}}) {
            if (!fds[at].revents) continue;
            const ssize_t n = ::read(relay->fd.get(), buf, sizeof buf);
            if (n == 0 || (n < 0 && errno != EINTR)) {
                relay->fd.reset();
                continue;
            }
            for (ssize_t done = 0; n > 0 && *ok && done < n;) {  // our own stdout: blocking is ours
                const ssize_t w = ::write(to, buf + done, std::size_t(n - done));
                if (w < 0 && errno == EINTR) continue;
                if (w <= 0)
                    *ok = false;  // gone: the rest is only in the log
                else
                    done += w;
            }
        }
        if (fds[4].revents) {
            const ssize_t n = ::read(exitFd.get(), buf, sizeof buf);
            if (n > 0 && report.size() + std::size_t(n) <= runtime::kMaxAttachedExit)
                report.append(buf, std::size_t(n));
            if (n == 0 || (n < 0 && errno != EINTR)) exitFd.reset();
        }
        if (fds[5].revents)
            if (int sig = signals.next()) (void)runtime::killInstance(id, forwarded++ ? SIGKILL : sig);
    }
}

// A defined container run in the foreground under its monitor (monitor.h's spawnAttachedMonitor):
// `ps` shows it running, `exec`, `logs` and its health check reach it while this relays its input
// and output and forwards signals (with -t: this terminal is on its console, Ctrl-] leaves it
// running). The monitor gets pipes of ours, never our terminal: our end is its end.
int runAttached(const Args& args, const runtime::InstanceDefinition& d, const PhaseTimeline& timeline) {
    const std::string& id = d.spec.id;
    const std::string& name = d.spec.name;
    const bool interactive = args.has("-i") || args.has("--interactive");
    runtime::ForwardedSignals signals;  // blocked from before the start: none is lost
    int fds[2];
    Relay in, out, err;
    UniqueFd workloadStdin, workloadStdout, workloadStderr;
    if (interactive && !d.spec.terminal) {
        if (::pipe2(fds, O_CLOEXEC) < 0) return fail("run: pipe: " + std::string(std::strerror(errno)));
        workloadStdin.reset(fds[0]);
        in.fd.reset(fds[1]);
    } else {
        workloadStdin.reset(::open("/dev/null", O_RDONLY | O_CLOEXEC));
    }
    for (auto [mine, theirs] : {std::pair{&out.fd, &workloadStdout}, std::pair{&err.fd, &workloadStderr}}) {
        if (::pipe2(fds, O_CLOEXEC) < 0) return fail("run: pipe: " + std::string(std::strerror(errno)));
        mine->reset(fds[0]);
        theirs->reset(fds[1]);
    }
    auto exitFd = runtime::spawnAttachedMonitor(d, timeline, workloadStdin.get(), workloadStdout.get(),
                                                workloadStderr.get());
    workloadStdin.reset();  // the monitor has them now: its end closes them
    workloadStdout.reset();
    workloadStderr.reset();
    if (!exitFd) {
        (void)instances::remove(runtime::containers(), id, true);  // never started: nothing to keep
        return fail(exitFd.error().message());
    }
    if (d.spec.terminal) {
        auto sock = console::connectSocket(runtime::consoleSocketOf(id));
        auto relayed = sock ? relayConsole(sock->get()) : Result<ConsoleRelayed>(sock.error());
        if (!relayed)
            std::fprintf(stderr, "juxtactl: console of %s: %s\n", name.c_str(),
                         relayed.error().message().c_str());
        if (relayed && relayed->ending == ConsoleRelayed::Ending::Detached) {
            std::fprintf(stderr, "\ndetached from %s; it runs on — `juxtactl console %s`\n", name.c_str(),
                         name.c_str());
            return 0;
        }
        if (relayed && relayed->ending == ConsoleRelayed::Ending::Signalled)
            (void)runtime::killInstance(id, relayed->signal);
    }
    const std::string report = relayUntilEnd(id, in, out, err, std::move(*exitFd), signals);
    auto ended = runtime::parseAttachedExit(report, name);
    if (!ended) return fail(ended.error().message());
    if (auto file = args.value("--timings")) {
        std::ofstream timings(*file, std::ios::trunc);
        timings << ended->timelineJson << "\n";
        if (!timings.flush()) return fail("--timings: cannot write " + *file);
    }
    if (ended->exit.oomKilled || ended->exit.signal)
        std::fprintf(stderr, "juxtactl: container %s %s\n", name.c_str(), ended->exit.describe().c_str());
    return ended->exit.shellCode();
}

}  // namespace

int cmdRun(const Argv& argv) {
    PhaseTimeline timeline;  // the request starts now
    auto args = Args::parse(argv, kContainerArgs);
    if (!args) return usageError(args.error().message(), "run");
    if (args->has("-t") && !::isatty(STDIN_FILENO) && !args->has("-d") && !args->has("--detach"))
        return usageError("-t needs a terminal on stdin (or -d, and `juxtactl console` later)", "run");
    const bool ephemeral = args->has("--rm");
    const bool detach = args->has("-d") || args->has("--detach");
    if (detach && args->value("--bundle"))
        return usageError("-d with --bundle: run it in the foreground", "run");
    if (detach && (args->has("-i") || args->has("--interactive")))
        return usageError("-i with -d: a detached container reads no stdin (-t, then `juxtactl console`)",
                          "run");
    runtime::ContainerSpec spec;
    std::string image;
    std::optional<runtime::HealthCheck> health;
    if (int code = buildSpec(*args, "run", ephemeral, timeline, spec, image, health)) return code;
    if (args->value("--bundle")) return runBundle(*args, spec, image, ephemeral, timeline);
    // Defined first (--rm too: its monitor removes it when it ends), then started under its own
    // monitor, as create + start: its health check runs, `ps`, `exec`, `logs` and `console` reach it.
    const std::string restart = args->value("--restart").value_or("no");
    if (restart != "no" && !detach)
        return usageError("--restart applies to a detached container: add -d (or use create and start)",
                          "run");
    auto defined = runtime::createInstance(spec, image, health, restart);
    if (!defined) return fail(defined.error().message());
    timeline.mark("defined");
    if (!detach) return runAttached(*args, *defined, timeline);
    if (Status st = instances::start(runtime::containers(), spec.id); !st) {
        (void)instances::remove(runtime::containers(), spec.id, true);  // never started: nothing to keep
        return fail(st.error().message());
    }
    std::printf("%s\n", spec.id.c_str());
    return 0;
}

int cmdCreate(const Argv& argv) {
    PhaseTimeline timeline;
    auto args = Args::parse(argv, kContainerArgs);
    if (!args) return usageError(args.error().message(), "create");
    if (args->has("--rm")) return usageError("--rm is for run", "create");
    if (args->has("-d") || args->has("--detach"))
        return usageError("-d is for run: create does not start", "create");
    runtime::ContainerSpec spec;
    std::string image;
    std::optional<runtime::HealthCheck> health;
    if (int code = buildSpec(*args, "create", false, timeline, spec, image, health)) return code;
    auto d = runtime::createInstance(spec, image, health, args->value("--restart").value_or("no"));
    if (!d) return fail(d.error().message());
    std::printf("%s\n", spec.id.c_str());
    return 0;
}

}  // namespace juxta::cli

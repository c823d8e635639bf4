#include "juxtactl/commands.h"

#include <cstdio>
#include <cstdlib>

namespace juxta::cli {

const std::vector<Command>& commands() {
    static const std::vector<Command> table = {
        {"host", "host [--json]", "what this host can run: KVM kind, cgroup mode, namespaces, overlayfs, tun",
         cmdHost},
        {"run",
         "run [--rm] [-d] [--name N] [-t] [-i] [--memory 256M] [--cpus 1.5] [--pids 128] [--net none|bridge] "
         "[--publish [IP:]HOSTPORT:PORT[/tcp]]... [-P] [--read-only] [-v [NAME|/HOST:]/PATH[:ro,nocopy]]... "
         "[-e KEY[=VALUE]]... [--env-file FILE] "
         "[--entrypoint CMD] [-w DIR] [-u USER[:GROUP]] [--stop-signal SIG] [--health-cmd CMD] "
         "[--health-interval D] [--health-timeout D] [--health-start-period D] [--health-retries N] "
         "[--no-healthcheck] [--restart no|always|unless-stopped|on-failure[:N] (with -d)] [--label "
         "KEY[=VALUE]]... "
         "[--timings FILE] [--verify] IMAGE [-- CMD ARGS...] | run [--rm] [--name N] [--net none|bridge] "
         "--bundle DIR",
         "run a container under its own monitor, as create + start, and wait for it: its stdout "
         "and stderr are this one's, its stdin too with -i (-t: this terminal on its console, Ctrl-] "
         "detaches), "
         "signals go on to "
         "it, and juxtactl exits with the workload's exit code; ps, exec, logs and its health check reach "
         "it while it runs (-d: print its id and leave it running; --rm: removed when it ends; --bundle "
         "runs in this process, as runc run; -P: publish every TCP "
         "port the image exposes on a free 127.0.0.1 port; -v mounts a named volume (made if missing, "
         "kept), a host path, or a fresh anonymous one; each VOLUME of the image not named by -v gets a "
         "fresh volume, removed with the container; an empty volume starts with the image's files there "
         "(not with nocopy); the image's HEALTHCHECK, or --health-*, is run by the monitor and shown "
         "by ps; --verify: refuse an image whose layers changed since import)",
         cmdRun},
        {"images", "images [--json]", "list the container images in the store, unique and shared bytes",
         cmdImages},
        {"image",
         "image import PATH [--name NAME] [--max-size SIZE] [--min-free SIZE] | image rm NAME... | "
         "image verify [NAME...] | image inspect NAME...",
         "import an OCI image layout directory or a docker-archive tarball (docker/podman save), stopping "
         "past --max-size uncompressed or below --min-free (1G) free; remove images no container uses, and "
         "the layers no other image or container holds; re-hash layers against their digests at import; "
         "print what an image is and declares (ports, volumes, labels, health check) as JSON",
         cmdImage},
        {"pull",
         "pull [--platform OS/ARCH[/VARIANT]] [--tls-verify=false] [--creds USER[:PASS]] [--cert-dir DIR] "
         "[--name NAME] [--quiet] [--max-size SIZE] [--min-free SIZE] REF",
         "pull an image from an OCI registry (docker.io, quay.io, HOST:PORT/...): layers several at once, "
         "verified as they stream, resumed after an interruption; layers already here are not fetched",
         cmdPull},
        {"login", "login [--username U] [--password-stdin] [--tls-verify=false] [--cert-dir DIR] REGISTRY",
         "check credentials with a registry and keep them where Podman and skopeo read them", cmdLogin},
        {"logout", "logout REGISTRY", "forget the credentials kept for a registry", cmdLogout},
        {"create", "create [run's options but --rm] IMAGE [-- CMD ARGS...]",
         "define a container; prints its id", cmdCreate},
        {"start", "start CONTAINER...", "start containers under their own monitor (they outlive juxtactl)",
         cmdStart},
        {"stop", "stop [--time S] CONTAINER...", "SIGTERM, then SIGKILL after S seconds (10)", cmdStop},
        {"kill", "kill [--signal|-s SIGNAL] CONTAINER...", "send a signal (KILL) to containers", cmdKill},
        {"restart", "restart [--time S] CONTAINER...", "stop (as stop does) and start containers again",
         cmdRestart},
        {"exec", "exec [-t] CONTAINER [--] CMD ARGS...",
         "run a command in a running container (its namespaces, cgroup, user, env); exits with its code",
         cmdExec},
        {"pause", "pause CONTAINER...", "freeze every process of containers", cmdPause},
        {"resume", "resume CONTAINER...", "thaw paused containers", cmdResume},
        {"rm", "rm [-f] [--keep-volumes] CONTAINER...",
         "remove containers: definition, writable layer, state, log, and the volumes made for their image's "
         "VOLUMEs (--keep-volumes: those stay, see `volume ls`)",
         cmdRm},
        {"volume", "volume create [NAME] | volume ls [--json] | volume rm [-f] VOLUME... | volume prune",
         "make a volume (kept until removed; no NAME: a random one), list volumes (what uses each), "
         "remove them, remove every one that no container uses",
         cmdVolume},
        {"compose",
         "compose config|up [-d]|ps|logs [--follow]|stop|start|restart|down [-v] [-f FILE] [-p PROJECT] "
         "[--as container|vm]",
         "a compose file (the Compose Specification's common subset; what Juxta does not run is refused with "
         "its line and column): config prints it resolved (interpolated from .env and the environment, "
         "defaults filled in); up -d starts its services as containers on the bridge in dependency order "
         "(depends_on conditions, health checks), each finding the others by name; ps lists them; logs "
         "prints their output, each line after its "
         "service; down stops "
         "and removes them (-v: and the project's named volumes)",
         cmdCompose},
        {"ps", "ps [-a] [--json] [--filter label=KEY[=VALUE]]...",
         "list running containers and VMs (-a: all; --filter: those with the label)", cmdPs},
        {"logs", "logs [-f] CONTAINER", "print a container's output (-f: follow)", cmdLogs},
        {"stats", "stats [--no-stream] [--json] [-a] [NAME...|host]",
         "live resource use of running containers and VMs (and the host, when its history is recorded), "
         "from what their monitors record each second; CPU % as docker stats: 100 = one core",
         cmdStats},
        {"metrics",
         "metrics record [--interval 1s] | metrics export [NAME...|host] [--since 1h] [--format csv|json] | "
         "metrics serve [--listen 127.0.0.1:9464]",
         "record the host's resource history (what the GUI's Preferences switch on as a user service); print "
         "the history of instances and the host (1 s points for the last hour, 15 s for a day, 5 min for 30 "
         "days); serve every instance's figures to Prometheus (GET /metrics)",
         cmdMetrics},
        {"console", "console CONTAINER", "attach this terminal to a container made with -t (Ctrl-] detaches)",
         cmdConsole},
        {"compare",
         "compare --workload startup|cpu|memory|syscall|fileio|net|idle [--variants host,container,vm] "
         "[--repeat N] "
         "[--params K=V,...] [--memory 256M] [--cpus 1.5] [--vm-memory MiB] [--vm-vcpus N] "
         "[--json | --csv | --markdown] [--save] [--report FILE.pdf] | compare --scenario stack [--variants "
         "container,vm] [--memory 64M] [--cpus N] [--vm-memory MiB] [--json | --csv | --markdown] [--save] "
         "[--report FILE.pdf] | compare --compose FILE [--as container,vm,written] [--params "
         "service=web,hog=cache,seconds=10,connections=4,path=/] [--json | --csv | --markdown] [--save] "
         "[--report FILE.pdf] | "
         "compare --show ID|list [--json | --csv | --markdown] [--report FILE.pdf]",
         "run a workload as a host process, a container and a VM; print what each costs (or a saved run)",
         cmdCompare},
        {"density", "density --kind container|vm [--max N] [--json | --csv | --markdown] [--save]",
         "start 1, 2, 4, ... idle instances; memory and start time against N, and how many would fit",
         cmdDensity},
        {"system", "system prune",
         "remove what containers left when a Juxta process was killed (cgroups, links, addresses, sockets)",
         cmdSystem},
        {"vm",
         "vm run|create [--start] [--name N] [--memory 256M] [--vcpus 2] [--kernel K [--initrd I] [--cmdline "
         "C] | "
         "IMAGE | --image REF [--disk-size 1G]] [--disk FILE[:ro]]... [--root /dev/vda1] [--net none|bridge] "
         "[-p "
         "[IP:]HOST:PORT]... [--label KEY[=VALUE]]... [--force] [--rm] "
         "[--timings FILE] [-- CMD ARGS...] | vm "
         "start|stop|pause|resume|rm|ps|logs|console ...",
         "VMs run by juxta-vmm (IMAGE: tiny-linux, the default); run boots one, runs CMD through the guest "
         "agent and exits with its code",
         cmdVm},
    };
    return table;
}

int fail(const std::string& message, int exitCode) {
    std::fprintf(stderr, "juxtactl: %s\n", message.c_str());
    return exitCode;
}

int usageError(const std::string& message, const char* command) {
    for (const Command& c : commands())
        if (std::string(c.name) == command) return fail(message + " — usage: juxtactl " + c.usage, 2);
    return fail(message, 2);
}

int forEachInstance(const Argv& argv, const ArgSpec& spec, const char* missing,
                    const std::function<int(const std::string& message)>& usage,
                    const std::function<Result<std::string>(const std::string& name)>& resolve,
                    const std::function<Status(const Args&, const std::string& id)>& action) {
    auto args = Args::parse(argv, spec);
    if (!args) return usage(args.error().message());
    if (args->positionals().empty()) return usage(std::string("missing ") + missing);
    int code = 0;
    for (const auto& name : args->positionals()) {
        auto id = resolve(name);
        Status st = id ? action(*args, *id) : Status(id.error());
        if (!st)
            code = fail(st.error().message());
        else
            std::printf("%s\n", name.c_str());
    }
    return code;
}

Result<int64_t> durationMs(const std::string& text) {
    std::size_t used = 0;
    long long n = -1;
    try {
        n = std::stoll(text, &used);
    } catch (const std::exception&) {
    }
    const std::string unit = n >= 0 ? text.substr(used) : std::string("?");
    const int64_t scale = unit.empty() || unit == "s" ? 1000
                          : unit == "ms"              ? 1
                          : unit == "m"               ? 60'000
                          : unit == "h"               ? 3'600'000
                          : unit == "d"               ? 86'400'000
                                                      : 0;
    if (scale == 0 || n > 3650LL * 86400)
        return Error(EINVAL, "'" + text + "': not a duration like 500ms, 90s, 10m, 24h, 30d");
    return int64_t(n) * scale;
}

Result<std::chrono::seconds> stopGrace(const Args& args) {
    auto t = args.value("--time");
    if (!t) return std::chrono::seconds(10);
    char* end = nullptr;
    const long seconds = std::strtol(t->c_str(), &end, 10);
    if (t->empty() || !end || *end || seconds < 0)
        return Error(EINVAL, "--time '" + *t + "': not a number of seconds");
    return std::chrono::seconds(seconds);
}

Result<Labels> labelFlags(const Args& args) {
    Labels labels;
    for (const std::string& text : args.values("--label")) {
        auto label = parseLabel(text);
        if (!label) return label.error().wrap("--label");
        labels[label->first] = label->second;
    }
    if (Status st = checkUserLabels(labels); !st) return st.error().wrap("--label");
    return labels;
}

}  // namespace juxta::cli

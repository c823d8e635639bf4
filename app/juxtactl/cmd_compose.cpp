// juxtactl compose config|up [-d]|ps|logs [--follow]|stop|start|restart|down [-v] [-f FILE] [-p PROJECT]
// [--as container|vm]:
//   config  the compose file read as Juxta runs it (compose/parse.h) — interpolated, every default
//           filled in, each service's kind — printed as YAML; or the one error that refuses it,
//           with its line and column;
//   up -d   its services started as containers in dependency order (compose/stack.h); without -d,
//           attached: then every service's output until Ctrl-C, which takes the stack down;
//   ps      what the project brought up, and how each is;
//   stop, start, restart  its services stopped and kept, started again, or both;
//   down    stopped and removed (-v: its named volumes too);
//   logs    every service's output so far, each line after its service's name (--follow: then
//           what comes, until every service has ended; -f is the file, as before the subcommand).
// The project is -p, else the file's `name`, else its directory's name.
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "compose/parse.h"
#include "compose/stack.h"
#include "juxtactl/args.h"
#include "juxtactl/commands.h"
#include "runtime/lifecycle/state.h"
#include "vmm/lifecycle/vm_state.h"

namespace juxta::cli {
namespace {

const ArgSpec kComposeArgs = {.flags = {"-d", "--detach", "-v", "--volumes", "--follow"},
                              .options = {"-f", "--file", "-p", "--project-name", "--as"}};

Result<compose::Project> project(const Args& args) {
    std::optional<compose::RunAs> as;
    if (auto a = args.value("--as")) {
        if (*a != "container" && *a != "vm") return Error(EINVAL, "--as container or --as vm");
        as = *a == "vm" ? compose::RunAs::Vm : compose::RunAs::Container;
    }
    const std::string file = args.value("-f").value_or(args.value("--file").value_or(""));
    const std::string name = args.value("-p").value_or(args.value("--project-name").value_or(""));
    return compose::loadProject(file, name, as);
}

std::atomic<int> interrupted{0};  // the signal that asked an attached up to end
static_assert(std::atomic<int>::is_always_lock_free);

void onInterrupt(int signal) {
    interrupted = signal;
}

// Every service's output so far, each line after its service's name; --follow: then what comes,
// as it comes, until every service has ended.
int composeLogs(const std::vector<compose::ServiceStatus>& services, bool follow) {
    struct Source {
        std::string service, id;
        bool vm;
        std::filesystem::path file;
        std::ifstream log;
        std::string partial;  // a line not ended yet
    };
    std::vector<Source> sources;
    std::size_t width = 0;
    for (const auto& s : services) {
        width = std::max(width, s.service.size());
        sources.push_back({s.service, s.id, s.vm, s.log, std::ifstream(s.log, std::ios::binary), {}});
    }
    // Chunk by chunk: each chunk's whole lines are printed and dropped at once; a line longer than
    // 64 KiB is printed in pieces (a service that never ends a line holds nothing back for ever).
    constexpr std::size_t kLongestLine = 64 * 1024;
    const auto print = [&](const Source& src, std::string_view line) {
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);  // a VM's console ends lines so
        std::printf("%-*s | %.*s\n", int(width), src.service.c_str(), int(line.size()), line.data());
    };
    const auto drain = [&](Source& src, bool last) {
        if (!src.log.is_open()) src.log.open(src.file, std::ios::binary);
        char buf[8192];
        while (src.log.read(buf, sizeof buf) || src.log.gcount() > 0) {
            src.partial.append(buf, std::size_t(src.log.gcount()));
            std::size_t start = 0;
            for (std::size_t end; (end = src.partial.find('\n', start)) != std::string::npos; start = end + 1)
                print(src, std::string_view(src.partial).substr(start, end - start));
            src.partial.erase(0, start);
            if (src.partial.size() >= kLongestLine) {
                print(src, src.partial);
                src.partial.clear();
            }
            if (src.log.eof()) break;
        }
        src.log.clear();
        if (last && !src.partial.empty()) {
            print(src, src.partial);
            src.partial.clear();
        }
    };
    for (;;) {
        bool anyRunning = false;
        if (follow)
            for (const Source& src : sources) {
                const auto state = src.vm ? vmm::loadVmState(src.id).state : runtime::loadState(src.id).state;
                anyRunning |= instances::isLive(state);
            }
        for (Source& src : sources) drain(src, !follow || !anyRunning);
        std::fflush(stdout);
        if (!follow || !anyRunning || interrupted) return 0;
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
}

int composeCommand(const std::string& sub, const Argv& argv) {
    auto args = Args::parse(argv, kComposeArgs);
    if (!args) return usageError(args.error().message(), "compose");
    if (!args->positionals().empty()) return usageError("compose " + sub + " takes no argument", "compose");
    auto p = project(*args);
    if (!p)
        return p.error().code() == EINVAL && p.error().message().rfind("--as", 0) == 0
                   ? usageError(p.error().message(), "compose")
                   : fail(p.error().message());
    if (sub == "config") {
        std::fputs(compose::toYaml(*p).c_str(), stdout);
        return 0;
    }
    if (sub == "up") {
        const bool detach = args->has("-d") || args->has("--detach");
        if (!detach) {
            // Attached: Ctrl-C, SIGTERM or a closed terminal take the stack down, as it came up — only
            // a stack this command brought up: one up already is refused before anything is done.
            if (compose::ps(p->name))
                return fail("project " + p->name + " is up already — `juxtactl compose down` first");
            struct sigaction sa {};
            sa.sa_handler = onInterrupt;
            for (int signal : {SIGINT, SIGTERM, SIGHUP}) sigaction(signal, &sa, nullptr);
            ::signal(SIGPIPE, SIG_IGN);  // a reader that went away ends the output, not the take-down
        }
        compose::UpOptions o;
        o.progress = [](const std::string& line) { std::fprintf(stderr, "%s\n", line.c_str()); };
        o.cancelled = [] { return interrupted.load() != 0; };
        Status st = compose::up(*p, o);
        if (detach) return st ? 0 : fail(st.error().message());
        if (st && !interrupted) {
            std::fprintf(stderr, "%s is up: its output follows; Ctrl-C takes it down (named volumes stay)\n",
                         p->name.c_str());
            if (auto services = compose::ps(p->name); services) (void)composeLogs(*services, true);
        }
        if (!interrupted && st) {  // every service ended by itself: they stay, as Docker's do
            std::fprintf(stderr, "every service of %s has ended — `juxtactl compose down` removes them\n",
                         p->name.c_str());
            return 0;
        }
        if (compose::ps(p->name)) {  // what this up made, if it made anything
            std::fprintf(stderr, "taking %s down\n", p->name.c_str());
            if (Status down = compose::down(p->name, false); !down) return fail(down.error().message());
        }
        return st ? 128 + interrupted.load() : fail(st.error().message());
    }
    if (sub == "stop" || sub == "start" || sub == "restart") {
        compose::UpOptions o;
        o.progress = [](const std::string& line) { std::fprintf(stderr, "%s\n", line.c_str()); };
        Status st = sub == "start" ? Status() : compose::stop(p->name);
        if (st && sub != "stop") st = compose::start(p->name, o);
        return st ? 0 : fail(st.error().message());
    }
    if (sub == "ps") {
        auto services = compose::ps(p->name);
        if (!services) return fail(services.error().message());
        std::printf("%-16s %-28s %-26s %-10s %s\n", "SERVICE", "INSTANCE", "STATUS", "KIND", "PORTS");
        for (const auto& s : *services)
            std::printf("%-16s %-28s %-26s %-10s %s\n", s.service.c_str(), s.container.c_str(),
                        s.status.c_str(), s.vm ? "vm" : "container", s.ports.c_str());
        return 0;
    }
    if (sub == "logs") {
        auto services = compose::ps(p->name);
        if (!services) return fail(services.error().message());
        return composeLogs(*services, args->has("--follow"));
    }
    Status st = compose::down(p->name, args->has("-v") || args->has("--volumes"));
    if (!st) return fail(st.error().message());
    return 0;
}

}  // namespace

// The subcommand first, or after the file and project as Docker takes them (`compose -f FILE up -d`).
int cmdCompose(const Argv& argv) {
    const auto isSub = [](const std::string& a) {
        return a == "config" || a == "up" || a == "ps" || a == "down" || a == "logs" || a == "stop" ||
               a == "start" || a == "restart";
    };
    std::optional<std::string> sub;
    Argv rest;
    for (std::size_t i = 0; i < argv.size(); ++i) {
        if (!sub && isSub(argv[i])) {
            sub = argv[i];
            continue;
        }
        if (!sub && argv[i].rfind("-", 0) != 0)
            return usageError("unknown subcommand '" + argv[i] + "'", "compose");
        rest.push_back(argv[i]);
        const bool takesValue = argv[i] == "-f" || argv[i] == "--file" || argv[i] == "-p" ||
                                argv[i] == "--project-name" || argv[i] == "--as";
        if (!sub && takesValue && i + 1 < argv.size()) rest.push_back(argv[++i]);
    }
    if (!sub)
        return usageError("missing subcommand (config, up, ps, logs, stop, start, restart, down)", "compose");
    return composeCommand(*sub, rest);
}

}  // namespace juxta::cli

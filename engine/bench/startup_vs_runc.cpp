// startup_vs_runc: how long `juxtactl run --rm busybox /bin/true` takes next to `runc run` of an
// equivalent busybox bundle (same rootfs content, namespaces pid/net/ipc/uts/mount/cgroup, the
// Docker default capabilities, masked and read-only paths, the same seccomp allow-list), run
// alternately N times each (default 30). Prints both medians and the ratio, a bare exec of
// /bin/true as the anchor, and the RSS of the monitor process Juxta keeps per idle detached
// container.
//
//   startup_vs_runc [--runs N] [--juxtactl PATH] [--runc PATH]
//
// Everything it writes goes to a temporary directory (JUXTA_DATA_DIR / JUXTA_RUNTIME_DIR point
// there), removed at the end. Needs root (both runtimes create namespaces and cgroups).
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "bench/quiet_spawn.h"
#include "core/paths.h"
#include "core/timeline.h"
#include "images/busybox_image.h"
#include "images/image_store.h"
#include "runtime/capabilities.h"
#include "runtime/rootfs.h"
#include "runtime/seccomp.h"

extern "C" char** environ;

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct Options {
    int runs = 30;
    std::string juxtactl;
    std::string runc = "runc";
};

[[noreturn]] void die(const std::string& message) {
    std::fprintf(stderr, "startup_vs_runc: %s\n", message.c_str());
    std::exit(1);
}

// Runs argv with stdout/stderr to /dev/null; returns the wall time in ms, or dies if it fails.
double timedRun(const std::vector<std::string>& args) {
    const int64_t start = juxta::monotonicNs();
    const pid_t pid = juxta::bench::spawnQuiet(args);
    if (pid < 0) die("cannot run " + args[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    const double ms = double(juxta::monotonicNs() - start) / 1e6;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        die(args[0] + " " + args[1] + " failed (status " + std::to_string(status) + ")");
    return ms;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

// Juxta's seccomp allow-list in runc's terms: Docker's default profile for the same capabilities,
// with Juxta's socket and setsockopt rules (seccomp.h: stricter than Docker's).
json runcSeccompProfile() {
    namespace rt = juxta::runtime;
    json names = json::array();
    for (const char* name : rt::allowedSyscalls()) names.push_back(name);
    for (const auto& s : rt::syscallsUnknownToLibseccomp()) names.push_back(s.name);
    const auto allowWhen = [](const char* name, const char* op, uint64_t value) {
        return json{{"names", {name}},
                    {"action", "SCMP_ACT_ALLOW"},
                    {"args", {{{"index", 0}, {"value", value}, {"op", op}}}}};
    };
    json syscalls = {{{"names", names}, {"action", "SCMP_ACT_ALLOW"}}};
    json clone = allowWhen("clone", "SCMP_CMP_MASKED_EQ", rt::kCloneNamespaceFlags);
    clone["args"][0]["valueTwo"] = 0;
    syscalls.push_back(clone);
    syscalls.push_back({{"names", {"clone3"}}, {"action", "SCMP_ACT_ERRNO"}, {"errnoRet", ENOSYS}});
    for (uint64_t persona : rt::kAllowedPersonalities)
        syscalls.push_back(allowWhen("personality", "SCMP_CMP_EQ", persona));
    for (const rt::ArgumentRule& rule : rt::socketRules()) {
        json args = json::array();
        for (const rt::ArgumentTest& t : rule.all)
            args.push_back(t.less ? json{{"index", t.arg}, {"value", t.match}, {"op", "SCMP_CMP_LT"}}
                                  : json{{"index", t.arg},
                                         {"value", t.mask},
                                         {"valueTwo", t.match},
                                         {"op", "SCMP_CMP_MASKED_EQ"}});
        syscalls.push_back({{"names", {rule.syscall}}, {"action", "SCMP_ACT_ALLOW"}, {"args", args}});
    }
    return {{"defaultAction", "SCMP_ACT_ERRNO"},
            {"defaultErrnoRet", EPERM},
            {"architectures", {"SCMP_ARCH_X86_64"}},
            {"syscalls", syscalls}};
}

// An OCI bundle equivalent to what juxtactl runs: a writable copy of the busybox layer.
void writeRuncBundle(const Options& o, const fs::path& bundle, const fs::path& layer) {
    fs::create_directories(bundle);
    if (timedRun({"cp", "-a", layer.string(), (bundle / "rootfs").string()}) < 0) die("copy rootfs");
    if (timedRun({o.runc, "spec", "--bundle", bundle.string()}) < 0) die("runc spec");
    std::ifstream in(bundle / "config.json");
    json config = json::parse(in);
    config["process"]["terminal"] = false;
    config["process"]["args"] = {"/bin/true"};
    config["root"]["readonly"] = false;
    const auto caps = juxta::runtime::capabilityNames(juxta::runtime::dockerDefaultCapabilities());
    for (const char* set : {"bounding", "effective", "permitted"})
        config["process"]["capabilities"][set] = caps;
    config["process"]["noNewPrivileges"] = true;
    auto& ns = config["linux"]["namespaces"];
    if (std::none_of(ns.begin(), ns.end(), [](const json& n) { return n["type"] == "cgroup"; }))
        ns.push_back({{"type", "cgroup"}});
    config["linux"]["maskedPaths"] = juxta::runtime::maskedPaths();
    config["linux"]["readonlyPaths"] = juxta::runtime::readOnlyPaths();
    config["linux"]["seccomp"] = runcSeccompProfile();
    std::ofstream(bundle / "config.json") << config.dump(2);
}

// VmRSS and RssAnon (kB) of a process.
std::pair<long, long> rssKb(pid_t pid) {
    long rss = -1, anon = -1;
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    for (std::string line; std::getline(status, line);) {
        if (line.rfind("VmRSS:", 0) == 0) rss = std::strtol(line.c_str() + 6, nullptr, 10);
        if (line.rfind("RssAnon:", 0) == 0) anon = std::strtol(line.c_str() + 8, nullptr, 10);
    }
    return {rss, anon};
}

// Runs juxtactl with args, returns its stdout.
std::string capture(const Options& o, const std::vector<std::string>& args) {
    std::string cmd = o.juxtactl;
    for (const auto& a : args) cmd += " '" + a + "'";
    std::string out;
    if (FILE* p = popen(cmd.c_str(), "r")) {
        char buf[256];
        while (std::fgets(buf, sizeof buf, p)) out += buf;
        pclose(p);
    }
    while (!out.empty() && out.back() == '\n') out.pop_back();
    return out;
}

// What Juxta keeps per idle container: the monitor of a detached one (juxtactl create + start).
std::pair<long, long> monitorRssKb(const Options& o) {
    const std::string id = capture(o, {"create", "busybox", "--", "sleep", "30"});
    if (id.empty() || capture(o, {"start", id}).empty()) die("cannot start a detached container");
    usleep(200 * 1000);
    std::ifstream state(fs::path(getenv("JUXTA_RUNTIME_DIR")) / "containers" / id / "state.json");
    const pid_t monitor = json::parse(state).value("monitor_pid", 0);
    auto rss = rssKb(monitor);
    capture(o, {"rm", "-f", id});
    return rss;
}

// Each phase of juxta's own timeline (--timings), run by run, in the order they come.
struct PhaseSamples {
    std::vector<std::string> order;
    std::map<std::string, std::vector<double>> ms;
    std::vector<double> totalMs;
};

void addPhases(const fs::path& file, PhaseSamples& samples) {
    std::ifstream in(file);
    const json t = json::parse(in, nullptr, /*allow_exceptions=*/false);
    if (t.is_discarded()) die("juxtactl wrote no timeline to " + file.string());
    samples.totalMs.push_back(t.value("total_ms", 0.0));
    for (const auto& phase : t.value("phases", json::array())) {
        const std::string name = phase.value("name", "");
        if (!samples.ms.count(name)) samples.order.push_back(name);
        samples.ms[name].push_back(phase.value("duration_ms", 0.0));
    }
}

// Where juxta's start goes: the phases' medians, and what the timeline does not cover (juxtactl's
// own process start and exit, the clean-up after the workload).
void printPhases(PhaseSamples& samples, double wholeMs) {
    std::printf("juxta's phases       (medians, ms)\n");
    for (const auto& name : samples.order)
        std::printf("  %-20s %6.2f\n", name.c_str(), median(samples.ms[name]));
    const double timeline = median(samples.totalMs);
    std::printf("  %-20s %6.2f\n  %-20s %6.2f\n", "timeline total", timeline, "outside the timeline",
                wholeMs - timeline);
}

Options parse(int argc, char** argv) {
    Options o;
    o.juxtactl = (fs::read_symlink("/proc/self/exe").parent_path() / "juxtactl").string();
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (i + 1 >= argc) die("usage: startup_vs_runc [--runs N] [--juxtactl PATH] [--runc PATH]");
        if (a == "--runs")
            o.runs = std::max(1, std::atoi(argv[++i]));
        else if (a == "--juxtactl")
            o.juxtactl = argv[++i];
        else if (a == "--runc")
            o.runc = argv[++i];
        else
            die("unknown option " + a);
    }
    return o;
}

}  // namespace

int main(int argc, char** argv) {
    const Options o = parse(argc, argv);
    if (geteuid() != 0) die("needs root: both runtimes create namespaces and cgroups");
    char tmpl[] = "/tmp/juxta-bench.XXXXXX";
    if (!mkdtemp(tmpl)) die("mkdtemp failed");
    const fs::path tmp = tmpl;
    setenv("JUXTA_DATA_DIR", (tmp / "data").c_str(), 1);
    setenv("JUXTA_RUNTIME_DIR", (tmp / "run").c_str(), 1);
    setenv("JUXTA_STATE_DIR", (tmp / "state").c_str(), 1);

    auto store = juxta::images::ImageStore::atDefaultLocation();
    auto image = store.resolve(juxta::images::kBusyboxImage);
    if (!image) die(image.error().message());
    const fs::path bundle = tmp / "bundle";
    writeRuncBundle(o, bundle, image->layerDirs.front());
    const fs::path timings = tmp / "timings.json";
    const std::vector<std::string> juxta = {o.juxtactl,       "run",     "--rm", "--timings",
                                            timings.string(), "busybox", "--",   "/bin/true"};
    // Warm-up (page cache, image store), not counted.
    timedRun(juxta);
    timedRun({o.runc, "run", "--bundle", bundle.string(), "juxta-bench-warmup"});

    std::vector<double> juxtaMs, runcMs, bareMs;
    PhaseSamples phases;
    for (int i = 0; i < o.runs; ++i) {
        juxtaMs.push_back(timedRun(juxta));
        addPhases(timings, phases);
        runcMs.push_back(
            timedRun({o.runc, "run", "--bundle", bundle.string(), "juxta-bench-" + std::to_string(i)}));
        bareMs.push_back(timedRun({"/bin/true", "x"}));
    }
    const auto [rss, anon] = monitorRssKb(o);
    const double j = median(juxtaMs), r = median(runcMs);
    std::printf("runs                 %d each, alternating\n", o.runs);
    std::printf("juxtactl run --rm    median %.2f ms  (min %.2f, max %.2f)\n", j,
                *std::min_element(juxtaMs.begin(), juxtaMs.end()),
                *std::max_element(juxtaMs.begin(), juxtaMs.end()));
    std::printf("runc run             median %.2f ms  (min %.2f, max %.2f)\n", r,
                *std::min_element(runcMs.begin(), runcMs.end()),
                *std::max_element(runcMs.begin(), runcMs.end()));
    std::printf("bare exec /bin/true  median %.2f ms\n", median(bareMs));
    std::printf("ratio juxta / runc   %.2f\n", j / r);
    printPhases(phases, j);
    std::printf(
        "idle container RSS   %ld kB for its monitor process (%ld kB anonymous; the rest is shared "
        "library pages)\n",
        rss, anon);
    std::error_code ec;
    fs::remove_all(tmp, ec);
    return 0;
}

// watch_vs_docker_stats: what it costs to watch N idle containers once a second — Juxta (its GUI,
// offscreen, and the monitors that record each container's history) next to Docker (`docker stats`
// streaming, and dockerd, containerd and the shims that collect for it) watching N equivalent
// containers (the same busybox rootfs, `sleep`, no network) — in the same run, N after N.
//
//   watch_vs_docker_stats [--counts 0,25,50,100] [--seconds 60] [--docker PATH] [--dockerd PATH]
//
// CPU time is read from each thread's schedstat at the start and the end of each window and given
// in % of one core. Juxta's side counts every process Juxta runs for the
// watching (the GUI and every monitor); Docker's counts every process it runs (the client and the
// daemons), the idle daemons included, as Juxta's idle monitors are. Everything either writes goes
// to a temporary directory, removed at the end: Juxta's JUXTA_*_DIR, and a dockerd of the
// benchmark's own (its socket, data and exec roots there; no bridge, no iptables rules), so a
// Docker already on the machine is neither needed nor touched. Needs root and Debian's docker.io.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "bench/quiet_spawn.h"
#include "images/busybox_image.h"
#include "images/image_store.h"

extern "C" char** environ;

namespace {

namespace fs = std::filesystem;

constexpr const char* kImage = "juxta-bench/busybox:watch";  // the busybox layer, imported into Docker

struct Options {
    std::vector<int> counts = {0, 25, 50, 100};
    int seconds = 60;
    std::string docker = "/usr/bin/docker";  // Debian's, not another one earlier on PATH
    std::string dockerd = "/usr/sbin/dockerd";
    fs::path bin;  // juxta and juxtactl: this program's own directory
};

void cleanUp();

[[noreturn]] void die(const std::string& message) {
    std::fprintf(stderr, "watch_vs_docker_stats: %s\n", message.c_str());
    cleanUp();
    std::exit(1);
}

Options parse(int argc, char** argv) {
    Options o;
    o.bin = fs::canonical("/proc/self/exe").parent_path();
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        const bool hasValue = i + 1 < argc;
        if (a == "--counts" && hasValue) {
            o.counts.clear();
            std::stringstream list(argv[++i]);
            for (std::string n; std::getline(list, n, ',');) o.counts.push_back(std::atoi(n.c_str()));
            std::sort(o.counts.begin(), o.counts.end());
            if (o.counts.empty() || o.counts.front() < 0 || o.counts.back() > 1000)
                die("--counts: numbers from 0 to 1000, e.g. 0,25,50,100");
        } else if (a == "--seconds" && hasValue) {
            o.seconds = std::atoi(argv[++i]);
            if (o.seconds < 5 || o.seconds > 3600) die("--seconds: 5 to 3600");
        } else if (a == "--docker" && hasValue) {
            o.docker = argv[++i];
        } else if (a == "--dockerd" && hasValue) {
            o.dockerd = argv[++i];
        } else {
            die("usage: watch_vs_docker_stats [--counts 0,25,50,100] [--seconds 60] [--docker PATH] "
                "[--dockerd PATH]");
        }
    }
    return o;
}

// Starts args (bench/quiet_spawn.h), stderr kept or to the file errors; dies when it cannot.
pid_t spawn(const std::vector<std::string>& args, const std::string& errors = {}) {
    const pid_t pid = juxta::bench::spawnQuiet(args, errors);
    if (pid < 0) die("cannot run " + args[0] + ": " + std::strerror(errno));
    return pid;
}

int waitFor(pid_t pid) {
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

void mustRun(const std::vector<std::string>& args) {
    if (int rc = waitFor(spawn(args)); rc != 0)
        die(args[0] + " " + args[1] + " failed (exit " + std::to_string(rc) + ")");
}

std::string readFile(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The CPU seconds a process's threads have run (each thread's schedstat: the scheduler's own
// nanoseconds, not the statistical ticks of /proc/PID/stat, which miss a short wake-up once a
// second); -1 when it is gone. A thread that ended within the window is not counted.
double cpuSeconds(pid_t pid) {
    std::error_code ec;
    fs::directory_iterator tasks("/proc/" + std::to_string(pid) + "/task", ec);
    if (ec) return -1;
    double ns = 0;
    for (const auto& task : tasks) ns += std::strtod(readFile(task.path() / "schedstat").c_str(), nullptr);
    return ns / 1e9;
}

// The processes whose command name (comm) is one of names; with environ, only those that carry
// that variable (NAME=VALUE) in their environment.
std::vector<pid_t> processes(const std::set<std::string>& names, const std::string& environ = {}) {
    std::vector<pid_t> out;
    for (const auto& entry : fs::directory_iterator("/proc")) {
        const std::string name = entry.path().filename();
        if (name.empty() || !std::all_of(name.begin(), name.end(), ::isdigit)) continue;
        std::string comm = readFile(entry.path() / "comm");
        while (!comm.empty() && comm.back() == '\n') comm.pop_back();
        if (!names.count(comm)) continue;
        if (!environ.empty()) {
            const std::string env = readFile(entry.path() / "environ");
            if (env.find(std::string(1, '\0') + environ + '\0') == std::string::npos &&
                env.rfind(environ + '\0', 0) != 0)
                continue;
        }
        out.push_back(pid_t(std::stoi(name)));
    }
    return out;
}

// CPU, in % of one core, that a set of processes used over a window (those alive at both ends).
class Window {
  public:
    explicit Window(std::vector<pid_t> pids) : pids_(std::move(pids)) {
        for (pid_t p : pids_) start_.push_back(cpuSeconds(p));
        startNs_ = nowNs();
    }
    double percent() const {
        double used = 0;
        for (std::size_t i = 0; i < pids_.size(); ++i)
            if (double end = cpuSeconds(pids_[i]); end >= 0 && start_[i] >= 0) used += end - start_[i];
        return 100.0 * used / (double(nowNs() - startNs_) / 1e9);
    }

  private:
    static long long nowNs() {
        timespec ts{};
        clock_gettime(CLOCK_MONOTONIC, &ts);
        return ts.tv_sec * 1'000'000'000LL + ts.tv_nsec;
    }
    std::vector<pid_t> pids_;
    std::vector<double> start_;
    long long startNs_ = 0;
};

void stop(pid_t pid) {
    kill(pid, SIGTERM);
    waitFor(pid);
}

// What the run made, for cleanUp(): on the way out, and when it dies half-way.
struct Made {
    Options options;
    std::string juxtactl;
    fs::path tmp;
    pid_t dockerd = -1;
    bool image = false;
    int containers = 0;  // watch-bench-0 .. -N-1, on both sides
} made;

void cleanUp() {
    static bool once = false;
    if (std::exchange(once, true)) return;
    for (int i = 0; i < made.containers; ++i) {
        const std::string name = "watch-bench-" + std::to_string(i);
        waitFor(spawn({made.juxtactl, "rm", "-f", name}, "/dev/null"));
        if (made.dockerd > 0) waitFor(spawn({made.options.docker, "rm", "-f", name}, "/dev/null"));
    }
    if (made.image) waitFor(spawn({made.options.docker, "rmi", kImage}, "/dev/null"));
    if (made.dockerd > 0) stop(made.dockerd);
    std::error_code ec;
    if (!made.tmp.empty()) fs::remove_all(made.tmp, ec);
}

// Waits, or cleans up and ends on SIGINT or SIGTERM (blocked in main, so they wait for this).
void pause(int seconds) {
    sigset_t stops;
    sigemptyset(&stops);
    sigaddset(&stops, SIGINT);
    sigaddset(&stops, SIGTERM);
    const timespec wait{seconds, 0};
    if (int sig = sigtimedwait(&stops, nullptr, &wait); sig > 0)
        die(std::string("stopped by ") + strsignal(sig));
}

struct Row {
    int n = 0;
    double gui = 0, monitors = 0, client = 0, daemons = 0;
    double juxta() const { return gui + monitors; }
    double docker() const { return client + daemons; }
};

}  // namespace

int main(int argc, char** argv) {
    const Options o = parse(argc, argv);
    if (geteuid() != 0) die("needs root: containers, and Docker's socket");
    // Ctrl-C and kill stop it in pause(), which removes what it made; the children it starts get
    // the default mask back (posix_spawn keeps the mask: the spawn attributes reset it).
    sigset_t stops;
    sigemptyset(&stops);
    sigaddset(&stops, SIGINT);
    sigaddset(&stops, SIGTERM);
    sigprocmask(SIG_BLOCK, &stops, nullptr);
    char tmpl[] = "/tmp/juxta-watch-bench.XXXXXX";
    if (!mkdtemp(tmpl)) die("mkdtemp failed");
    const fs::path tmp = tmpl;
    const std::string juxtactl = (o.bin / "juxtactl").string(), gui = (o.bin / "juxta").string();
    made.options = o, made.tmp = tmp, made.juxtactl = juxtactl;
    const std::string runDir = (tmp / "run").string();
    setenv("JUXTA_DATA_DIR", (tmp / "data").c_str(), 1);
    setenv("JUXTA_RUNTIME_DIR", runDir.c_str(), 1);
    setenv("JUXTA_STATE_DIR", (tmp / "state").c_str(), 1);
    setenv("XDG_CONFIG_HOME", (tmp / "config").c_str(), 1);  // the GUI on its defaults: 1 s, 1 min window
    setenv("QT_QPA_PLATFORM", "offscreen", 1);

    // The benchmark's own dockerd (it starts its own containerd).
    const fs::path dockerDir = tmp / "docker";
    fs::create_directories(dockerDir);
    std::ofstream(dockerDir / "daemon.json") << "{}\n";  // not /etc/docker/daemon.json
    const std::string socket = "unix://" + (dockerDir / "docker.sock").string();
    setenv("DOCKER_HOST", socket.c_str(), 1);
    const pid_t dockerd = spawn(
        {o.dockerd, "--config-file", (dockerDir / "daemon.json").string(), "--host", socket, "--data-root",
         (dockerDir / "root").string(), "--exec-root", (dockerDir / "exec").string(), "--pidfile",
         (dockerDir / "dockerd.pid").string(), "--iptables=false", "--ip-forward=false", "--bridge=none"},
        (dockerDir / "dockerd.log").string());
    made.dockerd = dockerd;
    for (int tries = 0; waitFor(spawn({o.docker, "info"}, "/dev/null")) != 0; ++tries) {
        if (tries == 60)
            die("dockerd did not come up in 30 s; its log: " + (dockerDir / "dockerd.log").string());
        usleep(500'000);
    }

    // Docker gets the very rootfs Juxta runs: the busybox image's layer, imported.
    auto store = juxta::images::ImageStore::atDefaultLocation();
    auto image = store.resolve(juxta::images::kBusyboxImage);
    if (!image) die(image.error().message());
    const std::string tarball = (tmp / "busybox.tar").string();
    mustRun({"/bin/tar", "-C", image->layerDirs.front().string(), "-cf", tarball, "."});
    mustRun({o.docker, "import", tarball, kImage});
    made.image = true;

    std::vector<Row> rows;
    int running = 0;
    for (int n : o.counts) {
        for (; running < n; ++running) {
            const std::string name = "watch-bench-" + std::to_string(running);
            made.containers = running + 1;
            mustRun({juxtactl, "create", "--name", name, "busybox", "--", "sleep", "1000000"});
            mustRun({juxtactl, "start", name});
            mustRun({o.docker, "run", "-d", "--network", "none", "--name", name, kImage, "sleep", "1000000"});
        }
        std::fprintf(stderr, "watch_vs_docker_stats: %d containers each; watching %d s each way\n", n,
                     o.seconds);
        pause(5);  // what the starts left behind settles
        Row row{.n = n};
        const auto monitors = [&] { return processes({"juxta-monitor"}, "JUXTA_RUNTIME_DIR=" + runDir); };

        const pid_t g = spawn({gui});
        pause(10);  // the window is up and has read every instance once
        {
            Window guiWindow({g}), monitorWindow(monitors());
            pause(o.seconds);
            row.gui = guiWindow.percent();
            row.monitors = monitorWindow.percent();
        }
        stop(g);

        const pid_t s = spawn({o.docker, "stats"});  // streams, once a second, without a terminal too
        pause(10);
        {
            Window clientWindow({s}), daemonWindow(processes({"dockerd", "containerd", "containerd-shim",
                                                              "containerd-shim-runc-v2"}));
            pause(o.seconds);
            row.client = clientWindow.percent();
            row.daemons = daemonWindow.percent();
        }
        stop(s);
        rows.push_back(row);
    }

    cleanUp();

    std::printf("Watching N idle containers at 1 Hz for %d s: CPU in %% of one core (100 = a whole core)\n",
                o.seconds);
    std::printf("%5s | %8s %9s %8s %10s | %8s %9s %8s %10s | %6s\n", "N", "GUI", "monitors", "total",
                "per inst.", "client", "daemons", "total", "per inst.", "ratio");
    const Row& base = rows.front();
    for (const Row& r : rows) {
        const bool perInstance = r.n > 0 && r.n != base.n;
        const auto per = [&](double total, double baseTotal) {
            return perInstance ? (total - baseTotal) / (r.n - base.n) : 0.0;
        };
        char jp[32] = "-", dp[32] = "-";
        if (perInstance) {
            std::snprintf(jp, sizeof jp, "%.4f", per(r.juxta(), base.juxta()));
            std::snprintf(dp, sizeof dp, "%.4f", per(r.docker(), base.docker()));
        }
        std::printf("%5d | %8.2f %9.2f %8.2f %10s | %8.2f %9.2f %8.2f %10s | %6.2f\n", r.n, r.gui, r.monitors,
                    r.juxta(), jp, r.client, r.daemons, r.docker(), dp,
                    r.docker() > 0 ? r.juxta() / r.docker() : 0.0);
    }
    std::printf(
        "juxta: the GUI (offscreen) and every container's monitor (which records its history);\n"
        "docker: `docker stats` and dockerd, containerd and the shims; per inst.: above N = %d, per "
        "container; ratio: juxta / docker\n",
        base.n);
    return 0;
}

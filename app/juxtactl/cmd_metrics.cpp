// `juxtactl stats` (like `docker stats`) and `juxtactl metrics record|export`: what the instances'
// monitors record into their resource histories (instances/history.h, metrics/ring_file.h), and the
// host's own history, kept by `metrics record`.
#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <thread>

#include "core/format.h"
#include "core/paths.h"
#include "core/read_file.h"
#include "core/unique_fd.h"
#include "instances/history.h"
#include "juxtactl/commands.h"
#include "metrics/host_sampler.h"
#include "metrics/ring_file.h"
#include "runtime/lifecycle/lifecycle.h"
#include "vmm/lifecycle/vm_lifecycle.h"

namespace juxta::cli {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// What has a history: the host (when `metrics record` keeps one), each container and each VM.
struct Target {
    InstanceKind kind = InstanceKind::Host;
    std::string id, name, image;
    bool live = false;
    fs::path history, error;  // the ring, and the monitor's reason when it could not record
};

Target hostTarget() {
    Target t;
    t.id = t.name = "host";
    t.live = true;
    t.history = instances::hostHistoryFile();
    return t;
}

Result<std::vector<Target>> allTargets() {
    std::vector<Target> out;
    auto containers = runtime::listInstances();
    if (!containers) return containers.error();
    for (const auto& c : *containers) {
        const auto& spec = c.definition.spec;
        out.push_back({InstanceKind::Container, spec.id, spec.name.empty() ? spec.id : spec.name,
                       c.definition.image, instances::isLive(c.state.state),
                       instances::historyFileOf(InstanceKind::Container, spec.id),
                       instances::historyErrorFileOf(InstanceKind::Container, spec.id)});
    }
    auto vms = vmm::listVms();
    if (!vms) return vms.error();
    for (const auto& v : *vms) {
        const auto& d = v.definition;
        out.push_back({InstanceKind::Vm, d.id, d.name.empty() ? d.id : d.name,
                       d.image.empty() ? d.kernel : d.image, instances::isLive(v.state.state),
                       instances::historyFileOf(InstanceKind::Vm, d.id),
                       instances::historyErrorFileOf(InstanceKind::Vm, d.id)});
    }
    return out;
}

// The named ones ("host" is the host), or every one (the live ones only unless `all`), host first.
Result<std::vector<Target>> targets(const std::vector<std::string>& names, bool all) {
    auto known = allTargets();
    if (!known) return known.error();
    std::vector<Target> out;
    if (names.empty()) {
        if (fs::exists(instances::hostHistoryFile())) out.push_back(hostTarget());
        for (auto& t : *known)
            if (all || t.live) out.push_back(std::move(t));
        return out;
    }
    for (const std::string& name : names) {
        if (name == "host") {
            out.push_back(hostTarget());
            continue;
        }
        auto id = runtime::resolveInstance(name);
        if (!id) id = vmm::resolveVm(name);
        if (!id) return Error(ENOENT, "no container or VM " + name);
        for (const Target& t : *known)
            if (t.id == *id) out.push_back(t);
    }
    return out;
}

int64_t nowMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

json sampleJson(const MetricSample& s, int hostCpus) {
    return {{"time_ms", s.timeMs},
            {"cpu_percent", s.cpuPercent * hostCpus},  // as docker stats: 100 = one core
            {"host_cpu_percent", s.cpuPercent},        // 100 = every core
            {"memory_bytes", s.memoryUsed},
            {"memory_limit_bytes", s.memoryTotal},
            {"disk_read_bps", s.diskReadBps},
            {"disk_write_bps", s.diskWriteBps},
            {"net_rx_bps", s.netRxBps},
            {"net_tx_bps", s.netTxBps},
            {"vm_exits_per_s", s.vmExitsPerSec}};
}

json targetJson(const Target& t) {
    return {{"id", t.id}, {"name", t.name}, {"kind", toString(t.kind)}, {"image", t.image}};
}

// Why a target has no recent point: the monitor's reason, or that nothing came in the last seconds.
std::string whyNoPoint(const Target& t, const Error* error) {
    if (auto reason = readFile(t.error, {.maxBytes = 4096}); reason && !reason->empty())
        return "not recorded: " + reason->substr(0, reason->find('\n'));
    if (error && error->code() != ENOENT) return error->message();
    return t.live ? "no sample yet" : "not running";
}

json statsRows(const std::vector<Target>& list, int hostCpus) {
    json rows = json::array();
    const int64_t now = nowMs();
    for (const Target& t : list) {
        json row = targetJson(t);
        auto ring = metrics::RingFile::openForReading(t.history);
        std::optional<MetricSample> point;
        std::optional<Error> error;
        if (ring) {
            if (auto latest = ring->latest(now, 3000); latest)
                point = *latest;
            else
                error = latest.error();
        } else {
            error = ring.error();
        }
        if (point && t.live)
            row.update(sampleJson(*point, hostCpus));
        else
            row["note"] = whyNoPoint(t, error ? &*error : nullptr);
        rows.push_back(row);
    }
    return rows;
}

std::string cell(const json& row, const char* key, std::string (*show)(double)) {
    return row.contains(key) ? show(row[key].get<double>()) : std::string("-");
}

void printStatsTable(const json& rows) {
    std::printf("%-16s %-9s %8s %-24s %7s %-22s %-22s %s\n", "NAME", "KIND", "CPU %", "MEM USAGE / LIMIT",
                "MEM %", "DISK READ / WRITE", "NET RX / TX", "NOTE");
    const auto pct = [](double v) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.2f%%", v);
        return std::string(buf);
    };
    for (const auto& r : rows) {
        std::string memory = "-", memoryPct = "-";
        if (r.contains("memory_bytes")) {
            const double used = r["memory_bytes"], limit = r["memory_limit_bytes"];
            memory =
                format::bytes(used) + " / " + (limit > 0 ? format::bytes(limit) : std::string("no limit"));
            if (limit > 0) memoryPct = pct(100 * used / limit);
        }
        const std::string disk = cell(r, "disk_read_bps", format::bytesPerSecond) + " / " +
                                 cell(r, "disk_write_bps", format::bytesPerSecond);
        const std::string net = cell(r, "net_rx_bps", format::bytesPerSecond) + " / " +
                                cell(r, "net_tx_bps", format::bytesPerSecond);
        std::printf("%-16s %-9s %8s %-24s %7s %-22s %-22s %s\n", r["name"].get<std::string>().c_str(),
                    r["kind"].get<std::string>().c_str(), cell(r, "cpu_percent", pct).c_str(), memory.c_str(),
                    memoryPct.c_str(), disk.c_str(), net.c_str(), r.value("note", std::string()).c_str());
    }
}

std::atomic<bool> gStop{false};
void onStopSignal(int) {
    gStop = true;
}

void stopOnSignals() {
    struct sigaction sa {};
    sa.sa_handler = onStopSignal;
    ::sigaction(SIGINT, &sa, nullptr);
    ::sigaction(SIGTERM, &sa, nullptr);
}

// "90s", "10m", "24h", "30d" (or a bare number of seconds).
Result<int64_t> durationMs(const std::string& text) {
    std::size_t used = 0;
    long long n = -1;
    try {
        n = std::stoll(text, &used);
    } catch (const std::exception&) {
    }
    const std::string unit = n >= 0 ? text.substr(used) : std::string("?");
    const int64_t scale = unit.empty() || unit == "s" ? 1000
                          : unit == "m"               ? 60'000
                          : unit == "h"               ? 3'600'000
                          : unit == "d"               ? 86'400'000
                                                      : 0;
    if (scale == 0 || n > 3650LL * 86400)
        return Error(EINVAL, "'" + text + "': not a duration like 90s, 10m, 24h, 30d");
    return int64_t(n) * scale;
}

int hostCpuCount() {
    return int(std::max(1L, ::sysconf(_SC_NPROCESSORS_ONLN)));
}

int metricsRecord(const Args& args) {
    auto interval = durationMs(args.value("--interval").value_or("1s"));
    if (!interval || *interval < 1000) return usageError("--interval: at least 1s", "metrics");
    const fs::path file = instances::hostHistoryFile();
    if (auto dir = paths::ensureDir(file.parent_path()); !dir) return fail(dir.error().message());
    // One recorder at a time: a second one (the user service and a hand-started one) leaves.
    const fs::path lockFile = file.string() + ".lock";
    UniqueFd lock(::open(lockFile.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600));
    if (!lock) return fail(Error::fromErrno("open " + lockFile.string()).message());
    if (::flock(lock.get(), LOCK_EX | LOCK_NB) < 0)
        return fail("the host's history is being recorded already (" + lockFile.string() + " is locked)");
    std::string replaced;
    auto ring = metrics::RingFile::openForWriting(file, metrics::kDefaultTiers, &replaced);
    if (!ring) return fail(ring.error().message());
    if (!replaced.empty())
        std::fprintf(stderr, "juxtactl: %s was not a history (%s): it starts anew\n", file.c_str(),
                     replaced.c_str());
    std::printf("recording the host's history into %s every %lld ms (Ctrl-C stops)\n", file.c_str(),
                static_cast<long long>(*interval));
    std::fflush(stdout);
    stopOnSignals();
    HostSampler sampler;
    (void)sampler.sample(nowMs());  // the baseline: rates start with the next one
    while (!gStop) {
        for (int64_t slept = 0; slept < *interval && !gStop; slept += 100)
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        if (gStop) break;
        auto s = sampler.sample(nowMs());
        if (!s) {
            std::fprintf(stderr, "juxtactl: host sample: %s\n", s.error().message().c_str());
            continue;
        }
        if (auto st = ring->append(*s); !st) return fail(st.error().message());
    }
    return 0;
}

void csvRow(const json& target, const MetricSample& s, int hostCpus) {
    const json v = sampleJson(s, hostCpus);
    std::printf("%s,%s,%s,%lld", target["kind"].get<std::string>().c_str(),
                target["id"].get<std::string>().c_str(), target["name"].get<std::string>().c_str(),
                static_cast<long long>(s.timeMs));
    for (const char* key : {"cpu_percent", "memory_bytes", "memory_limit_bytes", "disk_read_bps",
                            "disk_write_bps", "net_rx_bps", "net_tx_bps", "vm_exits_per_s"})
        std::printf(",%.6g", v[key].get<double>());
    std::printf("\n");
}

int metricsExport(const Args& args) {
    auto since = durationMs(args.value("--since").value_or("1h"));
    if (!since) return usageError(since.error().message(), "metrics");
    const std::string format = args.value("--format").value_or("csv");
    if (format != "csv" && format != "json") return usageError("--format csv or json", "metrics");
    std::vector<std::string> names(args.positionals().begin() + 1, args.positionals().end());
    auto list = targets(names, true);
    if (!list) return fail(list.error().message());
    const int64_t now = nowMs();
    const int cpus = hostCpuCount();
    json out = json::array();
    if (format == "csv")
        std::printf(
            "kind,id,name,time_ms,cpu_percent,memory_bytes,memory_limit_bytes,disk_read_bps,"
            "disk_write_bps,net_rx_bps,net_tx_bps,vm_exits_per_s\n");
    int code = 0;
    for (const Target& t : *list) {
        auto ring = metrics::RingFile::openForReading(t.history);
        if (!ring) {
            if (ring.error().code() != ENOENT || !names.empty())
                code = fail(t.name + ": no history: " + ring.error().message());
            continue;
        }
        auto points = ring->read(now - *since, now);
        if (!points) {
            code = fail(t.name + ": " + points.error().message());
            continue;
        }
        json series = targetJson(t);
        series["points"] = json::array();
        for (const MetricSample& s : *points) {
            if (format == "csv")
                csvRow(series, s, cpus);
            else
                series["points"].push_back(sampleJson(s, cpus));
        }
        if (format == "json") out.push_back(std::move(series));
    }
    if (format == "json") std::printf("%s\n", out.dump(2).c_str());
    return code;
}

}  // namespace

int cmdStats(const Argv& argv) {
    auto args = Args::parse(argv, {.flags = {"--no-stream", "--json", "-a", "--all"}});
    if (!args) return usageError(args.error().message(), "stats");
    const bool all = args->has("-a") || args->has("--all");
    const bool once = args->has("--no-stream");
    const bool tty = ::isatty(STDOUT_FILENO);
    const int cpus = hostCpuCount();
    stopOnSignals();
    while (!gStop) {
        auto list = targets(args->positionals(), all);
        if (!list) return fail(list.error().message());
        const json rows = statsRows(*list, cpus);
        if (args->has("--json")) {
            std::printf("%s\n", rows.dump(once ? 2 : -1).c_str());
        } else {
            if (!once && tty) std::printf("\033[2J\033[H");
            printStatsTable(rows);
        }
        std::fflush(stdout);
        if (once) break;
        for (int i = 0; i < 10 && !gStop; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return 0;
}

int cmdMetrics(const Argv& argv) {
    auto args = Args::parse(argv, {.options = {"--since", "--format", "--interval"}});
    if (!args) return usageError(args.error().message(), "metrics");
    const std::string sub = args->positionals().empty() ? "" : args->positionals()[0];
    if (sub == "record") {
        if (args->positionals().size() != 1) return usageError("record takes no name", "metrics");
        return metricsRecord(*args);
    }
    if (sub == "export") return metricsExport(*args);
    return usageError(sub.empty() ? "missing record or export" : "unknown metrics command " + sub, "metrics");
}

}  // namespace juxta::cli

// `juxtactl stats` (like `docker stats`) and `juxtactl metrics record|export|serve`: what the
// instances' monitors record into their resource histories (instances/history.h,
// metrics/ring_file.h), and the host's own history, kept by `metrics record`; `serve` answers
// Prometheus scrapes (metrics/exposition.h) through libmicrohttpd.
#include <arpa/inet.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/file.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <thread>

#include "core/format.h"
#include "core/paths.h"
#include "core/unique_fd.h"
#include "instances/history.h"
#include "instances/state_record.h"
#include "juxtactl/commands.h"
#include "metrics/exposition.h"
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
    fs::path history;  // the ring
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
                       instances::historyFileOf(InstanceKind::Container, spec.id)});
    }
    auto vms = vmm::listVms();
    if (!vms) return vms.error();
    for (const auto& v : *vms) {
        const auto& d = v.definition;
        out.push_back({InstanceKind::Vm, d.id, d.name.empty() ? d.id : d.name,
                       d.image.empty() ? d.kernel : d.image, instances::isLive(v.state.state),
                       instances::historyFileOf(InstanceKind::Vm, d.id)});
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
    if (t.kind != InstanceKind::Host)
        if (const std::string why = instances::historyErrorOf(t.kind, t.id); !why.empty())
            return "not recorded: " + why;
    if (error && error->code() != ENOENT) return error->message();
    return t.live ? "no sample yet" : "not running";
}

// A target's newest point (no older than 3 s), or why there is none.
struct Latest {
    std::optional<MetricSample> point;
    std::string why;
};

Latest latestOf(const Target& t, int64_t now) {
    Latest out;
    std::optional<Error> error;
    if (auto ring = metrics::RingFile::openForReading(t.history)) {
        if (auto latest = ring->latest(now, 3000); latest)
            out.point = *latest;
        else
            error = latest.error();
    } else {
        error = ring.error();
    }
    if (!t.live) out.point.reset();
    if (!out.point) out.why = whyNoPoint(t, error ? &*error : nullptr);
    return out;
}

json statsRows(const std::vector<Target>& list, int hostCpus) {
    json rows = json::array();
    const int64_t now = instances::wallClockMs();
    for (const Target& t : list) {
        json row = targetJson(t);
        const Latest latest = latestOf(t, now);
        if (latest.point)
            row.update(sampleJson(*latest.point, hostCpus));
        else
            row["note"] = latest.why;
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
    (void)sampler.sample(instances::wallClockMs());  // the baseline: rates start with the next one
    while (!gStop) {
        for (int64_t slept = 0; slept < *interval && !gStop; slept += 100)
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        if (gStop) break;
        auto s = sampler.sample(instances::wallClockMs());
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
    const int64_t now = instances::wallClockMs();
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

// What /metrics answers: every instance (running or not), and the host when its history is kept.
std::string metricsPage() {
    auto list = targets({}, true);
    if (!list) return "# juxtactl: " + list.error().message() + "\n";
    const int64_t now = instances::wallClockMs();
    std::vector<metrics::ExposedInstance> exposed;
    for (const Target& t : *list)
        exposed.push_back({t.id, t.name, toString(t.kind), t.image, t.live, latestOf(t, now).point});
    return metrics::prometheusText(exposed, hostCpuCount());
}

MHD_Result answer(void*, MHD_Connection* connection, const char* url, const char* method, const char*,
                  const char*, size_t*, void**) {
    // libmicrohttpd parses the request (and bounds it); this answers it, and nothing it meets throws out.
    std::string body, type = "text/plain; charset=utf-8";
    unsigned status = MHD_HTTP_OK;
    try {
        if (std::strcmp(method, "GET") != 0 && std::strcmp(method, "HEAD") != 0) {
            status = MHD_HTTP_METHOD_NOT_ALLOWED;
            body = "GET /metrics\n";
        } else if (std::strcmp(url, "/metrics") == 0) {
            body = metricsPage();
            type = "text/plain; version=0.0.4; charset=utf-8";
        } else if (std::strcmp(url, "/") == 0) {
            body =
                "Juxta: the host's and every instance's resource use at /metrics (Prometheus text format)\n";
        } else {
            status = MHD_HTTP_NOT_FOUND;
            body = "not found: GET /metrics\n";
        }
    } catch (const std::exception& e) {
        status = MHD_HTTP_INTERNAL_SERVER_ERROR;
        body = std::string("internal error: ") + e.what() + "\n";
    }
    MHD_Response* response = MHD_create_response_from_buffer(body.size(), body.data(), MHD_RESPMEM_MUST_COPY);
    if (!response) return MHD_NO;
    MHD_add_response_header(response, MHD_HTTP_HEADER_CONTENT_TYPE, type.c_str());
    const MHD_Result queued = MHD_queue_response(connection, status, response);
    MHD_destroy_response(response);
    return queued;
}

// "127.0.0.1:9464", "[::1]:9464": a numeric address and a port.
Result<sockaddr_storage> listenAddress(const std::string& text, bool& ipv6) {
    const auto bad = [&] {
        return Error(EINVAL, "--listen '" + text + "': not ADDRESS:PORT (127.0.0.1:9464, [::1]:9464)");
    };
    const std::size_t colon = text.rfind(':');
    if (colon == std::string::npos || colon + 1 >= text.size()) return bad();
    std::string host = text.substr(0, colon);
    const std::string portText = text.substr(colon + 1);
    if (portText.find_first_not_of("0123456789") != std::string::npos || portText.size() > 5) return bad();
    const int port = std::stoi(portText);
    if (port < 1 || port > 65535) return bad();
    sockaddr_storage out{};
    ipv6 = host.size() >= 2 && host.front() == '[' && host.back() == ']';
    if (ipv6) {
        auto* a = reinterpret_cast<sockaddr_in6*>(&out);
        a->sin6_family = AF_INET6;
        a->sin6_port = htons(uint16_t(port));
        if (::inet_pton(AF_INET6, host.substr(1, host.size() - 2).c_str(), &a->sin6_addr) != 1) return bad();
    } else {
        auto* a = reinterpret_cast<sockaddr_in*>(&out);
        a->sin_family = AF_INET;
        a->sin_port = htons(uint16_t(port));
        if (::inet_pton(AF_INET, host.c_str(), &a->sin_addr) != 1) return bad();
    }
    return out;
}

int metricsServe(const Args& args) {
    const std::string listen = args.value("--listen").value_or("127.0.0.1:9464");
    bool ipv6 = false;
    auto address = listenAddress(listen, ipv6);
    if (!address) return usageError(address.error().message(), "metrics");
    const uint16_t port = ntohs(ipv6 ? reinterpret_cast<sockaddr_in6*>(&*address)->sin6_port
                                     : reinterpret_cast<sockaddr_in*>(&*address)->sin_port);
    MHD_Daemon* daemon = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | (ipv6 ? MHD_USE_IPv6 : 0), port, nullptr, nullptr, &answer, nullptr,
        MHD_OPTION_SOCK_ADDR, reinterpret_cast<sockaddr*>(&*address), MHD_OPTION_CONNECTION_LIMIT, 32u,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, 8u, MHD_OPTION_CONNECTION_TIMEOUT, 10u,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, size_t(64 * 1024), MHD_OPTION_END);
    if (!daemon) return fail(Error::fromErrno("listen on " + listen).message());
    std::printf("serving metrics on http://%s/metrics (Prometheus text format; Ctrl-C stops)\n",
                listen.c_str());
    std::fflush(stdout);
    stopOnSignals();
    while (!gStop) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    MHD_stop_daemon(daemon);
    return 0;
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
    auto args = Args::parse(argv, {.options = {"--since", "--format", "--interval", "--listen"}});
    if (!args) return usageError(args.error().message(), "metrics");
    const std::string sub = args->positionals().empty() ? "" : args->positionals()[0];
    if (sub == "record") {
        if (args->positionals().size() != 1) return usageError("record takes no name", "metrics");
        return metricsRecord(*args);
    }
    if (sub == "export") return metricsExport(*args);
    if (sub == "serve") {
        if (args->positionals().size() != 1) return usageError("serve takes no name", "metrics");
        return metricsServe(*args);
    }
    return usageError(sub.empty() ? "missing record, export or serve" : "unknown metrics command " + sub,
                      "metrics");
}

}  // namespace juxta::cli

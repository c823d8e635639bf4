#pragma once
// The comparison workloads: their names, parameters (with defaults) and the figures each reports.
// One table shared by the juxta-workload program (what it accepts and prints) and the harness
// (what it checks before running anything and how it labels the figures). Header-only and
// dependency-free, so the static workload binary stays small.
#include <string_view>
#include <vector>

namespace juxta::workloads {

struct Parameter {
    std::string_view name;  // given as --name VALUE
    std::string_view defaultValue;
    std::string_view help;
};

struct Figure {
    std::string_view name;  // the key in the workload's JSON line
    std::string_view unit;
    bool higherIsBetter;
};

enum class Use {
    Compare,       // juxtactl compare --workload NAME
    Scenario,      // juxtactl compare --scenario NAME: services started together (the harness's scenario.h)
    ScenarioPart,  // run only by a scenario
    Benchmark,     // run only by a benchmark program (engine/bench), never offered to compare
};

struct Workload {
    std::string_view name;
    std::string_view summary;
    std::vector<Parameter> parameters;
    std::vector<Figure> figures;
    Use use = Use::Compare;
};

// `startup` is not a program: the harness starts the instance and runs /bin/true in it. Nor is a
// scenario: the harness runs its services.
inline const std::vector<Workload>& catalogue() {
    static const std::vector<Workload> table = {
        {"startup", "start the instance, run /bin/true, tear it down", {}, {}},
        {"cpu",
         "a fixed amount of integer hashing",
         {{"ops", "20000000", "hash rounds"}},
         {{"ops_per_s", "ops/s", true}}},
        {"memory",
         "sequential read/write over a buffer larger than the LLC, random-access latency",
         {{"mib", "64", "buffer size in MiB"}, {"passes", "4", "sequential passes"}},
         {{"read_gb_per_s", "GB/s", true}, {"write_gb_per_s", "GB/s", true}, {"latency_ns", "ns", false}}},
        {"syscall",
         "a tight loop of getppid system calls",
         {{"calls", "1000000", "system calls"}},
         {{"ns_per_call", "ns", false}}},
        {"fileio",
         "write + fsync of N MiB, read back, and fsync latency of small writes",
         {{"mib", "16", "MiB written"},
          {"syncs", "20", "small write+fsync pairs"},
          {"dir", "/tmp", "directory"}},
         {{"write_mb_per_s", "MB/s", true}, {"read_mb_per_s", "MB/s", true}, {"fsync_us", "µs", false}}},
        {"net",
         "TCP round trips over loopback inside the instance",
         {{"rounds", "20000", "round trips"}, {"bytes", "64", "message size"}},
         {{"round_trip_us", "µs", false}}},
        {"idle",
         "sleep, then report the resident set: the pure footprint",
         {{"seconds", "2", "how long to sleep"}},
         {{"rss_kib", "KiB", false}}},
        {"service",
         "one service of the four-service stack scenario (juxtactl compare --scenario stack)",
         {{"role", "web", "web, db, cache or worker"},
          {"seconds", "3600", "how long it serves"},
          {"mib", "16", "cache: MiB of values it holds"},
          {"hog-after", "0", "seconds after ready to start exhausting memory (0: never)"},
          {"duty", "20", "percent of every 100 ms it works; it waits the rest"},
          {"dir", "/tmp", "db: the directory of its file"}},
         {{"ops_per_s", "ops/s", true}},
         Use::ScenarioPart},
        {"blockread",
         "O_DIRECT reads of a block device: sequential in 1 MiB requests, then random 4 KiB ones for a "
         "fixed time, at queue depth 1 or by `depth` threads at once",
         {{"device", "/dev/vda", "block device or file"},
          {"mib", "64", "MiB read sequentially"},
          {"seconds", "2", "seconds of random reads"},
          {"depth", "1", "random reads in flight at once (one thread each)"}},
         {{"seq_read_mb_per_s", "MB/s", true}, {"rand_read_iops", "IOPS", true}},
         Use::Benchmark},
        {"tcpsend",
         "a TCP stream to a sink for a fixed time in large writes: what the network path carries",
         {{"host", "10.77.0.1", "the sink's IPv4 address"},
          {"port", "5201", "the sink's port"},
          {"seconds", "3", "how long it sends"},
          {"kib", "256", "KiB a write"}},
         {{"mb_per_s", "MB/s", true}},
         Use::Benchmark},
        {"tcprecv",
         "a TCP stream from a source that sends for a time and closes, read to its end: what the network "
         "path carries the other way",
         {{"host", "10.77.0.1", "the source's IPv4 address"}, {"port", "5202", "the source's port"}},
         {{"mb_per_s", "MB/s", true}},
         Use::Benchmark},
        {"stack",
         "a quick demo with a built-in stand-in (four copies of Juxta's own service program as a web app, "
         "a database, a cache and a worker) as four containers and as four VMs: memory, time to all-ready, "
         "and what the others do when the cache exhausts its memory; for your own stack, pick compose",
         {},
         {},
         Use::Scenario},
        {"compose",
         "your compose file, brought up as all containers, as all VMs and as written (mixed): time until "
         "every service is healthy, memory, idle CPU and disk by service, requests/s and latency on a "
         "published port, and what that does while one service exhausts its memory",
         {{"file", "compose.yaml", "the compose file"},
          {"written", "yes", "also run it as the file says (its x-juxta choices): yes or no"},
          {"service", "auto", "the service to load (auto: the first that publishes a TCP port)"},
          {"path", "/", "the path each request asks for"},
          {"seconds", "10", "seconds of load in each phase"},
          {"connections", "4", "connections, each sending its next request when the last is answered"},
          {"hog", "auto",
           "the service made to exhaust its memory (auto: the one with the smallest memory limit "
           "but the loaded one; none: no isolation phase)"}},
         {},
         Use::Scenario},
    };
    return table;
}

inline const Workload* findWorkload(std::string_view name) {
    for (const Workload& w : catalogue())
        if (w.name == name) return &w;
    return nullptr;
}

inline const Parameter* findParameter(const Workload& w, std::string_view name) {
    for (const Parameter& p : w.parameters)
        if (p.name == name) return &p;
    return nullptr;
}

}  // namespace juxta::workloads

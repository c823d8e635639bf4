#pragma once
// The result of a comparison: the same workload run as a host process (the baseline), a
// container and a VM, with what each one cost — every figure measured in the run that reports it.
// Plain value types, written as JSON (the file format the GUI reads, stable: additive changes
// only), CSV (one row per raw sample and per summary figure) and Markdown (a summary for people).
// Saved under <dataDir>/comparisons/<id>/{result.json,manifest.json}.
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/instance.h"  // InstanceKind: what a variant runs as

namespace juxta::compare {

enum class VariantStatus { Ok, Unavailable, Failed };
std::string toString(VariantStatus status);  // "ok", "unavailable", "failed"

// The machine the comparison ran on, as the report states it.
struct HostDescription {
    std::string hostname;
    std::string cpuModel;
    int cores = 0;
    double memoryTotalBytes = 0;
    std::string kernel;      // uname -r
    std::string kvmKind;     // host_probe's: "hardware", "pvm", "absent", "no-permission", "unknown"
    std::string cgroupMode;  // "v1", "v2", "hybrid", "none"
    std::string juxtaVersion;
    std::string date;         // ISO 8601 UTC, when the run started
    double loadAverage1 = 0;  // /proc/loadavg at the start: how busy the machine was
};

// What was asked for.
struct Manifest {
    std::string workload;  // "startup", "cpu", "memory", "syscall", "fileio", "net", "idle"; "stack"
    std::map<std::string, std::string> parameters;  // the workload's own (--param value), as given
    std::vector<InstanceKind> variants;
    int repeats = 5;
    std::optional<int64_t> containerMemoryBytes;  // container limits, when set
    std::optional<double> containerCpus;
    int vmMemoryMib = 256;
    int vmVcpus = 1;
};

// A figure measured once per repeat: the raw samples and their summary.
struct Stat {
    std::vector<double> samples;
    double median = 0, min = 0, max = 0;
    double q1 = 0, q3 = 0;  // interquartile range (linear interpolation between samples)
    bool empty() const { return samples.empty(); }
};

// One figure the workload reports, e.g. {"ops_per_s", "ops/s"} or {"latency_ns", "ns"}.
struct Metric {
    std::string name;
    std::string unit;
    bool higherIsBetter = true;  // ops/s, GB/s: higher; ns, µs: lower
    Stat stat;
    // This variant's median divided by the host variant's median (the host's is exactly 1.0);
    // absent when there is no host baseline in the run.
    std::optional<double> ratioToHost;
};

// A start-up phase in ms from the request (the harness asking for the instance).
struct PhaseSpan {
    std::string name;
    double startMs = 0;
    double endMs = 0;
};

struct Startup {
    Stat toWorkloadMs;              // request -> the workload exec'd (host: posix_spawn returned; container:
                                    // the runtime's exec phase; VM: the VMM's workload_start phase)
    Stat cycleMs;                   // request -> the instance torn down again
    std::vector<PhaseSpan> phases;  // of the repeat whose toWorkloadMs is the median
};

struct MemoryPart {
    std::string name;  // e.g. "workload", "runtime", "guest kernel+VMM"
    double bytes = 0;
};

// The instance's whole cost on the host, sampled while the workload runs (the peak of the samples
// in a repeat is that repeat's figure).
struct MemoryFootprint {
    Stat totalBytes;
    std::optional<double> overheadBytes;  // median total minus the host variant's median total
    std::vector<MemoryPart> parts;        // medians per part; they add up to totalBytes.median
    std::string method;                   // how it was measured, for the report
};

struct DiskUsage {
    double uniqueBytes = 0;  // only this instance uses them (container: its writable layer)
    double sharedBytes = 0;  // shared with other instances (image layers, kernel + initramfs)
    std::string detail;
};

struct VariantResult {
    InstanceKind kind = InstanceKind::Host;
    VariantStatus status = VariantStatus::Ok;
    std::string reason;           // why it is unavailable or failed, a sentence for people
    std::vector<Metric> metrics;  // the workload's own figures
    Startup startup;
    MemoryFootprint memory;
    DiskUsage disk;
    // CPU the host spent on this instance outside the workload's own processes (container: its
    // monitor; VM: juxta-vmm's threads minus the vCPU time), ms per repeat.
    Stat hostCpuOutsideMs;
    std::map<std::string, uint64_t> vmExits;  // by reason, summed over repeats (VM only)
    std::vector<std::string> rawOutput;       // the workload's JSON line of each repeat, as printed

    const Metric* metric(std::string_view name) const;
};

// A point sampled while a variant ran, for replaying the run.
struct SeriesPoint {
    double tMs = 0;  // from the start of the comparison
    InstanceKind variant = InstanceKind::Host;
    int repeat = 0;
    double cpuPercent = 0;  // of one CPU
    double memoryBytes = 0;
};

struct DensityPoint {
    int instances = 0;
    double hostMemoryUsedBytes = 0;  // MemTotal - MemAvailable minus what it was before the sweep
    double startMs = 0;              // starting all N, one after another
    double footprintBytes = 0;       // the N instances by their own accounts (see density.h)
};

// N = 1, 2, 4, ... idle instances of one kind.
struct DensitySweep {
    InstanceKind kind = InstanceKind::Container;
    VariantStatus status = VariantStatus::Ok;
    std::string reason;
    std::vector<DensityPoint> points;
    // Least-squares line through (N, footprintBytes): the cost of one more instance. (The host's
    // memory used moves with everything else on the machine too; the instances' own accounts do not.)
    double slopeBytesPerInstance = 0;
    double interceptBytes = 0;
    double hostAvailableBytes = 0;  // MemAvailable before the sweep
    // A projection, not a measurement: how many would fit in hostAvailableBytes at that slope.
    std::optional<int64_t> projectedFit;
};

// A fixed-time HTTP load against a service's published port (the "compose" scenario): keep-alive
// GETs on a few connections, each sent as soon as the last answer came.
struct LoadFigures {
    double seconds = 0;  // how long it ran
    int connections = 0;
    uint64_t requests = 0;  // answered (any status)
    uint64_t errors = 0;    // no answer (refused, reset, timed out, malformed) or a 5xx
    double requestsPerS = 0;
    double p50Ms = 0, p99Ms = 0;  // latency of the answered ones
};

// One service of a scenario in its own instance. Times are ms from the scenario's start.
struct ServiceResult {
    std::string name;                     // "web", "db", "cache", "worker"
    std::string kind;                     // compose: "container" or "vm", what it ran as; stack: empty
    double readyMs = 0;                   // its {"ready":true} line: the workload's start + its ready_ms
    double memoryBytes = 0;               // its instance's cost with all four serving (peak of samples)
    std::optional<double> opsPerSBefore;  // mean of its per-second reports from all-ready to the hog
    std::optional<double> opsPerSAfter;   // ... from the hog's end to its own
    bool hog = false;                     // the one made to exhaust its memory
    bool oomKilled = false;
    bool completed = false;  // served its whole time and exited 0: the hog did not take it down
    std::string end;         // how it ended: "exited 0", "OOM-killed (memory limit)", ...
    std::vector<std::pair<double, double>> opsPerS;  // (ms, ops/s): every per-second report
    // compose: its CPU while the stack idles (% of one CPU), and its disk: what only it uses (a
    // container's writable layer; a VM's own disk, allocated blocks) and what it shares (image layers; the
    // image's disk shared by every VM of that image).
    std::optional<double> idleCpuPercent;
    std::optional<double> diskUniqueBytes, diskSharedBytes;
};

// A scenario (e.g. "stack": web, db, cache, worker) run as instances of one kind — or, "compose", a
// user's compose file run one way: every service a container, every service a VM, or as the file
// says (way "written": its x-juxta choices, a mixed stack; kind is then Container).
struct ScenarioRun {
    InstanceKind kind = InstanceKind::Container;
    std::string way;  // compose: "container", "vm" or "written"; stack: empty
    VariantStatus status = VariantStatus::Ok;
    std::string reason;
    double allReadyMs = 0;             // the last service's ready
    double totalMemoryBytes = 0;       // the instances together (peak of the sums)
    std::optional<double> hogStartMs;  // the hog began to allocate
    std::optional<double> hogEndMs;    // its instance saw it end
    std::vector<ServiceResult> services;
    // compose: the whole stack's CPU while it idles (% of one CPU); the load on loadTarget's published
    // port with the stack idle, while `hog` exhausts its memory, and after; loadNote says why one is absent.
    std::optional<double> idleCpuPercent;
    std::string loadTarget;  // "web: GET http://127.0.0.1:8000/"
    std::optional<LoadFigures> load, loadDuringHog, loadAfterHog;
    std::string hog;  // the service made to exhaust its memory
    std::string loadNote;
    const ServiceResult* service(std::string_view name) const;
    // "container", "vm", "written" (compose) or the kind's name (stack).
    std::string name() const;
};

struct Comparison {
    std::string id;  // names its directory under <dataDir>/comparisons
    HostDescription host;
    Manifest manifest;
    std::vector<VariantResult> variants;
    std::vector<SeriesPoint> series;
    std::vector<DensitySweep> density;
    std::vector<ScenarioRun> scenario;  // manifest.workload names the scenario ("stack")
    double durationMs = 0;              // the whole run
    bool cancelled = false;

    const VariantResult* variant(InstanceKind kind) const;
};

std::string toJson(const Comparison& comparison, int indent = 2);
std::string toJson(const Manifest& manifest, int indent = 2);
// EINVAL with what is wrong for JSON that is not a comparison.
Result<Comparison> comparisonFromJson(const std::string& json);

// Columns variant,metric,unit,stat,value. stat is "1".."N" for a raw sample of that repeat, or
// median, min, max, q1, q3, ratio_to_host; a variant that did not run has one row with metric
// "status" and its reason as the value.
std::string toCsv(const Comparison& comparison);
std::string toMarkdown(const Comparison& comparison);

// <dataDir>/comparisons
std::filesystem::path comparisonsDir();
// Writes result.json and manifest.json atomically into comparisonsDir()/<id>.
Status saveComparison(const Comparison& comparison);
Result<Comparison> loadComparison(const std::string& id);
// Ids of the saved comparisons, oldest first.
Result<std::vector<std::string>> listComparisons();

}  // namespace juxta::compare

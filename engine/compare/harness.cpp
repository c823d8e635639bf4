#include "compare/harness.h"

#include <unistd.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "bench/workloads/catalogue.h"
#include "compare/container_variant.h"
#include "compare/host_info.h"
#include "compare/host_variant.h"
#include "compare/scenario.h"
#include "compare/stats.h"
#include "compare/vm_variant.h"
#include "core/timeline.h"
#include "instances/detached.h"

namespace juxta::compare {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// Everything one variant produced, repeat by repeat.
struct Collected {
    std::unique_ptr<Variant> variant;
    VariantResult result;
    std::vector<RunOutcome> runs;
    std::map<std::string, std::vector<double>> figures;  // from the workload's JSON lines
    std::vector<double> outsideCpuMs;
};

std::vector<std::string> workloadArgs(const Manifest& m) {
    std::vector<std::string> args = {m.workload};
    for (const auto& [name, value] : m.parameters) args.insert(args.end(), {"--" + name, value});
    return args;
}

// The figures the catalogue names from one JSON line; the workload's own CPU time aside.
Status collectLine(const workloads::Workload& w, const std::string& line, Collected& c,
                   double& workloadCpuMs) {
    json j;
    try {
        j = json::parse(line);
    } catch (const std::exception&) {
        return Error(EPROTO, "the workload printed no JSON line (got '" + line.substr(0, 120) + "')");
    }
    for (const workloads::Figure& f : w.figures) {
        const std::string key(f.name);
        if (!j.contains(key) || !j[key].is_number())
            return Error(EPROTO, "the workload's line has no " + key);
        c.figures[key].push_back(j[key].get<double>());
    }
    workloadCpuMs = j.value("cpu_ms", 0.0);
    return {};
}

Status runOnce(const Manifest& m, const workloads::Workload& w, int repeat, Collected& c,
               const RunProbe& probe) {
    RunRequest request{workloadArgs(m), m.workload == "startup", repeat};
    auto run = c.variant->run(request, probe);
    if (!run) return run.error();
    double workloadCpuMs = 0;
    if (!request.startup)
        if (auto st = collectLine(w, run->line, c, workloadCpuMs); !st) return st;
    if (run->outsideCpuMs)
        c.outsideCpuMs.push_back(*run->outsideCpuMs);
    else if (run->instanceCpuMs)
        c.outsideCpuMs.push_back(std::max(0.0, *run->instanceCpuMs - workloadCpuMs));
    c.result.rawOutput.push_back(run->line);
    for (const auto& [reason, n] : run->vmExits) c.result.vmExits[reason] += n;
    c.runs.push_back(std::move(*run));
    return {};
}

// Medians and spread of what the repeats measured.
void summarizeRuns(const workloads::Workload& w, Collected& c) {
    VariantResult& r = c.result;
    std::vector<double> toWorkload, cycle, memory;
    for (const RunOutcome& o : c.runs) {
        toWorkload.push_back(o.toWorkloadMs);
        cycle.push_back(o.cycleMs);
        if (o.memoryBytes) memory.push_back(*o.memoryBytes);
    }
    r.startup.toWorkloadMs = summarize(toWorkload);
    r.startup.cycleMs = summarize(cycle);
    for (const workloads::Figure& f : w.figures)
        r.metrics.push_back({std::string(f.name), std::string(f.unit), f.higherIsBetter,
                             summarize(c.figures[std::string(f.name)]), std::nullopt});
    if (w.name == "startup") {
        r.metrics.push_back({"to_workload_ms", "ms", false, r.startup.toWorkloadMs, std::nullopt});
        r.metrics.push_back({"cycle_ms", "ms", false, r.startup.cycleMs, std::nullopt});
    }
    if (c.runs.empty()) return;
    // The phases, parts and disk of the repeat whose start-up is the median one.
    const auto median = std::min_element(c.runs.begin(), c.runs.end(), [&](const auto& a, const auto& b) {
        return std::abs(a.toWorkloadMs - r.startup.toWorkloadMs.median) <
               std::abs(b.toWorkloadMs - r.startup.toWorkloadMs.median);
    });
    r.startup.phases = median->phases;
    r.disk = median->disk;
    r.memory.totalBytes = summarize(memory);
    // Parts: the median of each part over the repeats, scaled to add up to the median total.
    std::map<std::string, std::vector<double>> parts;
    std::vector<std::string> order;
    for (const RunOutcome& o : c.runs)
        for (const MemoryPart& p : o.parts) {
            if (!parts.count(p.name)) order.push_back(p.name);
            parts[p.name].push_back(p.bytes);
        }
    double sum = 0;
    for (const auto& name : order) sum += summarize(parts[name]).median;
    for (const auto& name : order) {
        const double part = summarize(parts[name]).median;
        r.memory.parts.push_back({name, sum > 0 ? part * r.memory.totalBytes.median / sum : 0});
    }
    r.hostCpuOutsideMs = summarize(c.outsideCpuMs);
}

// Ratios and memory overhead against the host variant, when it ran.
void relateToHost(Comparison& c) {
    const VariantResult* host = c.variant(InstanceKind::Host);
    if (!host || host->status != VariantStatus::Ok) return;
    for (VariantResult& v : c.variants) {
        if (v.status != VariantStatus::Ok) continue;
        for (Metric& m : v.metrics) {
            const Metric* base = host->metric(m.name);
            if (base && base->stat.median != 0 && !m.stat.empty())
                m.ratioToHost = v.kind == InstanceKind::Host ? 1.0 : m.stat.median / base->stat.median;
        }
        if (!v.memory.totalBytes.empty() && !host->memory.totalBytes.empty())
            v.memory.overheadBytes = v.memory.totalBytes.median - host->memory.totalBytes.median;
    }
}

std::string memoryMethod(InstanceKind kind) {
    switch (kind) {
        case InstanceKind::Host:
            return "PSS of the workload process (/proc/PID/smaps_rollup), peak of samples";
        case InstanceKind::Container:
            return "the PSS of the workload, what its cgroup holds beyond it (page cache, kernel) and the "
                   "PSS of "
                   "its juxta-monitor, peak of samples";
        case InstanceKind::Vm:
            return "PSS of the juxta-vmm process (guest memory touched + VMM), peak of samples";
    }
    return "";
}

}  // namespace

Status validate(const Manifest& m) {
    const workloads::Workload* w = workloads::findWorkload(m.workload);
    if (!w) {
        std::string names;
        for (const auto& x : workloads::catalogue())
            if (x.use == workloads::Use::Compare) names += (names.empty() ? "" : ", ") + std::string(x.name);
        return Error(EINVAL, "unknown workload '" + m.workload + "' — use one of " + names);
    }
    if (w->use == workloads::Use::ScenarioPart)
        return Error(EINVAL, "workload " + m.workload + " is part of a scenario — use --scenario stack");
    if (w->use == workloads::Use::Benchmark)
        return Error(EINVAL, "workload " + m.workload +
                                 " is a benchmark program's (engine/bench), not a comparison's");
    if (w->use == workloads::Use::Scenario &&
        std::find(m.variants.begin(), m.variants.end(), InstanceKind::Host) != m.variants.end())
        return Error(EINVAL, "the " + m.workload + " scenario runs as containers and VMs — leave out host");
    for (const auto& [name, value] : m.parameters) {
        if (!workloads::findParameter(*w, name))
            return Error(EINVAL, "workload " + m.workload + " has no parameter '" + name + "'");
        if (value.empty()) return Error(EINVAL, "parameter '" + name + "' needs a value");
    }
    if (m.repeats < 1 || m.repeats > 100)
        return Error(EINVAL, "repeat " + std::to_string(m.repeats) + ": expected 1 to 100");
    const bool writtenWay =
        m.workload == "compose" && !(m.parameters.count("written") && m.parameters.at("written") == "no");
    if (m.variants.empty() && !writtenWay)
        return Error(EINVAL, "no variant to run — use host, container and/or vm");
    for (std::size_t i = 0; i < m.variants.size(); ++i)
        if (std::count(m.variants.begin(), m.variants.end(), m.variants[i]) > 1)
            return Error(EINVAL, "variant " + toString(m.variants[i]) + " is given twice");
    if (m.vmMemoryMib < 32 || m.vmMemoryMib > 65536)
        return Error(EINVAL, "VM memory " + std::to_string(m.vmMemoryMib) + " MiB: expected 32 to 65536");
    if (m.vmVcpus < 1 || m.vmVcpus > 254)
        return Error(EINVAL, "VM vCPUs " + std::to_string(m.vmVcpus) + ": expected 1 to 254");
    return {};
}

fs::path locateWorkload() {
    return detached::helperExecutable("juxta-workload", "JUXTA_WORKLOAD", JUXTA_WORKLOAD_INSTALLED);
}

Result<Comparison> runComparison(const HarnessOptions& options, const Callbacks& cb) {
    const Manifest& m = options.manifest;
    if (auto st = validate(m); !st) return st.error();
    if (isScenario(m.workload)) return runScenario(options, cb);
    const workloads::Workload& w = *workloads::findWorkload(m.workload);
    const int64_t originNs = monotonicNs();
    auto progress = [&](const std::string& step, double fraction) {
        if (cb.progress) cb.progress(step, fraction);
    };
    auto cancelled = [&] { return cb.cancelled && cb.cancelled(); };

    Comparison c;
    c.id = newComparisonId(m.workload);
    c.manifest = m;
    c.host = describeHost(probeHost(), options.juxtaVersion);
    const fs::path workload = options.workloadBinary.empty() ? locateWorkload() : options.workloadBinary;

    std::vector<Collected> all;
    for (InstanceKind kind : m.variants) {
        Collected col;
        col.result.kind = kind;
        col.result.memory.method = memoryMethod(kind);
        if (kind == InstanceKind::Host) col.variant = makeHostVariant(workload);
        // The container and the VM run the same image (the VM boots it as `vm run --image` does;
        // not as another user: an image's VM disk is made as root only — then tiny-linux's root).
        const std::string image = "busybox";
        if (kind == InstanceKind::Container)
            col.variant = makeContainerVariant({workload, image, m.containerMemoryBytes, m.containerCpus});
        if (kind == InstanceKind::Vm)
            col.variant = makeVmVariant(options.vm ? *options.vm : defaultVmSetup(),
                                        {workload, ::geteuid() == 0 ? image : "", m.vmMemoryMib, m.vmVcpus});
        if (std::string why = col.variant->unavailableReason(); !why.empty()) {
            col.result.status = VariantStatus::Unavailable;
            col.result.reason = why;
        } else {
            progress("preparing " + toString(kind), 0);
            if (auto st = col.variant->prepare(); !st) {
                col.result.status = VariantStatus::Failed;
                col.result.reason = st.error().message();
            }
        }
        all.push_back(std::move(col));
    }

    const int steps = m.repeats * int(all.size());
    int step = 0;
    for (int repeat = 1; repeat <= m.repeats && !c.cancelled; ++repeat) {
        for (Collected& col : all) {
            if (col.result.status != VariantStatus::Ok) {
                ++step;
                continue;
            }
            if (cancelled()) {
                c.cancelled = true;
                break;
            }
            const InstanceKind kind = col.result.kind;
            progress(m.workload + ": " + toString(kind) + ", repeat " + std::to_string(repeat) + " of " +
                         std::to_string(m.repeats),
                     double(step) / steps);
            double lastCpu = -1;
            int64_t lastNs = 0;
            const RunProbe probe(cancelled, [&](double cpu, double memory) {
                const int64_t now = monotonicNs();
                const double percent = lastCpu < 0 ? 0 : (cpu - lastCpu) / (double(now - lastNs) / 1e6) * 100;
                c.series.push_back(
                    {double(now - originNs) / 1e6, kind, repeat, std::max(0.0, percent), memory});
                lastCpu = cpu, lastNs = now;
            });
            if (auto st = runOnce(m, w, repeat, col, probe); !st) {
                if (st.error().code() == ECANCELED) {
                    c.cancelled = true;
                    break;
                }
                col.result.status = VariantStatus::Failed;
                col.result.reason = "repeat " + std::to_string(repeat) + ": " + st.error().message();
            }
            ++step;
        }
    }
    for (Collected& col : all) {
        if (col.result.status == VariantStatus::Ok) summarizeRuns(w, col);
        c.variants.push_back(std::move(col.result));
    }
    relateToHost(c);
    c.durationMs = double(monotonicNs() - originNs) / 1e6;
    progress(c.cancelled ? "cancelled" : "done", 1);
    return c;
}

}  // namespace juxta::compare

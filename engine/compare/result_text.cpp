// The CSV and Markdown forms of a comparison (the JSON form: result.cpp).
#include <charconv>
#include <cstdio>

#include "compare/result.h"
#include "core/format.h"

namespace juxta::compare {
namespace {

// Shortest text that reads back as the same double, so CSV and JSON agree exactly.
std::string number(double v) {
    char buf[32];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    return ec == std::errc() ? std::string(buf, end) : std::string("nan");
}

std::string csvField(const std::string& s) {
    if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

struct CsvWriter {
    std::string out = "variant,metric,unit,stat,value\n";
    void row(const std::string& variant, const std::string& metric, const std::string& unit,
             const std::string& stat, const std::string& value) {
        out += csvField(variant) + "," + csvField(metric) + "," + csvField(unit) + "," + csvField(stat) +
               "," + csvField(value) + "\n";
    }
    void stat(const std::string& variant, const std::string& metric, const std::string& unit, const Stat& s) {
        if (s.empty()) return;
        for (std::size_t i = 0; i < s.samples.size(); ++i)
            row(variant, metric, unit, std::to_string(i + 1), number(s.samples[i]));
        row(variant, metric, unit, "median", number(s.median));
        row(variant, metric, unit, "min", number(s.min));
        row(variant, metric, unit, "max", number(s.max));
        row(variant, metric, unit, "q1", number(s.q1));
        row(variant, metric, unit, "q3", number(s.q3));
    }
};

// "1.23" for a ratio, "—" when there is none.
std::string ratioText(const std::optional<double>& r) {
    if (!r) return "—";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", *r);
    return buf;
}

std::string figure(double v, const std::string& unit) {
    if (unit == "B") return format::bytes(v);
    char buf[64];
    std::snprintf(buf, sizeof buf, v >= 100 ? "%.0f %s" : "%.3g %s", v, unit.c_str());
    return buf;
}

std::string spreadText(const Stat& s, const std::string& unit) {
    if (s.empty()) return "—";
    return figure(s.median, unit) + " (" + figure(s.min, unit) + " – " + figure(s.max, unit) + ")";
}

std::string loadText(const std::optional<LoadFigures>& l) {
    if (!l) return "—";
    if (l->requests == 0) return "no answer (" + std::to_string(l->errors) + " errors)";
    return figure(l->requestsPerS, "req/s") + ", p50 " + figure(l->p50Ms, "ms") + ", p99 " +
           figure(l->p99Ms, "ms") + (l->errors ? ", " + std::to_string(l->errors) + " errors" : "");
}

// A compose file run one way: readiness, memory, idle CPU and disk by service, then the load.
std::string composeMarkdown(const ScenarioRun& r) {
    std::string md = "Every service ready (healthy, or running where it has no check) after " +
                     figure(r.allReadyMs, "ms") + "; together they cost " +
                     format::bytes(r.totalMemoryBytes) + " of host memory" +
                     (r.idleCpuPercent ? " and " + figure(*r.idleCpuPercent, "%") + " of a CPU idle" : "") +
                     ".\n\n";
    md +=
        "| service | runs as | ready | memory | idle CPU | disk (own) | disk (shared) | how it ended |\n"
        "| --- | --- | --- | --- | --- | --- | --- | --- |\n";
    const auto optional = [](const std::optional<double>& v, const std::string& unit) {
        return v ? figure(*v, unit) : std::string("—");
    };
    for (const ServiceResult& s : r.services)
        md += "| " + s.name + (s.hog ? " (hog)" : "") + " | " + s.kind + " | " + figure(s.readyMs, "ms") +
              " | " + format::bytes(s.memoryBytes) + " | " + optional(s.idleCpuPercent, "%") + " | " +
              optional(s.diskUniqueBytes, "B") + " | " + optional(s.diskSharedBytes, "B") + " | " + s.end +
              " |\n";
    if (!r.loadTarget.empty()) {
        md += "\nLoad on " + r.loadTarget + ": idle " + loadText(r.load);
        if (!r.hog.empty())
            md += "; while " + r.hog + " exhausts its memory " + loadText(r.loadDuringHog) + "; after " +
                  loadText(r.loadAfterHog);
        md += ".\n";
    }
    if (!r.loadNote.empty()) md += "\n" + r.loadNote + "\n";
    return md;
}

}  // namespace

std::string toCsv(const Comparison& c) {
    CsvWriter w;
    for (const VariantResult& v : c.variants) {
        const std::string name = toString(v.kind);
        if (v.status != VariantStatus::Ok) {
            w.row(name, "status", "", toString(v.status), v.reason);
            continue;
        }
        for (const Metric& m : v.metrics) {
            w.stat(name, m.name, m.unit, m.stat);
            if (m.ratioToHost) w.row(name, m.name, m.unit, "ratio_to_host", number(*m.ratioToHost));
        }
        w.stat(name, "startup_to_workload_ms", "ms", v.startup.toWorkloadMs);
        w.stat(name, "startup_cycle_ms", "ms", v.startup.cycleMs);
        w.stat(name, "memory_total_bytes", "B", v.memory.totalBytes);
        if (v.memory.overheadBytes)
            w.row(name, "memory_overhead_bytes", "B", "median", number(*v.memory.overheadBytes));
        for (const MemoryPart& p : v.memory.parts)
            w.row(name, "memory_part:" + p.name, "B", "median", number(p.bytes));
        w.row(name, "disk_unique_bytes", "B", "value", number(v.disk.uniqueBytes));
        w.row(name, "disk_shared_bytes", "B", "value", number(v.disk.sharedBytes));
        w.stat(name, "host_cpu_outside_ms", "ms", v.hostCpuOutsideMs);
        for (const auto& [reason, count] : v.vmExits)
            w.row(name, "vm_exits:" + reason, "", "value", std::to_string(count));
    }
    for (const DensitySweep& d : c.density) {
        const std::string name = toString(d.kind);
        if (d.status != VariantStatus::Ok) {
            w.row(name, "density_status", "", toString(d.status), d.reason);
            continue;
        }
        for (const DensityPoint& p : d.points) {
            const std::string n = "n=" + std::to_string(p.instances);
            w.row(name, "density_host_memory_used_bytes", "B", n, number(p.hostMemoryUsedBytes));
            w.row(name, "density_start_ms", "ms", n, number(p.startMs));
            w.row(name, "density_footprint_bytes", "B", n, number(p.footprintBytes));
        }
        w.row(name, "density_slope_bytes_per_instance", "B", "value", number(d.slopeBytesPerInstance));
        if (d.projectedFit)
            w.row(name, "density_projected_fit", "instances", "projection", std::to_string(*d.projectedFit));
    }
    for (const ScenarioRun& r : c.scenario) {
        const std::string name = r.name();
        if (r.status != VariantStatus::Ok) {
            w.row(name, "scenario_status", "", toString(r.status), r.reason);
            continue;
        }
        w.row(name, "all_ready_ms", "ms", "value", number(r.allReadyMs));
        w.row(name, "total_memory_bytes", "B", "value", number(r.totalMemoryBytes));
        if (r.hogStartMs) w.row(name, "hog_start_ms", "ms", "value", number(*r.hogStartMs));
        if (r.hogEndMs) w.row(name, "hog_end_ms", "ms", "value", number(*r.hogEndMs));
        if (r.idleCpuPercent) w.row(name, "idle_cpu_percent", "%", "value", number(*r.idleCpuPercent));
        const std::pair<const char*, const std::optional<LoadFigures>*> loads[] = {
            {"idle", &r.load}, {"during_hog", &r.loadDuringHog}, {"after_hog", &r.loadAfterHog}};
        for (const auto& [when, load] : loads) {
            if (!*load) continue;
            w.row(name, "load_requests_per_s", "req/s", when, number((*load)->requestsPerS));
            if ((*load)->requests > 0) {  // no answer has no latency
                w.row(name, "load_p50_ms", "ms", when, number((*load)->p50Ms));
                w.row(name, "load_p99_ms", "ms", when, number((*load)->p99Ms));
            }
            w.row(name, "load_errors", "errors", when, std::to_string((*load)->errors));
        }
        for (const ServiceResult& s : r.services) {
            if (!s.kind.empty()) w.row(name, s.name + ":kind", "", "value", s.kind);
            if (s.idleCpuPercent)
                w.row(name, s.name + ":idle_cpu_percent", "%", "value", number(*s.idleCpuPercent));
            if (s.diskUniqueBytes)
                w.row(name, s.name + ":disk_unique_bytes", "B", "value", number(*s.diskUniqueBytes));
            if (s.diskSharedBytes)
                w.row(name, s.name + ":disk_shared_bytes", "B", "value", number(*s.diskSharedBytes));
            w.row(name, s.name + ":ready_ms", "ms", "value", number(s.readyMs));
            w.row(name, s.name + ":memory_bytes", "B", "value", number(s.memoryBytes));
            if (s.opsPerSBefore)
                w.row(name, s.name + ":ops_per_s", "ops/s", "before_hog", number(*s.opsPerSBefore));
            if (s.opsPerSAfter)
                w.row(name, s.name + ":ops_per_s", "ops/s", "after_hog", number(*s.opsPerSAfter));
            for (const auto& [t, v] : s.opsPerS)
                w.row(name, s.name + ":ops_per_s", "ops/s", "t=" + number(t), number(v));
            w.row(name, s.name + ":hog", "", "value", s.hog ? "1" : "0");
            w.row(name, s.name + ":oom_killed", "", "value", s.oomKilled ? "1" : "0");
            w.row(name, s.name + ":completed", "", "value", s.completed ? "1" : "0");
            w.row(name, s.name + ":end", "", "value", s.end);
        }
    }
    return w.out;
}

std::string toMarkdown(const Comparison& c) {
    const HostDescription& h = c.host;
    std::string md = "# Juxta comparison: " + c.manifest.workload + "\n\n";
    md += "Host: " + h.cpuModel + ", " + std::to_string(h.cores) + " cores, " +
          format::bytes(h.memoryTotalBytes) + ", kernel " + h.kernel + ", KVM " + h.kvmKind + ", cgroups " +
          h.cgroupMode + ", load " + number(h.loadAverage1) + ". Juxta " + h.juxtaVersion + ", " + h.date +
          ". Repeats: " + std::to_string(c.manifest.repeats) + (c.cancelled ? " (cancelled)" : "") + ".\n\n";
    if (!c.variants.empty())
        md += "| variant | figure | median (min – max) | ratio to host |\n| --- | --- | --- | --- |\n";
    for (const VariantResult& v : c.variants) {
        const std::string name = toString(v.kind);
        if (v.status != VariantStatus::Ok) {
            md += "| " + name + " | " + toString(v.status) + " | " + v.reason + " | — |\n";
            continue;
        }
        for (const Metric& m : v.metrics)
            md += "| " + name + " | " + m.name + " | " + spreadText(m.stat, m.unit) + " | " +
                  ratioText(m.ratioToHost) + " |\n";
        md += "| " + name + " | start-up to workload | " + spreadText(v.startup.toWorkloadMs, "ms") +
              " | — |\n";
        md += "| " + name + " | memory on the host | " + spreadText(v.memory.totalBytes, "B") + " | " +
              (v.memory.overheadBytes ? "+" + format::bytes(*v.memory.overheadBytes) + " over host" : "—") +
              " |\n";
        md += "| " + name + " | disk unique / shared | " + format::bytes(v.disk.uniqueBytes) + " / " +
              format::bytes(v.disk.sharedBytes) + " | — |\n";
        md += "| " + name + " | host CPU outside the workload | " + spreadText(v.hostCpuOutsideMs, "ms") +
              " | — |\n";
    }
    for (const DensitySweep& d : c.density) {
        md += "\n## Density: " + toString(d.kind) + "\n\n";
        if (d.status != VariantStatus::Ok) {
            md += toString(d.status) + ": " + d.reason + "\n";
            continue;
        }
        md += "| instances | their footprint | host memory used | start all |\n| --- | --- | --- | --- |\n";
        for (const DensityPoint& p : d.points)
            md += "| " + std::to_string(p.instances) + " | " + format::bytes(p.footprintBytes) + " | " +
                  format::bytes(p.hostMemoryUsedBytes) + " | " + figure(p.startMs, "ms") + " |\n";
        md += "\nEach more instance costs " + format::bytes(d.slopeBytesPerInstance) + " (measured slope).";
        if (d.projectedFit)
            md += " Projection, not a measurement: about " + std::to_string(*d.projectedFit) +
                  " would fit in the " + format::bytes(d.hostAvailableBytes) + " available.";
        md += "\n";
    }
    for (const ScenarioRun& r : c.scenario) {
        md += "\n## Scenario " + c.manifest.workload + ": " + r.name() + "\n\n";
        if (r.status != VariantStatus::Ok) {
            md += toString(r.status) + ": " + r.reason + "\n";
            continue;
        }
        if (!r.way.empty()) {
            md += composeMarkdown(r);
            continue;
        }
        md += "All ready after " + figure(r.allReadyMs, "ms") + "; together they cost " +
              format::bytes(r.totalMemoryBytes) + " of host memory.\n\n";
        md +=
            "| service | ready | memory | ops/s before the hog | ops/s after | how it ended |\n"
            "| --- | --- | --- | --- | --- | --- |\n";
        const auto ops = [](const std::optional<double>& v) {
            return v ? figure(*v, "ops/s") : std::string("—");
        };
        for (const ServiceResult& s : r.services)
            md += "| " + s.name + (s.hog ? " (hog)" : "") + " | " + figure(s.readyMs, "ms") + " | " +
                  format::bytes(s.memoryBytes) + " | " + ops(s.opsPerSBefore) + " | " + ops(s.opsPerSAfter) +
                  " | " + s.end + " |\n";
    }
    return md;
}

}  // namespace juxta::compare

// The JSON form of a comparison. Readers take what they know and default what is missing, so
// fields added later leave older files readable.
#include "compare/result.h"

#include <nlohmann/json.hpp>

namespace juxta::compare {
namespace {

using nlohmann::json;

constexpr std::pair<VariantStatus, const char*> kStatusNames[] = {{VariantStatus::Ok, "ok"},
                                                                  {VariantStatus::Unavailable, "unavailable"},
                                                                  {VariantStatus::Failed, "failed"}};

VariantStatus statusFromString(const std::string& s) {
    for (auto [status, name] : kStatusNames)
        if (s == name) return status;
    throw std::invalid_argument("unknown variant status '" + s + "'");
}

InstanceKind kindFromJson(const json& j) {
    auto kind = instanceKindFromString(j.get<std::string>());
    if (!kind) throw std::invalid_argument(kind.error().message());
    return *kind;
}

json statJson(const Stat& s) {
    return {{"samples", s.samples}, {"median", s.median}, {"min", s.min},
            {"max", s.max},         {"q1", s.q1},         {"q3", s.q3}};
}

Stat statFrom(const json& j) {
    Stat s;
    if (!j.is_object()) return s;
    s.samples = j.value("samples", std::vector<double>{});
    s.median = j.value("median", 0.0);
    s.min = j.value("min", 0.0);
    s.max = j.value("max", 0.0);
    s.q1 = j.value("q1", 0.0);
    s.q3 = j.value("q3", 0.0);
    return s;
}

template <typename T>
json optionalJson(const std::optional<T>& v) {
    return v ? json(*v) : json(nullptr);
}

template <typename T>
std::optional<T> optionalFrom(const json& j, const char* key) {
    if (!j.contains(key) || j.at(key).is_null()) return std::nullopt;
    return j.at(key).get<T>();
}

json hostJson(const HostDescription& h) {
    return {{"hostname", h.hostname},
            {"cpu_model", h.cpuModel},
            {"cores", h.cores},
            {"memory_total_bytes", h.memoryTotalBytes},
            {"kernel", h.kernel},
            {"kvm_kind", h.kvmKind},
            {"cgroup_mode", h.cgroupMode},
            {"juxta_version", h.juxtaVersion},
            {"date", h.date},
            {"load_average_1", h.loadAverage1}};
}

HostDescription hostFrom(const json& j) {
    HostDescription h;
    h.hostname = j.value("hostname", "");
    h.cpuModel = j.value("cpu_model", "");
    h.cores = j.value("cores", 0);
    h.memoryTotalBytes = j.value("memory_total_bytes", 0.0);
    h.kernel = j.value("kernel", "");
    h.kvmKind = j.value("kvm_kind", "");
    h.cgroupMode = j.value("cgroup_mode", "");
    h.juxtaVersion = j.value("juxta_version", "");
    h.date = j.value("date", "");
    h.loadAverage1 = j.value("load_average_1", 0.0);
    return h;
}

json manifestJson(const Manifest& m) {
    json variants = json::array();
    for (InstanceKind k : m.variants) variants.push_back(toString(k));
    return {{"workload", m.workload},
            {"parameters", m.parameters},
            {"variants", variants},
            {"repeats", m.repeats},
            {"container_memory_bytes", optionalJson(m.containerMemoryBytes)},
            {"container_cpus", optionalJson(m.containerCpus)},
            {"vm_memory_mib", m.vmMemoryMib},
            {"vm_vcpus", m.vmVcpus}};
}

Manifest manifestFrom(const json& j) {
    Manifest m;
    m.workload = j.at("workload").get<std::string>();
    m.parameters = j.value("parameters", std::map<std::string, std::string>{});
    for (const json& v : j.value("variants", json::array())) m.variants.push_back(kindFromJson(v));
    m.repeats = j.value("repeats", 5);
    m.containerMemoryBytes = optionalFrom<int64_t>(j, "container_memory_bytes");
    m.containerCpus = optionalFrom<double>(j, "container_cpus");
    m.vmMemoryMib = j.value("vm_memory_mib", 256);
    m.vmVcpus = j.value("vm_vcpus", 1);
    return m;
}

json metricJson(const Metric& m) {
    return {{"name", m.name},
            {"unit", m.unit},
            {"higher_is_better", m.higherIsBetter},
            {"stat", statJson(m.stat)},
            {"ratio_to_host", optionalJson(m.ratioToHost)}};
}

Metric metricFrom(const json& j) {
    Metric m;
    m.name = j.at("name").get<std::string>();
    m.unit = j.value("unit", "");
    m.higherIsBetter = j.value("higher_is_better", true);
    m.stat = statFrom(j.value("stat", json::object()));
    m.ratioToHost = optionalFrom<double>(j, "ratio_to_host");
    return m;
}

json variantJson(const VariantResult& v) {
    json metrics = json::array(), phases = json::array(), parts = json::array();
    for (const Metric& m : v.metrics) metrics.push_back(metricJson(m));
    for (const PhaseSpan& p : v.startup.phases)
        phases.push_back({{"name", p.name}, {"start_ms", p.startMs}, {"end_ms", p.endMs}});
    for (const MemoryPart& p : v.memory.parts) parts.push_back({{"name", p.name}, {"bytes", p.bytes}});
    return {{"kind", toString(v.kind)},
            {"status", toString(v.status)},
            {"reason", v.reason},
            {"metrics", metrics},
            {"startup",
             {{"to_workload_ms", statJson(v.startup.toWorkloadMs)},
              {"cycle_ms", statJson(v.startup.cycleMs)},
              {"phases", phases}}},
            {"memory",
             {{"total_bytes", statJson(v.memory.totalBytes)},
              {"overhead_bytes", optionalJson(v.memory.overheadBytes)},
              {"parts", parts},
              {"method", v.memory.method}}},
            {"disk",
             {{"unique_bytes", v.disk.uniqueBytes},
              {"shared_bytes", v.disk.sharedBytes},
              {"detail", v.disk.detail}}},
            {"host_cpu_outside_ms", statJson(v.hostCpuOutsideMs)},
            {"vm_exits", v.vmExits},
            {"raw_output", v.rawOutput}};
}

VariantResult variantFrom(const json& j) {
    VariantResult v;
    v.kind = kindFromJson(j.at("kind"));
    v.status = statusFromString(j.value("status", "ok"));
    v.reason = j.value("reason", "");
    for (const json& m : j.value("metrics", json::array())) v.metrics.push_back(metricFrom(m));
    const json startup = j.value("startup", json::object());
    v.startup.toWorkloadMs = statFrom(startup.value("to_workload_ms", json::object()));
    v.startup.cycleMs = statFrom(startup.value("cycle_ms", json::object()));
    for (const json& p : startup.value("phases", json::array()))
        v.startup.phases.push_back(
            {p.at("name").get<std::string>(), p.value("start_ms", 0.0), p.value("end_ms", 0.0)});
    const json memory = j.value("memory", json::object());
    v.memory.totalBytes = statFrom(memory.value("total_bytes", json::object()));
    v.memory.overheadBytes = optionalFrom<double>(memory, "overhead_bytes");
    for (const json& p : memory.value("parts", json::array()))
        v.memory.parts.push_back({p.at("name").get<std::string>(), p.value("bytes", 0.0)});
    v.memory.method = memory.value("method", "");
    const json disk = j.value("disk", json::object());
    v.disk = {disk.value("unique_bytes", 0.0), disk.value("shared_bytes", 0.0), disk.value("detail", "")};
    v.hostCpuOutsideMs = statFrom(j.value("host_cpu_outside_ms", json::object()));
    v.vmExits = j.value("vm_exits", std::map<std::string, uint64_t>{});
    v.rawOutput = j.value("raw_output", std::vector<std::string>{});
    return v;
}

json densityJson(const DensitySweep& d) {
    json points = json::array();
    for (const DensityPoint& p : d.points)
        points.push_back({{"instances", p.instances},
                          {"host_memory_used_bytes", p.hostMemoryUsedBytes},
                          {"start_ms", p.startMs},
                          {"footprint_bytes", p.footprintBytes}});
    return {{"kind", toString(d.kind)},
            {"status", toString(d.status)},
            {"reason", d.reason},
            {"points", points},
            {"slope_bytes_per_instance", d.slopeBytesPerInstance},
            {"intercept_bytes", d.interceptBytes},
            {"host_available_bytes", d.hostAvailableBytes},
            {"projected_fit", optionalJson(d.projectedFit)},
            {"projection_note", "projection from the measured slope, not a measurement"}};
}

DensitySweep densityFrom(const json& j) {
    DensitySweep d;
    d.kind = kindFromJson(j.at("kind"));
    d.status = statusFromString(j.value("status", "ok"));
    d.reason = j.value("reason", "");
    for (const json& p : j.value("points", json::array()))
        d.points.push_back({p.value("instances", 0), p.value("host_memory_used_bytes", 0.0),
                            p.value("start_ms", 0.0), p.value("footprint_bytes", 0.0)});
    d.slopeBytesPerInstance = j.value("slope_bytes_per_instance", 0.0);
    d.interceptBytes = j.value("intercept_bytes", 0.0);
    d.hostAvailableBytes = j.value("host_available_bytes", 0.0);
    d.projectedFit = optionalFrom<int64_t>(j, "projected_fit");
    return d;
}

json loadJson(const std::optional<LoadFigures>& l) {
    if (!l) return nullptr;
    return {{"seconds", l->seconds}, {"connections", l->connections},     {"requests", l->requests},
            {"errors", l->errors},   {"requests_per_s", l->requestsPerS}, {"p50_ms", l->p50Ms},
            {"p99_ms", l->p99Ms}};
}

std::optional<LoadFigures> loadFrom(const json& j, const char* key) {
    if (!j.contains(key) || !j[key].is_object()) return std::nullopt;
    const json& l = j[key];
    LoadFigures f;
    f.seconds = l.value("seconds", 0.0);
    f.connections = l.value("connections", 0);
    f.requests = l.value("requests", uint64_t(0));
    f.errors = l.value("errors", uint64_t(0));
    f.requestsPerS = l.value("requests_per_s", 0.0);
    f.p50Ms = l.value("p50_ms", 0.0);
    f.p99Ms = l.value("p99_ms", 0.0);
    return f;
}

json scenarioJson(const ScenarioRun& r) {
    json services = json::array();
    for (const ServiceResult& s : r.services) {
        json ops = json::array();
        for (const auto& [t, v] : s.opsPerS) ops.push_back({t, v});
        services.push_back({{"name", s.name},
                            {"kind", s.kind},
                            {"idle_cpu_percent", optionalJson(s.idleCpuPercent)},
                            {"disk_unique_bytes", optionalJson(s.diskUniqueBytes)},
                            {"disk_shared_bytes", optionalJson(s.diskSharedBytes)},
                            {"ready_ms", s.readyMs},
                            {"memory_bytes", s.memoryBytes},
                            {"ops_per_s_before", optionalJson(s.opsPerSBefore)},
                            {"ops_per_s_after", optionalJson(s.opsPerSAfter)},
                            {"hog", s.hog},
                            {"oom_killed", s.oomKilled},
                            {"completed", s.completed},
                            {"end", s.end},
                            {"ops_per_s", ops}});
    }
    return {{"kind", toString(r.kind)},
            {"status", toString(r.status)},
            {"reason", r.reason},
            {"all_ready_ms", r.allReadyMs},
            {"total_memory_bytes", r.totalMemoryBytes},
            {"hog_start_ms", optionalJson(r.hogStartMs)},
            {"hog_end_ms", optionalJson(r.hogEndMs)},
            {"way", r.way},
            {"idle_cpu_percent", optionalJson(r.idleCpuPercent)},
            {"load_target", r.loadTarget},
            {"load", loadJson(r.load)},
            {"load_during_hog", loadJson(r.loadDuringHog)},
            {"load_after_hog", loadJson(r.loadAfterHog)},
            {"hog", r.hog},
            {"load_note", r.loadNote},
            {"services", services}};
}

ScenarioRun scenarioFrom(const json& j) {
    ScenarioRun r;
    r.kind = kindFromJson(j.at("kind"));
    r.status = statusFromString(j.value("status", "ok"));
    r.reason = j.value("reason", "");
    r.allReadyMs = j.value("all_ready_ms", 0.0);
    r.totalMemoryBytes = j.value("total_memory_bytes", 0.0);
    r.hogStartMs = optionalFrom<double>(j, "hog_start_ms");
    r.hogEndMs = optionalFrom<double>(j, "hog_end_ms");
    r.way = j.value("way", "");
    r.idleCpuPercent = optionalFrom<double>(j, "idle_cpu_percent");
    r.loadTarget = j.value("load_target", "");
    r.load = loadFrom(j, "load");
    r.loadDuringHog = loadFrom(j, "load_during_hog");
    r.loadAfterHog = loadFrom(j, "load_after_hog");
    r.hog = j.value("hog", "");
    r.loadNote = j.value("load_note", "");
    for (const json& s : j.value("services", json::array())) {
        ServiceResult x;
        x.name = s.value("name", "");
        x.kind = s.value("kind", "");
        x.idleCpuPercent = optionalFrom<double>(s, "idle_cpu_percent");
        x.diskUniqueBytes = optionalFrom<double>(s, "disk_unique_bytes");
        x.diskSharedBytes = optionalFrom<double>(s, "disk_shared_bytes");
        x.readyMs = s.value("ready_ms", 0.0);
        x.memoryBytes = s.value("memory_bytes", 0.0);
        x.opsPerSBefore = optionalFrom<double>(s, "ops_per_s_before");
        x.opsPerSAfter = optionalFrom<double>(s, "ops_per_s_after");
        x.hog = s.value("hog", false);
        x.oomKilled = s.value("oom_killed", false);
        x.completed = s.value("completed", false);
        x.end = s.value("end", "");
        for (const json& p : s.value("ops_per_s", json::array()))
            x.opsPerS.emplace_back(p.at(0).get<double>(), p.at(1).get<double>());
        r.services.push_back(std::move(x));
    }
    return r;
}

}  // namespace

std::string toString(VariantStatus status) {
    for (auto [s, name] : kStatusNames)
        if (s == status) return name;
    return "?";
}

const Metric* VariantResult::metric(std::string_view name) const {
    for (const Metric& m : metrics)
        if (m.name == name) return &m;
    return nullptr;
}

std::string ScenarioRun::name() const {
    return way.empty() ? toString(kind) : way;
}

const ServiceResult* ScenarioRun::service(std::string_view name) const {
    for (const ServiceResult& s : services)
        if (s.name == name) return &s;
    return nullptr;
}

const VariantResult* Comparison::variant(InstanceKind kind) const {
    for (const VariantResult& v : variants)
        if (v.kind == kind) return &v;
    return nullptr;
}

std::string toJson(const Comparison& c, int indent) {
    json variants = json::array(), series = json::array(), density = json::array(), scenario = json::array();
    for (const VariantResult& v : c.variants) variants.push_back(variantJson(v));
    for (const SeriesPoint& p : c.series)
        series.push_back({{"t_ms", p.tMs},
                          {"variant", toString(p.variant)},
                          {"repeat", p.repeat},
                          {"cpu_percent", p.cpuPercent},
                          {"memory_bytes", p.memoryBytes}});
    for (const DensitySweep& d : c.density) density.push_back(densityJson(d));
    for (const ScenarioRun& r : c.scenario) scenario.push_back(scenarioJson(r));
    const json j = {{"format", "juxta-comparison/1"},
                    {"id", c.id},
                    {"host", hostJson(c.host)},
                    {"manifest", manifestJson(c.manifest)},
                    {"variants", variants},
                    {"series", series},
                    {"density", density},
                    {"scenario", scenario},
                    {"duration_ms", c.durationMs},
                    {"cancelled", c.cancelled}};
    return j.dump(indent);
}

std::string toJson(const Manifest& manifest, int indent) {
    return manifestJson(manifest).dump(indent);
}

Result<Comparison> comparisonFromJson(const std::string& text) {
    try {
        const json j = json::parse(text);
        if (j.value("format", "") != "juxta-comparison/1")
            return Error(EINVAL, "not a Juxta comparison (no \"format\": \"juxta-comparison/1\")");
        Comparison c;
        c.id = j.at("id").get<std::string>();
        c.host = hostFrom(j.value("host", json::object()));
        c.manifest = manifestFrom(j.at("manifest"));
        for (const json& v : j.value("variants", json::array())) c.variants.push_back(variantFrom(v));
        for (const json& p : j.value("series", json::array()))
            c.series.push_back({p.value("t_ms", 0.0), kindFromJson(p.at("variant")), p.value("repeat", 0),
                                p.value("cpu_percent", 0.0), p.value("memory_bytes", 0.0)});
        for (const json& d : j.value("density", json::array())) c.density.push_back(densityFrom(d));
        for (const json& r : j.value("scenario", json::array())) c.scenario.push_back(scenarioFrom(r));
        c.durationMs = j.value("duration_ms", 0.0);
        c.cancelled = j.value("cancelled", false);
        return c;
    } catch (const std::exception& e) {
        return Error(EINVAL, std::string("comparison JSON: ") + e.what());
    }
}

}  // namespace juxta::compare

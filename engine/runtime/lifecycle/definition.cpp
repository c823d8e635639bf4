#include "runtime/lifecycle/definition.h"

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <nlohmann/json.hpp>

#include "core/bounded_json.h"
#include "core/json_reader.h"
#include "instances/definition_store.h"

namespace juxta::runtime {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

template <typename T>
json optional(const std::optional<T>& v) {
    return v ? json(*v) : json(nullptr);
}
std::optional<double> optionalNumber(const JsonReader& j, const char* key) {
    const JsonReader f = j.field(key);
    return f.present() ? std::optional<double>(f.asNumber()) : std::nullopt;
}

}  // namespace

std::string toJson(const InstanceDefinition& d) {
    const ContainerSpec& s = d.spec;
    std::vector<std::string> layers;
    for (const auto& l : s.layers) layers.push_back(l.string());
    json j = {
        {"id", s.id},
        {"name", s.name},
        {"image", d.image},
        {"created_at_ms", d.createdAtMs},
        {"ephemeral", d.ephemeral},
        {"restart", d.restart},
        {"creator", d.creator ? toString(*d.creator) : std::string()},
        {"layers", layers},
        {"upper_dir", s.upperDir.string()},
        {"work_dir", s.workDir.string()},
        {"mount_base", s.mountBase.string()},
        {"args", s.args},
        {"env", s.env},
        {"cwd", s.cwd},
        {"uid", s.uid},
        {"gid", s.gid},
        {"hostname", s.hostname},
        {"read_only_root", s.readOnlyRoot},
        {"terminal", s.terminal},
        {"stop_signal", s.stopSignal},
        {"network", s.network == Network::None     ? "none"
                    : s.network == Network::Bridge ? "bridge"
                                                   : "loopback"},
        {"limits",
         {{"memory_bytes", optional(s.limits.memoryBytes)},
          {"cpus", optional(s.limits.cpus)},
          {"cpu_weight", optional(s.limits.cpuWeight)},
          {"pids_max", optional(s.limits.pidsMax)}}},
        {"capabilities", optional(s.capabilities)},
        {"labels", s.labels},
    };
    json mounts = json::array();
    for (const auto& m : s.mounts)
        mounts.push_back({{"kind", m.kind == MountSpec::Kind::Bind ? "bind" : "tmpfs"},
                          {"source", m.source.string()},
                          {"destination", m.destination},
                          {"read_only", m.readOnly},
                          {"data", m.data},
                          {"copy_up", m.copyUp}});
    j["mounts"] = mounts;
    json rlimits = json::array();
    for (const auto& l : s.rlimits) rlimits.push_back({l.resource, l.soft, l.hard});
    j["rlimits"] = rlimits;
    json ports = json::array();
    for (const auto& p : s.ports)
        ports.push_back(
            {{"host_ip", p.hostIp}, {"host_port", p.hostPort}, {"container_port", p.containerPort}});
    j["ports"] = ports;
    if (d.health)
        j["healthcheck"] = {{"args", d.health->args},
                            {"interval_ms", d.health->intervalMs},
                            {"timeout_ms", d.health->timeoutMs},
                            {"start_period_ms", d.health->startPeriodMs},
                            {"retries", d.health->retries}};
    return j.dump(2) + "\n";
}

Result<InstanceDefinition> definitionFromJson(const std::string& text) {
    auto parsed = parseBoundedJson(text, kStateJsonLimits, "container definition");
    if (!parsed) return parsed.error();
    const JsonReader j(*parsed, "container definition");
    InstanceDefinition d;
    ContainerSpec& s = d.spec;
    s.id = j.string("id");
    s.name = j.string("name", s.id);
    d.image = j.string("image", "");
    d.createdAtMs = j.integer<int64_t>("created_at_ms", 0);
    d.ephemeral = j.boolean("ephemeral", false);
    d.restart = j.string("restart", "no");
    d.creator = parseIdentity(j.string("creator", ""));
    for (const std::string& l : j.field("layers").asStrings()) s.layers.emplace_back(l);
    s.upperDir = j.string("upper_dir", "");
    s.workDir = j.string("work_dir", "");
    s.mountBase = j.string("mount_base");
    s.args = j.field("args").asStrings();
    s.env = j.strings("env", s.env);
    s.cwd = j.string("cwd", "/");
    s.uid = j.integer<uid_t>("uid", 0);
    s.gid = j.integer<gid_t>("gid", 0);
    s.hostname = j.string("hostname", "");
    s.readOnlyRoot = j.boolean("read_only_root", false);
    s.terminal = j.boolean("terminal", false);
    s.stopSignal = j.integer<int>("stop_signal", SIGTERM);
    if (s.stopSignal <= 0 || s.stopSignal >= NSIG) j.fail("stop_signal is not a signal");
    const std::string network = j.string("network", "loopback");
    s.network = network == "none" ? Network::None : network == "bridge" ? Network::Bridge : Network::Loopback;
    if (const JsonReader limits = j.field("limits"); limits.present() && limits.isObject()) {
        s.limits.memoryBytes = limits.optionalInteger<int64_t>("memory_bytes");
        s.limits.cpus = optionalNumber(limits, "cpus");
        s.limits.cpuWeight = limits.optionalInteger<int>("cpu_weight");
        s.limits.pidsMax = limits.optionalInteger<int64_t>("pids_max");
    }
    s.capabilities = j.optionalInteger<uint64_t>("capabilities");
    if (const JsonReader labels = j.field("labels"); labels.present()) {
        s.labels = labels.asStringMap();
        if (Status st = checkLabels(s.labels); !st) labels.fail(st.error().message());
    }
    if (const JsonReader rlimits = j.field("rlimits"); rlimits.present())
        for (const JsonReader& l : rlimits.elements()) {
            const std::vector<JsonReader> v = l.elements();
            if (v.size() != 3) {
                l.fail("expected [resource, soft, hard]");
                break;
            }
            s.rlimits.push_back(
                {v[0].asInteger<int>(), v[1].asInteger<uint64_t>(), v[2].asInteger<uint64_t>()});
        }
    if (const JsonReader mounts = j.field("mounts"); mounts.present())
        for (const JsonReader& m : mounts.elements())
            s.mounts.push_back({m.string("kind") == "bind" ? MountSpec::Kind::Bind : MountSpec::Kind::Tmpfs,
                                m.string("source", ""), m.string("destination"),
                                m.boolean("read_only", false), m.string("data", ""),
                                m.boolean("copy_up", false)});
    if (const JsonReader ports = j.field("ports"); ports.present())
        for (const JsonReader& p : ports.elements())
            s.ports.push_back({p.string("host_ip", "127.0.0.1"), p.integer<uint16_t>("host_port"),
                               p.integer<uint16_t>("container_port")});
    if (const JsonReader h = j.field("healthcheck"); h.present()) {
        HealthCheck c;
        c.args = h.field("args").asStrings();
        c.intervalMs = h.integer<int64_t>("interval_ms");
        c.timeoutMs = h.integer<int64_t>("timeout_ms");
        c.startPeriodMs = h.integer<int64_t>("start_period_ms", 0);
        c.retries = h.integer<int>("retries");
        if (c.args.empty() || c.intervalMs < kMinHealthIntervalMs || c.intervalMs > kMaxHealthMs ||
            c.timeoutMs < kMinHealthTimeoutMs || c.timeoutMs > kMaxHealthMs || c.startPeriodMs < 0 ||
            c.startPeriodMs > kMaxHealthMs || c.retries < 1 || c.retries > kMaxHealthRetries)
            h.fail(
                "needs a command and an interval, timeout, start period and retries within bounds "
                "(health.h)");
        d.health = std::move(c);
    }
    if (Status ok = j.status(); !ok) return ok.error();
    if (auto st = validate(d.spec); !st) return st.error().wrap("container definition");
    return d;
}

Status saveDefinition(const InstanceDefinition& d) {
    return instances::saveDefinition(InstanceKind::Container, d.spec.id, toJson(d),
                                     d.ephemeral ? Durability::AtomicOnly : Durability::Durable);
}

Result<InstanceDefinition> loadDefinition(const std::string& id) {
    auto text = instances::loadDefinition(InstanceKind::Container, id);
    if (!text) return text.error();
    auto d = definitionFromJson(*text);
    if (!d) return d.error().wrap("container " + id);
    return d;
}

Result<std::vector<InstanceDefinition>> listDefinitions() {
    std::vector<InstanceDefinition> all;
    for (const std::string& id : instances::definedIds(InstanceKind::Container)) {
        auto d = loadDefinition(id);
        if (!d) return d.error();
        all.push_back(std::move(d.value()));
    }
    std::sort(all.begin(), all.end(), [](const InstanceDefinition& a, const InstanceDefinition& b) {
        return a.createdAtMs < b.createdAtMs;
    });
    return all;
}

Result<std::string> resolveInstance(const std::string& idOrName) {
    if (instances::isDefined(InstanceKind::Container, idOrName)) return idOrName;
    auto all = listDefinitions();
    if (!all) return all.error();
    std::vector<instances::NamedId> named;
    for (const auto& d : *all) named.push_back({d.spec.id, d.spec.name});
    return instances::resolve(InstanceKind::Container, idOrName, named, "juxtactl ps -a");
}

}  // namespace juxta::runtime

#include "runtime/lifecycle/definition.h"

#include <algorithm>
#include <cerrno>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/atomic_file.h"
#include "core/paths.h"

namespace juxta::runtime {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

fs::path containersDir() {
    return paths::dataDir() / "containers";
}

template <typename T>
json optional(const std::optional<T>& v) {
    return v ? json(*v) : json(nullptr);
}
template <typename T>
void readOptional(const json& j, const char* key, std::optional<T>& out) {
    if (j.contains(key) && !j[key].is_null()) out = j[key].get<T>();
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
        {"network", s.network == Network::None     ? "none"
                    : s.network == Network::Bridge ? "bridge"
                                                   : "loopback"},
        {"limits",
         {{"memory_bytes", optional(s.limits.memoryBytes)},
          {"cpus", optional(s.limits.cpus)},
          {"cpu_weight", optional(s.limits.cpuWeight)},
          {"pids_max", optional(s.limits.pidsMax)}}},
        {"capabilities", optional(s.capabilities)},
    };
    json mounts = json::array();
    for (const auto& m : s.mounts)
        mounts.push_back({{"kind", m.kind == MountSpec::Kind::Bind ? "bind" : "tmpfs"},
                          {"source", m.source.string()},
                          {"destination", m.destination},
                          {"read_only", m.readOnly},
                          {"data", m.data}});
    j["mounts"] = mounts;
    json rlimits = json::array();
    for (const auto& l : s.rlimits) rlimits.push_back({l.resource, l.soft, l.hard});
    j["rlimits"] = rlimits;
    json ports = json::array();
    for (const auto& p : s.ports)
        ports.push_back(
            {{"host_ip", p.hostIp}, {"host_port", p.hostPort}, {"container_port", p.containerPort}});
    j["ports"] = ports;
    return j.dump(2) + "\n";
}

Result<InstanceDefinition> definitionFromJson(const std::string& text) {
    InstanceDefinition d;
    try {
        const json j = json::parse(text);
        ContainerSpec& s = d.spec;
        s.id = j.at("id").get<std::string>();
        s.name = j.value("name", s.id);
        d.image = j.value("image", std::string());
        d.createdAtMs = j.value("created_at_ms", int64_t(0));
        for (const auto& l : j.at("layers")) s.layers.emplace_back(l.get<std::string>());
        s.upperDir = j.value("upper_dir", std::string());
        s.workDir = j.value("work_dir", std::string());
        s.mountBase = j.at("mount_base").get<std::string>();
        s.args = j.at("args").get<std::vector<std::string>>();
        s.env = j.value("env", s.env);
        s.cwd = j.value("cwd", std::string("/"));
        s.uid = j.value("uid", 0u);
        s.gid = j.value("gid", 0u);
        s.hostname = j.value("hostname", std::string());
        s.readOnlyRoot = j.value("read_only_root", false);
        s.terminal = j.value("terminal", false);
        const std::string network = j.value("network", std::string("loopback"));
        s.network = network == "none"     ? Network::None
                    : network == "bridge" ? Network::Bridge
                                          : Network::Loopback;
        const json limits = j.value("limits", json::object());
        readOptional(limits, "memory_bytes", s.limits.memoryBytes);
        readOptional(limits, "cpus", s.limits.cpus);
        readOptional(limits, "cpu_weight", s.limits.cpuWeight);
        readOptional(limits, "pids_max", s.limits.pidsMax);
        readOptional(j, "capabilities", s.capabilities);
        for (const auto& l : j.value("rlimits", json::array()))
            s.rlimits.push_back({l.at(0).get<int>(), l.at(1).get<uint64_t>(), l.at(2).get<uint64_t>()});
        for (const auto& m : j.value("mounts", json::array()))
            s.mounts.push_back({m.at("kind") == "bind" ? MountSpec::Kind::Bind : MountSpec::Kind::Tmpfs,
                                m.value("source", std::string()), m.at("destination").get<std::string>(),
                                m.value("read_only", false), m.value("data", std::string())});
        for (const auto& p : j.value("ports", json::array()))
            s.ports.push_back({p.value("host_ip", std::string("127.0.0.1")),
                               p.at("host_port").get<uint16_t>(), p.at("container_port").get<uint16_t>()});
    } catch (const json::exception& e) {
        return Error(EINVAL, std::string("container definition: ") + e.what());
    }
    if (auto st = validate(d.spec); !st) return st.error().wrap("container definition");
    return d;
}

Status saveDefinition(const InstanceDefinition& d) {
    auto dir = paths::ensureDir(containersDir() / d.spec.id);
    if (!dir) return dir.error();
    return writeFileAtomically(*dir / "container.json", toJson(d));
}

Result<InstanceDefinition> loadDefinition(const std::string& id) {
    std::ifstream in(containersDir() / id / "container.json");
    if (!in) return Error(ENOENT, "no container " + id);
    std::stringstream text;
    text << in.rdbuf();
    auto d = definitionFromJson(text.str());
    if (!d) return d.error().wrap("container " + id);
    return d;
}

Result<std::vector<InstanceDefinition>> listDefinitions() {
    std::vector<InstanceDefinition> all;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(containersDir(), ec)) {
        if (!fs::exists(entry.path() / "container.json")) continue;  // being created or removed
        auto d = loadDefinition(entry.path().filename().string());
        if (!d) return d.error();
        all.push_back(std::move(d.value()));
    }
    std::sort(all.begin(), all.end(), [](const InstanceDefinition& a, const InstanceDefinition& b) {
        return a.createdAtMs < b.createdAtMs;
    });
    return all;
}

Result<std::string> resolveInstance(const std::string& idOrName) {
    if (!idOrName.empty() && idOrName.find('/') == std::string::npos && idOrName[0] != '.' &&
        fs::exists(containersDir() / idOrName / "container.json"))
        return idOrName;
    auto all = listDefinitions();
    if (!all) return all.error();
    std::vector<std::string> matches;
    for (const auto& d : *all)
        if (d.spec.name == idOrName || (idOrName.size() >= 4 && d.spec.id.rfind(idOrName, 0) == 0))
            matches.push_back(d.spec.id);
    if (matches.empty())
        return Error(ENOENT, "no container '" + idOrName + "' — `juxtactl ps -a` lists them");
    if (matches.size() > 1)
        return Error(EINVAL, "'" + idOrName + "' names more than one container — use the id");
    return matches[0];
}

}  // namespace juxta::runtime

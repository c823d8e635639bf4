#include "runtime/oci_bundle.h"

#include <sys/resource.h>

#include <algorithm>
#include <cerrno>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "core/bounded_json.h"
#include "core/user_id.h"
#include "runtime/capabilities.h"

namespace juxta::runtime {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// Thrown inside the parser for a field it refuses; turned into one Error at the top.
struct Unsupported {
    std::string message;
};

[[noreturn]] void refuse(const std::string& message) {
    throw Unsupported{message};
}

void onlyKeys(const json& j, const char* where, const std::set<std::string>& allowed) {
    for (const auto& [key, value] : j.items())
        if (!allowed.count(key)) refuse(std::string(where) + "." + key + " is not supported");
}

// process.user.uid/gid: a 32-bit id, refused (not wrapped to 0, root) when it does not fit.
uint32_t userId(const json& user, const char* key) {
    if (!user.contains(key)) return 0;
    const json& v = user[key];
    if (!v.is_number_unsigned() || v.get<uint64_t>() > kMaxUserId)
        refuse(std::string("process.user.") + key + " " + v.dump() + " is not an id from 0 to " +
               std::to_string(kMaxUserId));
    return uint32_t(v.get<uint64_t>());
}

void readProcess(const json& p, ContainerSpec& s) {
    onlyKeys(p, "process",
             {"args", "env", "cwd", "terminal", "user", "capabilities", "noNewPrivileges", "consoleSize",
              "rlimits", "apparmorProfile", "selinuxLabel", "oomScoreAdj"});
    s.args = p.at("args").get<std::vector<std::string>>();
    if (s.args.empty()) refuse("process.args is empty — give the command to run");
    if (p.contains("env")) s.env = p["env"].get<std::vector<std::string>>();
    s.cwd = p.value("cwd", std::string("/"));
    s.terminal = p.value("terminal", false);
    if (p.contains("user")) {
        onlyKeys(p["user"], "process.user", {"uid", "gid", "umask", "additionalGids"});
        s.uid = userId(p["user"], "uid");
        s.gid = userId(p["user"], "gid");
        if (!p["user"].value("additionalGids", std::vector<unsigned>{}).empty())
            refuse("process.user.additionalGids is not supported");
    }
    if (!p.value("noNewPrivileges", true))
        refuse("process.noNewPrivileges false is not supported (always on)");
    for (const auto& r : p.value("rlimits", json::array())) {
        static const std::map<std::string, int> names = {
            {"RLIMIT_NOFILE", RLIMIT_NOFILE}, {"RLIMIT_NPROC", RLIMIT_NPROC},
            {"RLIMIT_CORE", RLIMIT_CORE},     {"RLIMIT_STACK", RLIMIT_STACK},
            {"RLIMIT_FSIZE", RLIMIT_FSIZE},   {"RLIMIT_AS", RLIMIT_AS},
            {"RLIMIT_CPU", RLIMIT_CPU},       {"RLIMIT_MEMLOCK", RLIMIT_MEMLOCK},
            {"RLIMIT_DATA", RLIMIT_DATA}};
        const std::string type = r.at("type").get<std::string>();
        const auto it = names.find(type);
        if (it == names.end()) refuse("process.rlimits: " + type + " is not supported");
        s.rlimits.push_back({it->second, r.at("soft").get<uint64_t>(), r.at("hard").get<uint64_t>()});
    }
    if (p.contains("capabilities")) {
        uint64_t keep = 0;
        for (const auto& name : p["capabilities"].value("bounding", std::vector<std::string>{})) {
            auto cap = capabilityByName(name);
            if (!cap) refuse("process.capabilities: " + cap.error().message());
            keep |= uint64_t(1) << *cap;
        }
        s.capabilities = keep;
    }
}

// The mounts the runtime makes itself, whatever the bundle says about them.
bool isStandardMount(const std::string& destination) {
    static const std::set<std::string> standard = {"/proc",    "/sys",        "/dev",          "/dev/pts",
                                                   "/dev/shm", "/dev/mqueue", "/sys/fs/cgroup"};
    return standard.count(destination) != 0;
}

void readMounts(const json& mounts, const fs::path& bundle, ContainerSpec& s) {
    for (const auto& m : mounts) {
        const std::string destination = m.at("destination").get<std::string>();
        if (isStandardMount(destination)) continue;
        const auto options = m.value("options", std::vector<std::string>{});
        const std::string type = m.value("type", std::string());
        const bool bind = type == "bind" || std::count(options.begin(), options.end(), "bind") ||
                          std::count(options.begin(), options.end(), "rbind");
        MountSpec out;
        out.destination = destination;
        if (bind) {
            out.kind = MountSpec::Kind::Bind;
            const fs::path source = m.at("source").get<std::string>();
            out.source = source.is_absolute() ? source : bundle / source;
            for (const auto& o : options) {
                if (o == "ro")
                    out.readOnly = true;
                else if (o != "bind" && o != "rbind" && o != "rw" && o != "nosuid" && o != "nodev" &&
                         o != "noexec" && o != "rprivate" && o != "private")
                    refuse("mount at " + destination + ": option '" + o + "' is not supported");
            }
        } else if (type == "tmpfs") {
            out.kind = MountSpec::Kind::Tmpfs;
            for (const auto& o : options) {
                if (o == "ro")
                    out.readOnly = true;
                else if (o.rfind("size=", 0) == 0 || o.rfind("mode=", 0) == 0)
                    out.data += (out.data.empty() ? "" : ",") + o;
                else if (o != "nosuid" && o != "nodev" && o != "noexec" && o != "rw" && o != "strictatime")
                    refuse("mount at " + destination + ": option '" + o + "' is not supported");
            }
        } else {
            refuse("mount at " + destination + ": type '" + type + "' is not supported (bind and tmpfs are)");
        }
        s.mounts.push_back(std::move(out));
    }
}

void readResources(const json& r, Limits& limits) {
    onlyKeys(r, "linux.resources", {"memory", "cpu", "pids", "devices"});
    if (r.contains("memory")) {
        onlyKeys(r["memory"], "linux.resources.memory", {"limit", "swap"});
        if (r["memory"].contains("limit")) limits.memoryBytes = r["memory"]["limit"].get<int64_t>();
    }
    if (r.contains("cpu")) {
        const json& c = r["cpu"];
        onlyKeys(c, "linux.resources.cpu", {"quota", "period", "shares"});
        if (c.contains("quota") && c["quota"].get<int64_t>() > 0)
            limits.cpus = double(c["quota"].get<int64_t>()) / double(c.value("period", int64_t(100000)));
        if (c.contains("shares"))  // runc's shares -> weight mapping, inverted
            limits.cpuWeight = int(1 + (c["shares"].get<int64_t>() - 2) * 9999 / 262142);
    }
    if (r.contains("pids") && r["pids"].contains("limit") && r["pids"]["limit"].get<int64_t>() > 0)
        limits.pidsMax = r["pids"]["limit"].get<int64_t>();
    for (const auto& d : r.value("devices", json::array()))
        if (d.value("allow", false)) refuse("linux.resources.devices: allow rules are not supported");
}

void readNamespaces(const json& namespaces) {
    std::set<std::string> seen;
    for (const auto& n : namespaces) {
        const std::string type = n.at("type").get<std::string>();
        if (n.contains("path"))
            refuse("linux.namespaces: joining the " + type + " namespace by path is not supported");
        if (type == "user") refuse("linux.namespaces: user namespaces are not supported here yet");
        if (type == "time") refuse("linux.namespaces: time namespaces are not supported");
        seen.insert(type);
    }
    for (const char* required : {"pid", "mount", "ipc", "uts", "network"})
        if (!seen.count(required))
            refuse(std::string("linux.namespaces: the container always gets a new ") + required +
                   " namespace — add it");
}

void readLinux(const json& l, ContainerSpec& s) {
    onlyKeys(l, "linux",
             {"resources", "namespaces", "maskedPaths", "readonlyPaths", "cgroupsPath", "devices",
              "uidMappings", "gidMappings", "seccomp", "sysctl", "rootfsPropagation"});
    if (l.contains("resources")) readResources(l["resources"], s.limits);
    readNamespaces(l.value("namespaces", json::array()));
    for (const char* key : {"uidMappings", "gidMappings", "devices"})
        if (!l.value(key, json::array()).empty()) refuse(std::string("linux.") + key + " is not supported");
    if (l.contains("seccomp"))
        refuse(
            "linux.seccomp is not supported: the runtime loads its own default filter — remove the section");
    if (!l.value("sysctl", json::object()).empty()) refuse("linux.sysctl is not supported");
}

}  // namespace

Result<ContainerSpec> specFromBundle(const fs::path& bundleDir) {
    const std::string context = "OCI bundle " + bundleDir.string();
    std::error_code ec;
    const fs::path bundle = fs::absolute(bundleDir, ec);
    auto parsed = readBoundedJsonFile(bundle / "config.json", kStateJsonLimits, "config.json");
    if (!parsed && parsed.error().code() == ENOENT)
        return Error(ENOENT, context + ": no config.json (a bundle is config.json + its rootfs)");
    if (!parsed) return parsed.error().wrap(context);
    ContainerSpec s;
    try {
        const json& j = *parsed;
        onlyKeys(
            j, "config",
            {"ociVersion", "process", "root", "hostname", "mounts", "linux", "annotations", "domainname"});
        if (!j.contains("process")) refuse("process is missing — it says what to run");
        readProcess(j["process"], s);
        const fs::path root = j.at("root").at("path").get<std::string>();
        s.layers = {(root.is_absolute() ? root : bundle / root).lexically_normal()};
        s.readOnlyRoot = j["root"].value("readonly", false);
        s.hostname = j.value("hostname", std::string());
        readMounts(j.value("mounts", json::array()), bundle, s);
        readLinux(j.value("linux", json::object()), s);
    } catch (const Unsupported& u) {
        return Error(ENOTSUP, context + ": " + u.message);
    } catch (const json::exception& e) {
        return Error(EINVAL, context + ": config.json: " + e.what());
    }
    if (!fs::is_directory(s.layers[0], ec))
        return Error(ENOENT, context + ": root.path " + s.layers[0].string() + " is not a directory");
    if (s.terminal && std::none_of(s.env.begin(), s.env.end(),
                                   [](const std::string& e) { return e.rfind("TERM=", 0) == 0; }))
        s.env.push_back("TERM=xterm");
    return s;
}

}  // namespace juxta::runtime

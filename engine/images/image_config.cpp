#include "images/image_config.h"

#include <algorithm>
#include <charconv>
#include <filesystem>

namespace juxta::images {
using nlohmann::json;

namespace {

constexpr int64_t kNsPerMs = 1'000'000;

// The member names of an object-valued field ({"80/tcp": {}}), at most `max` of them.
std::vector<std::string> keysOf(const JsonReader& c, const char* key, std::size_t max) {
    const JsonReader f = c.field(key);
    std::vector<std::string> keys;
    if (!f.present() || !f.isObject()) return keys;
    if (f.raw().size() > max) {
        f.fail("more than " + std::to_string(max) + " entries");
        return keys;
    }
    for (const auto& [k, v] : f.raw().items()) keys.push_back(k);
    return keys;
}

// A volume's path: absolute, no "." or ".." in it, not "/" itself, at most 4 KiB; "/data/" → "/data".
std::optional<std::string> cleanVolumePath(const std::string& path) {
    if (path.size() < 2 || path.size() > 4096 || path[0] != '/' || path.find('\0') != std::string::npos)
        return std::nullopt;
    std::string out;
    for (const auto& part : std::filesystem::path(path)) {
        const std::string p = part.string();
        if (p == "/" || p.empty()) continue;
        if (p == "." || p == "..") return std::nullopt;
        out += "/" + p;
    }
    if (out.empty()) return std::nullopt;
    return out;
}

// Healthcheck durations are nanoseconds; a negative one, or one under a millisecond but not zero
// (Docker refuses those too), is refused; one over a day is read as a day (nothing overflows later).
int64_t durationMs(const JsonReader& h, const char* key) {
    const JsonReader f = h.field(key);
    if (!f.present()) return 0;
    const int64_t ns = f.asInteger<int64_t>();
    if (ns < 0 || (ns > 0 && ns < kNsPerMs)) {
        f.fail("is not 0 or at least 1 ms");
        return 0;
    }
    return std::min(ns / kNsPerMs, kMaxHealthDurationMs);
}

HealthCheck readHealthCheck(const JsonReader& h) {
    HealthCheck out;
    if (!h.present() || !h.isObject()) return out;
    const JsonReader test = h.field("Test");
    out.test = h.strings("Test");
    if (!out.test.empty()) {
        const std::string& kind = out.test[0];
        const bool ok = (kind == "NONE" && out.test.size() == 1) || (kind == "CMD" && out.test.size() >= 2) ||
                        (kind == "CMD-SHELL" && out.test.size() == 2);
        if (!ok) test.fail("is not [\"CMD\", ARG...], [\"CMD-SHELL\", COMMAND] or [\"NONE\"]");
    }
    out.intervalMs = durationMs(h, "Interval");
    out.timeoutMs = durationMs(h, "Timeout");
    out.startPeriodMs = durationMs(h, "StartPeriod");
    out.retries = h.integer<int>("Retries", 0);
    if (out.retries < 0) h.field("Retries").fail("is negative");
    return out;
}

}  // namespace

std::optional<std::string> normalizeExposedPort(const std::string& text) {
    const std::size_t slash = text.find('/');
    const std::string number = text.substr(0, slash);
    std::string proto = slash == std::string::npos ? "tcp" : text.substr(slash + 1);
    std::transform(proto.begin(), proto.end(), proto.begin(),
                   [](unsigned char ch) { return char(std::tolower(ch)); });
    if (proto != "tcp" && proto != "udp" && proto != "sctp") return std::nullopt;
    unsigned port = 0;
    const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), port);
    if (ec != std::errc() || end != number.data() + number.size() || port == 0 || port > 65535)
        return std::nullopt;
    return std::to_string(port) + "/" + proto;
}

std::vector<uint16_t> exposedTcpPorts(const ImageConfig& config) {
    std::vector<uint16_t> ports;
    for (const std::string& p : config.exposedPorts)
        if (p.size() > 4 && p.compare(p.size() - 4, 4, "/tcp") == 0) ports.push_back(uint16_t(std::stoi(p)));
    return ports;
}

ImageConfig readImageConfig(const JsonReader& c) {
    ImageConfig out;
    if (!c.present() || !c.isObject()) return out;
    out.env = c.strings("Env");
    out.entrypoint = c.strings("Entrypoint");
    out.cmd = c.strings("Cmd");
    out.workingDir = c.string("WorkingDir", "");
    if (out.workingDir.empty()) out.workingDir = "/";
    if (out.workingDir[0] != '/') c.field("WorkingDir").fail("'" + out.workingDir + "' is not absolute");
    out.user = c.string("User", "");
    out.stopSignal = c.string("StopSignal", "");

    for (const std::string& p : keysOf(c, "ExposedPorts", kMaxExposedPorts)) {
        auto port = normalizeExposedPort(p);
        if (!port) {
            c.field("ExposedPorts").fail("'" + p.substr(0, 64) + "' is not PORT[/tcp|udp|sctp]");
            break;
        }
        out.exposedPorts.push_back(*port);
    }
    for (const std::string& v : keysOf(c, "Volumes", kMaxVolumes)) {
        auto path = cleanVolumePath(v);
        if (!path) {
            c.field("Volumes").fail("'" + v.substr(0, 64) +
                                    "' is not an absolute path below / without . or ..");
            break;
        }
        out.volumes.push_back(*path);
    }
    const JsonReader labels = c.field("Labels");
    for (const std::string& key : keysOf(c, "Labels", kMaxLabels)) {
        if (key.empty()) {
            labels.fail("a label has an empty name");
            break;
        }
        out.labels.emplace_back(key, labels.field(key).asString());
    }
    out.healthcheck = readHealthCheck(c.field("Healthcheck"));
    for (const char* key : {"Env", "Entrypoint", "Cmd"}) {
        const JsonReader list = c.field(key);
        if (list.present() && list.raw().is_array() && list.raw().size() > kMaxListEntries)
            list.fail("more than " + std::to_string(kMaxListEntries) + " entries");
    }
    if (out.healthcheck.test.size() > kMaxListEntries)
        c.field("Healthcheck")
            .field("Test")
            .fail("more than " + std::to_string(kMaxListEntries) + " entries");
    // What is kept of it (the store's manifest, every container's definition) is read back under
    // the 1 MiB state limit: the declarations themselves stay far below it.
    if (c.ok() && imageConfigJson(out).dump().size() > kMaxConfigBytes)
        c.fail("declares more than " + std::to_string(kMaxConfigBytes >> 10) +
               " KiB (Env, Cmd, Labels, ...)");
    for (auto* list : {&out.exposedPorts, &out.volumes}) {
        std::sort(list->begin(), list->end());
        list->erase(std::unique(list->begin(), list->end()), list->end());
    }
    std::sort(out.labels.begin(), out.labels.end());
    return out;
}

json imageConfigJson(const ImageConfig& c) {
    json j = {{"Env", c.env},   {"Entrypoint", c.entrypoint}, {"Cmd", c.cmd}, {"WorkingDir", c.workingDir},
              {"User", c.user}, {"StopSignal", c.stopSignal}};
    auto set = [](const std::vector<std::string>& keys) {
        json o = json::object();
        for (const std::string& k : keys) o[k] = json::object();
        return o;
    };
    if (!c.exposedPorts.empty()) j["ExposedPorts"] = set(c.exposedPorts);
    if (!c.volumes.empty()) j["Volumes"] = set(c.volumes);
    if (!c.labels.empty()) {
        json o = json::object();
        for (const auto& [k, v] : c.labels) o[k] = v;
        j["Labels"] = o;
    }
    if (!c.healthcheck.test.empty())
        j["Healthcheck"] = {{"Test", c.healthcheck.test},
                            {"Interval", c.healthcheck.intervalMs * kNsPerMs},
                            {"Timeout", c.healthcheck.timeoutMs * kNsPerMs},
                            {"StartPeriod", c.healthcheck.startPeriodMs * kNsPerMs},
                            {"Retries", c.healthcheck.retries}};
    return j;
}

}  // namespace juxta::images

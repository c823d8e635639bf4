#include "compose/parse.h"

#include <arpa/inet.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <functional>
#include <map>
#include <set>

#include "core/read_file.h"

extern "C" char** environ;

namespace juxta::compose {
namespace {

constexpr std::size_t kMaxYaml = std::size_t(1) << 20;
constexpr std::size_t kMaxServices = 256;
constexpr std::size_t kMaxList = 4096;       // entries of one list or map
constexpr std::size_t kMaxValue = 64 << 10;  // one interpolated value
constexpr int kMaxMergeDepth = 8;            // `<<` inside what `<<` brings
// Entries read in all, aliases and merges counted each time they are used: YAML's aliases share
// nodes, so a small file can name a huge tree (the "billion laughs"); this bounds the walk.
constexpr std::size_t kMaxEntriesRead = std::size_t(1) << 20;
// And the bytes of every value read, interpolated, aliases counted at each use: a long value named
// by an alias in every list entry of every service is refused instead of filling memory.
constexpr std::size_t kMaxBytesRead = std::size_t(32) << 20;

// Why a key Juxta does not run is refused, where there is more to say than "not supported".
std::string hintFor(const std::string& key) {
    static const std::map<std::string, std::string> hints = {
        {"build", "build the image first (or import or pull it) and name it in `image`"},
        {"networks", "the project's services share one network, where each finds the others by name"},
        {"network_mode", "the project's services share one network, where each finds the others by name"},
        {"privileged", "Juxta runs no privileged container"},
        {"cap_add", "Juxta's containers keep Docker's default capabilities"},
        {"devices", "Juxta passes no host device into a container"},
        {"secrets", "give the value through `environment` or a file in `volumes`"},
        {"configs", "give the file through `volumes`"},
        {"profiles", "every service of the file runs"},
        {"extends", "write the service out whole"},
        {"links", "services find each other by name without links"},
        {"container_name", "Juxta names a service's instance <project>-<service>"},
    };
    const auto it = hints.find(key);
    return it != hints.end() ? " — " + it->second : "";
}

// A key and its value, with `<<` merges expanded (keys of the map itself win).
using Entries = std::vector<std::pair<YAML::Node, YAML::Node>>;

class Reader {
  public:
    explicit Reader(const ParseOptions& options) : o_(options) {}

    Error at(const YAML::Node& node, const std::string& where, const std::string& what) const {
        const YAML::Mark m = node.Mark();
        return Error(EINVAL, o_.fileName + ":" + std::to_string(m.line + 1) + ":" +
                                 std::to_string(m.column + 1) + ": " + where + ": " + what);
    }

    // Counts `n` entries against the whole file's budget.
    Status spend(const YAML::Node& node, const std::string& where, std::size_t n) const {
        if (n > budget_)
            return at(node, where,
                      "more than " + std::to_string(kMaxEntriesRead) +
                          " entries read in all (aliases and merges count each use)");
        budget_ -= n;
        return {};
    }

    Result<Entries> entries(const YAML::Node& map, const std::string& where, int depth = 0) const {
        if (!map.IsMap()) return at(map, where, "expected a mapping");
        if (map.size() > kMaxList)
            return at(map, where, "more than " + std::to_string(kMaxList) + " entries");
        if (Status st = spend(map, where, map.size() + 1); !st) return st.error();  // an empty one costs too
        Entries own, merged;
        std::set<std::string> keys;
        for (auto it = map.begin(); it != map.end(); ++it) {
            // Copies: what it-> gives is a proxy gone at the end of its expression (a range-for over
            // it->second would walk a destroyed node).
            const YAML::Node key = it->first, value = it->second;
            if (!key.IsScalar()) return at(key, where, "a key must be a plain string");
            if (key.Scalar() != "<<") {
                if (!keys.insert(key.Scalar()).second) return at(key, where, "'" + key.Scalar() + "' twice");
                own.emplace_back(key, value);
                continue;
            }
            if (depth >= kMaxMergeDepth) return at(key, where, "merges nested too deep");
            std::vector<YAML::Node> sources;
            if (value.IsSequence()) {
                if (value.size() > kMaxList)
                    return at(value, where, "more than " + std::to_string(kMaxList) + " maps merged");
                if (Status st = spend(value, where, value.size()); !st) return st.error();
                for (const auto& s : value) sources.push_back(s);
            } else {
                sources.push_back(value);
            }
            for (const YAML::Node& s : sources) {
                auto more = entries(s, where + ".<<", depth + 1);
                if (!more) return more.error();
                merged.insert(merged.end(), more->begin(), more->end());
                if (merged.size() > kMaxList)
                    return at(key, where, "more than " + std::to_string(kMaxList) + " entries merged");
            }
        }
        for (auto& [k, v] : merged)
            if (keys.insert(k.Scalar()).second) own.emplace_back(k, v);
        return own;
    }

    Result<std::string> string(const YAML::Node& n, const std::string& where) const {
        if (!n.IsScalar()) return at(n, where, "expected a string");
        auto v = interpolate(n.Scalar(), o_.environment);
        if (!v) return at(n, where, v.error().message());
        if (v->size() + n.Scalar().size() > bytes_)
            return at(n, where,
                      "more than " + std::to_string(kMaxBytesRead >> 20) +
                          " MiB of values read in all (aliases count each use)");
        bytes_ -= v->size() + n.Scalar().size();
        return v;
    }

    Result<std::vector<std::string>> strings(const YAML::Node& n, const std::string& where) const {
        if (!n.IsSequence()) return at(n, where, "expected a list");
        if (n.size() > kMaxList) return at(n, where, "more than " + std::to_string(kMaxList) + " entries");
        if (Status st = spend(n, where, n.size()); !st) return st.error();
        std::vector<std::string> out;
        for (const auto& item : n) {
            auto s = string(item, where);
            if (!s) return s.error();
            out.push_back(std::move(*s));
        }
        return out;
    }

    Result<double> number(const YAML::Node& n, const std::string& where) const {
        auto s = string(n, where);
        if (!s) return s.error();
        char* end = nullptr;
        const double v = std::strtod(s->c_str(), &end);
        if (s->empty() || *end || !std::isfinite(v) || v < 0)
            return at(n, where, "'" + *s + "' is not a number");
        return v;
    }

    Result<int64_t> integer(const YAML::Node& n, const std::string& where, int64_t min, int64_t max) const {
        auto s = string(n, where);
        if (!s) return s.error();
        char* end = nullptr;
        errno = 0;
        const long long v = std::strtoll(s->c_str(), &end, 10);
        if (s->empty() || *end || errno || v < min || v > max)
            return at(n, where,
                      "'" + *s + "' is not a whole number from " + std::to_string(min) + " to " +
                          std::to_string(max));
        return int64_t(v);
    }

    Result<bool> boolean(const YAML::Node& n, const std::string& where) const {
        auto s = string(n, where);
        if (!s) return s.error();
        if (*s == "true") return true;
        if (*s == "false") return false;
        return at(n, where, "'" + *s + "' is not true or false");
    }

    // Go's duration format, as Compose takes it: "1m30s", "1.5s", "500ms"; a bare number is seconds.
    Result<int64_t> durationMs(const YAML::Node& n, const std::string& where) const {
        auto s = string(n, where);
        if (!s) return s.error();
        const std::string& t = *s;
        double total = 0;
        std::size_t i = 0;
        const auto bad = [&] {
            return at(n, where, "'" + t + "' is not a duration (e.g. 30s, 1m30s, 500ms)");
        };
        if (t.empty()) return bad();
        char* end = nullptr;
        if (const double plain = std::strtod(t.c_str(), &end); !*end && std::isfinite(plain) && plain >= 0) {
            if (plain * 1000 > 1e13) return bad();
            return int64_t(plain * 1000);
        }
        while (i < t.size()) {
            const double v = std::strtod(t.c_str() + i, &end);
            const std::size_t used = std::size_t(end - (t.c_str() + i));
            if (used == 0 || !std::isfinite(v) || v < 0) return bad();
            i += used;
            std::size_t u = i;
            while (u < t.size() && std::isalpha(static_cast<unsigned char>(t[u]))) ++u;
            const std::string unit = t.substr(i, u - i);
            i = u;
            static const std::map<std::string, double> ms = {{"ns", 1e-6}, {"us", 1e-3}, {"ms", 1},
                                                             {"s", 1000},  {"m", 60000}, {"h", 3600000}};
            const auto it = ms.find(unit);
            if (it == ms.end()) return bad();
            total += v * it->second;
        }
        if (total > 1e13) return bad();
        return int64_t(total);
    }

    // 1024, "512m", "1.5g", "100kb": bytes.
    Result<int64_t> bytes(const YAML::Node& n, const std::string& where) const {
        auto s = string(n, where);
        if (!s) return s.error();
        std::string t = *s;
        std::transform(t.begin(), t.end(), t.begin(), [](unsigned char c) { return char(std::tolower(c)); });
        char* end = nullptr;
        const double v = std::strtod(t.c_str(), &end);
        std::string unit(end);
        if (!unit.empty() && unit.back() == 'b') unit.pop_back();
        static const std::map<std::string, double> scale = {
            {"", 1}, {"k", 1024}, {"m", 1 << 20}, {"g", 1 << 30}};
        const auto it = scale.find(unit);
        if (t.empty() || end == t.c_str() || it == scale.end() || !std::isfinite(v) || v <= 0 ||
            v * it->second > 9e18)
            return at(n, where, "'" + *s + "' is not a size (e.g. 512m, 1g)");
        return int64_t(v * it->second);
    }

    // A command as a list, or a string split as a shell splits words (quotes, backslashes).
    Result<std::vector<std::string>> command(const YAML::Node& n, const std::string& where) const {
        if (n.IsSequence()) return strings(n, where);
        auto s = string(n, where);
        if (!s) return s.error();
        std::vector<std::string> words;
        std::string word;
        bool inWord = false;
        for (std::size_t i = 0; i < s->size(); ++i) {
            const char c = (*s)[i];
            if (c == ' ' || c == '\t' || c == '\n') {
                if (inWord) words.push_back(std::exchange(word, {}));
                inWord = false;
            } else if (c == '\'' || c == '"') {
                const std::size_t close = s->find(c, i + 1);
                if (close == std::string::npos) return at(n, where, "an unclosed quote");
                for (std::size_t j = i + 1; j < close; ++j) {
                    if (c == '"' && (*s)[j] == '\\' && j + 1 < close) ++j;
                    word += (*s)[j];
                }
                i = close;
                inWord = true;
            } else if (c == '\\' && i + 1 < s->size()) {
                word += (*s)[++i];
                inWord = true;
            } else {
                word += c;
                inWord = true;
            }
        }
        if (inWord) words.push_back(word);
        return words;
    }

    const ParseOptions& options() const { return o_; }

  private:
    const ParseOptions& o_;
    mutable std::size_t budget_ = kMaxEntriesRead;
    mutable std::size_t bytes_ = kMaxBytesRead;
};

bool validServiceName(const std::string& n) {
    if (n.empty() || n.size() > 64 || !std::isalnum(static_cast<unsigned char>(n[0]))) return false;
    return std::all_of(n.begin(), n.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
    });
}

Result<uint16_t> portNumber(const Reader& r, const YAML::Node& n, const std::string& where,
                            const std::string& text, bool zeroOk) {
    if (text.find('-') != std::string::npos)
        return r.at(n, where, "port ranges ('" + text + "') are not supported");
    char* end = nullptr;
    const long v = std::strtol(text.c_str(), &end, 10);
    if (text.empty() || *end || v < (zeroOk ? 0 : 1) || v > 65535)
        return r.at(n, where, "'" + text + "' is not a port number");
    return uint16_t(v);
}

// "80", "8080:80", "127.0.0.1:8080:80", each with "/tcp" or "/udp"; or the long form.
Result<Port> parsePort(const Reader& r, const YAML::Node& n, const std::string& where) {
    Port p;
    if (n.IsMap()) {
        auto e = r.entries(n, where);
        if (!e) return e.error();
        for (auto& [k, v] : *e) {
            const std::string key = k.Scalar();
            auto s = r.string(v, where + "." + key);
            if (!s) return s.error();
            if (key == "target") {
                auto t = portNumber(r, v, where + ".target", *s, false);
                if (!t) return t.error();
                p.target = *t;
            } else if (key == "published") {
                auto t = portNumber(r, v, where + ".published", *s, true);
                if (!t) return t.error();
                p.published = *t;
            } else if (key == "host_ip") {
                p.hostIp = *s;
            } else if (key == "protocol") {
                p.protocol = *s;
            } else if (key == "mode") {
                if (*s != "ingress" && *s != "host")
                    return r.at(v, where + ".mode", "'" + *s + "' is not a mode");
            } else if (key != "name" && key != "app_protocol") {
                return r.at(k, where, "'" + key + "' is not supported by Juxta");
            }
        }
        if (p.target == 0) return r.at(n, where, "a port needs its target");
    } else {
        auto s = r.string(n, where);
        if (!s) return s.error();
        std::string t = *s;
        if (const auto slash = t.rfind('/'); slash != std::string::npos) {
            p.protocol = t.substr(slash + 1);
            t.resize(slash);
        }
        if (t.find('[') != std::string::npos) return r.at(n, where, "IPv6 host addresses are not supported");
        std::vector<std::string> parts;
        for (std::size_t start = 0;;) {
            const auto colon = t.find(':', start);
            parts.push_back(t.substr(start, colon == std::string::npos ? std::string::npos : colon - start));
            if (colon == std::string::npos) break;
            start = colon + 1;
        }
        if (parts.size() > 3) return r.at(n, where, "'" + *s + "' is not [[IP:]HOST:]PORT[/PROTOCOL]");
        auto target = portNumber(r, n, where, parts.back(), false);
        if (!target) return target.error();
        p.target = *target;
        if (parts.size() >= 2 && !parts[parts.size() - 2].empty()) {
            auto published = portNumber(r, n, where, parts[parts.size() - 2], true);
            if (!published) return published.error();
            p.published = *published;
        }
        if (parts.size() == 3) p.hostIp = parts[0];
    }
    if (p.protocol != "tcp") return r.at(n, where, "only tcp ports are published ('" + p.protocol + "')");
    if (!p.hostIp.empty()) {  // an IPv4 address, written the one way (127.0.0.01 is 127.0.0.1)
        in_addr a{};
        char text[INET_ADDRSTRLEN];
        if (::inet_pton(AF_INET, p.hostIp.c_str(), &a) != 1 || !::inet_ntop(AF_INET, &a, text, sizeof text))
            return r.at(n, where, "'" + p.hostIp + "' is not an IPv4 address");
        p.hostIp = text;
    }
    return p;
}

// "name:/path[:ro]", "./dir:/path", "/host:/path:ro", "/path"; or the long form.
Result<Volume> parseVolume(const Reader& r, const YAML::Node& n, const std::string& where) {
    Volume v;
    std::string mode;
    if (n.IsMap()) {
        auto e = r.entries(n, where);
        if (!e) return e.error();
        std::string type = "volume";
        for (auto& [k, val] : *e) {
            const std::string key = k.Scalar();
            if (key == "read_only") {
                auto b = r.boolean(val, where + ".read_only");
                if (!b) return b.error();
                v.readOnly = *b;
                continue;
            }
            auto s = r.string(val, where + "." + key);
            if (!s) return s.error();
            if (key == "type")
                type = *s;
            else if (key == "source")
                v.source = *s;
            else if (key == "target")
                v.target = *s;
            else
                return r.at(k, where, "'" + key + "' is not supported by Juxta");
        }
        if (type != "volume" && type != "bind")
            return r.at(n, where, "a '" + type + "' mount is not supported (volume or bind)");
        v.kind = type == "bind"     ? Volume::Kind::Bind
                 : v.source.empty() ? Volume::Kind::Anonymous
                                    : Volume::Kind::Named;
    } else {
        auto s = r.string(n, where);
        if (!s) return s.error();
        std::vector<std::string> parts;
        for (std::size_t start = 0;;) {
            const auto colon = s->find(':', start);
            parts.push_back(s->substr(start, colon == std::string::npos ? std::string::npos : colon - start));
            if (colon == std::string::npos) break;
            start = colon + 1;
        }
        if (parts.size() > 3) return r.at(n, where, "'" + *s + "' is not [SOURCE:]TARGET[:MODE]");
        if (parts.size() == 1) {
            v.target = parts[0];
        } else {
            v.source = parts[0];
            v.target = parts[1];
            if (parts.size() == 3) mode = parts[2];
            const char first = v.source.empty() ? '\0' : v.source[0];
            v.kind = first == '/' || first == '.' || first == '~' ? Volume::Kind::Bind : Volume::Kind::Named;
        }
        if (mode == "ro")
            v.readOnly = true;
        else if (!mode.empty() && mode != "rw")
            return r.at(n, where, "mode '" + mode + "' is not supported (ro or rw)");
    }
    if (v.target.empty() || v.target[0] != '/') return r.at(n, where, "the target must be an absolute path");
    if (v.kind == Volume::Kind::Bind) {
        if (v.source.rfind("~", 0) == 0) return r.at(n, where, "'~' paths are not supported: give the path");
        std::filesystem::path p(v.source);
        if (p.is_relative()) p = r.options().directory / p;
        v.source = p.lexically_normal().string();
    } else if (v.kind == Volume::Kind::Named &&
               (v.source.empty() || !std::isalnum(static_cast<unsigned char>(v.source[0])))) {
        return r.at(n, where, "'" + v.source + "' is not a volume name");
    }
    return v;
}

Result<Healthcheck> parseHealthcheck(const Reader& r, const YAML::Node& n, const std::string& where) {
    Healthcheck h;
    auto e = r.entries(n, where);
    if (!e) return e.error();
    for (auto& [k, v] : *e) {
        const std::string key = k.Scalar(), at = where + "." + key;
        if (key == "test") {
            if (v.IsSequence()) {
                auto t = r.strings(v, at);
                if (!t) return t.error();
                h.test = *t;
                if (h.test.empty() || (h.test[0] != "CMD" && h.test[0] != "CMD-SHELL" && h.test[0] != "NONE"))
                    return r.at(v, at, "a list starts with CMD, CMD-SHELL or NONE");
                if (h.test[0] == "NONE") h.disable = true, h.test.clear();
            } else {
                auto t = r.string(v, at);
                if (!t) return t.error();
                h.test = {"CMD-SHELL", *t};
            }
        } else if (key == "interval" || key == "timeout" || key == "start_period") {
            auto d = r.durationMs(v, at);
            if (!d) return d.error();
            (key == "interval" ? h.intervalMs : key == "timeout" ? h.timeoutMs : h.startPeriodMs) = *d;
        } else if (key == "retries") {
            auto i = r.integer(v, at, 1, 1000);
            if (!i) return i.error();
            h.retries = int(*i);
        } else if (key == "disable") {
            auto b = r.boolean(v, at);
            if (!b) return b.error();
            h.disable = *b;
        } else {
            return r.at(k, where, "'" + key + "' is not supported by Juxta");
        }
    }
    return h;
}

// environment: a map (KEY: value, KEY: for this environment's value) or a list (KEY=value, KEY).
Status addEnvironment(const Reader& r, const YAML::Node& n, const std::string& where, Service& s) {
    const auto set = [&s](const std::string& key, const std::string& value) {
        std::erase_if(s.environment, [&key](const auto& kv) { return kv.first == key; });
        s.environment.emplace_back(key, value);
    };
    const auto fromEnvironment = [&](const std::string& key) {
        const auto it = r.options().environment.find(key);
        if (it != r.options().environment.end()) set(key, it->second);
    };
    if (n.IsMap()) {
        auto e = r.entries(n, where);
        if (!e) return e.error();
        for (auto& [k, v] : *e) {
            if (v.IsNull()) {
                fromEnvironment(k.Scalar());
                continue;
            }
            auto value = r.string(v, where + "." + k.Scalar());
            if (!value) return value.error();
            set(k.Scalar(), *value);
        }
        return {};
    }
    auto items = r.strings(n, where);
    if (!items) return items.error();
    for (const std::string& item : *items) {
        const auto eq = item.find('=');
        if (eq == 0) return r.at(n, where, "'" + item + "' has no name");
        if (eq == std::string::npos)
            fromEnvironment(item);
        else
            set(item.substr(0, eq), item.substr(eq + 1));
    }
    return {};
}

// labels: a map, or a list of "KEY=VALUE"; each checked as `--label` checks it (core/labels.h),
// Juxta's own "juxta." keys refused.
Status addLabels(const Reader& r, const YAML::Node& n, const std::string& where, Service& s) {
    const auto add = [&](const YAML::Node& at, const std::string& key, const std::string& value) -> Status {
        if (Status st = checkUserLabels({{key, value}}); !st) return r.at(at, where, st.error().message());
        s.labels[key] = value;
        if (s.labels.size() > kMaxUserLabels)  // room for Juxta's own
            return r.at(at, where, "more than " + std::to_string(kMaxUserLabels) + " labels");
        return {};
    };
    if (n.IsMap()) {
        auto e = r.entries(n, where);
        if (!e) return e.error();
        for (auto& [k, v] : *e) {
            auto value =
                v.IsNull() ? Result<std::string>(std::string()) : r.string(v, where + "." + k.Scalar());
            if (!value) return value.error();
            if (Status st = add(k, k.Scalar(), *value); !st) return st;
        }
        return {};
    }
    auto items = r.strings(n, where);
    if (!items) return items.error();
    for (const std::string& item : *items) {
        const auto eq = item.find('=');
        if (Status st = add(n, item.substr(0, eq), eq == std::string::npos ? "" : item.substr(eq + 1)); !st)
            return st;
    }
    return {};
}

Status addEnvFiles(const Reader& r, const YAML::Node& n, const std::string& where, Service& s) {
    std::vector<std::pair<std::string, bool>> files;  // path, required
    if (n.IsScalar()) {
        auto f = r.string(n, where);
        if (!f) return f.error();
        files.emplace_back(*f, true);
    } else if (n.IsSequence()) {
        for (const auto& item : n) {
            if (item.IsMap()) {
                auto e = r.entries(item, where);
                if (!e) return e.error();
                std::string path;
                bool required = true;
                for (auto& [k, v] : *e) {
                    if (k.Scalar() == "path") {
                        auto p = r.string(v, where + ".path");
                        if (!p) return p.error();
                        path = *p;
                    } else if (k.Scalar() == "required") {
                        auto b = r.boolean(v, where + ".required");
                        if (!b) return b.error();
                        required = *b;
                    } else {
                        return r.at(k, where, "'" + k.Scalar() + "' is not supported by Juxta");
                    }
                }
                files.emplace_back(path, required);
            } else {
                auto f = r.string(item, where);
                if (!f) return f.error();
                files.emplace_back(*f, true);
            }
        }
    } else {
        return r.at(n, where, "expected a file or a list of files");
    }
    if (files.size() > 64) return r.at(n, where, "more than 64 files");
    for (const auto& [file, required] : files) {
        std::filesystem::path p(file);
        if (p.is_relative()) p = r.options().directory / p;
        auto text = readFile(p, {.maxBytes = std::size_t(1) << 20, .regularOnly = true});
        if (!text) {
            if (!required && text.error().code() == ENOENT) continue;
            return r.at(n, where, text.error().message());
        }
        auto env = parseEnvFile(*text, p.string());
        if (!env) return r.at(n, where, env.error().message());
        for (auto& [k, v] : *env) s.environment.emplace_back(k, v);
    }
    return {};
}

Status addDependencies(const Reader& r, const YAML::Node& n, const std::string& where, Service& s) {
    if (n.IsSequence()) {
        auto names = r.strings(n, where);
        if (!names) return names.error();
        for (auto& name : *names) s.dependsOn.push_back({name, Condition::Started});
        return {};
    }
    auto e = r.entries(n, where);
    if (!e) return e.error();
    for (auto& [k, v] : *e) {
        Dependency d{k.Scalar(), Condition::Started};
        auto fields = r.entries(v, where + "." + d.service);
        if (!fields) return fields.error();
        for (auto& [fk, fv] : *fields) {
            const std::string key = fk.Scalar(), at = where + "." + d.service + "." + key;
            if (key == "condition") {
                auto c = r.string(fv, at);
                if (!c) return c.error();
                if (*c == "service_started")
                    d.condition = Condition::Started;
                else if (*c == "service_healthy")
                    d.condition = Condition::Healthy;
                else if (*c == "service_completed_successfully")
                    d.condition = Condition::CompletedSuccessfully;
                else
                    return r.at(fv, at, "'" + *c + "' is not a condition");
            } else if (key == "required" || key == "restart") {
                if (auto b = r.boolean(fv, at); !b) return b.error();
            } else {
                return r.at(fk, where + "." + d.service, "'" + key + "' is not supported by Juxta");
            }
        }
        s.dependsOn.push_back(d);
    }
    return {};
}

Status addDeploy(const Reader& r, const YAML::Node& n, const std::string& where, Service& s) {
    auto e = r.entries(n, where);
    if (!e) return e.error();
    for (auto& [k, v] : *e) {
        if (k.Scalar() != "resources")
            return r.at(k, where, "'" + k.Scalar() + "' is not supported by Juxta (only resources.limits)");
        auto res = r.entries(v, where + ".resources");
        if (!res) return res.error();
        for (auto& [rk, rv] : *res) {
            if (rk.Scalar() != "limits")
                return r.at(rk, where + ".resources",
                            "'" + rk.Scalar() + "' is not supported by Juxta (only limits)");
            auto limits = r.entries(rv, where + ".resources.limits");
            if (!limits) return limits.error();
            for (auto& [lk, lv] : *limits) {
                const std::string key = lk.Scalar(), at = where + ".resources.limits." + key;
                if (key == "memory") {
                    auto b = r.bytes(lv, at);
                    if (!b) return b.error();
                    s.memoryBytes = *b;
                } else if (key == "cpus") {
                    auto c = r.number(lv, at);
                    if (!c) return c.error();
                    s.cpus = *c;
                } else if (key == "pids") {
                    auto p = r.integer(lv, at, 1, 4194304);
                    if (!p) return p.error();
                    s.pids = *p;
                } else {
                    return r.at(lk, where + ".resources.limits", "'" + key + "' is not supported by Juxta");
                }
            }
        }
    }
    return {};
}

Result<Service> parseService(const Reader& r, const std::string& name, const YAML::Node& n) {
    const std::string where = "services." + name;
    Service s;
    s.name = name;
    if (n.IsNull()) return r.at(n, where, "a service needs an image");
    auto e = r.entries(n, where);
    if (!e) return e.error();
    for (auto& [k, v] : *e) {
        const std::string key = k.Scalar(), at = where + "." + key;
        Status st;
        const auto take = [&](auto result, auto& into) {
            if (!result)
                st = result.error();
            else
                into = std::move(*result);
        };
        if (key == "image") {
            take(r.string(v, at), s.image);
        } else if (key == "command" || key == "entrypoint") {
            auto c = r.command(v, at);
            if (!c) return c.error();
            (key == "command" ? s.command : s.entrypoint) = std::move(*c);
        } else if (key == "environment") {
            st = addEnvironment(r, v, at, s);
        } else if (key == "labels") {
            st = addLabels(r, v, at, s);
        } else if (key == "env_file") {
            st = addEnvFiles(r, v, at, s);
        } else if (key == "ports") {
            if (!v.IsSequence() || v.size() > kMaxList) return r.at(v, at, "expected a list");
            if (Status spent = r.spend(v, at, v.size()); !spent) return spent.error();
            for (const auto& p : v) {
                auto port = parsePort(r, p, at);
                if (!port) return port.error();
                s.ports.push_back(*port);
            }
        } else if (key == "expose") {
            if (!v.IsSequence() || v.size() > kMaxList) return r.at(v, at, "expected a list");
            if (Status spent = r.spend(v, at, v.size()); !spent) return spent.error();
            for (const auto& p : v) {
                auto text = r.string(p, at);
                if (!text) return text.error();
                std::string t = *text;
                if (const auto slash = t.find('/'); slash != std::string::npos) t.resize(slash);
                auto port = portNumber(r, p, at, t, false);
                if (!port) return port.error();
                s.expose.push_back(*port);
            }
        } else if (key == "depends_on") {
            st = addDependencies(r, v, at, s);
        } else if (key == "healthcheck") {
            auto h = parseHealthcheck(r, v, at);
            if (!h) return h.error();
            s.healthcheck = *h;
        } else if (key == "deploy") {
            st = addDeploy(r, v, at, s);
        } else if (key == "mem_limit") {
            take(r.bytes(v, at), s.memoryBytes);
        } else if (key == "cpus") {
            take(r.number(v, at), s.cpus);
        } else if (key == "pids_limit") {
            take(r.integer(v, at, 1, 4194304), s.pids);
        } else if (key == "restart") {
            take(r.string(v, at), s.restart);
            const std::string& p = s.restart;
            if (st && p != "no" && p != "always" && p != "unless-stopped" && p != "on-failure" &&
                p.rfind("on-failure:", 0) != 0)
                return r.at(v, at, "'" + p + "' is not a restart policy");
        } else if (key == "volumes") {
            if (!v.IsSequence() || v.size() > kMaxList) return r.at(v, at, "expected a list");
            if (Status spent = r.spend(v, at, v.size()); !spent) return spent.error();
            for (const auto& item : v) {
                auto vol = parseVolume(r, item, at);
                if (!vol) return vol.error();
                s.volumes.push_back(*vol);
            }
        } else if (key == "working_dir") {
            take(r.string(v, at), s.workingDir);
        } else if (key == "user") {
            take(r.string(v, at), s.user);
        } else if (key == "hostname") {
            take(r.string(v, at), s.hostname);
        } else if (key == "stop_signal") {
            take(r.string(v, at), s.stopSignal);
        } else if (key == "stop_grace_period") {
            take(r.durationMs(v, at), s.stopGracePeriodMs);
        } else if (key == "x-juxta") {
            auto xe = r.entries(v, at);
            if (!xe) return xe.error();
            for (auto& [xk, xv] : *xe) {
                if (xk.Scalar() != "as")
                    return r.at(xk, at, "'" + xk.Scalar() + "' is not an x-juxta field (as)");
                auto as = r.string(xv, at + ".as");
                if (!as) return as.error();
                if (*as != "vm" && *as != "container")
                    return r.at(xv, at + ".as", "'" + *as + "': vm or container");
                s.as = *as == "vm" ? RunAs::Vm : RunAs::Container;
            }
        } else if (key.rfind("x-", 0) == 0) {
            continue;  // an extension field: the user's, not Juxta's
        } else {
            return r.at(k, where, "'" + key + "' is not supported by Juxta" + hintFor(key));
        }
        if (!st) return st.error();
    }
    if (s.image.empty()) return r.at(n, where, "a service needs an image" + hintFor("build"));
    if (r.options().as) s.as = *r.options().as;
    return s;
}

// Every dependency a service of the project; no cycle; the start order (the file's, each after its
// dependencies).
Status order(const Reader& r, const YAML::Node& services, Project& p) {
    std::map<std::string, const Service*> byName;
    for (const Service& s : p.services) byName[s.name] = &s;
    for (const Service& s : p.services)
        for (const Dependency& d : s.dependsOn)
            if (!byName.count(d.service))
                return r.at(services[s.name], "services." + s.name + ".depends_on",
                            "no service '" + d.service + "'");
    std::map<std::string, int> mark;  // 1 visiting, 2 done
    std::function<Status(const Service&, std::vector<std::string>&)> visit =
        [&](const Service& s, std::vector<std::string>& path) -> Status {
        if (mark[s.name] == 2) return {};
        path.push_back(s.name);
        if (mark[s.name] == 1) {
            std::string cycle;
            for (std::size_t i = std::find(path.begin(), path.end(), s.name) - path.begin(); i < path.size();
                 ++i)
                cycle += (cycle.empty() ? "" : " → ") + path[i];
            return r.at(services[s.name], "services." + s.name + ".depends_on", "a cycle: " + cycle);
        }
        mark[s.name] = 1;
        for (const Dependency& d : s.dependsOn)
            if (Status st = visit(*byName[d.service], path); !st) return st;
        mark[s.name] = 2;
        path.pop_back();
        p.startOrder.push_back(s.name);
        return {};
    };
    for (const Service& s : p.services) {
        std::vector<std::string> path;
        if (Status st = visit(s, path); !st) return st;
    }
    return {};
}

std::string projectNameOf(std::string name) {
    std::string out;
    for (char c : name) {
        c = char(std::tolower(static_cast<unsigned char>(c)));
        if (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') out += c;
    }
    while (!out.empty() && !std::isalnum(static_cast<unsigned char>(out[0]))) out.erase(0, 1);
    return out.substr(0, 48);
}

}  // namespace

Result<std::string> interpolate(std::string_view text, const Environment& env) {
    std::function<Result<std::string>(std::string_view, int)> expand = [&](std::string_view t,
                                                                           int depth) -> Result<std::string> {
        if (depth > 8) return Error(EINVAL, "${...} nested too deep");
        std::string out;
        for (std::size_t i = 0; i < t.size(); ++i) {
            if (out.size() > kMaxValue) return Error(E2BIG, "a value over 64 KiB once interpolated");
            if (t[i] != '$') {
                out += t[i];
                continue;
            }
            if (i + 1 < t.size() && t[i + 1] == '$') {
                out += '$';
                ++i;
                continue;
            }
            if (i + 1 < t.size() && t[i + 1] == '{') {
                // The matching brace, counting nested ${...} in a default.
                std::size_t j = i + 2;
                for (int open = 1; j < t.size(); ++j) {
                    if (t[j] == '{') ++open;
                    if (t[j] == '}' && --open == 0) break;
                }
                if (j >= t.size()) return Error(EINVAL, "an unclosed ${ in '" + std::string(t) + "'");
                const std::string_view inner = t.substr(i + 2, j - i - 2);
                std::size_t name = 0;
                while (name < inner.size() &&
                       (std::isalnum(static_cast<unsigned char>(inner[name])) || inner[name] == '_'))
                    ++name;
                const std::string var(inner.substr(0, name));
                if (var.empty()) return Error(EINVAL, "'${" + std::string(inner) + "}' names no variable");
                const std::string_view rest = inner.substr(name);
                const auto found = env.find(var);
                const bool set = found != env.end(), nonEmpty = set && !found->second.empty();
                const std::string value = set ? found->second : "";
                std::string op, arg;
                for (const char* o : {":-", ":?", ":+", "-", "?", "+"})
                    if (rest.rfind(o, 0) == 0) {
                        op = o;
                        arg = std::string(rest.substr(op.size()));
                        break;
                    }
                if (op.empty() && !rest.empty())
                    return Error(EINVAL,
                                 "'${" + std::string(inner) + "}' is not ${VAR}, ${VAR:-default} or alike");
                const bool colon = op.size() == 2, has = colon ? nonEmpty : set;
                if (op.empty()) {
                    out += value;
                } else if (op.back() == '-') {
                    if (has) {
                        out += value;
                    } else {
                        auto d = expand(arg, depth + 1);
                        if (!d) return d.error();
                        out += *d;
                    }
                } else if (op.back() == '+') {
                    if (has) {
                        auto d = expand(arg, depth + 1);
                        if (!d) return d.error();
                        out += *d;
                    }
                } else {  // ?
                    if (!has)
                        return Error(EINVAL, var + ": " + (arg.empty() ? "required, and not set" : arg));
                    out += value;
                }
                i = j;
                continue;
            }
            std::size_t j = i + 1;
            while (j < t.size() && (std::isalnum(static_cast<unsigned char>(t[j])) || t[j] == '_')) ++j;
            if (j == i + 1) {
                out += '$';
                continue;
            }
            const auto found = env.find(std::string(t.substr(i + 1, j - i - 1)));
            if (found != env.end()) out += found->second;
            i = j - 1;
        }
        if (out.size() > kMaxValue) return Error(E2BIG, "a value over 64 KiB once interpolated");
        return out;
    };
    return expand(text, 0);
}

Result<Environment> parseEnvFile(std::string_view text, const std::string& fileName) {
    if (text.size() > (std::size_t(1) << 20)) return Error(E2BIG, fileName + ": over 1 MiB");
    Environment env;
    std::size_t line = 0;
    for (std::size_t start = 0; start < text.size();) {
        ++line;
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        std::string l(text.substr(start, end - start));
        start = end + 1;
        if (!l.empty() && l.back() == '\r') l.pop_back();
        const auto first = l.find_first_not_of(" \t");
        if (first == std::string::npos || l[first] == '#') continue;
        l.erase(0, first);
        if (l.rfind("export ", 0) == 0) l.erase(0, 7);
        const auto eq = l.find('=');
        if (eq == std::string::npos || eq == 0)
            return Error(EINVAL, fileName + ":" + std::to_string(line) + ": not KEY=VALUE");
        std::string key = l.substr(0, eq), value = l.substr(eq + 1);
        while (!key.empty() && (key.back() == ' ' || key.back() == '\t')) key.pop_back();
        value.erase(0, value.find_first_not_of(" \t") == std::string::npos ? value.size()
                                                                           : value.find_first_not_of(" \t"));
        while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.pop_back();
        if (value.size() >= 2 && (value[0] == '"' || value[0] == '\'') && value.back() == value[0])
            value = value.substr(1, value.size() - 2);
        env[key] = value;
    }
    return env;
}

Result<Project> parseProject(std::string_view yaml, const ParseOptions& options) {
    if (yaml.size() > kMaxYaml) return Error(E2BIG, options.fileName + ": over 1 MiB");
    YAML::Node root;
    try {
        root = YAML::Load(std::string(yaml));
    } catch (const YAML::Exception& e) {
        return Error(EINVAL, options.fileName + ":" + std::to_string(e.mark.line + 1) + ":" +
                                 std::to_string(e.mark.column + 1) + ": " + e.msg);
    }
    const Reader r(options);
    Project p;
    p.directory = options.directory;
    try {
        auto top = r.entries(root, "the file");
        if (!top) return top.error();
        YAML::Node services;
        std::string fileName;
        for (auto& [k, v] : *top) {
            const std::string key = k.Scalar();
            if (key == "services") {
                services = v;
            } else if (key == "name") {
                auto n = r.string(v, "name");
                if (!n) return n.error();
                fileName = *n;
            } else if (key == "version") {
                continue;  // obsolete, and only informative
            } else if (key == "volumes") {
                if (v.IsNull()) continue;
                auto vols = r.entries(v, "volumes");
                if (!vols) return vols.error();
                for (auto& [vk, vv] : *vols) {
                    if (!vv.IsNull() && !(vv.IsMap() && vv.size() == 0))
                        return r.at(vv, "volumes." + vk.Scalar(),
                                    "volume options (driver, external, name...) are not supported by Juxta");
                    p.volumes.push_back(vk.Scalar());
                }
            } else if (key.rfind("x-", 0) == 0) {
                continue;
            } else {
                return r.at(k, "the file", "'" + key + "' is not supported by Juxta" + hintFor(key));
            }
        }
        if (!services || !services.IsMap() || services.size() == 0)
            return r.at(services ? services : root, "services", "the file defines no service");
        if (services.size() > kMaxServices)
            return r.at(services, "services", "more than " + std::to_string(kMaxServices) + " services");
        auto list = r.entries(services, "services");
        if (!list) return list.error();
        if (list->size() > kMaxServices)  // merges included
            return r.at(services, "services", "more than " + std::to_string(kMaxServices) + " services");
        for (auto& [k, v] : *list) {
            if (!validServiceName(k.Scalar()))
                return r.at(k, "services",
                            "'" + k.Scalar() + "' is not a service name (letters, digits, - _ .)");
            auto s = parseService(r, k.Scalar(), v);
            if (!s) return s.error();
            p.services.push_back(std::move(*s));
        }
        std::set<std::string> declared(p.volumes.begin(), p.volumes.end());
        std::map<uint16_t, std::vector<std::pair<std::string, std::string>>>
            published;  // port → (ip, service)
        for (const Service& s : p.services) {
            for (const Volume& v : s.volumes)
                if (v.kind == Volume::Kind::Named && !declared.count(v.source))
                    return r.at(services[s.name], "services." + s.name + ".volumes",
                                "volume '" + v.source + "' is not declared under the top-level volumes");
            for (const Port& port : s.ports) {
                if (port.published == 0) continue;
                const std::string ip = port.hostIp.empty() ? "127.0.0.1" : port.hostIp;
                auto& taken = published[port.published];
                for (const auto& [otherIp, other] : taken)  // 0.0.0.0 is every address
                    if (otherIp == ip || otherIp == "0.0.0.0" || ip == "0.0.0.0")
                        return r.at(services[s.name], "services." + s.name + ".ports",
                                    "port " + ip + ":" + std::to_string(port.published) +
                                        " is published by " + other + " too");
                taken.emplace_back(ip, s.name);
            }
        }
        if (Status st = order(r, services, p); !st) return st.error();
        p.name = projectNameOf(!options.projectName.empty() ? options.projectName
                               : !fileName.empty()          ? fileName
                                                            : options.directory.filename().string());
        if (p.name.empty()) return Error(EINVAL, options.fileName + ": no project name (give -p NAME)");
    } catch (const YAML::Exception& e) {  // a conversion yaml-cpp refuses: never past here
        return Error(EINVAL, options.fileName + ":" + std::to_string(e.mark.line + 1) + ":" +
                                 std::to_string(e.mark.column + 1) + ": " + e.msg);
    }
    return p;
}

Result<Project> loadProject(const std::filesystem::path& file, const std::string& projectName,
                            std::optional<RunAs> as) {
    std::filesystem::path path = file;
    if (path.empty()) {
        for (const char* candidate :
             {"compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml"})
            if (std::error_code ec; std::filesystem::exists(candidate, ec)) {
                path = candidate;
                break;
            }
        if (path.empty()) return Error(ENOENT, "no compose.yaml here (give -f FILE)");
    }
    auto text = readFile(path, {.maxBytes = kMaxYaml, .regularOnly = true});
    if (!text) return text.error();
    ParseOptions o;
    o.fileName = path.string();
    std::error_code ec;
    o.directory = std::filesystem::absolute(path, ec).parent_path();
    if (ec) return Error(ec.value(), path.string() + ": " + ec.message());
    o.projectName = projectName;
    o.as = as;
    if (auto dotEnv = readFile(o.directory / ".env", {.maxBytes = std::size_t(1) << 20, .regularOnly = true});
        dotEnv) {
        auto env = parseEnvFile(*dotEnv, (o.directory / ".env").string());
        if (!env) return env.error();
        o.environment = std::move(*env);
    } else if (dotEnv.error().code() != ENOENT) {
        return dotEnv.error();
    }
    for (char** e = environ; e && *e; ++e) {
        const std::string kv(*e);
        if (const auto eq = kv.find('='); eq != std::string::npos)
            o.environment[kv.substr(0, eq)] = kv.substr(eq + 1);
    }
    auto project = parseProject(*text, o);
    if (project) project->file = o.directory / path.filename();
    return project;
}

std::string toYaml(const Project& p) {
    // Values are printed as they were resolved, a '$' as "$$", so the output reads back the same.
    const auto esc = [](const std::string& v) {
        std::string out;
        for (char c : v) out += c == '$' ? std::string("$$") : std::string(1, c);
        return out;
    };
    const auto escAll = [&esc](const std::vector<std::string>& vs) {
        std::vector<std::string> out;
        for (const auto& v : vs) out.push_back(esc(v));
        return out;
    };
    YAML::Emitter out;
    out << YAML::BeginMap << YAML::Key << "name" << YAML::Value << p.name;
    out << YAML::Key << "services" << YAML::Value << YAML::BeginMap;
    for (const Service& s : p.services) {
        out << YAML::Key << s.name << YAML::Value << YAML::BeginMap;
        out << YAML::Key << "image" << YAML::Value << esc(s.image);
        out << YAML::Key << "x-juxta" << YAML::Value << YAML::BeginMap << YAML::Key << "as" << YAML::Value
            << (s.as == RunAs::Vm ? "vm" : "container") << YAML::EndMap;
        if (s.entrypoint)
            out << YAML::Key << "entrypoint" << YAML::Value << YAML::Flow << escAll(*s.entrypoint);
        if (s.command) out << YAML::Key << "command" << YAML::Value << YAML::Flow << escAll(*s.command);
        if (!s.environment.empty()) {
            out << YAML::Key << "environment" << YAML::Value << YAML::BeginMap;
            for (const auto& [k, v] : s.environment) out << YAML::Key << k << YAML::Value << esc(v);
            out << YAML::EndMap;
        }
        if (!s.labels.empty()) {
            out << YAML::Key << "labels" << YAML::Value << YAML::BeginMap;
            for (const auto& [k, v] : s.labels)  // "null", "true": still keys, read back as written
                out << YAML::Key << YAML::DoubleQuoted << k << YAML::Value << YAML::DoubleQuoted << esc(v);
            out << YAML::EndMap;
        }
        if (!s.dependsOn.empty()) {
            out << YAML::Key << "depends_on" << YAML::Value << YAML::BeginMap;
            for (const Dependency& d : s.dependsOn)
                out << YAML::Key << d.service << YAML::Value << YAML::BeginMap << YAML::Key << "condition"
                    << YAML::Value
                    << (d.condition == Condition::Healthy                 ? "service_healthy"
                        : d.condition == Condition::CompletedSuccessfully ? "service_completed_successfully"
                                                                          : "service_started")
                    << YAML::EndMap;
            out << YAML::EndMap;
        }
        if (!s.ports.empty()) {
            out << YAML::Key << "ports" << YAML::Value << YAML::BeginSeq;
            for (const Port& port : s.ports)
                out << YAML::Flow << YAML::BeginMap << YAML::Key << "target" << YAML::Value << port.target
                    << YAML::Key << "published" << YAML::Value << port.published << YAML::Key << "host_ip"
                    << YAML::Value << (port.hostIp.empty() ? "127.0.0.1" : port.hostIp) << YAML::EndMap;
            out << YAML::EndSeq;
        }
        if (!s.volumes.empty()) {
            out << YAML::Key << "volumes" << YAML::Value << YAML::BeginSeq;
            for (const Volume& v : s.volumes)
                out << YAML::Flow << YAML::BeginMap << YAML::Key << "type" << YAML::Value
                    << (v.kind == Volume::Kind::Bind ? "bind" : "volume") << YAML::Key << "source"
                    << YAML::Value << esc(v.source) << YAML::Key << "target" << YAML::Value << esc(v.target)
                    << YAML::Key << "read_only" << YAML::Value << v.readOnly << YAML::EndMap;
            out << YAML::EndSeq;
        }
        if (s.healthcheck) {
            out << YAML::Key << "healthcheck" << YAML::Value << YAML::BeginMap;
            out << YAML::Key << "test" << YAML::Value << YAML::Flow << escAll(s.healthcheck->test);
            if (s.healthcheck->disable) out << YAML::Key << "disable" << YAML::Value << true;
            if (s.healthcheck->intervalMs)
                out << YAML::Key << "interval" << YAML::Value
                    << std::to_string(*s.healthcheck->intervalMs) + "ms";
            if (s.healthcheck->timeoutMs)
                out << YAML::Key << "timeout" << YAML::Value
                    << std::to_string(*s.healthcheck->timeoutMs) + "ms";
            if (s.healthcheck->startPeriodMs)
                out << YAML::Key << "start_period" << YAML::Value
                    << std::to_string(*s.healthcheck->startPeriodMs) + "ms";
            if (s.healthcheck->retries)
                out << YAML::Key << "retries" << YAML::Value << *s.healthcheck->retries;
            out << YAML::EndMap;
        }
        if (s.memoryBytes || s.cpus || s.pids) {
            out << YAML::Key << "deploy" << YAML::Value << YAML::BeginMap << YAML::Key << "resources"
                << YAML::Value << YAML::BeginMap << YAML::Key << "limits" << YAML::Value << YAML::BeginMap;
            if (s.memoryBytes) out << YAML::Key << "memory" << YAML::Value << *s.memoryBytes;
            if (s.cpus) out << YAML::Key << "cpus" << YAML::Value << *s.cpus;
            if (s.pids) out << YAML::Key << "pids" << YAML::Value << *s.pids;
            out << YAML::EndMap << YAML::EndMap << YAML::EndMap;
        }
        for (const auto& [key, value] :
             {std::pair{"restart", &s.restart}, std::pair{"working_dir", &s.workingDir},
              std::pair{"user", &s.user}, std::pair{"hostname", &s.hostname},
              std::pair{"stop_signal", &s.stopSignal}})
            if (!value->empty() && !(std::string(key) == "restart" && *value == "no"))
                out << YAML::Key << key << YAML::Value << esc(*value);
        if (s.stopGracePeriodMs)
            out << YAML::Key << "stop_grace_period" << YAML::Value
                << std::to_string(*s.stopGracePeriodMs) + "ms";
        out << YAML::EndMap;
    }
    out << YAML::EndMap;
    if (!p.volumes.empty()) {
        out << YAML::Key << "volumes" << YAML::Value << YAML::BeginMap;
        for (const std::string& v : p.volumes)
            out << YAML::Key << v << YAML::Value << YAML::BeginMap << YAML::EndMap;
        out << YAML::EndMap;
    }
    out << YAML::EndMap;
    return std::string(out.c_str()) + "\n";
}

}  // namespace juxta::compose

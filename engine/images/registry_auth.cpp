#include "images/registry_auth.h"

#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "core/atomic_file.h"
#include "core/bounded_json.h"
#include "core/json_reader.h"
#include "core/paths.h"

namespace juxta::images {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr std::size_t kMaxChallengeBytes = 8 << 10;
constexpr JsonLimits kAuthFileLimits{std::size_t(1) << 20};
constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

bool isTokenChar(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) ||
           std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

// An auth file's key as a registry: "https://index.docker.io/v1/" → "index.docker.io".
std::string registryOfKey(std::string key) {
    if (auto p = key.find("://"); p != std::string::npos) key.erase(0, p + 3);
    if (auto p = key.find('/'); p != std::string::npos) key.erase(p);
    return key;
}

bool sameRegistry(const std::string& key, const std::string& registry) {
    const std::string k = registryOfKey(key);
    if (k == registry) return true;
    const auto hub = [](const std::string& r) {
        return r == "docker.io" || r == "index.docker.io" || r == "registry-1.docker.io";
    };
    return hub(k) && hub(registry);
}

std::string homeDir() {
    const char* home = std::getenv("HOME");
    return home && *home ? home : "";
}

}  // namespace

Result<AuthChallenge> parseAuthChallenge(std::string_view h) {
    if (h.size() > kMaxChallengeBytes) return Error(EINVAL, "WWW-Authenticate is longer than 8 KiB");
    AuthChallenge c;
    std::size_t i = 0;
    const auto skipSpace = [&] {
        while (i < h.size() && (h[i] == ' ' || h[i] == '\t')) ++i;
    };
    skipSpace();
    while (i < h.size() && isTokenChar(h[i]))
        c.scheme += char(std::tolower(static_cast<unsigned char>(h[i++])));
    if (c.scheme.empty()) return Error(EINVAL, "WWW-Authenticate names no scheme");
    while (true) {
        skipSpace();
        if (i < h.size() && h[i] == ',') {
            ++i;
            continue;
        }
        std::string key;
        while (i < h.size() && isTokenChar(h[i]))
            key += char(std::tolower(static_cast<unsigned char>(h[i++])));
        if (key.empty()) break;
        skipSpace();
        if (i >= h.size() || h[i] != '=') break;  // a second challenge ("Basic, Bearer ...") or token68
        ++i;
        skipSpace();
        std::string value;
        if (i < h.size() && h[i] == '"') {
            for (++i; i < h.size() && h[i] != '"'; ++i) {
                if (h[i] == '\\' && i + 1 < h.size()) ++i;
                value += h[i];
            }
            if (i >= h.size()) return Error(EINVAL, "WWW-Authenticate has an unterminated quoted string");
            ++i;
        } else {
            while (i < h.size() && h[i] != ',' && h[i] != ' ') value += h[i++];
        }
        c.params[key] = value;
    }
    return c;
}

std::string base64Encode(std::string_view in) {
    std::string out;
    out.reserve((in.size() + 2) / 3 * 4);
    for (std::size_t i = 0; i < in.size(); i += 3) {
        const std::size_t n = std::min<std::size_t>(3, in.size() - i);
        std::uint32_t v = std::uint32_t(static_cast<unsigned char>(in[i])) << 16;
        if (n > 1) v |= std::uint32_t(static_cast<unsigned char>(in[i + 1])) << 8;
        if (n > 2) v |= std::uint32_t(static_cast<unsigned char>(in[i + 2]));
        out += kAlphabet[(v >> 18) & 63];
        out += kAlphabet[(v >> 12) & 63];
        out += n > 1 ? kAlphabet[(v >> 6) & 63] : '=';
        out += n > 2 ? kAlphabet[v & 63] : '=';
    }
    return out;
}

Result<std::string> base64Decode(std::string_view in) {
    std::string out;
    std::uint32_t acc = 0;
    int bits = 0;
    for (std::size_t i = 0; i < in.size(); ++i) {
        const char c = in[i];
        if (c == '=') {
            if (in.find_first_not_of('=', i) != std::string_view::npos)
                return Error(EINVAL, "not base64: '=' before the end");
            break;
        }
        const std::size_t v = kAlphabet.find(c);
        if (v == std::string_view::npos) return Error(EINVAL, "not base64: an unexpected character");
        acc = (acc << 6) | std::uint32_t(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += char((acc >> bits) & 0xff);
        }
    }
    return out;
}

std::vector<fs::path> authFiles() {
    std::vector<fs::path> files;
    if (const char* f = std::getenv("REGISTRY_AUTH_FILE"); f && *f) files.emplace_back(f);
    if (const char* run = std::getenv("XDG_RUNTIME_DIR"); run && *run)
        files.push_back(fs::path(run) / "containers" / "auth.json");
    else if (::geteuid() == 0)
        files.emplace_back("/run/containers/0/auth.json");
    if (const std::string home = homeDir(); !home.empty()) {
        files.push_back(fs::path(home) / ".config" / "containers" / "auth.json");
        files.push_back(fs::path(home) / ".docker" / "config.json");
    }
    return files;
}

fs::path authFileToWrite() {
    const auto files = authFiles();
    return files.empty() ? fs::path("auth.json") : files.front();
}

Result<std::optional<Credentials>> findCredentials(const std::string& registry) {
    for (const fs::path& file : authFiles()) {
        auto doc = readBoundedJsonFile(file, kAuthFileLimits, file.string());
        if (!doc && doc.error().code() == ENOENT) continue;
        if (!doc) return doc.error();
        if (!doc->is_object()) return Error(EINVAL, file.string() + " is not a JSON object");
        const JsonReader root(*doc, file.string());
        const JsonReader auths = root.field("auths");
        if (!auths.present()) continue;
        if (!auths.isObject()) return root.status().error();
        for (const auto& [key, value] : auths.raw().items()) {
            if (!sameRegistry(key, registry)) continue;
            const std::string encoded = auths.field(key).string("auth", "");
            if (Status s = root.status(); !s) return s.error();
            if (encoded.empty()) continue;
            auto decoded = base64Decode(encoded);
            const std::size_t colon = decoded ? decoded->find(':') : std::string::npos;
            if (colon == std::string::npos)
                return Error(EINVAL,
                             file.string() + ": the entry for " + key + " is not base64 of user:password");
            return std::optional<Credentials>(
                Credentials{decoded->substr(0, colon), decoded->substr(colon + 1)});
        }
    }
    return std::optional<Credentials>();
}

namespace {

Result<json> readAuthFileForUpdate(const fs::path& file) {
    auto doc = readBoundedJsonFile(file, kAuthFileLimits, file.string());
    if (!doc && doc.error().code() == ENOENT) return json{{"auths", json::object()}};
    if (!doc) return doc.error();
    if (!doc->is_object()) return Error(EINVAL, file.string() + " is not a JSON object");
    if (!doc->contains("auths") || (*doc)["auths"].is_null()) (*doc)["auths"] = json::object();
    if (!(*doc)["auths"].is_object()) return Error(EINVAL, file.string() + ": auths is not an object");
    return doc;
}

Status writeAuthFile(const fs::path& file, const json& doc) {
    std::error_code ec;
    fs::create_directories(file.parent_path(), ec);
    if (ec) return Error(ec.value(), "create " + file.parent_path().string() + ": " + ec.message());
    return writeFileAtomically(file, doc.dump(1, '\t') + "\n", 0600);
}

}  // namespace

Status storeCredentials(const fs::path& file, const std::string& registry, const Credentials& creds) {
    auto doc = readAuthFileForUpdate(file);
    if (!doc) return doc.error();
    auto& auths = (*doc)["auths"];
    for (auto it = auths.begin(); it != auths.end();)
        it = sameRegistry(it.key(), registry) ? auths.erase(it) : ++it;
    auths[registry] = {{"auth", base64Encode(creds.username + ":" + creds.password)}};
    return writeAuthFile(file, *doc);
}

Status removeCredentials(const fs::path& file, const std::string& registry) {
    auto doc = readAuthFileForUpdate(file);
    if (!doc) return doc.error();
    auto& auths = (*doc)["auths"];
    bool removed = false;
    for (auto it = auths.begin(); it != auths.end();) {
        if (sameRegistry(it.key(), registry)) {
            it = auths.erase(it);
            removed = true;
        } else {
            ++it;
        }
    }
    if (!removed) return Error(ENOENT, "not logged in to " + registry + " (" + file.string() + ")");
    return writeAuthFile(file, *doc);
}

}  // namespace juxta::images

#include "images/import_plan.h"

#include <cctype>
#include <cerrno>
#include <nlohmann/json.hpp>

#include "images/digest.h"
#include "images/image_store.h"

namespace juxta::images {
using nlohmann::json;

namespace {

std::vector<std::string> stringList(const json& j, const char* key) {
    if (!j.contains(key) || j[key].is_null()) return {};
    return j.at(key).get<std::vector<std::string>>();
}

}  // namespace

Result<ParsedConfig> parseImageConfig(const std::string& text) {
    ParsedConfig out;
    try {
        const json j = json::parse(text);
        if (!j.is_object()) return Error(EINVAL, "image config is not a JSON object");
        const json c = j.contains("config") && j["config"].is_object() ? j["config"] : json::object();
        out.config.env = stringList(c, "Env");
        out.config.entrypoint = stringList(c, "Entrypoint");
        out.config.cmd = stringList(c, "Cmd");
        if (c.contains("WorkingDir") && c["WorkingDir"].is_string())
            out.config.workingDir = c["WorkingDir"].get<std::string>();
        if (out.config.workingDir.empty()) out.config.workingDir = "/";
        if (out.config.workingDir[0] != '/')
            return Error(EINVAL, "image config WorkingDir '" + out.config.workingDir + "' is not absolute");
        if (c.contains("User") && c["User"].is_string()) out.config.user = c["User"].get<std::string>();
        const json& rootfs = j.at("rootfs");
        for (const auto& d : rootfs.at("diff_ids")) {
            auto hex = parseDigest(d.get<std::string>());
            if (!hex) return hex.error().wrap("image config rootfs.diff_ids");
            out.diffHexes.push_back(*hex);
        }
    } catch (const json::exception& e) {
        return Error(EINVAL, std::string("image config: ") + e.what());
    }
    return out;
}

std::string imageNameFromReference(const std::string& reference) {
    std::string repo = reference, tag;
    const std::size_t slash = repo.rfind('/');
    if (const std::size_t colon = repo.rfind(':');
        colon != std::string::npos && (slash == std::string::npos || colon > slash)) {
        tag = repo.substr(colon + 1);
        repo.erase(colon);
    }
    if (slash != std::string::npos) repo = repo.substr(slash + 1);
    std::string name = repo + (tag.empty() || tag == "latest" ? "" : "-" + tag);
    for (char& c : name) {
        c = char(std::tolower(static_cast<unsigned char>(c)));
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' && c != '-') c = '-';
    }
    return isValidImageName(name) ? name : std::string();
}

}  // namespace juxta::images

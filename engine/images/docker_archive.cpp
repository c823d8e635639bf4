#include "images/docker_archive.h"

#include <cerrno>
#include <nlohmann/json.hpp>

#include "images/digest.h"

namespace juxta::images {
using nlohmann::json;

namespace {

// "<hex>.json" or "blobs/sha256/<hex>" → the hex the name promises; else empty.
std::string promisedHex(const std::string& path) {
    std::string base = path.substr(path.rfind('/') == std::string::npos ? 0 : path.rfind('/') + 1);
    if (base.size() == 69 && base.substr(64) == ".json") base.resize(64);
    auto hex = parseDigest("sha256:" + base);
    return hex ? *hex : std::string();
}

}  // namespace

bool isDockerArchive(const SourceDir& dir) {
    return dir.exists("manifest.json");
}

Result<ImportPlan> readDockerArchive(const SourceDir& dir) {
    auto text = dir.readSmall("manifest.json");
    if (!text) return text.error();
    ImportPlan plan;
    try {
        const json manifest = json::parse(*text);
        if (!manifest.is_array() || manifest.empty()) return Error(EINVAL, "manifest.json lists no image");
        const json& entry = manifest[0];
        if (entry.contains("RepoTags") && entry["RepoTags"].is_array() && !entry["RepoTags"].empty())
            plan.suggestedName = imageNameFromReference(entry["RepoTags"][0].get<std::string>());
        const std::string configPath = entry.at("Config").get<std::string>();
        auto configText = dir.readSmall(configPath);
        if (!configText) return configText.error().wrap("image config");
        plan.configHex = sha256Hex(*configText);
        if (const std::string hex = promisedHex(configPath); !hex.empty() && hex != plan.configHex)
            return Error(EBADMSG, "image config " + configPath +
                                      " has the wrong digest (its content is sha256:" + plan.configHex + ")");
        auto config = parseImageConfig(*configText);
        if (!config) return config.error();
        plan.config = std::move(config->config);
        const json& layers = entry.at("Layers");
        if (layers.size() != config->diffHexes.size())
            return Error(EINVAL, "manifest.json lists " + std::to_string(layers.size()) +
                                     " layers, the config " + std::to_string(config->diffHexes.size()));
        for (std::size_t i = 0; i < layers.size(); ++i) {
            const std::string path = layers[i].get<std::string>();
            plan.layers.push_back({path, promisedHex(path), config->diffHexes[i]});
        }
    } catch (const json::exception& e) {
        return Error(EINVAL, std::string("manifest.json: ") + e.what());
    }
    return plan;
}

}  // namespace juxta::images

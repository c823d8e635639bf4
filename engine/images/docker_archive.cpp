#include "images/docker_archive.h"

#include <cerrno>

#include "core/bounded_json.h"
#include "core/json_reader.h"
#include "images/digest.h"

namespace juxta::images {
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
    if (Status s = Sha256::available(); !s) return s.error();  // every blob is checked by its digest
    auto text = dir.readSmall("manifest.json");
    if (!text) return text.error();
    auto manifest = parseBoundedJson(*text, kImageJsonLimits, "manifest.json");
    if (!manifest) return manifest.error();
    if (!manifest->is_array() || manifest->empty()) return Error(EINVAL, "manifest.json lists no image");
    const JsonReader entry = JsonReader(*manifest, "manifest.json").elements()[0];
    const std::vector<std::string> tags = entry.strings("RepoTags");
    const std::string configPath = entry.string("Config");
    const std::vector<std::string> layers = entry.field("Layers").asStrings();
    if (Status s = entry.status(); !s) return s.error();

    ImportPlan plan;
    if (!tags.empty()) plan.suggestedName = imageNameFromReference(tags[0]);
    auto configText = dir.readSmall(configPath);
    if (!configText) return configText.error().wrap("image config");
    plan.configHex = sha256Hex(*configText);
    if (const std::string hex = promisedHex(configPath); !hex.empty() && hex != plan.configHex)
        return Error(EBADMSG, "image config " + configPath +
                                  " has the wrong digest (its content is sha256:" + plan.configHex + ")");
    auto config = parseImageConfig(*configText);
    if (!config) return config.error();
    plan.config = std::move(config->config);
    if (layers.size() != config->diffHexes.size())
        return Error(EINVAL, "manifest.json lists " + std::to_string(layers.size()) + " layers, the config " +
                                 std::to_string(config->diffHexes.size()));
    for (std::size_t i = 0; i < layers.size(); ++i)
        plan.layers.push_back({layers[i], promisedHex(layers[i]), config->diffHexes[i]});
    return plan;
}

}  // namespace juxta::images

#include "images/oci_layout.h"

#include <cerrno>
#include <list>
#include <nlohmann/json.hpp>

#include "core/bounded_json.h"
#include "core/json_reader.h"
#include "images/digest.h"
#include "images/platform.h"

namespace juxta::images {
using nlohmann::json;

namespace {

bool isIndex(const JsonReader& descriptor) {
    const std::string type = descriptor.string("mediaType", "");
    return type == "application/vnd.oci.image.index.v1+json" ||
           type == "application/vnd.docker.distribution.manifest.list.v2+json";
}

Result<json> parseObject(const std::string& text, const std::string& what) {
    auto j = parseBoundedJson(text, kImageJsonLimits, what);
    if (j && !j->is_object()) return Error(EINVAL, what + " is not a JSON object");
    return j;
}

}  // namespace

bool isOciLayout(const SourceDir& dir) {
    return dir.exists("oci-layout") && dir.exists("index.json");
}

Result<std::string> readVerifiedBlob(const SourceDir& dir, const std::string& digest) {
    auto path = SourceDir::blobPath(digest);
    if (!path) return path.error();
    auto text = dir.readSmall(*path);
    if (!text) return text.error();
    const std::string actual = sha256Hex(*text);
    if ("sha256:" + actual != digest)
        return Error(EBADMSG,
                     "blob " + digest + " has the wrong digest (its content is sha256:" + actual + ")");
    return text;
}

Result<ImportPlan> readOciLayout(const SourceDir& dir) {
    if (Status s = Sha256::available(); !s) return s.error();  // every blob is checked by its digest
    auto layoutText = dir.readSmall("oci-layout");
    if (!layoutText) return layoutText.error();
    auto layout = parseObject(*layoutText, "oci-layout");
    if (!layout) return layout.error();
    if (const JsonReader version(*layout, "oci-layout"); version.string("imageLayoutVersion", "") != "1.0.0")
        return Error(ENOTSUP, "oci-layout: imageLayoutVersion is not 1.0.0");
    auto indexText = dir.readSmall("index.json");
    if (!indexText) return indexText.error();
    auto index = parseObject(*indexText, "index.json");
    if (!index) return index.error();

    ImportPlan plan;
    std::list<json> documents{std::move(*index)};  // each stays where readers point into it
    JsonReader node(documents.back(), "index.json");
    for (int depth = 0;; ++depth) {  // index → [index →] manifest
        auto descriptor = pickManifest(node, hostPlatform());
        if (!descriptor) return descriptor.error();
        if (depth == 0 && descriptor->field("annotations").present())
            plan.suggestedName = imageNameFromReference(
                descriptor->field("annotations").string("org.opencontainers.image.ref.name", ""));
        const std::string digest = descriptor->string("digest");
        const bool nested = isIndex(*descriptor);
        if (Status s = descriptor->status(); !s) return s.error();
        auto text = readVerifiedBlob(dir, digest);
        if (!text) return text.error().wrap("manifest");
        auto parsed = parseObject(*text, "manifest " + digest);
        if (!parsed) return parsed.error();
        documents.push_back(std::move(*parsed));
        node = JsonReader(documents.back(), "manifest " + digest);
        if (!nested && !node.field("manifests").present()) break;
        if (depth == 2) return Error(EINVAL, "index.json: indexes nested too deep");
    }
    const std::string configDigest = node.field("config").string("digest");
    const std::vector<JsonReader> layers = node.field("layers").elements();
    std::vector<std::string> layerDigests;
    for (const JsonReader& layer : layers) layerDigests.push_back(layer.string("digest"));
    if (Status s = node.status(); !s) return s.error();
    auto configHex = parseDigest(configDigest);
    if (!configHex) return configHex.error().wrap("image config");
    auto configText = readVerifiedBlob(dir, configDigest);
    if (!configText) return configText.error().wrap("image config");
    auto config = parseImageConfig(*configText);
    if (!config) return config.error();
    plan.configHex = *configHex;
    plan.config = std::move(config->config);
    if (layerDigests.size() != config->diffHexes.size())
        return Error(EINVAL, "manifest lists " + std::to_string(layerDigests.size()) +
                                 " layers, its config " + std::to_string(config->diffHexes.size()));
    for (std::size_t i = 0; i < layerDigests.size(); ++i) {
        auto path = SourceDir::blobPath(layerDigests[i]);
        if (!path) return path.error().wrap("layer " + std::to_string(i + 1));
        plan.layers.push_back({*path, layerDigests[i].substr(7), config->diffHexes[i]});
    }
    return plan;
}

}  // namespace juxta::images

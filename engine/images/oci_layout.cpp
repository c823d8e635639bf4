#include "images/oci_layout.h"

#include <cerrno>
#include <nlohmann/json.hpp>

#include "images/digest.h"

namespace juxta::images {
using nlohmann::json;

namespace {

#if defined(__x86_64__)
constexpr const char* kArch = "amd64";
#elif defined(__aarch64__)
constexpr const char* kArch = "arm64";
#else
constexpr const char* kArch = "";
#endif

bool isIndex(const json& descriptor) {
    const std::string type = descriptor.value("mediaType", "");
    return type == "application/vnd.oci.image.index.v1+json" ||
           type == "application/vnd.docker.distribution.manifest.list.v2+json";
}

// The descriptor to follow out of an index: the one for this platform, else the only one.
Result<json> pickManifest(const json& index) {
    const json& manifests = index.at("manifests");
    if (!manifests.is_array() || manifests.empty()) return Error(EINVAL, "index lists no manifests");
    for (const auto& m : manifests) {
        if (!m.contains("platform")) continue;
        const json& p = m["platform"];
        if (p.value("os", "") == "linux" && p.value("architecture", "") == kArch) return m;
    }
    for (const auto& m : manifests)
        if (!m.contains("platform")) return m;
    if (manifests.size() == 1) return manifests[0];
    return Error(ENOTSUP, std::string("index has no manifest for linux/") + kArch);
}

Result<json> parseJson(const std::string& text, const std::string& what) {
    try {
        json j = json::parse(text);
        if (!j.is_object()) return Error(EINVAL, what + " is not a JSON object");
        return j;
    } catch (const json::exception& e) {
        return Error(EINVAL, what + ": " + e.what());
    }
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
    auto layoutText = dir.readSmall("oci-layout");
    if (!layoutText) return layoutText.error();
    auto layout = parseJson(*layoutText, "oci-layout");
    if (!layout) return layout.error();
    if ((*layout).value("imageLayoutVersion", "") != "1.0.0")
        return Error(ENOTSUP, "oci-layout: imageLayoutVersion is not 1.0.0");
    auto indexText = dir.readSmall("index.json");
    if (!indexText) return indexText.error();
    auto index = parseJson(*indexText, "index.json");
    if (!index) return index.error();

    ImportPlan plan;
    try {
        json descriptor;
        json node = *index;
        for (int depth = 0;; ++depth) {  // index → [index →] manifest
            auto picked = pickManifest(node);
            if (!picked) return picked.error();
            descriptor = *picked;
            if (depth == 0 && descriptor.contains("annotations"))
                plan.suggestedName = imageNameFromReference(
                    descriptor["annotations"].value("org.opencontainers.image.ref.name", ""));
            auto text = readVerifiedBlob(dir, descriptor.at("digest").get<std::string>());
            if (!text) return text.error().wrap("manifest");
            auto parsed = parseJson(*text, "manifest " + descriptor.at("digest").get<std::string>());
            if (!parsed) return parsed.error();
            node = std::move(*parsed);
            if (!isIndex(descriptor) && !node.contains("manifests")) break;
            if (depth == 2) return Error(EINVAL, "index.json: indexes nested too deep");
        }
        const std::string configDigest = node.at("config").at("digest").get<std::string>();
        auto configText = readVerifiedBlob(dir, configDigest);
        if (!configText) return configText.error().wrap("image config");
        auto config = parseImageConfig(*configText);
        if (!config) return config.error();
        plan.configHex = configDigest.substr(7);
        plan.config = std::move(config->config);
        const json& layers = node.at("layers");
        if (layers.size() != config->diffHexes.size())
            return Error(EINVAL, "manifest lists " + std::to_string(layers.size()) + " layers, its config " +
                                     std::to_string(config->diffHexes.size()));
        for (std::size_t i = 0; i < layers.size(); ++i) {
            const std::string digest = layers[i].at("digest").get<std::string>();
            auto path = SourceDir::blobPath(digest);
            if (!path) return path.error().wrap("layer " + std::to_string(i + 1));
            plan.layers.push_back({*path, digest.substr(7), config->diffHexes[i]});
        }
    } catch (const json::exception& e) {
        return Error(EINVAL, std::string("OCI layout: ") + e.what());
    }
    return plan;
}

}  // namespace juxta::images

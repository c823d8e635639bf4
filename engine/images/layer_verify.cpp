#include "images/layer_verify.h"

#include <sys/stat.h>

#include <cerrno>

#include "images/layer_tree_digest.h"

namespace juxta::images {

const char* describe(LayerState state) {
    switch (state) {
        case LayerState::Ok:
            return "ok";
        case LayerState::Modified:
            return "modified";
        case LayerState::Missing:
            return "missing";
        case LayerState::Unrecorded:
            return "no recorded digest";
    }
    return "?";
}

Result<LayerCheck> checkLayer(const ImageStore& store, const std::string& layerId) {
    LayerCheck check;
    check.layerId = layerId;
    struct stat st {};
    if (::lstat(store.layerDir(layerId).c_str(), &st) < 0 || !S_ISDIR(st.st_mode)) {
        check.state = LayerState::Missing;
        return check;
    }
    auto recorded = store.recordedLayerDigest(layerId);
    if (!recorded) {
        if (recorded.error().code() != ENOENT) return recorded.error().wrap("layer " + layerId);
        check.state = LayerState::Unrecorded;
        return check;
    }
    auto now = layerTreeDigest(store.layerDir(layerId));
    if (!now) return now.error().wrap("verify layer " + layerId);
    if (*now != *recorded) {
        check.state = LayerState::Modified;
        check.detail = "sha256:" + *recorded + " → sha256:" + *now;
    }
    return check;
}

Status verifyImage(const ImageStore& store, const Image& image) {
    for (const auto& id : image.layerIds) {
        auto check = checkLayer(store, id);
        if (!check) return check.error().wrap("image '" + image.name + "'");
        if (check->state == LayerState::Ok) continue;
        std::string why = std::string("layer ") + id + " is " + describe(check->state);
        if (check->state == LayerState::Modified)
            why = "layer " + id + " was modified since import (" + check->detail + ")";
        if (check->state == LayerState::Unrecorded)
            why = "layer " + id +
                  " has no recorded digest (stored before Juxta recorded them — import the image again)";
        return Error(EBADMSG, "image '" + image.name + "': " + why + " — refusing to use it");
    }
    return {};
}

}  // namespace juxta::images

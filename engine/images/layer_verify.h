#pragma once
// `juxtactl image verify` and `run --verify`: each layer's tree re-hashed (layer_tree_digest.h)
// and compared with the digest recorded when it was published.
#include <string>
#include <vector>

#include "core/error.h"
#include "images/image.h"
#include "images/image_store.h"

namespace juxta::images {

enum class LayerState {
    Ok,
    Modified,    // the tree's digest differs from the recorded one
    Missing,     // the layer directory is gone
    Unrecorded,  // published before digests were recorded (or its record was removed)
};
const char* describe(LayerState state);  // "ok", "modified", "missing", "no recorded digest"

struct LayerCheck {
    std::string layerId;
    LayerState state = LayerState::Ok;
    std::string detail;  // for Modified: "sha256:<recorded> → sha256:<now>"
};

// One layer. An error only when the tree cannot be read at all.
Result<LayerCheck> checkLayer(const ImageStore& store, const std::string& layerId);

// Every layer of the image; the first that is not Ok is the error, naming the image and layer.
Status verifyImage(const ImageStore& store, const Image& image);

}  // namespace juxta::images

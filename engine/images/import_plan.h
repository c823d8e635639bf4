#pragma once
// What an import source (an OCI layout, a docker-archive) says an image is, before anything is
// written: its layers (where each blob is, its digests) and its config. Readers of the formats
// produce a plan; image_import.cpp carries it out.
#include <string>
#include <vector>

#include "core/error.h"
#include "images/image.h"

namespace juxta::images {

struct LayerRef {
    std::string path;     // the blob inside the source directory; empty: the layer is in the store already
    std::string blobHex;  // its sha256 as the manifest names it; empty: not named (docker-archive)
    std::string diffHex;  // the uncompressed tar's sha256 (the config's rootfs.diff_ids)
};

struct ImportPlan {
    std::string suggestedName;  // from the source's tags or annotations; may be empty
    std::string configHex;      // the config blob's sha256
    ImageConfig config;
    std::vector<LayerRef> layers;  // lowest first
    ImageOrigin origin;            // a pull's; empty for an import
};

// An OCI image config document: Env, Entrypoint, Cmd, WorkingDir, User, and rootfs.diff_ids
// (layer digests as "sha256:<hex>", returned as hex).
struct ParsedConfig {
    ImageConfig config;
    std::string created;  // "created", RFC 3339, as the image says (may be empty)
    std::vector<std::string> diffHexes;
};
Result<ParsedConfig> parseImageConfig(const std::string& text);

// "docker.io/library/redis:7" → "redis-7"; "busybox:latest" → "busybox"; "" if nothing fits.
std::string imageNameFromReference(const std::string& reference);

}  // namespace juxta::images

#pragma once
// Content digests: SHA-256 computed incrementally (OpenSSL), and "sha256:<64 hex>" strings as
// OCI descriptors and image configs write them. Layers are stored under their uncompressed
// digest (the config's diff_id) as "sha256-<hex>": a ':' would split overlayfs's lowerdir list.
#include <string>
#include <string_view>

#include "core/error.h"
#include "core/sha256.h"

namespace juxta::images {

// SHA-256 itself is OpenSSL's, through core (core/sha256.h).
using juxta::Sha256;
using juxta::sha256Hex;

// "sha256:<64 lowercase hex>" → the hex; anything else (other algorithms included): EINVAL.
Result<std::string> parseDigest(std::string_view digest);

// The store's layer id for an uncompressed digest's hex.
inline std::string layerIdForDiff(const std::string& hex) {
    return "sha256-" + hex;
}

}  // namespace juxta::images

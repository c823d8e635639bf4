#pragma once
// Which image of a multi-platform index runs here: OS, architecture and variant as the OCI image
// spec names them ("linux/amd64", "linux/arm64/v8"). An index is followed to the manifest for the
// wanted platform, else the one without a platform, else its only one.
#include <string>
#include <string_view>

#include "core/error.h"
#include "core/json_reader.h"

namespace juxta::images {

struct Platform {
    std::string os = "linux";
    std::string architecture;
    std::string variant;  // empty: any
    std::string str() const { return os + "/" + architecture + (variant.empty() ? "" : "/" + variant); }
};

// This machine's: linux/amd64 or linux/arm64.
Platform hostPlatform();
// "linux/amd64", "linux/arm64/v8", "amd64" (linux implied); EINVAL otherwise.
Result<Platform> parsePlatform(std::string_view text);
// ENOTSUP with the reason when images for `p` cannot run here (another OS or architecture).
Status runsHere(const Platform& p);

// The descriptor to follow out of an index (its "manifests" array).
Result<JsonReader> pickManifest(const JsonReader& index, const Platform& wanted);

}  // namespace juxta::images

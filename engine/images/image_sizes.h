#pragma once
// How much disk each image costs: bytes of layers only it uses (unique) and of layers other
// images use too (shared). Sizes are the apparent sizes of regular files (hard links counted
// once), so `juxtactl images` adds up to what removing an image's unique layers would free.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "images/image.h"

namespace juxta::images {

struct ImageSize {
    std::string name;
    uint64_t uniqueBytes = 0;
    uint64_t sharedBytes = 0;
};

// One entry per image, in the order given.
std::vector<ImageSize> imageSizes(const std::vector<Image>& images);

// The bytes of one extracted layer directory.
uint64_t layerBytes(const std::filesystem::path& dir);

}  // namespace juxta::images

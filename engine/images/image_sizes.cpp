#include "images/image_sizes.h"

#include <sys/stat.h>

#include <filesystem>
#include <map>
#include <set>
#include <utility>

namespace juxta::images {
namespace fs = std::filesystem;

uint64_t layerBytes(const fs::path& dir) {
    uint64_t bytes = 0;
    std::set<std::pair<dev_t, ino_t>> seen;
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec)) {
        struct stat st {};
        if (::lstat(it->path().c_str(), &st) < 0 || !S_ISREG(st.st_mode)) continue;
        if (st.st_nlink > 1 && !seen.insert({st.st_dev, st.st_ino}).second) continue;
        bytes += uint64_t(st.st_size);
    }
    return bytes;
}

std::vector<ImageSize> imageSizes(const std::vector<Image>& images) {
    std::map<std::string, int> users;  // layer id → how many images use it
    std::map<std::string, uint64_t> bytes;
    for (const auto& image : images) {
        std::set<std::string> mine;
        for (std::size_t i = 0; i < image.layerIds.size(); ++i) {
            const std::string& id = image.layerIds[i];
            if (!mine.insert(id).second) continue;
            if (users[id]++ == 0 && i < image.layerDirs.size()) bytes[id] = layerBytes(image.layerDirs[i]);
        }
    }
    std::vector<ImageSize> out;
    for (const auto& image : images) {
        ImageSize size{image.name};
        std::set<std::string> counted;  // a layer listed twice in one image counts once
        for (const auto& id : image.layerIds) {
            if (!counted.insert(id).second) continue;
            (users[id] > 1 ? size.sharedBytes : size.uniqueBytes) += bytes[id];
        }
        out.push_back(size);
    }
    return out;
}

}  // namespace juxta::images

#pragma once
// Shared by the libFuzzer targets: the input as text, and a scratch directory for the readers that
// only take paths (the image importer opens its source with openat2 beneath a directory, so a
// layout or an archive is written out per run rather than read from memory).
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

namespace juxta::fuzz {

inline std::string text(const uint8_t* data, size_t size) {
    return std::string(reinterpret_cast<const char*>(data), size);
}

// A private directory under $TMPDIR for this process, emptied by clear() between runs.
class Scratch {
  public:
    Scratch() {
        const char* tmp = std::getenv("TMPDIR");
        root_ = std::filesystem::path(tmp ? tmp : "/tmp") / ("juxta-fuzz-" + std::to_string(::getpid()));
        clear();
    }
    ~Scratch() {
        std::error_code ec;
        std::filesystem::remove_all(root_, ec);
    }
    const std::filesystem::path& root() const { return root_; }
    void clear() {
        std::error_code ec;
        std::filesystem::remove_all(root_, ec);
        std::filesystem::create_directories(root_);
    }
    void write(const std::filesystem::path& relative, std::string_view bytes) const {
        const auto path = root_ / relative;
        std::filesystem::create_directories(path.parent_path());
        std::ofstream(path, std::ios::binary).write(bytes.data(), std::streamsize(bytes.size()));
    }

  private:
    std::filesystem::path root_;
};

// Splits the input at each "\n----\n": the targets that need several documents take them this way.
inline std::vector<std::string> documents(std::string_view input) {
    std::vector<std::string> parts;
    constexpr std::string_view kSeparator = "\n----\n";
    for (size_t start = 0;;) {
        const size_t end = input.find(kSeparator, start);
        parts.emplace_back(input.substr(start, end == std::string_view::npos ? input.npos : end - start));
        if (end == std::string_view::npos) return parts;
        start = end + kSeparator.size();
    }
}

}  // namespace juxta::fuzz

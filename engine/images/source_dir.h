#pragma once
// The directory an image is imported from (an OCI layout, or a docker-archive unpacked into the
// store's tmp/): files are opened beneath it with openat2(RESOLVE_IN_ROOT), so a symlink in the
// input (docker save links repeated layers with "../<id>/layer.tar") resolves inside it and can
// never reach a host file. JSON files are read with a size cap: a huge manifest is an error,
// never an allocation.
#include <filesystem>
#include <string>

#include "core/error.h"
#include "core/unique_fd.h"

namespace juxta::images {

// JSON documents (index, manifests, configs) are a few KiB; 4 MiB is generous.
inline constexpr std::size_t kMaxJsonBytes = 4u << 20;

class SourceDir {
  public:
    static Result<SourceDir> open(const std::filesystem::path& dir);

    const std::filesystem::path& path() const { return path_; }
    bool exists(const std::string& relative) const;
    // A regular file beneath the directory, read-only.
    Result<UniqueFd> openFile(const std::string& relative) const;
    // The whole file, at most maxBytes (E2BIG beyond).
    Result<std::string> readSmall(const std::string& relative, std::size_t maxBytes = kMaxJsonBytes) const;
    // "blobs/sha256/<hex>" for a "sha256:<hex>" digest.
    static Result<std::string> blobPath(const std::string& digest);

  private:
    std::filesystem::path path_;
    UniqueFd fd_;
};

}  // namespace juxta::images

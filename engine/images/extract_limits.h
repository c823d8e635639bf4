#pragma once
// How much an import may write: the total uncompressed size (--max-size, JUXTA_MAX_SIZE; none
// by default) and a floor of free space on the store's filesystem (--min-free, JUXTA_MIN_FREE;
// 1 GiB by default). Both are checked while extracting, not only before: a 4.5 MB gzip layer can
// expand to gigabytes. The count is the larger of the decompressed tar stream and the sizes its
// files declare (so a sparse tar entry claiming a terabyte counts as one); the free space is
// read with statvfs every 8 MiB, and each file's declared size must fit above the floor before
// it is written. An import that crosses either limit stops with one error; image_import.h
// removes what it had written.
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <string>
#include <string_view>

#include "core/error.h"

namespace juxta::images {

struct ExtractLimits {
    uint64_t maxBytes = 0;  // 0: no limit
    uint64_t minFreeBytes = uint64_t(1) << 30;

    // The defaults, overridden by JUXTA_MAX_SIZE / JUXTA_MIN_FREE (a malformed value: EINVAL).
    static Result<ExtractLimits> fromEnvironment();
};

// "1073741824", "512K", "64M", "1G", "2T" (binary units; "0" allowed). `what` names it in errors.
Result<uint64_t> parseByteSize(std::string_view text, const std::string& what);

// The running count of one extraction (an archive's unpacking, or all layers of an image),
// checked against the limits. `where` is a directory on the filesystem being written. Layers
// extracted side by side share one: its counts are kept under a lock.
class ExtractBudget {
  public:
    ExtractBudget(ExtractLimits limits, std::filesystem::path where);

    // `bytes` more of the decompressed stream were read.
    Status streamed(uint64_t bytes);
    // A file entry declares `size` bytes: it must fit under --max-size and above the floor.
    Status declared(uint64_t size);

  private:
    Status checkSize(uint64_t total) const;
    Status checkFree(uint64_t needed);

    std::mutex mutex_;
    ExtractLimits limits_;
    std::filesystem::path where_;
    uint64_t streamed_ = 0;
    uint64_t declared_ = 0;
    uint64_t freeAtCheck_ = 0;      // statvfs's f_bavail * f_frsize when last read
    uint64_t streamedAtCheck_ = 0;  // streamed_ then
    bool checked_ = false;
};

}  // namespace juxta::images

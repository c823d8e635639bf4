#pragma once
// Reading a whole file, the one way Juxta does it: one open, reads until end of file, a size past
// which it stops with EFBIG (what it reads whole is small unless the caller says so: /proc and
// cgroup files, records, logs; a kernel or a static binary is read with a larger limit), and an
// error that names the file.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/error.h"

namespace juxta {

struct ReadLimits {
    std::size_t maxBytes = std::size_t(16) << 20;  // 16 MiB
    bool followSymlinks = true;                    // false: a symlink at the last component is ELOOP
    // true: anything but a regular file (a FIFO that would block the open, a device, a socket) is EINVAL
    // — for files a user names (a compose file, its .env).
    bool regularOnly = false;
};

Result<std::string> readFile(const std::filesystem::path& path, ReadLimits limits = {});
// The same into bytes, sized from fstat first: a kernel is tens of MiB, read in large chunks.
Result<std::vector<uint8_t>> readFileBytes(const std::filesystem::path& path, ReadLimits limits = {});

}  // namespace juxta

#pragma once
// Copying a directory tree out of a container's root into a volume — Docker's and Podman's
// "copy-up": a fresh volume mounted where the image has files starts with those files. The tree
// is the image's, so an attacker's: it is walked only through directory fds, one name at a time
// (O_NOFOLLOW, never a path), symlinks are copied as symlinks and never followed, devices,
// sockets and FIFOs are skipped, and the walk stops past kMaxCopyDepth levels. Everything made
// goes below the destination's fd, with O_EXCL.
#include <cstdint>
#include <string>

#include "core/error.h"

namespace juxta::runtime {

inline constexpr int kMaxCopyDepth = 128;

struct TreeCopyStats {
    std::uint64_t files = 0, directories = 0, symlinks = 0, skipped = 0, bytes = 0;
};

// True when the directory (an fd opened O_RDONLY|O_DIRECTORY) holds nothing but "." and "..".
Result<bool> isEmptyDirectory(int dirFd);

// Copies what is below `fromDir` into `toDir` (both O_RDONLY|O_DIRECTORY fds): regular files with
// their bytes, directories, symlinks; owner (where this process may set it), mode and times. ELOOP
// past kMaxCopyDepth. A failure removes what it made again, and only that (a volume may be shared
// with a running container): no half-made copy.
Result<TreeCopyStats> copyTree(int fromDir, int toDir);

}  // namespace juxta::runtime

#pragma once
// Copying a directory tree out of a container's root into a volume — Docker's and Podman's
// "copy-up": a fresh volume mounted where the image has files starts with those files. The tree
// is the image's, so an attacker's, and the volume may be shared with a running container, so
// an attacker's too. The source is walked only through directory fds, one name at a time
// (O_NOFOLLOW, never a path); each entry is opened non-blocking and must still be what fstatat
// saw (a FIFO or device swapped in is refused); symlinks are copied as symlinks and never
// followed; devices, sockets and FIFOs are skipped, as is a mount inside the tree (`cp -x`: a mount
// root, or a directory on another filesystem than the source's root); hard links stay links (one
// copy of the bytes). It is
// bounded: kMaxCopyDepth levels, a number of entries, a floor of free space on the volume's
// filesystem. Everything made goes below the destination's fd, with O_EXCL.
#include <cstdint>
#include <string>

#include "core/error.h"

namespace juxta::runtime {

inline constexpr int kMaxCopyDepth = 128;

struct TreeCopyLimits {
    std::uint64_t maxEntries = 1'000'000;                   // in all, and in any one directory
    std::uint64_t minFreeBytes = std::uint64_t(512) << 20;  // on the destination's filesystem
};

struct TreeCopyStats {
    std::uint64_t files = 0, directories = 0, symlinks = 0, hardLinks = 0, skipped = 0, bytes = 0;
};

// True when the directory (an fd opened O_RDONLY|O_DIRECTORY) holds nothing but "." and "..";
// it reads no further than the first entry.
Result<bool> isEmptyDirectory(int dirFd);

// Copies what is below `fromDir` into `toDir` (both O_RDONLY|O_DIRECTORY fds): regular files with
// their bytes, directories, symlinks; owner (where this process may set it), mode and times.
// ELOOP past kMaxCopyDepth, E2BIG past maxEntries, ENOSPC at the free-space floor, ESTALE when an
// entry changed under it. A failure removes what it made again, and only that (a volume may be
// shared with a running container): no half-made copy.
Result<TreeCopyStats> copyTree(int fromDir, int toDir, const TreeCopyLimits& limits = {});

// Removes everything below the directory (not the directory itself), never following a symlink.
Status emptyDirectory(int dirFd);

}  // namespace juxta::runtime

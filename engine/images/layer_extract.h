#pragma once
// One image layer (a tar, gzip'd tar or zstd'd tar) extracted into a staging directory, and its
// two digests taken on the way: the blob as stored (compressed) and the tar stream (the config's
// diff_id). One pass: a libarchive "raw" reader decompresses the file, a second reader parses
// the tar from it, a disk writer with ARCHIVE_EXTRACT_SECURE_{NODOTDOT,SYMLINKS,NOABSOLUTEPATHS}
// writes it.
//
// Policy (an entry that breaks it fails the whole layer with one error naming the entry):
//   - names with a ".." component or an absolute name: refused; hard links likewise, and a hard
//     link's target must be inside the layer too;
//   - writing through a symlink (e.g. "etc -> /etc" then "etc/passwd"): refused by libarchive;
//     symlinks themselves may point anywhere (they resolve inside the container's root);
//   - character and block device nodes: refused (a container gets its /dev from the runtime);
//   - setuid/setgid bits: stripped from files (the rest of the mode is kept) — real images carry
//     su/passwd, and refusing them would refuse most distributions; nothing runs setuid from a
//     Juxta image;
//   - owners: kept as numbers when running as root (never looked up in the host's passwd);
//     extended attributes and ACLs: not extracted (a layer must not set trusted.overlay.*);
//   - whiteouts: ".wh.NAME" becomes an overlayfs whiteout (character device 0:0) named NAME;
//     ".wh..wh..opq" marks its directory opaque (xattr opaqueXattr() = "y").
// The extraction runs in a thread with its own working directory (unshare(CLONE_FS) +
// fchdir into the staging dir), so entry names stay relative and NOABSOLUTEPATHS applies; the
// process's working directory is never touched.
#include <cstdint>
#include <filesystem>
#include <string>

#include "core/error.h"
#include "images/extract_limits.h"

namespace juxta::images {

struct LayerDigests {
    std::string blobHex;  // sha256 of the file as given
    std::string diffHex;  // sha256 of the uncompressed tar stream
};

// The xattr that marks an opaque directory: trusted.overlay.opaque for root, and for a user (who
// cannot set trusted.* xattrs) user.overlay.opaque — what a rootless container's overlay reads,
// mounted with "userxattr" (runtime/overlay.h).
const char* opaqueXattr();

// Extracts the layer file open on `fd` into `into` (an empty directory), charging what it
// writes to `budget` (extract_limits.h): crossing a limit stops it with that error.
Result<LayerDigests> extractLayer(int fd, const std::filesystem::path& into, ExtractBudget& budget);

// Only the blob digest (a layer already in the store is not extracted again).
Result<std::string> hashFile(int fd);

}  // namespace juxta::images

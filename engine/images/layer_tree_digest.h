#pragma once
// A layer's digest as it lies on disk, so `juxtactl image verify` and `run --verify` can tell
// whether anything in the store changed it after import. The diff_id cannot serve: it is the
// digest of the tar stream, which the extracted directory cannot reproduce (order, headers,
// times). So import records this one, taken from the extracted tree just before it is published.
//
// SHA-256 over a canonical walk: directories in byte order of their entry names, each entry as
// length-prefixed fields — path (relative, "." for the layer's root), st_mode (type and
// permission bits), uid, gid, for a file its size then its content, for a symlink its target,
// for a device (whiteouts) its rdev, and every extended attribute (name and value, sorted by
// name: overlay's opaque markers, and any file capability someone might add). Not covered:
// timestamps, inode numbers, link counts — what a container sees does not depend on them.
#include <filesystem>
#include <string>

#include "core/error.h"

namespace juxta::images {

// Deeper trees are refused (at extraction too): the walk recurses once per level.
inline constexpr int kMaxLayerDepth = 256;

// The hex digest of the tree rooted at `dir` (never follows a symlink inside it).
Result<std::string> layerTreeDigest(const std::filesystem::path& dir);

}  // namespace juxta::images

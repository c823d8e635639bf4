#pragma once
// overlayfs: read-only image layers (shared by every container of the image) under one writable
// upper dir per container.
#include <filesystem>
#include <string>
#include <vector>

#include "core/error.h"

namespace juxta::runtime {

// "lowerdir=top:...:bottom,upperdir=U,workdir=W" from layers listed lowest first. Rejects paths
// that overlayfs cannot take in its option string (',', ':', '\n') and strings longer than a
// page (the kernel's limit for mount data). userXattr (rootless: a mount in a user namespace
// cannot use trusted.* xattrs) adds "userxattr": overlay keeps its markers — opaque directories
// included, which a user's image store writes as user.overlay.opaque — in the user.* namespace.
Result<std::string> overlayOptions(const std::vector<std::filesystem::path>& layersLowestFirst,
                                   const std::filesystem::path& upperDir,
                                   const std::filesystem::path& workDir, bool userXattr = false);

// Mounts the overlay at target (in the caller's mount namespace).
Status mountOverlay(const std::filesystem::path& target, const std::string& options);

// Removes an on-disk writable layer (upper and work dirs). overlayfs leaves workDir/work with
// mode 000: root walks in regardless, its owner (rootless) gives itself access first.
Status removeWritableLayer(const std::filesystem::path& upperDir, const std::filesystem::path& workDir);

}  // namespace juxta::runtime

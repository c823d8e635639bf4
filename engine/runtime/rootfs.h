#pragma once
// The container's root filesystem, set up by its first process inside its new mount namespace
// (so every mount here disappears with the namespace — nothing to unmount on the host):
//   make every mount private -> [tmpfs for an in-memory writable layer] -> overlay -> /proc, /sys
//   (read-only), /dev -> pivot_root(rootfs) and detach the old root -> masked and read-only paths ->
//   read-only root.
#include <filesystem>
#include <string>
#include <vector>

#include "core/error.h"
#include "runtime/spec.h"

namespace juxta::runtime {

struct RootfsPlan {
    std::filesystem::path mountBase;  // shared, existing directory; mounts over it stay in this namespace
    bool memoryLayer = false;         // tmpfs at mountBase holding upper/, work/ and the merged root/
    std::string overlayOptions;       // lowerdir/upperdir/workdir (under mountBase for a memory layer)
    std::vector<MountSpec> mounts;    // binds and tmpfs, after the standard ones
    bool userNamespace = false;       // rootless: /dev nodes bound from the host, /sys bound if need be
};

// Everything up to (not including) pivot_root: propagation, overlay, proc, sys, dev.
// Returns the merged root (mountBase, or mountBase/root for a memory layer).
Result<std::filesystem::path> mountRootfs(const RootfsPlan& plan);
// pivot_root(rootfs) with the old root stacked underneath and then lazily detached; cwd becomes "/".
Status pivotRoot(const std::filesystem::path& rootfs);
// After pivot_root: /proc and /sys paths masked (tmpfs or /dev/null over them) or made read-only.
Status maskPaths();
// After pivot_root: remounts "/" read-only.
Status makeRootReadOnly();

// The lists maskPaths() applies, as Docker/runc apply them by default.
const std::vector<const char*>& maskedPaths();
const std::vector<const char*>& readOnlyPaths();

}  // namespace juxta::runtime

#pragma once
// The image config's User ("name", "uid", "name:group", "uid:gid", ...) made numeric at import
// time from the image's own /etc/passwd and /etc/group (the topmost layer that has the file;
// a whiteout or an opaque /etc above hides it), so the runtime needs no lookup when it starts a
// container and never reads the host's files. Files are read inside their layer directory
// (a symlink resolves within the layer).
#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

#include "core/error.h"

namespace juxta::images {

// "" stays ""; otherwise "uid:gid". Unknown names: ENOENT naming the file that lacks them.
Result<std::string> numericUser(const std::string& user, const std::vector<std::filesystem::path>& layerDirs);

// A directory of the image as its merged root shows it: the topmost layer that has `path`
// (absolute) decides; a whiteout, an opaque parent above, a file or a symlink there (nothing is
// followed: each layer is looked at beneath itself, RESOLVE_NO_SYMLINKS) give the defaults.
// What a VOLUME made for a container starts as (runtime/lifecycle/volumes.h).
struct DirectoryOwner {
    uid_t uid = 0;
    gid_t gid = 0;
    mode_t mode = 0755;
};
DirectoryOwner directoryOwner(const std::vector<std::filesystem::path>& layerDirs, const std::string& path);

}  // namespace juxta::images

#pragma once
// The image config's User ("name", "uid", "name:group", "uid:gid", ...) made numeric at import
// time from the image's own /etc/passwd and /etc/group (the topmost layer that has the file;
// a whiteout or an opaque /etc above hides it), so the runtime needs no lookup when it starts a
// container and never reads the host's files. Files are read inside their layer directory
// (a symlink resolves within the layer).
#include <filesystem>
#include <string>
#include <vector>

#include "core/error.h"

namespace juxta::images {

// "" stays ""; otherwise "uid:gid". Unknown names: ENOENT naming the file that lacks them.
Result<std::string> numericUser(const std::string& user, const std::vector<std::filesystem::path>& layerDirs);

}  // namespace juxta::images

#pragma once
// Writes a file so that readers see the old content or the new, never a part: a temp file in the
// same directory, fsync, rename over the target, fsync of the directory. Owner-only by default.
#include <filesystem>
#include <string_view>

#include "core/error.h"

namespace juxta {

Status writeFileAtomically(const std::filesystem::path& target, std::string_view content, int mode = 0600);

}  // namespace juxta

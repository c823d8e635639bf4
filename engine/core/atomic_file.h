#pragma once
// Writes a file so that readers see the old content or the new, never a part: a temp file in the
// same directory, fsync, rename over the target, fsync of the directory. Owner-only by default.
// Durability::AtomicOnly leaves out both fsyncs, for what a reboot makes meaningless anyway (the
// state of running processes) or what is gone by then (a --rm container's definition): readers
// still never see a part, and a start saves a millisecond or more per file on a slow disk.
#include <filesystem>
#include <string_view>

#include "core/error.h"

namespace juxta {

enum class Durability { Durable, AtomicOnly };
Status writeFileAtomically(const std::filesystem::path& target, std::string_view content, int mode = 0600,
                           Durability durability = Durability::Durable);

}  // namespace juxta

#pragma once
// The runtime's name for the engine's owned file descriptor (core/unique_fd.h).
#include "core/unique_fd.h"

namespace juxta::runtime {
using juxta::UniqueFd;
}  // namespace juxta::runtime

#pragma once
// Signals as people and image configs write them: "KILL", "SIGTERM", "9".
#include <string_view>

#include "core/error.h"

namespace juxta {

// The signal's number; EINVAL ("unknown signal 'X'") for anything else.
Result<int> parseSignal(std::string_view text);

}  // namespace juxta

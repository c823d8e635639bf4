#pragma once
// Parsing of resource limits as people write them ("256M", "1.5", "128"), shared by juxtactl and
// the GUI's New Container dialog. Each parser rejects junk, zero, negatives and overflow with a
// message that names the bad value.
#include <cstdint>
#include <string_view>

#include "core/error.h"

namespace juxta::runtime {

// "268435456", "512k", "256M", "1.5G", "2g", "64MiB" -> bytes. Minimum 1 MiB (a smaller limit
// cannot even start a process).
Result<int64_t> parseMemory(std::string_view text);
// "1.5", "0.25", "2" -> CPUs; between 0.01 and 1024.
Result<double> parseCpus(std::string_view text);
// "128" -> tasks; at least 1.
Result<int64_t> parsePids(std::string_view text);

}  // namespace juxta::runtime

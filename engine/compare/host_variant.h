#pragma once
// The baseline: juxta-workload as a bare process of the host, posix_spawned by the harness.
// Start-up is the spawn (exec included); memory is the process's PSS; nothing runs besides it,
// so the CPU outside the workload is what exec and exit cost the child itself.
#include <filesystem>

#include "compare/variant.h"

namespace juxta::compare {

std::unique_ptr<Variant> makeHostVariant(const std::filesystem::path& workloadBinary);

}  // namespace juxta::compare

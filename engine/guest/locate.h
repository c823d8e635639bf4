#pragma once
// Where the guest side's files are, found relative to the running program so the build tree
// (build/bin, build/share) and an installation (bin, libexec/juxta, share) both work:
//   kernel      $JUXTA_KERNEL, else <prefix>/share/juxta/kernel/vmlinuz (fetched by setup.sh)
//   juxta-guest $JUXTA_GUEST, else next to the program, else <prefix>/libexec/juxta/
#include <filesystem>

#include "core/error.h"

namespace juxta::guest {

std::filesystem::path executableDir();
Result<std::filesystem::path> locateKernel();
Result<std::filesystem::path> locateAgent();

}  // namespace juxta::guest

#include "guest/locate.h"

#include <cerrno>
#include <cstdlib>
#include <vector>

#include "core/sealed_exe.h"

namespace juxta::guest {

namespace fs = std::filesystem;

fs::path executableDir() {
    const fs::path exe = selfExecutable();
    return exe.empty() ? fs::current_path() : exe.parent_path();
}

namespace {

// The first candidate that is a regular file; otherwise an error that lists where we looked.
Result<fs::path> firstFile(const char* variable, const std::vector<fs::path>& candidates, const char* what,
                           const char* remedy) {
    if (const char* override = std::getenv(variable); override && *override) {
        std::error_code ec;
        if (fs::is_regular_file(override, ec)) return fs::path(override);
        return Error(ENOENT, std::string(variable) + "=" + override + ": no such file (" + what + ")");
    }
    std::string looked;
    for (const fs::path& p : candidates) {
        std::error_code ec;
        if (fs::is_regular_file(p, ec)) return p.lexically_normal();
        looked += (looked.empty() ? "" : ", ") + p.lexically_normal().string();
    }
    return Error(ENOENT, std::string("no ") + what + " (looked at " + looked + "): " + remedy);
}

}  // namespace

Result<fs::path> locateKernel() {
    const fs::path dir = executableDir();
    return firstFile("JUXTA_KERNEL",
                     {dir / "../share/juxta/kernel/vmlinuz", dir / "../../share/juxta/kernel/vmlinuz"},
                     "guest kernel", "run ./setup.sh (it fetches Debian's cloud kernel) or set JUXTA_KERNEL");
}

Result<fs::path> locateAgent() {
    const fs::path dir = executableDir();
    return firstFile("JUXTA_GUEST", {dir / "juxta-guest", dir / "../libexec/juxta/juxta-guest"},
                     "juxta-guest agent", "build the juxta-guest target or set JUXTA_GUEST");
}

}  // namespace juxta::guest

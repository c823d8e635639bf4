#include "core/paths.h"

#include <unistd.h>

#include <cstdlib>
#include <system_error>

namespace juxta::paths {
namespace {

namespace fs = std::filesystem;

fs::path fromEnv(const char* name) {
    const char* v = std::getenv(name);
    return (v && *v) ? fs::path(v) : fs::path();
}

fs::path home() {
    fs::path h = fromEnv("HOME");
    return h.empty() ? fs::path("/tmp") : h;
}

fs::path pick(const char* override, const char* rootDir, const char* xdgVar, const fs::path& xdgFallback) {
    if (fs::path o = fromEnv(override); !o.empty()) return o;
    if (geteuid() == 0) return rootDir;
    if (fs::path x = fromEnv(xdgVar); !x.empty()) return x / "juxta";
    return xdgFallback / "juxta";
}

}  // namespace

fs::path dataDir() { return pick("JUXTA_DATA_DIR", "/var/lib/juxta", "XDG_DATA_HOME", home() / ".local/share"); }

fs::path runtimeDir() {
    return pick("JUXTA_RUNTIME_DIR", "/run/juxta", "XDG_RUNTIME_DIR",
                fs::path("/tmp") / ("juxta-" + std::to_string(getuid())));
}

fs::path stateDir() { return pick("JUXTA_STATE_DIR", "/var/log/juxta", "XDG_STATE_HOME", home() / ".local/state"); }

Result<fs::path> ensureDir(const fs::path& dir) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) return Error(ec.value(), "create " + dir.string() + ": " + ec.message());
    fs::permissions(dir, fs::perms::owner_all, fs::perm_options::replace, ec);
    return dir;
}

}  // namespace juxta::paths

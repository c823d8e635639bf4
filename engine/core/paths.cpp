#include "core/paths.h"

#include <sys/stat.h>
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

// A user's directory must not sit in one that another user owns: they could swap what Juxta puts
// there (a console socket, a state file) — e.g. a /tmp/juxta-UID someone else made first. Root's
// own directories are root's to place.
Status checkOwners(const fs::path& dir) {
    const uid_t me = geteuid();
    if (me == 0) return {};
    for (fs::path p = fs::absolute(dir);; p = p.parent_path()) {
        struct stat st {};
        if (::lstat(p.c_str(), &st) == 0) {
            if (st.st_uid == 0) return {};
            if (st.st_uid != me)
                return Error(EPERM,
                             p.string() + " belongs to another user (uid " + std::to_string(st.st_uid) +
                                 "): Juxta keeps no files there — remove it, or set XDG_RUNTIME_DIR or "
                                 "the JUXTA_*_DIR variables to a directory of yours");
        }
        if (p == p.parent_path()) return {};
    }
}

}  // namespace

fs::path dataDir() {
    return pick("JUXTA_DATA_DIR", "/var/lib/juxta", "XDG_DATA_HOME", home() / ".local/share");
}

fs::path runtimeDir() {
    return pick("JUXTA_RUNTIME_DIR", "/run/juxta", "XDG_RUNTIME_DIR",
                fs::path("/tmp") / ("juxta-" + std::to_string(getuid())));
}

fs::path stateDir() {
    return pick("JUXTA_STATE_DIR", "/var/log/juxta", "XDG_STATE_HOME", home() / ".local/state");
}

Result<fs::path> ensureDir(const fs::path& dir) {
    if (auto st = checkOwners(dir); !st) return st.error();
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) return Error(ec.value(), "create " + dir.string() + ": " + ec.message());
    fs::permissions(dir, fs::perms::owner_all, fs::perm_options::replace, ec);
    return dir;
}

}  // namespace juxta::paths

#include "core/paths.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
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

// 0700 unless it is already, and only our own directories (never a symlink's target).
void makePrivate(const fs::path& dir) {
    struct stat st {};
    if (::lstat(dir.c_str(), &st) < 0 || !S_ISDIR(st.st_mode) || st.st_uid != ::geteuid()) return;
    if ((st.st_mode & 07777) != 0700) ::chmod(dir.c_str(), 0700);
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

Status createPrivateDirs(const fs::path& dir, mode_t leafMode) {
    const fs::path target = dir.lexically_normal();
    struct stat st {};
    if (::stat(target.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) return {};  // the common case: one stat
    fs::path at;
    for (const auto& part : target) {
        at /= part;
        if (part.empty() || at == at.root_path()) continue;
        if (::mkdir(at.c_str(), at == target ? leafMode : 0700) == 0 || errno == EEXIST) continue;
        return Error::fromErrno("create " + at.string());
    }
    return {};
}

Result<fs::path> ensureDir(const fs::path& dir) {
    if (auto st = checkOwners(dir); !st) return st.error();
    if (auto st = createPrivateDirs(dir); !st) return st.error();
    const fs::path target = fs::absolute(dir).lexically_normal();
    // Juxta's own roots and everything from them down to `dir` (some may predate this rule, or
    // have been made by a plain create_directories): owner only.
    for (const fs::path& base : {dataDir(), runtimeDir(), stateDir()}) {
        const fs::path root = fs::absolute(base).lexically_normal();
        const auto [rootEnd, targetAt] =
            std::mismatch(root.begin(), root.end(), target.begin(), target.end());
        if (rootEnd != root.end()) continue;  // not under this root
        fs::path at = root;
        makePrivate(at);
        for (auto it = targetAt; it != target.end(); ++it) makePrivate(at /= *it);
    }
    makePrivate(target);
    return dir;
}

}  // namespace juxta::paths
#include "runtime/root_path.h"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <vector>

namespace juxta::runtime {
namespace {

// "a//b/./c/" → {"a", "b", "c"}; ".." stays a component (RESOLVE_IN_ROOT clamps it).
std::vector<std::string> componentsOf(const std::string& path) {
    std::vector<std::string> parts;
    for (std::size_t pos = 0; pos < path.size();) {
        std::size_t slash = path.find('/', pos);
        if (slash == std::string::npos) slash = path.size();
        std::string part = path.substr(pos, slash - pos);
        if (!part.empty() && part != ".") parts.push_back(std::move(part));
        pos = slash + 1;
    }
    return parts;
}

std::string joined(const std::vector<std::string>& parts, std::size_t count) {
    std::string path = "/";
    for (std::size_t i = 0; i < count; ++i) path += (i ? "/" : "") + parts[i];
    return path;
}

Error symlinkRefused(const std::string& what, const std::string& at) {
    return Error(ELOOP, what + ": " + at +
                            " is a symlink in the image — refused (a mount is never aimed through one)");
}

bool isSymlinkAt(int dirFd, const std::string& name) {
    struct stat st {};
    return ::fstatat(dirFd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode);
}

// Walks `parts[0..count)` below rootFd, making missing directories; with `strict`, a symlink
// anywhere is refused, otherwise symlinks resolve inside the root.
Result<UniqueFd> directoryInRoot(int rootFd, const std::vector<std::string>& parts, std::size_t count,
                                 bool strict, const std::string& what) {
    UniqueFd dir(::fcntl(rootFd, F_DUPFD_CLOEXEC, 3));
    if (!dir) return Error::fromErrno(what + ": duplicate the root fd");
    for (std::size_t i = 0; i < count; ++i) {
        const std::string here = joined(parts, i + 1);
        if (parts[i] == "..") {
            if (strict) return Error(EINVAL, what + ": '..' in " + here);
        } else if (strict && isSymlinkAt(dir.get(), parts[i])) {
            return symlinkRefused(what, here);
        }
        const unsigned long long resolve = strict ? RESOLVE_NO_SYMLINKS : 0;
        auto next = openInRoot(rootFd, here, O_PATH | O_DIRECTORY, resolve);
        if (!next && next.error().code() == ENOENT) {
            if (::mkdirat(dir.get(), parts[i].c_str(), 0755) < 0) {
                if (errno == EEXIST && isSymlinkAt(dir.get(), parts[i])) return symlinkRefused(what, here);
                return Error::fromErrno(what + ": create " + here);
            }
            next = openInRoot(rootFd, here, O_PATH | O_DIRECTORY, resolve);
        }
        if (!next) {
            if (next.error().code() == ELOOP) return symlinkRefused(what, here);
            return next.error().wrap(what);
        }
        dir = std::move(*next);
    }
    return dir;
}

}  // namespace

Result<UniqueFd> openInRoot(int rootFd, const std::string& path, int flags, unsigned long long resolve,
                            mode_t mode) {
    open_how how{};
    how.flags = static_cast<unsigned long long>(flags | O_CLOEXEC);
    how.mode = (flags & (O_CREAT | O_TMPFILE)) ? mode : 0;
    how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS | resolve;
    const std::string relative = path.empty() || path == "/" ? "." : path;
    const long fd = ::syscall(SYS_openat2, rootFd, relative.c_str(), &how, sizeof how);
    if (fd < 0)
        return Error::fromErrno("open " + (path.empty() ? std::string("/") : path) +
                                " in the container's root");
    return UniqueFd(static_cast<int>(fd));
}

Result<UniqueFd> mountDirInRoot(int rootFd, const std::string& path) {
    const auto parts = componentsOf(path);
    return directoryInRoot(rootFd, parts, parts.size(), /*strict=*/true,
                           "mount point " + joined(parts, parts.size()));
}

Result<UniqueFd> mountTargetInRoot(int rootFd, const std::string& path, bool file) {
    const auto parts = componentsOf(path);
    const std::string what = "mount at " + joined(parts, parts.size());
    if (parts.empty()) return Error(EINVAL, what + ": the root itself cannot be a mount target");
    if (parts.back() == "..") return Error(EINVAL, what + ": ends in '..'");
    auto parent = directoryInRoot(rootFd, parts, parts.size() - 1, /*strict=*/false, what);
    if (!parent) return parent.error();
    const std::string& name = parts.back();
    if (isSymlinkAt(parent->get(), name)) return symlinkRefused(what, joined(parts, parts.size()));
    const int made = file ? ::mknodat(parent->get(), name.c_str(), S_IFREG | 0644, 0)
                          : ::mkdirat(parent->get(), name.c_str(), 0755);
    if (made < 0 && errno != EEXIST) return Error::fromErrno(what + ": create it");
    UniqueFd target(::openat(parent->get(), name.c_str(), O_PATH | O_NOFOLLOW | O_CLOEXEC));
    if (!target) return Error::fromErrno(what);
    struct stat st {};
    if (::fstat(target.get(), &st) < 0) return Error::fromErrno(what);
    if (S_ISLNK(st.st_mode)) return symlinkRefused(what, joined(parts, parts.size()));
    if (file == S_ISDIR(st.st_mode))
        return Error(file ? EISDIR : ENOTDIR, what + ": the image has a " + (file ? "directory" : "file") +
                                                  " there, the mount needs a " +
                                                  (file ? "file" : "directory"));
    return target;
}

std::string fdPath(int fd) {
    return "/proc/self/fd/" + std::to_string(fd);
}

}  // namespace juxta::runtime

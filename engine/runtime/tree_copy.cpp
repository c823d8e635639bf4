#include "runtime/tree_copy.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <map>
#include <utility>
#include <vector>

#include "core/unique_fd.h"

namespace juxta::runtime {
namespace {

// Reads a directory through a duplicate of its fd; `each` is given every name but "." and "..",
// and stops the reading by returning false.
template <typename Each>
Status forEachName(int dirFd, Each each) {
    UniqueFd dup(::openat(dirFd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!dup) return Error::fromErrno("open a directory to read");
    DIR* dir = ::fdopendir(dup.get());
    if (!dir) return Error::fromErrno("read a directory");
    (void)dup.release();  // closedir closes it
    errno = 0;
    bool more = true;
    while (more) {
        const dirent* e = ::readdir(dir);
        if (!e) break;
        const std::string name = e->d_name;
        if (name != "." && name != "..") more = each(name);
        errno = 0;
    }
    const int err = more ? errno : 0;
    ::closedir(dir);
    if (err) return Error(err, "read a directory");
    return {};
}

// The extended attributes a file's use depends on — file capabilities (security.capability),
// POSIX ACLs (system.posix_acl_*) and user.* — copied from `from` to `to`; never trusted.* (an
// image must not plant overlayfs' own attributes on the host) nor another security module's
// labels. Bounded: 64 KiB of names, 64 KiB a value. One this filesystem or this process cannot set
// is left out, as the file's owner is.
void copyXattrs(int from, int to) {
    std::string names(std::size_t(64) << 10, '\0');
    const ssize_t listed = ::flistxattr(from, names.data(), names.size());
    if (listed <= 0) return;
    std::string value(std::size_t(64) << 10, '\0');
    for (std::size_t at = 0; at < std::size_t(listed);) {
        const std::string name(names.c_str() + at, ::strnlen(names.c_str() + at, std::size_t(listed) - at));
        at += name.size() + 1;
        if (name.rfind("user.", 0) != 0 && name != "security.capability" &&
            name.rfind("system.posix_acl_", 0) != 0)
            continue;
        const ssize_t n = ::fgetxattr(from, name.c_str(), value.data(), value.size());
        if (n >= 0) (void)::fsetxattr(to, name.c_str(), value.data(), std::size_t(n), 0);
    }
}

// Owner where this process may set it (a user namespace maps only some ids), then the mode (chown
// drops setuid and setgid: they are set after it), then the extended attributes (chown drops file
// capabilities too), then times — through the fd of what was made, never by a name someone sharing
// the volume could have swapped meanwhile.
void copyMetadata(int from, int fd, const struct stat& st) {
    (void)::fchown(fd, st.st_uid, st.st_gid);
    (void)::fchmod(fd, st.st_mode & 07777);
    copyXattrs(from, fd);
    const timespec times[2] = {st.st_atim, st.st_mtim};
    (void)::futimens(fd, times);
}

// A symlink: owned through an O_PATH fd of the link itself (checked to be one), its times by name
// without following it (a swapped-in file would only get the link's times).
void copySymlinkMetadata(int toDir, const std::string& name, const struct stat& st) {
    UniqueFd link(::openat(toDir, name.c_str(), O_PATH | O_NOFOLLOW | O_CLOEXEC));
    struct stat now {};
    if (link && ::fstat(link.get(), &now) == 0 && S_ISLNK(now.st_mode))
        (void)::fchownat(link.get(), "", st.st_uid, st.st_gid, AT_EMPTY_PATH);
    const timespec times[2] = {st.st_atim, st.st_mtim};
    (void)::utimensat(toDir, name.c_str(), times, AT_SYMLINK_NOFOLLOW);
}

// A mount's root (statx says so since Linux 5.8). An overlay's files report the device of the
// layer they come from, so a device of their own is no sign of a mount; a directory's is.
bool isMountRoot(int dirFd, const std::string& name) {
    struct statx x {};
    if (::statx(dirFd, name.c_str(), AT_SYMLINK_NOFOLLOW, STATX_TYPE, &x) < 0) return false;
    return (x.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT) && (x.stx_attributes & STATX_ATTR_MOUNT_ROOT);
}

bool sameFile(const struct stat& a, const struct stat& b) {
    return a.st_dev == b.st_dev && a.st_ino == b.st_ino && (a.st_mode & S_IFMT) == (b.st_mode & S_IFMT);
}

Status removeEntry(int dirFd, const std::string& name, int depth);

Status emptyBelow(int dirFd, int depth) {
    if (depth > kMaxCopyDepth + 2)
        return Error(ELOOP, "deeper than " + std::to_string(kMaxCopyDepth) + " directories");
    std::vector<std::string> names;
    if (Status st = forEachName(dirFd,
                                [&names](const std::string& n) {
                                    names.push_back(n);
                                    return true;
                                });
        !st)
        return st;
    for (const std::string& name : names)
        if (Status st = removeEntry(dirFd, name, depth); !st) return st;
    return {};
}

Status removeEntry(int dirFd, const std::string& name, int depth) {
    if (::unlinkat(dirFd, name.c_str(), 0) == 0 || errno == ENOENT) return {};
    if (errno != EISDIR && errno != EPERM) return Error::fromErrno("remove " + name);
    UniqueFd sub(::openat(dirFd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!sub) return Error::fromErrno("open " + name);
    (void)::fchmod(sub.get(), 0700);  // a directory without write permission keeps its entries
    if (Status st = emptyBelow(sub.get(), depth + 1); !st) return st.error().wrap(name);
    if (::unlinkat(dirFd, name.c_str(), AT_REMOVEDIR) < 0) return Error::fromErrno("remove " + name);
    return {};
}

class Copier {
  public:
    Copier(const TreeCopyLimits& limits, dev_t sourceDevice, int toRoot)
        : limits_(limits), device_(sourceDevice), toRoot_(toRoot) {}

    TreeCopyStats stats;
    std::vector<std::string>
        madeAtTop;  // what a failure removes again (nothing else: the volume may be shared)

    // `where` names the directory for messages ("/data/sub").
    Status copyDirectory(int from, int to, const std::string& where, int depth) {
        if (depth > kMaxCopyDepth)
            return Error(ELOOP, where + ": deeper than " + std::to_string(kMaxCopyDepth) + " directories");
        std::vector<std::string> names;
        bool tooMany = false;
        if (Status st = forEachName(from,
                                    [&](const std::string& n) {
                                        tooMany = names.size() >= limits_.maxEntries;
                                        if (!tooMany) names.push_back(n);
                                        return !tooMany;
                                    });
            !st)
            return st.error().wrap(where);
        if (tooMany)
            return Error(E2BIG, where + ": more than " + std::to_string(limits_.maxEntries) + " entries");
        for (const std::string& name : names) {
            if (++entries_ > limits_.maxEntries)
                return Error(E2BIG, "more than " + std::to_string(limits_.maxEntries) + " entries");
            const std::string path = where + (where == "/" ? "" : "/") + name;
            if (Status st = copyEntry(from, to, name, path, depth); !st) return st;
        }
        return {};
    }

  private:
    Status copyEntry(int from, int to, const std::string& name, const std::string& path, int depth) {
        // What is made at the top is written down at once: a failure below it removes it again.
        const auto made = [&] {
            if (depth == 0) madeAtTop.push_back(name);
        };
        struct stat st {};
        if (::fstatat(from, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) < 0)
            return Error::fromErrno("stat " + path);
        if (isMountRoot(from, name) || (S_ISDIR(st.st_mode) && st.st_dev != device_) ||
            !(S_ISDIR(st.st_mode) || S_ISREG(st.st_mode) || S_ISLNK(st.st_mode))) {
            ++stats.skipped;  // a mount inside the tree, a device, socket or FIFO: not the image's files
            return {};
        }
        if (S_ISLNK(st.st_mode)) {
            std::string target(std::size_t(PATH_MAX), '\0');
            const ssize_t n = ::readlinkat(from, name.c_str(), target.data(), target.size());
            if (n < 0) return Error::fromErrno("read the symlink " + path);
            target.resize(std::size_t(n));
            if (::symlinkat(target.c_str(), to, name.c_str()) < 0) return Error::fromErrno("make " + path);
            made();
            ++stats.symlinks;
            copySymlinkMetadata(to, name, st);
            return {};
        }
        // Non-blocking (a FIFO swapped in cannot hang the start), and then it must still be what
        // fstatat saw.
        const int flags = O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC |
                          (S_ISDIR(st.st_mode) ? O_DIRECTORY : 0);
        UniqueFd in(::openat(from, name.c_str(), flags));
        if (!in) return Error::fromErrno("open " + path);
        struct stat opened {};
        if (::fstat(in.get(), &opened) < 0 || !sameFile(st, opened))
            return Error(ESTALE, path + " changed while it was being copied");
        if (S_ISDIR(st.st_mode)) {
            if (::mkdirat(to, name.c_str(), 0700) < 0) return Error::fromErrno("make " + path);
            made();
            UniqueFd out(::openat(to, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
            if (!out) return Error::fromErrno("open the copy of " + path);
            ++stats.directories;
            if (Status sub = copyDirectory(in.get(), out.get(), path, depth + 1); !sub) return sub;
            copyMetadata(in.get(), out.get(), st);  // after its entries: filling it changed its times
            return {};
        }
        if (st.st_nlink > 1) {  // a hard link to a file copied already: linked, not copied again
            const auto copied = links_.find({st.st_dev, st.st_ino});
            if (copied != links_.end()) {
                if (::linkat(copied->second.first, copied->second.second.c_str(), to, name.c_str(), 0) < 0)
                    return Error::fromErrno("link " + path);
                made();
                ++stats.hardLinks;
                return {};
            }
        }
        UniqueFd out(::openat(to, name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
        if (!out) return Error::fromErrno("make " + path);
        made();
        if (Status c = copyBytes(in.get(), out.get(), std::uint64_t(opened.st_size)); !c)
            return c.error().wrap(path);
        ++stats.files;
        copyMetadata(in.get(), out.get(), st);
        if (st.st_nlink > 1 && links_.size() < kMaxLinkedFiles) {  // past it, further links are copies
            UniqueFd dir(::fcntl(to, F_DUPFD_CLOEXEC, 3));
            if (dir) {
                links_[{st.st_dev, st.st_ino}] = {dir.get(), name};
                linkDirs_.push_back(std::move(dir));
            }
        }
        return {};
    }

    // At most `size` bytes (what fstat said: a file that grows meanwhile is copied as it was).
    Status copyBytes(int from, int to, std::uint64_t size) {
        std::uint64_t left = size;
        bool fallback = false;
        char buf[1 << 16];
        while (left > 0) {
            if (Status floor = checkFloor(); !floor) return floor;
            ssize_t n;
            if (!fallback) {
                n = ::copy_file_range(from, nullptr, to, nullptr, std::min<std::uint64_t>(left, 8 << 20), 0);
                if (n < 0 && (errno == EXDEV || errno == EINVAL || errno == EOPNOTSUPP || errno == ENOSYS)) {
                    fallback = true;  // refused between these filesystems: read and write
                    continue;
                }
            } else {
                n = ::read(from, buf, std::min<std::uint64_t>(left, sizeof buf));
                for (ssize_t off = 0; n > 0 && off < n;) {
                    const ssize_t w = ::write(to, buf + off, std::size_t(n - off));
                    if (w < 0 && errno == EINTR) continue;
                    if (w < 0) return Error::fromErrno("write");
                    off += w;
                }
            }
            if (n < 0 && errno == EINTR) continue;
            if (n < 0) return Error::fromErrno("copy");
            if (n == 0) break;  // it shrank meanwhile: what there was is copied
            left -= std::uint64_t(n);
            stats.bytes += std::uint64_t(n);
            sinceCheck_ += std::uint64_t(n);
        }
        return {};
    }

    // The free space of the volume's filesystem, looked at every 8 MiB.
    Status checkFloor() {
        if (sinceCheck_ < (8 << 20) && checkedOnce_) return {};
        sinceCheck_ = 0;
        checkedOnce_ = true;
        struct statvfs fs {};
        if (::fstatvfs(toRoot_, &fs) == 0 && std::uint64_t(fs.f_bavail) * fs.f_frsize < limits_.minFreeBytes)
            return Error(ENOSPC, "stopped: the volume's filesystem would fall below " +
                                     std::to_string(limits_.minFreeBytes >> 20) + " MiB free");
        return {};
    }

    const TreeCopyLimits limits_;
    const dev_t device_;
    const int toRoot_;
    std::uint64_t entries_ = 0, sinceCheck_ = 0;
    bool checkedOnce_ = false;
    static constexpr std::size_t kMaxLinkedFiles = 256;  // each holds an fd of its directory
    std::map<std::pair<dev_t, ino_t>, std::pair<int, std::string>> links_;  // first copy: its dir fd and name
    std::vector<UniqueFd> linkDirs_;
};

}  // namespace

Result<bool> isEmptyDirectory(int dirFd) {
    bool empty = true;
    if (Status st = forEachName(dirFd,
                                [&empty](const std::string&) {
                                    empty = false;
                                    return false;
                                });
        !st)
        return st.error();
    return empty;
}

Result<TreeCopyStats> copyTree(int fromDir, int toDir, const TreeCopyLimits& limits) {
    struct stat root {};
    if (::fstat(fromDir, &root) < 0) return Error::fromErrno("stat the directory to copy");
    Copier copier(limits, root.st_dev, toDir);
    if (Status st = copier.copyDirectory(fromDir, toDir, "/", 0); !st) {
        for (const std::string& name : copier.madeAtTop) (void)removeEntry(toDir, name, 0);
        return st.error();
    }
    return copier.stats;
}

Status emptyDirectory(int dirFd) {
    return emptyBelow(dirFd, 0);
}

}  // namespace juxta::runtime

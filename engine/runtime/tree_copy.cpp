#include "runtime/tree_copy.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <vector>

#include "core/unique_fd.h"

namespace juxta::runtime {
namespace {

// The names in a directory (not "." and ".."), read through a duplicate of its fd.
Result<std::vector<std::string>> namesIn(int dirFd) {
    UniqueFd dup(::openat(dirFd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!dup) return Error::fromErrno("open a directory to read");
    DIR* dir = ::fdopendir(dup.get());
    if (!dir) return Error::fromErrno("read a directory");
    (void)dup.release();  // closedir closes it
    std::vector<std::string> names;
    errno = 0;
    while (const dirent* e = ::readdir(dir)) {
        const std::string name = e->d_name;
        if (name != "." && name != "..") names.push_back(name);
        errno = 0;
    }
    const int err = errno;
    ::closedir(dir);
    if (err) return Error(err, "read a directory");
    return names;
}

// Owner where this process may set it (a user namespace maps only some ids), then the mode (chown
// drops setuid and setgid: they are set after it), then times — through the fd of what was made,
// never by a name someone sharing the volume could have swapped for a symlink meanwhile.
void copyMetadata(int fd, const struct stat& st) {
    (void)::fchown(fd, st.st_uid, st.st_gid);
    (void)::fchmod(fd, st.st_mode & 07777);
    const timespec times[2] = {st.st_atim, st.st_mtim};
    (void)::futimens(fd, times);
}

// A symlink has no mode of its own; AT_SYMLINK_NOFOLLOW reaches the link, not what it names.
void copySymlinkMetadata(int toDir, const std::string& name, const struct stat& st) {
    (void)::fchownat(toDir, name.c_str(), st.st_uid, st.st_gid, AT_SYMLINK_NOFOLLOW);
    const timespec times[2] = {st.st_atim, st.st_mtim};
    (void)::utimensat(toDir, name.c_str(), times, AT_SYMLINK_NOFOLLOW);
}

Status copyBytes(int from, int to, std::uint64_t size, std::uint64_t& copied) {
    std::uint64_t left = size;
    while (left > 0) {
        const ssize_t n = ::copy_file_range(from, nullptr, to, nullptr, left, 0);
        if (n > 0) {
            left -= std::uint64_t(n);
            copied += std::uint64_t(n);
            continue;
        }
        if (n == 0) break;  // the file shrank under us: what there was is copied
        if (errno == EINTR) continue;
        if (errno != EXDEV && errno != EINVAL && errno != EOPNOTSUPP && errno != ENOSYS)
            return Error::fromErrno("copy");
        char buf[1 << 16];  // copy_file_range refused between these filesystems: read and write
        for (;;) {
            const ssize_t r = ::read(from, buf, sizeof buf);
            if (r < 0 && errno == EINTR) continue;
            if (r < 0) return Error::fromErrno("read");
            if (r == 0) return {};
            for (ssize_t off = 0; off < r;) {
                const ssize_t w = ::write(to, buf + off, std::size_t(r - off));
                if (w < 0 && errno == EINTR) continue;
                if (w < 0) return Error::fromErrno("write");
                off += w;
                copied += std::uint64_t(w);
            }
        }
    }
    return {};
}

class Copier {
  public:
    TreeCopyStats stats;
    std::vector<std::string> madeAtTop;  // what a failure removes again (nothing else: the volume may be shared)

    // `where` names the directory for messages ("/data/sub").
    Status copyDirectory(int from, int to, const std::string& where, int depth) {
        if (depth > kMaxCopyDepth)
            return Error(ELOOP, where + ": deeper than " + std::to_string(kMaxCopyDepth) + " directories");
        auto names = namesIn(from);
        if (!names) return names.error().wrap(where);
        for (const std::string& name : *names) {
            const std::string path = where + (where == "/" ? "" : "/") + name;
            struct stat st {};
            if (::fstatat(from, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) < 0) return Error::fromErrno("stat " + path);
            if (S_ISDIR(st.st_mode)) {
                UniqueFd sub(::openat(from, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
                if (!sub) return Error::fromErrno("open " + path);
                if (::mkdirat(to, name.c_str(), 0700) < 0) return Error::fromErrno("make " + path);
                if (depth == 0) madeAtTop.push_back(name);
                UniqueFd made(::openat(to, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
                if (!made) return Error::fromErrno("open the copy of " + path);
                ++stats.directories;
                if (Status st2 = copyDirectory(sub.get(), made.get(), path, depth + 1); !st2) return st2;
                copyMetadata(made.get(), st);  // after its entries: filling it changed its times
            } else if (S_ISREG(st.st_mode)) {
                UniqueFd in(::openat(from, name.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
                if (!in) return Error::fromErrno("open " + path);
                UniqueFd out(::openat(to, name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
                if (!out) return Error::fromErrno("make " + path);
                if (depth == 0) madeAtTop.push_back(name);
                if (Status c = copyBytes(in.get(), out.get(), std::uint64_t(st.st_size), stats.bytes); !c)
                    return c.error().wrap(path);
                ++stats.files;
                copyMetadata(out.get(), st);
            } else if (S_ISLNK(st.st_mode)) {
                std::string target(std::size_t(PATH_MAX), '\0');
                const ssize_t n = ::readlinkat(from, name.c_str(), target.data(), target.size());
                if (n < 0) return Error::fromErrno("read the symlink " + path);
                target.resize(std::size_t(n));
                if (::symlinkat(target.c_str(), to, name.c_str()) < 0) return Error::fromErrno("make " + path);
                if (depth == 0) madeAtTop.push_back(name);
                ++stats.symlinks;
                copySymlinkMetadata(to, name, st);
            } else {
                ++stats.skipped;  // a device, socket or FIFO: not a volume's business
            }
        }
        return {};
    }
};

Status removeEntry(int dirFd, const std::string& name, int depth);

Status emptyBelow(int dirFd, int depth) {
    if (depth > kMaxCopyDepth + 2) return Error(ELOOP, "deeper than " + std::to_string(kMaxCopyDepth) + " directories");
    auto names = namesIn(dirFd);
    if (!names) return names.error();
    for (const std::string& name : *names)
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

}  // namespace

Result<bool> isEmptyDirectory(int dirFd) {
    auto names = namesIn(dirFd);
    if (!names) return names.error();
    return names->empty();
}

Result<TreeCopyStats> copyTree(int fromDir, int toDir) {
    Copier copier;
    if (Status st = copier.copyDirectory(fromDir, toDir, "/", 0); !st) {
        for (const std::string& name : copier.madeAtTop) (void)removeEntry(toDir, name, 0);
        return st.error();
    }
    return copier.stats;
}

}  // namespace juxta::runtime

#include "images/layer_tree_digest.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>

#include <algorithm>
#include <cerrno>
#include <vector>

#include "core/unique_fd.h"
#include "images/digest.h"

namespace juxta::images {
namespace {

// Length-prefixed, so no two different trees hash the same sequence of bytes.
void field(Sha256& h, std::string_view bytes) {
    const std::string len = std::to_string(bytes.size()) + ":";
    h.update(len.data(), len.size());
    h.update(bytes.data(), bytes.size());
}

void field(Sha256& h, unsigned long long number) {
    field(h, std::to_string(number));
}

// Every xattr of `path` (not followed), sorted by name.
Status hashXattrs(Sha256& h, const std::string& path) {
    std::vector<char> names(4096);
    ssize_t n;
    while ((n = ::llistxattr(path.c_str(), names.data(), names.size())) < 0 && errno == ERANGE)
        names.resize(names.size() * 4);
    if (n < 0 && errno == ENOTSUP) n = 0;  // a filesystem without xattrs
    if (n < 0) return Error::fromErrno("list the xattrs of " + path);
    std::vector<std::string> sorted;
    for (ssize_t pos = 0; pos < n; pos += ssize_t(sorted.back().size()) + 1)
        sorted.emplace_back(names.data() + pos);
    std::sort(sorted.begin(), sorted.end());
    field(h, sorted.size());
    for (const auto& name : sorted) {
        std::string value(256, '\0');
        ssize_t len;
        while ((len = ::lgetxattr(path.c_str(), name.c_str(), value.data(), value.size())) < 0 &&
               errno == ERANGE)
            value.resize(value.size() * 4);
        if (len < 0) return Error::fromErrno("read xattr " + name + " of " + path);
        value.resize(std::size_t(len));
        field(h, name);
        field(h, value);
    }
    return {};
}

Status hashContent(Sha256& h, int dirFd, const std::string& name, const std::string& path, off_t size) {
    UniqueFd fd(::openat(dirFd, name.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
    if (!fd) return Error::fromErrno("open " + path);
    char buf[1 << 16];
    off_t total = 0;
    for (;;) {
        const ssize_t n = ::read(fd.get(), buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return Error::fromErrno("read " + path);
        if (n == 0) break;
        h.update(buf, std::size_t(n));
        total += n;
    }
    // The size field was hashed before the content: a file that changed under us is "modified".
    if (total != size) h.update("\n(size changed)", 15);
    return {};
}

// One entry (already lstat'ed), then, for a directory, its children.
Status hashEntry(Sha256& h, int parentFd, const std::string& name, const std::string& rel,
                 const std::string& path, const struct stat& st);

Status hashDirectory(Sha256& h, int dirFd, const std::string& rel, const std::string& path) {
    if (std::count(rel.begin(), rel.end(), '/') >= kMaxLayerDepth)
        return Error(ELOOP,
                     path + " is nested deeper than " + std::to_string(kMaxLayerDepth) + " directories");
    UniqueFd listing(::openat(dirFd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!listing) return Error::fromErrno("open " + path);
    DIR* d = ::fdopendir(listing.release());
    if (!d) return Error::fromErrno("list " + path);
    std::vector<std::string> names;
    errno = 0;
    while (const dirent* e = ::readdir(d)) {
        const std::string n = e->d_name;
        if (n != "." && n != "..") names.push_back(n);
    }
    const int err = errno;
    ::closedir(d);
    if (err) return Error::fromErrno("list " + path, err);
    std::sort(names.begin(), names.end());
    for (const auto& n : names) {
        struct stat st {};
        if (::fstatat(dirFd, n.c_str(), &st, AT_SYMLINK_NOFOLLOW) < 0)
            return Error::fromErrno("stat " + path + "/" + n);
        if (auto s = hashEntry(h, dirFd, n, rel == "." ? n : rel + "/" + n, path + "/" + n, st); !s) return s;
    }
    return {};
}

Status hashEntry(Sha256& h, int parentFd, const std::string& name, const std::string& rel,
                 const std::string& path, const struct stat& st) {
    field(h, rel);
    field(h, (unsigned long long)st.st_mode);
    field(h, (unsigned long long)st.st_uid);
    field(h, (unsigned long long)st.st_gid);
    if (auto s = hashXattrs(h, path); !s) return s;
    if (S_ISREG(st.st_mode)) {
        field(h, (unsigned long long)st.st_size);
        return hashContent(h, parentFd, name, path, st.st_size);
    }
    if (S_ISLNK(st.st_mode)) {
        std::string target(std::size_t(st.st_size) + 1, '\0');
        const ssize_t n = ::readlinkat(parentFd, name.c_str(), target.data(), target.size());
        if (n < 0) return Error::fromErrno("read link " + path);
        target.resize(std::size_t(n));
        field(h, target);
        return {};
    }
    if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)) {
        field(h, (unsigned long long)st.st_rdev);
        return {};
    }
    if (!S_ISDIR(st.st_mode)) return {};
    UniqueFd dir(::openat(parentFd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!dir) return Error::fromErrno("open " + path);
    return hashDirectory(h, dir.get(), rel, path);
}

}  // namespace

Result<std::string> layerTreeDigest(const std::filesystem::path& dir) {
    struct stat st {};
    if (::lstat(dir.c_str(), &st) < 0) return Error::fromErrno("layer " + dir.string());
    if (!S_ISDIR(st.st_mode)) return Error(ENOTDIR, "layer " + dir.string() + " is not a directory");
    UniqueFd parent(::open(dir.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!parent) return Error::fromErrno("open " + dir.parent_path().string());
    Sha256 h;
    if (auto s = hashEntry(h, parent.get(), dir.filename().string(), ".", dir.string(), st); !s)
        return s.error();
    return h.hexDigest();
}

}  // namespace juxta::images

#include "images/source_dir.h"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>

#include "images/digest.h"

namespace juxta::images {

Result<SourceDir> SourceDir::open(const std::filesystem::path& dir) {
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return Error::fromErrno(dir.string());
    SourceDir d;
    d.path_ = dir;
    d.fd_ = UniqueFd(fd);
    return d;
}

static int openBeneath(int dirFd, const std::string& relative) {
    open_how how{};
    how.flags = O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK;
    how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS | RESOLVE_NO_XDEV;
    return int(::syscall(SYS_openat2, dirFd, relative.c_str(), &how, sizeof how));
}

bool SourceDir::exists(const std::string& relative) const {
    const int fd = openBeneath(fd_.get(), relative);
    if (fd >= 0) ::close(fd);
    return fd >= 0;
}

Result<UniqueFd> SourceDir::openFile(const std::string& relative) const {
    UniqueFd fd(openBeneath(fd_.get(), relative));
    if (fd.get() < 0) {
        if (errno == ENOENT) return Error(ENOENT, relative + " is missing");
        return Error::fromErrno(relative);
    }
    struct stat st {};
    if (::fstat(fd.get(), &st) < 0) return Error::fromErrno(relative);
    if (!S_ISREG(st.st_mode)) return Error(EINVAL, relative + " is not a regular file");
    // Back to blocking reads (O_NONBLOCK only kept a FIFO from hanging the open).
    ::fcntl(fd.get(), F_SETFL, ::fcntl(fd.get(), F_GETFL) & ~O_NONBLOCK);
    return fd;
}

Result<std::string> SourceDir::readSmall(const std::string& relative, std::size_t maxBytes) const {
    auto fd = openFile(relative);
    if (!fd) return fd.error();
    std::string out;
    char buf[65536];
    for (;;) {
        const ssize_t n = ::read(fd->get(), buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return Error::fromErrno("read " + relative);
        if (n == 0) break;
        out.append(buf, std::size_t(n));
        if (out.size() > maxBytes)
            return Error(E2BIG, relative + " is larger than " + std::to_string(maxBytes >> 20) +
                                    " MiB — not an image document");
    }
    return out;
}

Result<std::string> SourceDir::blobPath(const std::string& digest) {
    auto hex = parseDigest(digest);
    if (!hex) return hex.error();
    return "blobs/sha256/" + *hex;
}

}  // namespace juxta::images

#include "core/read_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "core/unique_fd.h"

namespace juxta {
namespace {

template <typename Buffer>
Result<Buffer> readInto(const std::filesystem::path& path, const ReadLimits& limits) {
    const int flags = O_RDONLY | O_CLOEXEC | (limits.followSymlinks ? 0 : O_NOFOLLOW) |
                      (limits.regularOnly ? O_NONBLOCK : 0);
    UniqueFd fd(::open(path.c_str(), flags));
    if (!fd) return Error::fromErrno("open " + path.string());
    if (limits.regularOnly) {
        struct stat st {};
        if (::fstat(fd.get(), &st) != 0) return Error::fromErrno("stat " + path.string());
        if (!S_ISREG(st.st_mode)) return Error(EINVAL, path.string() + ": not a regular file");
    }
    // A regular file's size is known up front; /proc and cgroup files say 0 (or 4096) and are read on.
    struct stat st {};
    std::size_t expected = 0;
    if (::fstat(fd.get(), &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0)
        expected = std::size_t(st.st_size);
    if (expected > limits.maxBytes)
        return Error(EFBIG, path.string() + ": " + std::to_string(expected) + " bytes, more than the " +
                                std::to_string(limits.maxBytes) + " read here");
    Buffer out;
    out.resize(std::max<std::size_t>(expected + 1, 4096));  // +1: end of file is seen without a resize
    std::size_t used = 0;
    for (;;) {
        if (used == out.size()) {
            if (out.size() > limits.maxBytes)
                return Error(EFBIG, path.string() + ": more than the " + std::to_string(limits.maxBytes) +
                                        " bytes read here");
            out.resize(std::min(out.size() * 2, limits.maxBytes + 1));
        }
        const ssize_t n = ::read(fd.get(), out.data() + used, out.size() - used);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return Error::fromErrno("read " + path.string());
        if (n == 0) break;
        used += std::size_t(n);
    }
    if (used > limits.maxBytes)
        return Error(
            EFBIG, path.string() + ": more than the " + std::to_string(limits.maxBytes) + " bytes read here");
    out.resize(used);
    return out;
}

}  // namespace

Result<std::string> readFile(const std::filesystem::path& path, ReadLimits limits) {
    return readInto<std::string>(path, limits);
}

Result<std::vector<uint8_t>> readFileBytes(const std::filesystem::path& path, ReadLimits limits) {
    return readInto<std::vector<uint8_t>>(path, limits);
}

}  // namespace juxta

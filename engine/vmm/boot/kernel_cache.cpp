#include "vmm/boot/kernel_cache.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "core/sha256.h"
#include "vmm/boot/bzimage.h"
#include "vmm/boot/elf_kernel.h"
#include "vmm/boot/payload.h"

namespace juxta::vmm::boot {

namespace fs = std::filesystem;

fs::path cachePathOf(std::span<const uint8_t> bzImage, const fs::path& cacheDir) {
    Sha256 hash;
    hash.update(bzImage.data(), bzImage.size());
    const std::string hex = hash.hexDigest();
    return hex.empty() ? fs::path() : cacheDir / ("vmlinux-" + hex);
}

static Status writeAtomically(const fs::path& path, std::span<const uint8_t> bytes) {
    fs::path tmp = path;
    tmp += fmt::format(".tmp{}", ::getpid());
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return Error::fromErrno("kernel cache: create " + tmp.string());
    size_t done = 0;
    while (done < bytes.size()) {
        ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            Error e = Error::fromErrno("kernel cache: write " + tmp.string());
            ::close(fd);
            ::unlink(tmp.c_str());
            return e;
        }
        done += size_t(n);
    }
    ::fsync(fd);
    ::close(fd);
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        Error e = Error::fromErrno("kernel cache: rename to " + path.string());
        ::unlink(tmp.c_str());
        return e;
    }
    return {};
}

Result<Bytes> cachedVmlinux(const Bytes& bzImage, const fs::path& cacheDir, bool* hit) {
    if (hit) *hit = false;
    fs::path cached;
    if (!cacheDir.empty()) {
        cached = cachePathOf(*bzImage, cacheDir);  // without libcrypto: no cache, extracted each time
        std::error_code ec;
        if (!cached.empty() && fs::exists(cached, ec)) {
            auto bytes = FileBytes::open(cached, "cached vmlinux");
            if (bytes && looksLikeElf(**bytes)) {
                if (hit) *hit = true;
                return bytes;
            }
        }
    }
    auto image = parseBzImage(*bzImage);
    if (!image) return image.error();
    auto vmlinux = extractVmlinux(*image);
    if (!vmlinux) return vmlinux.error();
    Bytes result = heldBytes(std::move(*vmlinux));
    if (!cached.empty()) {
        std::error_code ec;
        fs::create_directories(cacheDir, ec);
        if (ec) return Error(ec.value(), "kernel cache: create " + cacheDir.string() + ": " + ec.message());
        if (Status s = writeAtomically(cached, *result); !s) return s.error();
    }
    return result;
}

}  // namespace juxta::vmm::boot

#include "vmm/boot/file_bytes.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include <cerrno>

#include "core/read_file.h"
#include "core/unique_fd.h"

namespace juxta::vmm::boot {

namespace fs = std::filesystem;

FileBytes::FileBytes(std::vector<uint8_t> held)
    : held_(std::move(held)), data_(held_.data()), size_(held_.size()) {}

FileBytes::FileBytes(void* mapping, std::size_t size)
    : mapping_(mapping), data_(static_cast<const uint8_t*>(mapping)), size_(size) {}

FileBytes::~FileBytes() {
    if (mapping_) ::munmap(mapping_, size_);
}

Result<std::shared_ptr<const FileBytes>> FileBytes::open(const fs::path& path, const char* what) {
    std::error_code ec;
    if (!fs::exists(path, ec)) return Error(ENOENT, fmt::format("{} {}: no such file", what, path.string()));
    if (fs::is_directory(path, ec))
        return Error(EISDIR, fmt::format("{} {}: is a directory", what, path.string()));
    UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
    if (!fd) return Error::fromErrno(fmt::format("{}: open {}", what, path.string()));
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) return Error::fromErrno(fmt::format("{}: stat {}", what, path.string()));
    // Whatever the size, the boot plan checks next that it fits the VM's memory.
    if (S_ISREG(st.st_mode) && st.st_size > 0) {
        // MAP_POPULATE: the pages the plan will copy are mapped in one call, not a fault each.
        void* p =
            ::mmap(nullptr, std::size_t(st.st_size), PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd.get(), 0);
        if (p == MAP_FAILED) return Error::fromErrno(fmt::format("{}: map {}", what, path.string()));
        return std::shared_ptr<const FileBytes>(new FileBytes(p, std::size_t(st.st_size)));
    }
    auto bytes = readFileBytes(path, {.maxBytes = std::size_t(16) << 30});
    if (!bytes) return bytes.error().wrap(what);
    return heldBytes(std::move(*bytes));
}

}  // namespace juxta::vmm::boot

#pragma once
// A boot input's bytes (a kernel, an initrd, a raw image), read-only and shared by the boot plan's
// writes. A regular file is mapped, not read: its pages come straight from the page cache when the
// plan copies them into guest memory — one copy of a 50 MiB vmlinux instead of three (a zeroed
// buffer, read into, copied out), which is a good part of a VM's start where the VMM itself runs
// under emulation. Bytes made in memory (a vmlinux just extracted, a test's) are held as they are.
//
// A mapped file that someone truncates while the plan reads it would raise SIGBUS: juxta-vmm maps
// only files it is given to boot, before the guest runs, and the ones it writes itself (the kernel
// cache) are replaced by rename, never rewritten in place.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <vector>

#include "core/error.h"

namespace juxta::vmm::boot {

class FileBytes {
  public:
    explicit FileBytes(std::vector<uint8_t> held);
    ~FileBytes();
    FileBytes(const FileBytes&) = delete;
    FileBytes& operator=(const FileBytes&) = delete;

    // The whole file: mapped when it is a regular file, read otherwise (a pipe, a device);
    // `what` names it in errors ("kernel", "initrd").
    static Result<std::shared_ptr<const FileBytes>> open(const std::filesystem::path& path, const char* what);

    const uint8_t* data() const { return data_; }
    std::size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    const uint8_t* begin() const { return data_; }
    const uint8_t* end() const { return data_ + size_; }
    uint8_t operator[](std::size_t i) const { return data_[i]; }
    bool mapped() const { return mapping_ != nullptr; }

  private:
    FileBytes(void* mapping, std::size_t size);

    std::vector<uint8_t> held_;
    void* mapping_ = nullptr;
    const uint8_t* data_ = nullptr;
    std::size_t size_ = 0;
};

using Bytes = std::shared_ptr<const FileBytes>;

// Bytes held in memory, as boot inputs (tests, extracted kernels).
inline Bytes heldBytes(std::vector<uint8_t> bytes) {
    return std::make_shared<const FileBytes>(std::move(bytes));
}

}  // namespace juxta::vmm::boot

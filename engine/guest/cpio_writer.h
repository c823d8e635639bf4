#pragma once
// A cpio "newc" archive writer (the format Linux unpacks as an initramfs), written by the project
// so the image builder needs no external tool. Entries get fixed metadata (uid/gid 0, mtime 0,
// one link each), so the same inputs give byte-identical archives. Paths are relative ("bin/sh"),
// without "..", and each may appear once.
#include <cstdint>
#include <filesystem>
#include <ostream>
#include <set>
#include <string>
#include <string_view>

#include "core/error.h"

namespace juxta::guest {

class CpioWriter {
  public:
    explicit CpioWriter(std::ostream& out) : out_(out) {}

    Status addDirectory(const std::string& path, uint32_t mode = 0755);
    Status addFile(const std::string& path, std::string_view bytes, uint32_t mode = 0644);
    Status addFileFrom(const std::string& path, const std::filesystem::path& source, uint32_t mode);
    Status addSymlink(const std::string& path, const std::string& target);
    Status addCharDevice(const std::string& path, uint32_t major, uint32_t minor, uint32_t mode = 0600);
    // Writes the trailer; nothing may be added after it.
    Status finish();

  private:
    Status add(const std::string& path, uint32_t mode, std::string_view data, uint32_t rdevMajor = 0,
               uint32_t rdevMinor = 0);
    void pad();

    std::ostream& out_;
    std::set<std::string> paths_;
    uint32_t nextInode_ = 1;
    uint64_t offset_ = 0;
    bool finished_ = false;
};

}  // namespace juxta::guest

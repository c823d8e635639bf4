#include "guest/cpio_writer.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <sstream>

#include "core/read_file.h"

namespace juxta::guest {

namespace {

constexpr std::string_view kMagic = "070701";
constexpr std::string_view kTrailer = "TRAILER!!!";

Status checkPath(const std::string& path) {
    if (path.empty() || path.front() == '/' || path.back() == '/')
        return Error(EINVAL, "cpio entry '" + path + "': give a relative path like bin/sh");
    size_t start = 0;
    while (start <= path.size()) {
        size_t end = path.find('/', start);
        if (end == std::string::npos) end = path.size();
        std::string_view part(path.data() + start, end - start);
        if (part.empty() || part == "." || part == "..")
            return Error(EINVAL, "cpio entry '" + path + "': empty, '.' or '..' path component");
        start = end + 1;
    }
    if (path.find('\0') != std::string::npos) return Error(EINVAL, "cpio entry name holds a NUL byte");
    return {};
}

}  // namespace

void CpioWriter::pad() {
    static const char zeros[4] = {};
    const size_t n = (4 - offset_ % 4) % 4;
    out_.write(zeros, std::streamsize(n));
    offset_ += n;
}

Status CpioWriter::add(const std::string& path, uint32_t mode, std::string_view data, uint32_t rdevMajor,
                       uint32_t rdevMinor) {
    if (finished_) return Error(EINVAL, "cpio archive already finished");
    if (path != kTrailer) {
        if (Status s = checkPath(path); !s) return s;
        if (!paths_.insert(path).second) return Error(EEXIST, "cpio entry '" + path + "' added twice");
    }
    if (data.size() > UINT32_MAX) return Error(EFBIG, "cpio entry '" + path + "': larger than 4 GiB");
    const uint32_t fields[13] = {path == kTrailer ? 0 : nextInode_++,
                                 mode,
                                 0,  // uid
                                 0,  // gid
                                 S_ISDIR(mode) ? 2u : 1u,
                                 0,  // mtime
                                 uint32_t(data.size()),
                                 0,  // dev major
                                 0,  // dev minor
                                 rdevMajor,
                                 rdevMinor,
                                 uint32_t(path.size() + 1),
                                 0};  // check (newc: unused)
    char header[6 + 13 * 8 + 1];
    std::memcpy(header, kMagic.data(), kMagic.size());
    for (int i = 0; i < 13; ++i) std::snprintf(header + 6 + i * 8, 9, "%08X", fields[i]);
    out_.write(header, 6 + 13 * 8);
    out_.write(path.c_str(), std::streamsize(path.size() + 1));
    offset_ += 6 + 13 * 8 + path.size() + 1;
    pad();
    out_.write(data.data(), std::streamsize(data.size()));
    offset_ += data.size();
    pad();
    if (!out_) return Error(EIO, "cpio: write failed at entry '" + path + "'");
    return {};
}

Status CpioWriter::addDirectory(const std::string& path, uint32_t mode) {
    return add(path, S_IFDIR | (mode & 07777), {});
}

Status CpioWriter::addFile(const std::string& path, std::string_view bytes, uint32_t mode) {
    return add(path, S_IFREG | (mode & 07777), bytes);
}

Status CpioWriter::addFileFrom(const std::string& path, const std::filesystem::path& source, uint32_t mode) {
    auto bytes = readFile(source, {.maxBytes = std::size_t(256) << 20});  // an initramfs file, not a disk
    if (!bytes) return bytes.error();
    return addFile(path, *bytes, mode);
}

Status CpioWriter::addSymlink(const std::string& path, const std::string& target) {
    if (target.empty()) return Error(EINVAL, "cpio symlink '" + path + "': empty target");
    return add(path, S_IFLNK | 0777, target);
}

Status CpioWriter::addCharDevice(const std::string& path, uint32_t major, uint32_t minor, uint32_t mode) {
    return add(path, S_IFCHR | (mode & 07777), {}, major, minor);
}

Status CpioWriter::finish() {
    if (Status s = add(std::string(kTrailer), 0, {}); !s) return s;
    finished_ = true;
    out_.flush();
    if (!out_) return Error(EIO, "cpio: write failed at the trailer");
    return {};
}

}  // namespace juxta::guest

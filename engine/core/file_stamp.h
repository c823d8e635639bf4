#pragma once
// What a file looked like at a stat: its modification time, size and inode. Two stamps that differ
// say it was written or replaced since; both absent (-1) say it is still not there.
#include <sys/stat.h>

#include <cstdint>
#include <filesystem>

namespace juxta {

struct FileStamp {
    int64_t mtimeNs = -1, size = -1, inode = -1;  // -1: absent
    bool operator==(const FileStamp&) const = default;

    static FileStamp of(const std::filesystem::path& file) {
        struct stat st {};
        if (::stat(file.c_str(), &st) != 0) return {};
        return {int64_t(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec, int64_t(st.st_size),
                int64_t(st.st_ino)};
    }
};

}  // namespace juxta

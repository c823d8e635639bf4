#pragma once
// Small helpers for reading and writing cgroup interface files (shared by both backends).
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

#include "core/error.h"
#include "core/read_file.h"  // readFile

namespace juxta::runtime::cgroupfs {

// Writes value to an existing file (never creates one: a missing file means a missing controller).
Status writeFile(const std::filesystem::path& file, std::string_view value);
Result<int64_t> readInt(const std::filesystem::path& file);  // "max" reads as -1
// The value after "key " in a flat-keyed file ("usage_usec 123\n..."); fallback if the key is missing.
int64_t keyedValue(std::string_view content, std::string_view key, int64_t fallback = 0);
// Storage bytes read and written, summed over devices: v1's blkio.throttle.io_service_bytes
// ("8:0 Read 4096\n8:0 Write 0\n...") and v2's io.stat ("8:0 rbytes=4096 wbytes=0 ...").
struct IoBytes {
    int64_t read = 0, written = 0;
};
IoBytes ioBytesV1(std::string_view serviceBytes);
IoBytes ioBytesV2(std::string_view ioStat);
// SIGKILLs every task listed in a cgroup.procs file (a missing file kills nothing).
void killTasks(const std::filesystem::path& procsFile);
// Polls done() every millisecond for up to 2 s; ETIMEDOUT after that.
Status pollUntil(const std::function<Result<bool>()>& done, std::string_view what);
// mkdir that accepts an existing directory.
Status makeDir(const std::filesystem::path& dir);
// rmdir that accepts a missing directory; retries briefly while the kernel still reaps tasks (EBUSY).
Status removeDir(const std::filesystem::path& dir);

}  // namespace juxta::runtime::cgroupfs

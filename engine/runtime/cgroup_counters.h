#pragma once
// The counters a monitor records once a second (instances/history.h) — CPU time, memory in use,
// storage bytes — from the cgroup files it opens once and re-reads with pread: three reads a second
// where Cgroup::stats() opens, reads and closes six files (and parses peak memory, OOM kills and
// tasks, which a history does not keep).
//   v1: cpuacct.usage, memory.usage_in_bytes, blkio.throttle.io_service_bytes
//   v2: cpu.stat, memory.current, io.stat
#include <string>

#include "core/error.h"
#include "core/unique_fd.h"
#include "runtime/cgroup.h"

namespace juxta::runtime {

class CgroupCounters {
  public:
    // The files of the cgroup's hierarchies (the directories of its selfJoinFiles()); ENOTSUP for a
    // container without a cgroup. A file a hierarchy lacks (no blkio controller) reads as 0.
    static Result<CgroupCounters> open(const Cgroup& cgroup);
    // Only cpuUsageNs, memoryCurrent, ioReadBytes and ioWriteBytes are filled.
    Result<CgroupStats> read();

  private:
    CgroupVersion version_ = CgroupVersion::V2;
    UniqueFd cpu_, memory_, io_;
    std::string buffer_;
    Result<std::string_view> readAll(int fd);
};

}  // namespace juxta::runtime

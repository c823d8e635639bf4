#pragma once
// One container's cgroup, behind one interface with three explicit backends:
//   CgroupV1 (cgroup_v1.cpp): one directory per controller hierarchy (memory, cpu, cpuacct, pids,
//            freezer, blkio, devices) — what this build machine has;
//   CgroupV2 (cgroup_v2.cpp): one directory in the unified hierarchy — what current desktops have;
//   NoCgroup (cgroup_none.cpp): none at all, for a rootless container that cannot have one.
// V1 and V2 take their root as a parameter so tests can lay out a fake tree in a temp dir.
#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "core/error.h"
#include "runtime/devices.h"
#include "runtime/spec.h"

namespace juxta::runtime {

struct CgroupStats {
    int64_t cpuUsageNs = 0;     // total CPU time of all tasks
    int64_t memoryCurrent = 0;  // bytes
    int64_t memoryPeak = 0;     // bytes; 0 where the kernel does not track it, kUnavailable without a cgroup
    int64_t pids = 0;
    int64_t ioReadBytes = 0;
    int64_t ioWriteBytes = 0;
    int64_t oomKills = 0;  // tasks the kernel OOM-killed in this cgroup; kUnavailable without a cgroup
    // A container without a cgroup (rootless on cgroup v1) is measured from its processes
    // (process_stats.h): memory is their PSS, and what only a cgroup counts is kUnavailable.
    bool fromProcesses = false;
    static constexpr int64_t kUnavailable = -1;
};

// None: the NoCgroup backend (cgroup_none.h) of a container that has no cgroup; never detected.
enum class CgroupVersion { V1, V2, None };

class Cgroup {
  public:
    virtual ~Cgroup() = default;
    virtual CgroupVersion version() const = 0;

    // Applies the limits; unset limits are left at the kernel's default (no limit).
    virtual Status setLimits(const Limits& limits) = 0;
    // Lets the tasks use only the devices the rules allow (v1: devices.allow; v2: a BPF program).
    virtual Status restrictDevices(std::span<const DeviceRule> rules) = 0;
    // Moves a task in; "0" (pid 0) means the calling task.
    virtual Status join(pid_t pid) = 0;
    virtual Result<CgroupStats> stats() const = 0;
    virtual Status freeze() = 0;  // returns once every task is frozen
    virtual Status thaw() = 0;
    // Removes the cgroup (after killing what is left in it). Safe to call twice.
    virtual Status destroy() = 0;

    // v2 only: an O_PATH|O_DIRECTORY fd of the cgroup for clone3(CLONE_INTO_CGROUP); -1 on v1.
    virtual int directoryFd() const { return -1; }
    // The files a single-threaded task writes "0" into to join itself (v1: the tasks file of
    // each hierarchy it needs; v2: cgroup.procs).
    virtual std::vector<std::filesystem::path> selfJoinFiles() const = 0;
};

// Which hierarchy is in use below root (default /sys/fs/cgroup): cgroup2 mounted at root means v2.
Result<CgroupVersion> detectCgroupVersion(const std::filesystem::path& root = "/sys/fs/cgroup");

// Creates <root>/.../juxta/<id> for the detected (or given) version; the cgroup is removed by
// destroy() or, failing that, by the destructor.
Result<std::unique_ptr<Cgroup>> createCgroup(const std::string& id,
                                             const std::filesystem::path& root = "/sys/fs/cgroup");
Result<std::unique_ptr<Cgroup>> createCgroup(const std::string& id, const std::filesystem::path& root,
                                             CgroupVersion version);
// The cgroup of a container that runs under another process (its monitor): for pause, resume and
// stats. Not owned: the destructor leaves it in place. ENOENT when there is none.
Result<std::unique_ptr<Cgroup>> openCgroup(const std::string& id,
                                           const std::filesystem::path& root = "/sys/fs/cgroup");

}  // namespace juxta::runtime

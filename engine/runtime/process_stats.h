#pragma once
// Statistics of a container that has no cgroup of its own (rootless on cgroup v1), measured from
// its processes: every process in the pid namespace of its init. CPU time is what they used plus
// what their reaped children used (/proc/PID/stat, clock-tick resolution), memory their PSS
// (/proc/PID/smaps_rollup: shared pages counted once), I/O their storage bytes (/proc/PID/io),
// pids their threads. Peak memory and OOM kills only a cgroup counts: CgroupStats::kUnavailable.
#include <sys/types.h>

#include "core/error.h"
#include "runtime/cgroup.h"

namespace juxta::runtime {

// ESRCH once the init is gone.
Result<CgroupStats> processTreeStats(pid_t init);

}  // namespace juxta::runtime

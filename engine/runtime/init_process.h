#pragma once
// The container's first process between clone and exec ("init" until it execs the workload).
// Everything it needs is prepared by the runtime before clone (InitPlan), so the child only
// makes system calls; each step sends its timestamp, and a failure sends {errno, message}
// over the start channel and exits 127.
//
// The clone is fork-like (a copy of the caller's memory, no exec in between), so the caller must
// be single-threaded: juxtactl, or the per-container monitor process the GUI uses.
#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "runtime/netlink.h"
#include "runtime/rootfs.h"
#include "runtime/workload.h"

namespace juxta::runtime {

struct InitPlan {
    int channelFd = -1;
    std::vector<std::filesystem::path> cgroupJoinFiles;  // v1: the child joins itself ("0")
    bool unshareCgroupNamespace = false;                 // true when not created at clone
    bool waitForIdMapping = false;  // rootless: wait until the runtime has written the user namespace's maps
    std::string hostname;
    bool loopbackUp = true;
    std::optional<Ipv4> bridgeAddress;  // set: wait for the runtime to plug eth0 in, then configure it
    RootfsPlan rootfs;
    bool readOnlyRoot = false;
    bool terminal = false;
    int stdio[3] = {-1, -1, -1};  // dup'ed onto 0, 1, 2 unless -1
    WorkloadPlan workload;        // cwd, capabilities, user, seccomp, argv/env (workload.h)
};

// Runs in the cloned child; never returns.
[[noreturn]] void runInit(const InitPlan& plan);

}  // namespace juxta::runtime

#pragma once
// An OCI runtime bundle (runtime-spec config.json + a root filesystem), as `runc run` takes it,
// turned into a ContainerSpec — for the subset this runtime has:
//   process: args, env, cwd, terminal, user.uid/gid, capabilities (the bounding set is the set
//            kept), noNewPrivileges (must not be false)
//   root: path (relative to the bundle or absolute), readonly
//   hostname; mounts: the standard ones (/proc, /sys, /dev, /dev/pts, /dev/shm, /dev/mqueue,
//            /sys/fs/cgroup — made by the runtime anyway), bind mounts (options ro/rbind/bind),
//            tmpfs at other places
//   linux.resources: memory.limit, cpu.quota/period, cpu.shares, pids.limit, devices (deny-all
//            only: the runtime's own device rules apply)
//   linux.namespaces: pid, mount, ipc, uts, network (all required, without paths), cgroup
//   linux.maskedPaths / readonlyPaths: accepted; the runtime applies Docker's lists
// Everything else that changes what the container is (user namespaces, hooks, seccomp, sysctl,
// rlimits, other mount types, joining namespaces by path...) is refused with one error naming it.
// The root filesystem is the container's lower layer: its writes go to the container's writable
// layer and the bundle's rootfs stays as it was.
#include <filesystem>

#include "core/error.h"
#include "runtime/spec.h"

namespace juxta::runtime {

// Fills layers, args, env, cwd, uid/gid, terminal, hostname, readOnlyRoot, mounts, limits and
// capabilities; the caller sets id, name and where the writable layer goes.
Result<ContainerSpec> specFromBundle(const std::filesystem::path& bundle);

}  // namespace juxta::runtime

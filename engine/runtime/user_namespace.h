#pragma once
// Rootless containers: a non-root caller's container gets a user namespace of its own, created by
// the same clone as the other namespaces. Inside, uid/gid 0 is the caller; with a range in
// /etc/subuid and /etc/subgid and the setuid helpers newuidmap/newgidmap (Debian: uidmap), ids
// 1..65535 map onto that range too. Without them, only the caller is mapped (setgroups denied).
//
// The runtime writes the maps from the parent after clone (writeIdMapping) while the child waits
// on the start channel — the way crun and podman do it: an unprivileged child cannot map a range
// it has no right to, the setuid helpers can.
#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/error.h"
#include "runtime/spec.h"

namespace juxta::runtime {

// A caller that is not root runs its containers rootless.
bool rootless();

struct IdRange {
    uint32_t inside = 0;
    uint32_t outside = 0;
    uint32_t count = 0;
};

struct IdMapping {
    std::vector<IdRange> uids;  // first entry: 0 → the caller
    std::vector<IdRange> gids;
    bool subordinate = false;  // ranges from /etc/subuid and /etc/subgid, written by newuidmap/newgidmap
    std::string why;           // without them: why not (no range for the user, no helper)
    bool mapsUid(uid_t uid) const;
    bool mapsGid(gid_t gid) const;
    // "uid 0 → 1000, 1..65535 → 100000..165534 (newuidmap/newgidmap)" or
    // "uid 0 → 1000 only (no range for alice in /etc/subuid)".
    std::string describe() const;
};

// The ranges of user `name` (or its uid as text) in a subuid/subgid file: "name:start:count".
std::vector<IdRange> subordinateRanges(const std::filesystem::path& file, const std::string& name, uid_t uid);

// What the caller's containers get: subordinate ranges when both files give the caller one and
// both helpers exist, else the caller alone.
IdMapping planIdMapping(const std::filesystem::path& subuid = "/etc/subuid",
                        const std::filesystem::path& subgid = "/etc/subgid");

// From the parent, for a child just cloned into a new user namespace: runs newuidmap/newgidmap,
// or writes "deny" to setgroups and the single-id maps itself.
Status writeIdMapping(pid_t child, const IdMapping& mapping);

// What a user cannot have, refused before anything is made: cgroup limits (no cgroup of its
// own: cgroup v1 cannot be delegated to a user) and the bridge network (root creates the bridge
// and veth pairs). Empty for root.
Status checkRootlessSpec(const ContainerSpec& spec);

// Removes directory trees a rootless container wrote, from inside a user namespace with the same
// mapping: files owned by subordinate ids (a workload running as another user inside), or
// directories it made unreadable, are out of the user's reach outside it. Forks: glibc's fork,
// so the child may allocate even when the caller is multi-threaded (the GUI).
Status removeAsContainerRoot(const std::vector<std::filesystem::path>& trees);

// Why a container without a cgroup (rootless) cannot be paused or resumed.
std::string pauseNeedsFreezer(const std::string& name);

// Whether pid lives in another user namespace than the caller (a rootless container's process).
bool inOtherUserNamespace(pid_t pid);

}  // namespace juxta::runtime

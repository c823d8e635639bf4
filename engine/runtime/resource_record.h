#pragma once
// What a container has made on the host, written down before it is made (core/owner_record.h),
// so that whoever finds the container's owner gone (killed outright, at any moment of a start or
// of its life) can remove it all: `juxtactl rm`, `juxtactl system prune` and the automatic prune
// when juxtactl or the GUI starts (lifecycle/prune.h).
//
// runtimeDir()/containers/<id>/resources, 0600, after the owner line (juxtactl run, a monitor):
//   lease ephemeral|kept       an address on the bridge (a kept container keeps it until rm)
//   cgroup <root>              <root>/.../juxta/<id>: every v1 hierarchy, or the v2 directory
//   init <pid> <start-time>    the container's init, killed if it is still that process
//   veth                       the host end jx<id>
//   socket <path>              a unix socket to unlink
#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/owner_record.h"

namespace juxta::runtime {

std::filesystem::path resourceRecordOf(const std::string& id);  // runtimeDir()/containers/<id>/resources

class ResourceRecord {
  public:
    // Writes the record with this process as its owner. EEXIST when a live owner holds one for
    // the id; a record whose owner is gone is reclaimed first.
    static Result<ResourceRecord> create(const std::string& id);
    ResourceRecord() = default;

    Status noteLease(bool ephemeral) { return record_.note("lease", ephemeral ? "ephemeral" : "kept"); }
    Status noteCgroup(const std::filesystem::path& root) { return record_.note("cgroup", root.string()); }
    Status noteInit(pid_t pid);
    Status noteVeth() { return record_.note("veth"); }
    Status noteSocket(const std::filesystem::path& path) { return record_.note("socket", path.string()); }
    void remove() { record_.remove(); }

  private:
    std::string id_;
    OwnerRecord record_;
};

struct RecordedResources {
    ProcessIdentity owner;
    std::optional<bool> leaseEphemeral;
    std::optional<std::filesystem::path> cgroupRoot;
    std::optional<ProcessIdentity> init;
    bool veth = false;
    std::vector<std::filesystem::path> sockets;
};

// ENOENT when the id has no record.
Result<RecordedResources> readRecord(const std::string& id);
// Kills the init if it is still running, then removes the cgroup, the veth, an ephemeral lease,
// the sockets and the record. Call it only when the owner is gone.
Status reclaim(const std::string& id, const RecordedResources& resources);
// The ids under runtimeDir()/containers that have a record.
std::vector<std::string> recordedIds();

}  // namespace juxta::runtime

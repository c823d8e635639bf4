#pragma once
// Volumes: directories that outlive a container's writable layer, bind-mounted into it — what
// Docker and Podman call local volumes. Each lives under paths::dataDir()/volumes/<name>/:
//   volume.json   its name, when it was made, and the container that owns it (an image's VOLUME,
//                 made for that one container and removed with it), or none (kept until removed)
//   _data/        what the container sees
// A volume an image declares is anonymous: a random 64-hex-digit name, owned by its container;
// `juxtactl rm --keep-volumes` gives such volumes up (they stay, owned by nobody).
#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/unique_fd.h"
#include "runtime/spec.h"

namespace juxta::runtime {

struct Volume {
    std::string name;
    std::string owner;  // the container id that removes it with itself; empty: kept
    int64_t createdAtMs = 0;
    std::filesystem::path data;  // .../volumes/<name>/_data
};

std::filesystem::path volumesDir();  // paths::dataDir()/volumes
// A volume name: the instance name rules, or an anonymous volume's 64 hex digits.
bool isValidVolumeName(const std::string& name);

// Makes the volume (empty `name`: an anonymous one) with _data owned by uid:gid (when this process
// may chown; a rootless one stays its user's) and given `mode`. EEXIST when the name is taken.
Result<Volume> createVolume(const std::string& name, const std::string& owner, uid_t uid, gid_t gid,
                            mode_t mode);
// ENOENT: no such volume; EINVAL: its volume.json is not one.
Result<Volume> loadVolume(const std::string& name);
// Every volume that reads back, by name; the names of those that did not, in `unreadable`.
std::vector<Volume> listVolumes(std::vector<std::string>* unreadable = nullptr);
// The name of the volume a mount binds (its volumes/<name>/_data), or nullopt for any other mount.
std::optional<std::string> volumeNameOf(const MountSpec& mount);
// While a container runs with no definition to show what it mounts (`juxtactl run --rm`): a shared
// lock on each of its volumes (volumes/<name>/in-use), held until the fds close; removeVolume
// refuses such a volume (EBUSY).
std::vector<UniqueFd> holdVolumes(const std::vector<MountSpec>& mounts);
// A VM's disk that is a volume's (volumes/<name>/disk.ext4: a compose VM service's named volume):
// its volume's name, or nullopt for any other file.
std::optional<std::string> volumeNameOfDisk(const std::filesystem::path& disk);
// The same shared lock as holdVolumes, held by a VM's monitor on the volumes its disks are.
std::vector<UniqueFd> holdVolumeDisks(const std::vector<std::filesystem::path>& disks);
// Removes the volume and what it holds (the definitions that mount it: callers check; a run that
// holds it: EBUSY). ENOENT: no such volume.
Status removeVolume(const std::string& name);
// The volumes `owner` owns, removed (with the container), or given up (kept, owned by nobody; their
// names returned, for adoptVolumes to undo it when what came next failed). Past a failure each goes
// on with the other volumes.
Status removeVolumesOf(const std::string& owner);
Result<std::vector<std::string>> releaseVolumesOf(const std::string& owner);
Status adoptVolumes(const std::vector<std::string>& names, const std::string& owner);

}  // namespace juxta::runtime

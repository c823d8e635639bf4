#include "runtime/lifecycle/volumes.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "core/atomic_file.h"
#include "core/bounded_json.h"
#include "core/json_reader.h"
#include "core/paths.h"
#include "core/read_file.h"
#include "instances/definition_store.h"
#include "instances/state_record.h"
#include "runtime/user_namespace.h"

namespace juxta::runtime {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

bool isAnonymousName(const std::string& name) {
    return name.size() == 64 && std::all_of(name.begin(), name.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
           });
}

Result<std::string> anonymousName() {
    unsigned char bytes[32];
    if (::getrandom(bytes, sizeof bytes, 0) != ssize_t(sizeof bytes))
        return Error::fromErrno("volume name: getrandom");
    char hex[65];
    for (std::size_t i = 0; i < sizeof bytes; ++i) std::snprintf(hex + 2 * i, 3, "%02x", bytes[i]);
    return std::string(hex, 64);
}

fs::path metaFileOf(const std::string& name) {
    return volumesDir() / name / "volume.json";
}

Status saveMeta(const Volume& v) {
    const json j = {{"name", v.name}, {"owner", v.owner}, {"created_at_ms", v.createdAtMs}};
    return writeFileAtomically(metaFileOf(v.name), j.dump(2) + "\n");
}

// Every volume `owner` owns, removed or given to `newOwner`; past a failure it goes on with the
// others and returns the first failure. `done` gets the names it handled.
Status setOwner(const std::string& owner, const std::string& newOwner, bool remove,
                std::vector<std::string>* done = nullptr) {
    Status first;
    for (Volume& v : listVolumes()) {
        if (owner.empty() || v.owner != owner) continue;
        Status st;
        if (remove) {
            st = removeVolume(v.name);
        } else {
            v.owner = newOwner;
            st = saveMeta(v);
            if (!st) st = st.error().wrap("volume " + v.name);
        }
        if (st && done) done->push_back(v.name);
        if (!st && first) first = st;
    }
    return first;
}

}  // namespace

fs::path volumesDir() {
    return paths::dataDir() / "volumes";
}

bool isValidVolumeName(const std::string& name) {
    return isAnonymousName(name) || instances::isValidName(name);
}

Result<Volume> createVolume(const std::string& name, const std::string& owner, uid_t uid, gid_t gid,
                            mode_t mode) {
    Volume v;
    if (name.empty()) {
        auto anonymous = anonymousName();
        if (!anonymous) return anonymous.error();
        v.name = *anonymous;
    } else {
        if (!isValidVolumeName(name))
            return Error(EINVAL,
                         "volume name '" + name +
                             "': 1 to 64 letters, digits, '-', '_', '.', not starting with '.' or '-'");
        v.name = name;
    }
    v.owner = owner;
    v.createdAtMs = instances::wallClockMs();
    auto root = paths::ensureDir(volumesDir());
    if (!root) return root.error();
    const fs::path dir = *root / v.name;
    // mkdir claims the name: of two that make one volume at once, one gets EEXIST.
    if (::mkdir(dir.c_str(), 0700) < 0) {
        if (errno == EEXIST) return Error(EEXIST, "volume " + v.name + " exists already");
        return Error::fromErrno("create volume " + v.name);
    }
    v.data = dir / "_data";
    auto undo = [&dir](Error e) {
        std::error_code ec;
        fs::remove_all(dir, ec);
        return e;
    };
    if (::mkdir(v.data.c_str(), 0700) < 0) return undo(Error::fromErrno("create " + v.data.string()));
    if (::geteuid() == 0 && ::chown(v.data.c_str(), uid, gid) < 0)
        return undo(Error::fromErrno("chown " + v.data.string()));
    if (::chmod(v.data.c_str(), mode & 07777) < 0) return undo(Error::fromErrno("chmod " + v.data.string()));
    if (auto st = saveMeta(v); !st) return undo(st.error().wrap("volume " + v.name));
    return v;
}

Result<Volume> loadVolume(const std::string& name) {
    if (!isValidVolumeName(name)) return Error(EINVAL, "'" + name + "' is not a volume name");
    auto text = readFile(metaFileOf(name), {kStateJsonLimits.maxBytes, false});
    if (!text) {
        if (text.error().code() == ENOENT) return Error(ENOENT, "no volume " + name);
        return text.error();
    }
    auto parsed = parseBoundedJson(*text, kStateJsonLimits, "volume " + name);
    if (!parsed) return parsed.error();
    const JsonReader j(*parsed, "volume " + name);
    Volume v;
    v.name = j.string("name");
    v.owner = j.string("owner", "");
    v.createdAtMs = j.integer<int64_t>("created_at_ms", 0);
    if (auto st = j.status(); !st) return st.error();
    if (v.name != name) return Error(EINVAL, "volume " + name + ": its volume.json names " + v.name);
    v.data = volumesDir() / name / "_data";
    return v;
}

std::vector<Volume> listVolumes(std::vector<std::string>* unreadable) {
    std::vector<Volume> all;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(volumesDir(), ec)) {
        const std::string name = entry.path().filename().string();
        auto v = loadVolume(name);
        if (v)
            all.push_back(std::move(*v));
        else if (unreadable && v.error().code() != ENOENT)
            unreadable->push_back(name);
    }
    std::sort(all.begin(), all.end(), [](const Volume& a, const Volume& b) { return a.name < b.name; });
    return all;
}

std::optional<std::string> volumeNameOf(const MountSpec& m) {
    if (m.kind != MountSpec::Kind::Bind || m.source.filename() != "_data" ||
        m.source.parent_path().parent_path() != volumesDir())
        return std::nullopt;
    return m.source.parent_path().filename().string();
}

namespace {

// A volume's in-use lock file (volumes/<name>/in-use): shared while a container or VM uses it,
// exclusive to remove it.
UniqueFd openInUse(const fs::path& volumeDir) {
    return UniqueFd(
        ::open((volumeDir / "in-use").c_str(), O_RDONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600));
}

void holdInUse(const fs::path& volumeDir, std::vector<UniqueFd>& held) {
    UniqueFd lock = openInUse(volumeDir);
    if (lock && ::flock(lock.get(), LOCK_SH) == 0) held.push_back(std::move(lock));
}

}  // namespace

std::vector<UniqueFd> holdVolumes(const std::vector<MountSpec>& mounts) {
    std::vector<UniqueFd> held;
    for (const MountSpec& m : mounts)
        if (volumeNameOf(m)) holdInUse(m.source.parent_path(), held);
    return held;
}

std::optional<std::string> volumeNameOfDisk(const fs::path& disk) {
    if (disk.filename() != "disk.ext4" || disk.parent_path().parent_path() != volumesDir() ||
        !isValidVolumeName(disk.parent_path().filename().string()))
        return std::nullopt;
    return disk.parent_path().filename().string();
}

std::vector<UniqueFd> holdVolumeDisks(const std::vector<fs::path>& disks) {
    std::vector<UniqueFd> held;
    for (const fs::path& disk : disks)
        if (volumeNameOfDisk(disk)) holdInUse(disk.parent_path(), held);
    return held;
}

Status removeVolume(const std::string& name) {
    if (!isValidVolumeName(name)) return Error(EINVAL, "'" + name + "' is not a volume name");
    const fs::path dir = volumesDir() / name;
    std::error_code ec;
    if (!fs::exists(dir, ec)) return Error(ENOENT, "no volume " + name);
    UniqueFd lock = openInUse(dir);
    if (lock && ::flock(lock.get(), LOCK_EX | LOCK_NB) < 0 && errno == EWOULDBLOCK)
        return Error(EBUSY,
                     "volume " + name + " is in use by a running container or VM: remove that one first");
    // The metadata first: a removal stopped half-way leaves no volume that looks whole.
    fs::remove(metaFileOf(name), ec);
    fs::remove_all(dir, ec);
    // Rootless: what the container's other users wrote is theirs; its root may remove it.
    if (ec && (ec.value() == EACCES || ec.value() == EPERM) && rootless())
        return removeAsContainerRoot({dir});
    if (ec) return Error(ec.value(), "remove volume " + name + ": " + ec.message());
    return {};
}

Status removeVolumesOf(const std::string& owner) {
    return setOwner(owner, "", /*remove=*/true);
}

Result<std::vector<std::string>> releaseVolumesOf(const std::string& owner) {
    std::vector<std::string> released;
    if (Status st = setOwner(owner, "", /*remove=*/false, &released); !st) {
        (void)adoptVolumes(released, owner);
        return st.error();
    }
    return released;
}

Status adoptVolumes(const std::vector<std::string>& names, const std::string& owner) {
    Status first;
    for (const std::string& name : names) {
        auto v = loadVolume(name);
        Status st = v ? Status() : Status(v.error());
        if (v) {
            v->owner = owner;
            st = saveMeta(*v);
        }
        if (!st && first) first = st;
    }
    return first;
}

}  // namespace juxta::runtime

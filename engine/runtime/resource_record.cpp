#include "runtime/resource_record.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>

#include "core/paths.h"
#include "runtime/cgroup.h"
#include "runtime/network.h"

namespace juxta::runtime {
namespace fs = std::filesystem;

namespace {

fs::path containersDir() {
    return paths::runtimeDir() / "containers";
}

}  // namespace

fs::path resourceRecordOf(const std::string& id) {
    return containersDir() / id / "resources";
}

Result<ResourceRecord> ResourceRecord::create(const std::string& id) {
    const std::string context = "container " + id + ": write its resource record";
    if (auto old = readRecord(id); old) {
        if (isAlive(old->owner))
            return Error(EEXIST, context + ": process " + std::to_string(old->owner.pid) + " still holds it");
        if (auto st = reclaim(id, *old); !st) return st.error().wrap(context);
    }
    auto record = OwnerRecord::create(resourceRecordOf(id));
    if (!record) return record.error().wrap(context);
    ResourceRecord r;
    r.id_ = id;
    r.record_ = std::move(*record);
    return r;
}

Status ResourceRecord::noteInit(pid_t pid) {
    // An init that has run its workload to the end already (it may, while this thread waits
    // for a core) is still recorded: its exit is read from the channel and the pidfd after this.
    auto init = identityOfUnreapedChild(pid);
    if (!init) return Error(ESRCH, "container " + id_ + ": its init is gone");
    return record_.note("init", toString(*init));
}

Result<RecordedResources> readRecord(const std::string& id) {
    auto record = readOwnerRecord(resourceRecordOf(id));
    if (!record) return record.error();
    RecordedResources r;
    r.owner = record->owner;
    for (const auto& [kind, value] : record->entries) {
        if (kind == "lease")
            r.leaseEphemeral = value == "ephemeral";
        else if (kind == "cgroup" && !value.empty())
            r.cgroupRoot = fs::path(value);
        else if (kind == "init")
            r.init = parseIdentity(value);
        else if (kind == "veth")
            r.veth = true;
        else if (kind == "socket" && !value.empty())
            r.sockets.emplace_back(value);
    }
    return r;
}

Status reclaim(const std::string& id, const RecordedResources& r) {
    Status result;
    // The init first: killing it ends its pid namespace, so nothing of the container runs on.
    if (r.init && isAlive(*r.init)) {
        UniqueFd pidFd(int(::syscall(SYS_pidfd_open, r.init->pid, 0)));
        if (pidFd && isAlive(*r.init)) ::syscall(SYS_pidfd_send_signal, pidFd.get(), SIGKILL, nullptr, 0);
    }
    if (r.cgroupRoot)
        if (auto cg = openCgroup(id, *r.cgroupRoot); cg)  // ENOENT: never made, or gone
            if (auto st = (*cg)->destroy(); !st && result) result = st;
    if (r.veth)
        if (auto st = unplugFromBridge(id); !st && result) result = st;
    if (r.leaseEphemeral.value_or(false)) releaseAddress(id);
    for (const auto& socket : r.sockets) ::unlink(socket.c_str());
    if (!result) return result.error().wrap("reclaim container " + id);
    removeOwnerRecord(resourceRecordOf(id));
    return {};
}

std::vector<std::string> recordedIds() {
    std::vector<std::string> ids;
    DIR* dir = ::opendir(containersDir().c_str());
    if (!dir) return ids;  // nothing was ever started here
    const int dirFd = ::dirfd(dir);
    while (const dirent* e = ::readdir(dir)) {
        if (e->d_name[0] == '.') continue;
        const std::string record = std::string(e->d_name) + "/resources";
        if (::faccessat(dirFd, record.c_str(), F_OK, AT_SYMLINK_NOFOLLOW) == 0) ids.emplace_back(e->d_name);
    }
    ::closedir(dir);
    return ids;
}

}  // namespace juxta::runtime

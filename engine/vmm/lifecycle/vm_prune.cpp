#include "vmm/lifecycle/vm_prune.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>

#include "core/owner_record.h"
#include "core/paths.h"
#include "core/unique_fd.h"
#include "runtime/network.h"
#include "vmm/lifecycle/vm_state.h"

namespace juxta::vmm {

std::string vmResourceRecordName() {
    return "resources";
}

Status reclaimVmIfOrphaned(const std::string& id) {
    const auto file = vmStateDirOf(id) / vmResourceRecordName();
    auto record = readOwnerRecord(file);
    if (!record) return record.error().code() == ENOENT ? Status() : Status(record.error());
    if (isAlive(record->owner)) return {};
    for (const auto& [kind, value] : record->entries) {
        if (kind == "socket") ::unlink(value.c_str());
        if (kind == "link") (void)runtime::unplugFromBridge(id);
        if (kind != "vmm") continue;
        if (auto vmm = parseIdentity(value); vmm && isAlive(*vmm)) {
            UniqueFd pidFd(int(::syscall(SYS_pidfd_open, vmm->pid, 0)));
            if (pidFd && isAlive(*vmm)) ::syscall(SYS_pidfd_send_signal, pidFd.get(), SIGKILL, nullptr, 0);
        }
    }
    // Its monitor is gone: a state that says it runs is stale (instances::markMonitorLost).
    if (VmState s = loadVmState(id); instances::markMonitorLost(InstanceKind::Vm, id, s)) {
        s.stopReason = "its monitor was killed; juxta-vmm was stopped with it";
        (void)saveVmState(id, s);
    }
    removeOwnerRecord(file);
    return {};
}

std::vector<std::string> pruneVmOrphans() {
    std::vector<std::string> reclaimed;
    DIR* dir = ::opendir((paths::runtimeDir() / "vms").c_str());
    if (!dir) return reclaimed;
    const int dirFd = ::dirfd(dir);
    std::vector<std::string> ids;
    while (const dirent* e = ::readdir(dir))
        if (e->d_name[0] != '.' &&
            ::faccessat(dirFd, (std::string(e->d_name) + "/" + vmResourceRecordName()).c_str(), F_OK,
                        AT_SYMLINK_NOFOLLOW) == 0)
            ids.emplace_back(e->d_name);
    ::closedir(dir);
    for (const auto& id : ids) {
        auto record = readOwnerRecord(vmStateDirOf(id) / vmResourceRecordName());
        if (record && isAlive(record->owner)) continue;
        if (reclaimVmIfOrphaned(id)) reclaimed.push_back(id);
    }
    return reclaimed;
}

}  // namespace juxta::vmm

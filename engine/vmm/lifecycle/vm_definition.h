#pragma once
// A VM instance that outlives any process: what to boot and with how much, kept as JSON under
// paths::dataDir()/vms/<id>/vm.json (written atomically). How it is doing lives elsewhere
// (vm_state.h). A VM is the embedded image `tiny-linux` (resolved at each start, so a rebuilt
// image is picked up), an OCI image of the store (booted by tiny-linux's kernel and agent, the
// image's layers as a read-only disk and a writable disk of the VM's own, joined by overlayfs in
// the guest: image_disk.h), or a kernel, an optional initrd and a command line of the user's.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/labels.h"
#include "vmm/config.h"

namespace juxta::vmm {

inline constexpr const char* kTinyLinux = "tiny-linux";

// A compose service run as an image VM (compose/stack.h): its command is the VM's main process,
// started by the monitor once the agent is ready and kept for the VM's life — its output in the
// VM's log, its end the VM's end (the exit code is kept) — its health checked through the agent,
// and the guest's /etc/hosts kept as the project's hosts file says.
struct VmHealthCheck {  // as a container's (runtime/lifecycle/health.h), run through the agent
    std::vector<std::string> args;
    int64_t intervalMs = 30'000;
    int64_t timeoutMs = 30'000;
    int64_t startPeriodMs = 0;
    int retries = 3;
};
struct VmService {
    std::vector<std::string> argv;  // Entrypoint + Cmd, resolved
    std::vector<std::string> env;   // "K=V"
    std::string cwd = "/";
    std::string user;       // "uid[:gid]", numeric; empty: root
    std::string hostsFile;  // absolute; its lines but localhost's follow the guest's own; empty: none
    int stopSignal = 15;    // what a stop sends it first, in the guest (the image's StopSignal, stop_signal)
    std::optional<VmHealthCheck> health;
    // Where the agent mounts the definition's disks in the image's root, in order ("PATH" or
    // "PATH:ro"; disk i of `disks` for volumes[i]): a compose service's named volumes.
    std::vector<std::string> volumes;
};

struct VmDefinition {
    std::string id;
    std::string name;
    std::string
        image;  // "tiny-linux", an OCI image's name, or empty when kernel/initrd/cmdline say what to boot
    std::string kernel;
    std::string initrd;
    std::string cmdline;  // empty: the image's (or juxta-vmm's) default
    uint64_t memoryMiB = 256;
    uint32_t vcpus = 1;
    std::vector<DiskConfig> disks;  // raw images as virtio-blk disks (absolute paths), vda first
                                    // (after an OCI image's two)
    // --root: one of those disks (or a partition of it) as the root of the VM's commands: "/dev/vda1",
    // "/dev/vdb". A tiny-linux VM's: its kernel and agent boot, the agent mounts that ext4 file system
    // and runs every command of the host's in it as in an image's root (a cloud image of the
    // user's, say; its own init is not started). Empty: none.
    std::string root;
    uint64_t writableDiskMiB = 1024;  // an OCI image VM's own disk (sparse)
    std::string network = "none";     // "none" or "bridge": a virtio-net card on juxta0 with a leased address
    std::vector<std::string> publish;  // "[IP:]HOSTPORT:PORT[/tcp]": relayed by the monitor (bridge only)
    bool force = false;                // boot a stock kernel on a PVM host anyway
    std::optional<VmService> service;  // an image VM that runs a compose service
    std::string restart = "no";        // its restart policy (instances/restart.h), applied by its monitor
    Labels labels;                     // --label, a compose service's labels and project (core/labels.h)
    int64_t createdAtMs = 0;
};

// Whether the VM boots an OCI image (not tiny-linux, not a kernel of the user's).
inline bool bootsOciImage(const VmDefinition& d) {
    return !d.image.empty() && d.image != kTinyLinux;
}
// Whether the VM's agent talks over virtio-vsock (juxta-vmm --vsock): where the guest loads drivers
// anyway — an image's disks, a disk of the user's, a card on the bridge. Else ttyS1, ready sooner.
inline bool agentOverVsock(const VmDefinition& d) {
    return bootsOciImage(d) || !d.disks.empty() || d.network == "bridge";
}
// Whether the host's commands run in a root the agent mounted (an OCI image's, or --root's), not in
// tiny-linux's own initramfs.
inline bool runsInMountedRoot(const VmDefinition& d) {
    return bootsOciImage(d) || !d.root.empty();
}
// An OCI image VM's writable disk: <dataDir>/vms/<id>/disk.ext4 (goes with the VM).
std::filesystem::path writableDiskOf(const std::string& id);

std::string toJson(const VmDefinition& definition);
Result<VmDefinition> vmDefinitionFromJson(const std::string& json);

// Checks what can be checked without starting: name, memory, vCPUs, the files exist, each disk is
// a raw image (a regular file of whole sectors, writable unless read-only) given once. EINVAL with
// a message that says what to change.
Status validate(const VmDefinition& definition);
// A VmService volume ("PATH" or "PATH:ro"): an absolute path of plain characters (it travels on the
// guest kernel's command line), no . or .. part, not / itself. EINVAL saying so.
Status checkVolumeTarget(const std::string& volume);
// --root (validate() calls it): a tiny-linux VM's, /dev/vd<letter>[1-99] naming one of its disks.
// EINVAL saying what to give instead.
Status checkRootDevice(const VmDefinition& definition);

Status saveVmDefinition(const VmDefinition& definition);
Result<VmDefinition> loadVmDefinition(const std::string& id);
Result<std::vector<VmDefinition>> listVmDefinitions();  // by creation time
// An id, or a unique name, to the id. ENOENT: no such VM.
Result<std::string> resolveVm(const std::string& idOrName);

}  // namespace juxta::vmm

#pragma once
// What this host can run: the KVM kind, the cgroup layout, namespaces, overlayfs, tun, privileges,
// a root directory that is a mount point.
// Every finding carries a one-line detail a user can act on.
#include <filesystem>
#include <string>
#include <vector>

#include "core/host_kvm.h"  // KvmKind, probeKvm

namespace juxta {

enum class CgroupMode { None, V1, V2, Hybrid };

std::string toString(CgroupMode mode);  // "none", "v1", "v2", "hybrid"

struct HostCapabilities {
    std::string hostname, kernel, cpuModel;
    int cpuCount = 0;
    double memoryTotal = 0;  // bytes

    KvmKind kvm = KvmKind::Absent;
    std::string kvmVendor;  // "Intel VT-x", "AMD-V", or empty
    std::string kvmDetail;
    bool stockGuestsBoot = false;  // can a stock (non-PVM) Linux kernel boot at speed here

    CgroupMode cgroupMode = CgroupMode::None;
    std::string cgroupV1Root;  // e.g. /sys/fs/cgroup
    std::string cgroupV2Root;  // e.g. /sys/fs/cgroup or /sys/fs/cgroup/unified
    std::vector<std::string> cgroupV1Controllers;
    std::vector<std::string> cgroupV2Controllers;
    std::string cgroupDetail;
    // Which hierarchy holds the memory/cpu/pids controllers, i.e. the one containers are limited
    // through: "v1", "v2" or "none". In hybrid mode it is v1.
    std::string cgroupControllersOn = "none";

    bool userNamespaces = false;
    std::string userNamespacesDetail;
    bool overlayfs = false;
    bool tun = false;
    bool root = false;
    // Whether the root directory is a mount point: containers cannot start where it is not (a chroot).
    bool rootIsMountPoint = true;
    std::string rootMountDetail;

    std::vector<std::string> warnings;  // what limits Juxta here, each a sentence with what to do
};

// root is "/" on a real host; tests lay out a fake tree (proc/, sys/, dev/) and pass its path.
HostCapabilities probeHost(const std::filesystem::path& root = "/");

std::string toJson(const HostCapabilities& caps, int indent = 2);

}  // namespace juxta

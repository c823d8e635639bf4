#include "metrics/host_probe.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/host_root.h"
#include "core/read_file.h"
#include "metrics/procfs.h"

namespace juxta {
namespace {

namespace fs = std::filesystem;

std::string readOr(const fs::path& p, std::string fallback = {}) {
    auto r = readFile(p);
    return r ? *r : fallback;
}

std::string trim(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
    return s;
}

std::vector<std::string> words(const std::string& s, char sep = ' ') {
    std::vector<std::string> out;
    std::string w;
    std::istringstream in(s);
    while (std::getline(in, w, sep))
        if (!w.empty()) out.push_back(trim(w));
    return out;
}

void probeCpu(const fs::path& root, HostCapabilities& c) {
    std::istringstream in(readOr(root / "proc/cpuinfo"));
    std::string line;
    while (std::getline(in, line)) {
        auto colon = line.find(':');
        if (colon == std::string::npos) continue;
        std::string key = trim(line.substr(0, colon));
        while (!key.empty() && key.back() == '\t') key.pop_back();
        std::string value = line.size() > colon + 2 ? line.substr(colon + 2) : "";
        if (key == "processor")
            ++c.cpuCount;
        else if (key == "model name" && c.cpuModel.empty())
            c.cpuModel = value;
    }
    if (auto mem = procfs::parseMeminfo(readOr(root / "proc/meminfo"))) c.memoryTotal = double(mem->total);
}

void probeKvmOf(const fs::path& root, HostCapabilities& c) {
    const HostKvm kvm = probeKvm(root);
    c.kvm = kvm.kind;
    c.kvmVendor = kvm.vendor;
    c.kvmDetail = kvm.detail;
    c.stockGuestsBoot = kvm.stockGuestsBoot;
}

void probeCgroups(const fs::path& root, HostCapabilities& c) {
    std::istringstream in(readOr(root / "proc/self/mountinfo"));
    std::string line;
    std::vector<std::string> v1Mounts;
    while (std::getline(in, line)) {
        // id parent major:minor root mountpoint options ... - fstype source superoptions
        auto dash = line.find(" - ");
        if (dash == std::string::npos) continue;
        auto pre = words(line.substr(0, dash));
        auto post = words(line.substr(dash + 3));
        if (pre.size() < 5 || post.size() < 3) continue;
        const std::string& mountPoint = pre[4];
        if (post[0] == "cgroup2") {
            if (c.cgroupV2Root.empty()) c.cgroupV2Root = mountPoint;
        } else if (post[0] == "cgroup") {
            for (const auto& opt : words(post[2], ',')) {
                static const char* known[] = {"cpu",        "cpuacct", "cpuset", "memory",  "devices",
                                              "freezer",    "blkio",   "pids",   "net_cls", "net_prio",
                                              "perf_event", "hugetlb", "rdma",   "misc"};
                if (std::find(std::begin(known), std::end(known), opt) != std::end(known))
                    c.cgroupV1Controllers.push_back(opt);
            }
            v1Mounts.push_back(mountPoint);
        }
    }
    std::sort(c.cgroupV1Controllers.begin(), c.cgroupV1Controllers.end());
    c.cgroupV1Controllers.erase(std::unique(c.cgroupV1Controllers.begin(), c.cgroupV1Controllers.end()),
                                c.cgroupV1Controllers.end());
    if (!v1Mounts.empty()) c.cgroupV1Root = fs::path(v1Mounts.front()).parent_path().string();
    if (!c.cgroupV2Root.empty())
        c.cgroupV2Controllers =
            words(trim(readOr(root / fs::path(c.cgroupV2Root).relative_path() / "cgroup.controllers")));

    const bool v1 = !c.cgroupV1Controllers.empty(), v2 = !c.cgroupV2Root.empty();
    c.cgroupMode = v1 && v2 ? CgroupMode::Hybrid
                   : v1     ? CgroupMode::V1
                   : v2     ? CgroupMode::V2
                            : CgroupMode::None;
    c.cgroupControllersOn = v1 ? "v1" : v2 ? "v2" : "none";
    auto join = [](const std::vector<std::string>& v) {
        std::string s;
        for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
        return s.empty() ? std::string("none") : s;
    };
    switch (c.cgroupMode) {
        case CgroupMode::None:
            c.cgroupDetail =
                "no cgroup file system is mounted: container limits and statistics are unavailable";
            break;
        case CgroupMode::V1:
            c.cgroupDetail = "cgroup v1 controllers: " + join(c.cgroupV1Controllers);
            break;
        case CgroupMode::V2:
            c.cgroupDetail =
                "cgroup v2 at " + c.cgroupV2Root + ", controllers: " + join(c.cgroupV2Controllers);
            break;
        case CgroupMode::Hybrid:
            c.cgroupDetail = "hybrid: resource controllers on v1 (" + join(c.cgroupV1Controllers) +
                             "); cgroup v2 at " + c.cgroupV2Root + " with " + join(c.cgroupV2Controllers) +
                             " — containers are limited through v1";
            break;
    }
}

void probeNamespaces(const fs::path& root, HostCapabilities& c) {
    long maxNs = std::atol(readOr(root / "proc/sys/user/max_user_namespaces", "0").c_str());
    std::string unpriv = trim(readOr(root / "proc/sys/kernel/unprivileged_userns_clone", "1"));
    c.userNamespaces = maxNs > 0;
    if (!c.userNamespaces)
        c.userNamespacesDetail =
            "user namespaces are off (user.max_user_namespaces = 0): rootless containers "
            "cannot run — raise it with sysctl";
    else if (unpriv == "0")
        c.userNamespacesDetail =
            "only root may create user namespaces (kernel.unprivileged_userns_clone = 0): "
            "set it to 1 for rootless containers";
    else
        c.userNamespacesDetail = "available (up to " + std::to_string(maxNs) + ")";
    if (unpriv == "0" && !c.root) c.userNamespaces = false;
}

void probeRootMount(const fs::path& root, HostCapabilities& c) {
    auto mounted = isMountRoot(root);
    if (!mounted) {
        c.rootMountDetail = "unknown (" + mounted.error().message() + ")";  // containers may still work
        return;
    }
    c.rootIsMountPoint = *mounted;
    c.rootMountDetail =
        *mounted ? "a mount point" : std::string("containers cannot start: ") + kRootNotAMountPoint;
}

}  // namespace

std::string toString(CgroupMode mode) {
    switch (mode) {
        case CgroupMode::None:
            return "none";
        case CgroupMode::V1:
            return "v1";
        case CgroupMode::V2:
            return "v2";
        case CgroupMode::Hybrid:
            return "hybrid";
    }
    return "none";
}

HostCapabilities probeHost(const fs::path& root) {
    HostCapabilities c;
    c.root = ::geteuid() == 0;
    utsname u{};
    if (::uname(&u) == 0) {
        c.hostname = u.nodename;
        c.kernel = u.release;
    }
    probeCpu(root, c);
    probeKvmOf(root, c);
    probeCgroups(root, c);
    probeNamespaces(root, c);
    probeRootMount(root, c);
    c.overlayfs = readOr(root / "proc/filesystems").find("\toverlay\n") != std::string::npos;
    struct stat st {};
    c.tun = ::stat((root / "dev/net/tun").c_str(), &st) == 0 && S_ISCHR(st.st_mode);

    if (c.kvm != KvmKind::Hardware) c.warnings.push_back(c.kvmDetail);
    if (c.cgroupMode == CgroupMode::None) c.warnings.push_back(c.cgroupDetail);
    if (!c.rootIsMountPoint) c.warnings.push_back(c.rootMountDetail);
    if (!c.overlayfs)
        c.warnings.push_back(
            "overlayfs is not available: containers cannot share image layers — load the "
            "overlay module (modprobe overlay)");
    if (!c.tun) c.warnings.push_back("no /dev/net/tun: VM networking is unavailable — load the tun module");
    if (!c.root)
        c.warnings.push_back(
            "not running as root: containers run rootless; cgroup limits need delegation and "
            "bridged networking needs root");
    return c;
}

std::string toJson(const HostCapabilities& c, int indent) {
    nlohmann::json j = {
        {"hostname", c.hostname},
        {"kernel", c.kernel},
        {"cpu", {{"model", c.cpuModel}, {"count", c.cpuCount}}},
        {"memory_total_bytes", c.memoryTotal},
        {"kvm",
         {{"kind", toString(c.kvm)},
          {"vendor", c.kvmVendor},
          {"stock_guests_boot", c.stockGuestsBoot},
          {"detail", c.kvmDetail}}},
        {"cgroup",
         {{"mode", toString(c.cgroupMode)},
          {"v1_root", c.cgroupV1Root},
          {"v2_root", c.cgroupV2Root},
          {"v1_controllers", c.cgroupV1Controllers},
          {"v2_controllers", c.cgroupV2Controllers},
          {"controllers_on", c.cgroupControllersOn},
          {"detail", c.cgroupDetail}}},
        {"user_namespaces", {{"available", c.userNamespaces}, {"detail", c.userNamespacesDetail}}},
        {"overlayfs", c.overlayfs},
        {"tun", c.tun},
        {"root", c.root},
        {"root_filesystem", {{"mount_point", c.rootIsMountPoint}, {"detail", c.rootMountDetail}}},
        {"warnings", c.warnings},
    };
    return j.dump(indent);
}

}  // namespace juxta

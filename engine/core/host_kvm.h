#pragma once
// What kind of KVM this host has, found one way for everyone (the VMM before it boots a kernel,
// the host probe behind `juxtactl host` and the GUI's Overview): /dev/kvm, whether it opens,
// the PVM module, and the CPU's vmx/svm flag. Each finding has one line a user can act on.
#include <filesystem>
#include <string>

namespace juxta {

enum class KvmKind {
    Absent,        // no /dev/kvm
    NoPermission,  // /dev/kvm exists but cannot be opened read-write
    Hardware,      // Intel VT-x or AMD-V
    Pvm,           // kvm_pvm: software nested virtualization; only PVM-enabled guests run at speed
    Unknown,       // /dev/kvm opens but the CPU shows no vmx/svm flag and no PVM module
};
std::string toString(KvmKind kind);  // "absent", "no-permission", "hardware", "pvm", "unknown"

struct HostKvm {
    KvmKind kind = KvmKind::Absent;
    std::string vendor;            // "Intel VT-x", "AMD-V", or empty
    std::string detail;            // one line for people: what it is, or what to do
    bool stockGuestsBoot = false;  // can a stock (non-PVM) Linux kernel boot at speed here
};

// root is "/" on a real host; tests lay out a fake tree (proc/cpuinfo, sys/module/, dev/kvm).
HostKvm probeKvm(const std::filesystem::path& root = "/");

}  // namespace juxta

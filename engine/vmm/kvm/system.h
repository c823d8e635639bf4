#pragma once
// The host's KVM: /dev/kvm opened with errors a user can act on, its API version and
// capabilities, and what kind of KVM it is (hardware VT-x/AMD-V or PVM, which emulates guests
// that are not PVM-enlightened).
#include <linux/kvm.h>

#include <string>
#include <vector>

#include "core/error.h"
#include "core/unique_fd.h"

namespace juxta::vmm {

class Vm;

enum class KvmFlavor { Absent, Hardware, Pvm };

struct HostKvm {
    KvmFlavor flavor = KvmFlavor::Absent;
    std::string module;       // "kvm_intel", "kvm_amd", "kvm_pvm" or "" when unknown
    std::string description;  // one line for people
};

// Reads /dev/kvm presence and /sys/module/kvm_{pvm,intel,amd}; opens nothing. `sysRoot` lets
// tests point it at a fake tree.
HostKvm detectHostKvm(const std::string& sysRoot = "/sys", const std::string& devKvm = "/dev/kvm");

class KvmSystem {
  public:
    static Result<KvmSystem> open(const std::string& path = "/dev/kvm");

    int fd() const { return fd_.get(); }
    Result<int> vcpuMmapSize() const;
    Result<std::vector<kvm_cpuid_entry2>> supportedCpuid() const;
    Result<Vm> createVm() const;

  private:
    explicit KvmSystem(UniqueFd fd) : fd_(std::move(fd)) {}
    UniqueFd fd_;
};

}  // namespace juxta::vmm

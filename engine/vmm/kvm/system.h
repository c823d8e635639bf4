#pragma once
// The host's KVM: /dev/kvm opened with errors a user can act on, its API version and
// capabilities. What kind of KVM it is (hardware or PVM) is core/host_kvm.h's probe.
#include <linux/kvm.h>

#include <string>
#include <vector>

#include "core/error.h"
#include "core/unique_fd.h"

namespace juxta::vmm {

class Vm;

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

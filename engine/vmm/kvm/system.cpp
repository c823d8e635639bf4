#include "vmm/kvm/system.h"

#include <fcntl.h>
#include <sys/ioctl.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "vmm/kvm/kvm_abi.h"
#include "vmm/kvm/vm.h"

namespace juxta::vmm {

Result<KvmSystem> KvmSystem::open(const std::string& path) {
    int fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
    if (fd < 0) {
        int err = errno;
        if (err == ENOENT)
            return Error(err, path +
                                  ": not found — KVM is not available: load kvm_intel or kvm_amd and "
                                  "enable virtualization (VT-x/AMD-V) in the firmware");
        if (err == EACCES || err == EPERM)
            return Error(err, path +
                                  ": permission denied — add yourself to group kvm "
                                  "(sudo usermod -aG kvm $USER) and log in again");
        return Error::fromErrno(path, err);
    }
    KvmSystem kvm{UniqueFd(fd)};
    int version = ::ioctl(fd, KVM_GET_API_VERSION, 0);
    if (version != KVM_API_VERSION)
        return Error(ENOTSUP, path + ": KVM API version " + std::to_string(version) + ", expected " +
                                  std::to_string(KVM_API_VERSION));
    return kvm;
}

Result<int> KvmSystem::vcpuMmapSize() const {
    int size = ::ioctl(fd_.get(), KVM_GET_VCPU_MMAP_SIZE, 0);
    if (size < 0) return Error::fromErrno("KVM_GET_VCPU_MMAP_SIZE");
    return size;
}

Result<std::vector<kvm_cpuid_entry2>> KvmSystem::supportedCpuid() const {
    // KVM answers E2BIG until the buffer is large enough.
    for (uint32_t n = 64; n <= 4096; n *= 2) {
        std::vector<uint8_t> buffer(sizeof(abi::CpuidHeader) + n * sizeof(kvm_cpuid_entry2));
        abi::CpuidHeader header{n, 0};
        std::memcpy(buffer.data(), &header, sizeof(header));
        if (::ioctl(fd_.get(), abi::kGetSupportedCpuid, buffer.data()) == 0) {
            std::memcpy(&header, buffer.data(), sizeof(header));
            std::vector<kvm_cpuid_entry2> entries(std::min(header.nent, n));
            std::memcpy(entries.data(), buffer.data() + sizeof(header),
                        entries.size() * sizeof(kvm_cpuid_entry2));
            return entries;
        }
        if (errno != E2BIG) return Error::fromErrno("KVM_GET_SUPPORTED_CPUID");
    }
    return Error(E2BIG, "KVM_GET_SUPPORTED_CPUID: more than 4096 entries");
}

Result<Vm> KvmSystem::createVm() const {
    int vmFd;
    do {
        vmFd = ::ioctl(fd_.get(), KVM_CREATE_VM, 0);
    } while (vmFd < 0 && errno == EINTR);
    if (vmFd < 0) return Error::fromErrno("KVM_CREATE_VM");
    auto mmapSize = vcpuMmapSize();
    if (!mmapSize) return mmapSize.error();
    return Vm(UniqueFd(vmFd), *mmapSize);
}

}  // namespace juxta::vmm

#include "vmm/kvm/vcpu.h"

#include <sys/ioctl.h>
#include <sys/mman.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "vmm/kvm/kvm_abi.h"

namespace juxta::vmm {

namespace {
Status ioctlStatus(int fd, unsigned long request, const void* arg, const char* name) {
    if (::ioctl(fd, request, arg) < 0) return Error::fromErrno(name);
    return {};
}
}  // namespace

Result<Vcpu> Vcpu::create(uint32_t id, UniqueFd fd, int mmapSize) {
    void* p = ::mmap(nullptr, mmapSize, PROT_READ | PROT_WRITE, MAP_SHARED, fd.get(), 0);
    if (p == MAP_FAILED) return Error::fromErrno("mmap kvm_run of vCPU " + std::to_string(id));
    return Vcpu(id, std::move(fd), static_cast<kvm_run*>(p), mmapSize);
}

Vcpu::Vcpu(Vcpu&& other) noexcept
    : id_(other.id_),
      fd_(std::move(other.fd_)),
      run_(std::exchange(other.run_, nullptr)),
      mmapSize_(other.mmapSize_) {}

Vcpu::~Vcpu() {
    if (run_) ::munmap(run_, mmapSize_);
}

Result<kvm_regs> Vcpu::regs() const {
    kvm_regs r{};
    if (::ioctl(fd_.get(), KVM_GET_REGS, &r) < 0) return Error::fromErrno("KVM_GET_REGS");
    return r;
}
Status Vcpu::setRegs(const kvm_regs& r) {
    return ioctlStatus(fd_.get(), KVM_SET_REGS, &r, "KVM_SET_REGS");
}

Result<kvm_sregs> Vcpu::sregs() const {
    kvm_sregs s{};
    if (::ioctl(fd_.get(), KVM_GET_SREGS, &s) < 0) return Error::fromErrno("KVM_GET_SREGS");
    return s;
}
Status Vcpu::setSregs(const kvm_sregs& s) {
    return ioctlStatus(fd_.get(), KVM_SET_SREGS, &s, "KVM_SET_SREGS");
}

Status Vcpu::setFpu(const kvm_fpu& fpu) {
    return ioctlStatus(fd_.get(), KVM_SET_FPU, &fpu, "KVM_SET_FPU");
}

Status Vcpu::setCpuid(const std::vector<kvm_cpuid_entry2>& entries) {
    std::vector<uint8_t> buffer(sizeof(abi::CpuidHeader) + entries.size() * sizeof(kvm_cpuid_entry2));
    abi::CpuidHeader header{uint32_t(entries.size()), 0};
    std::memcpy(buffer.data(), &header, sizeof(header));
    std::memcpy(buffer.data() + sizeof(header), entries.data(), entries.size() * sizeof(kvm_cpuid_entry2));
    return ioctlStatus(fd_.get(), abi::kSetCpuid2, buffer.data(), "KVM_SET_CPUID2");
}

Status Vcpu::setMsrs(const std::vector<kvm_msr_entry>& msrs) {
    std::vector<uint8_t> buffer(sizeof(abi::MsrsHeader) + msrs.size() * sizeof(kvm_msr_entry));
    abi::MsrsHeader header{uint32_t(msrs.size()), 0};
    std::memcpy(buffer.data(), &header, sizeof(header));
    std::memcpy(buffer.data() + sizeof(header), msrs.data(), msrs.size() * sizeof(kvm_msr_entry));
    int set = ::ioctl(fd_.get(), abi::kSetMsrs, buffer.data());
    if (set < 0) return Error::fromErrno("KVM_SET_MSRS");
    if (size_t(set) != msrs.size())
        return Error(EINVAL, "KVM_SET_MSRS: MSR " + std::to_string(msrs[set].index) + " was refused");
    return {};
}

Result<kvm_lapic_state> Vcpu::lapic() const {
    kvm_lapic_state l{};
    if (::ioctl(fd_.get(), KVM_GET_LAPIC, &l) < 0) return Error::fromErrno("KVM_GET_LAPIC");
    return l;
}
Status Vcpu::setLapic(const kvm_lapic_state& l) {
    return ioctlStatus(fd_.get(), KVM_SET_LAPIC, &l, "KVM_SET_LAPIC");
}

Result<VmExit> Vcpu::run() {
    if (::ioctl(fd_.get(), KVM_RUN, 0) < 0) {
        if (errno == EINTR || errno == EAGAIN) return VmExit{InterruptedExit{}};
        return Error::fromErrno("KVM_RUN on vCPU " + std::to_string(id_));
    }
    auto* base = reinterpret_cast<uint8_t*>(run_);
    switch (run_->exit_reason) {
        case KVM_EXIT_IO: {
            const auto& io = run_->io;
            return VmExit{IoExit{io.port, io.size, io.count, io.direction == KVM_EXIT_IO_OUT,
                                 std::span<uint8_t>(base + io.data_offset, size_t(io.size) * io.count)}};
        }
        case KVM_EXIT_MMIO:
            return VmExit{
                MmioExit{run_->mmio.phys_addr, run_->mmio.is_write != 0,
                         std::span<uint8_t>(run_->mmio.data, std::min<uint32_t>(run_->mmio.len, 8))}};
        case KVM_EXIT_HLT:
            return VmExit{HltExit{}};
        case KVM_EXIT_SHUTDOWN:
            return VmExit{ShutdownExit{}};
        case KVM_EXIT_SYSTEM_EVENT:
            return VmExit{SystemEventExit{run_->system_event.type}};
        case KVM_EXIT_FAIL_ENTRY:
            return VmExit{FailEntryExit{run_->fail_entry.hardware_entry_failure_reason}};
        case KVM_EXIT_INTERNAL_ERROR:
            return VmExit{InternalErrorExit{run_->internal.suberror}};
        case KVM_EXIT_INTR:
            return VmExit{InterruptedExit{}};
        default:
            return VmExit{UnknownExit{run_->exit_reason}};
    }
}

}  // namespace juxta::vmm

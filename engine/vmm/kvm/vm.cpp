#include "vmm/kvm/vm.h"

#include <linux/kvm.h>
#include <sys/ioctl.h>

#include <cerrno>

namespace juxta::vmm {

Status Vm::setTssAddress(uint64_t address) {
    if (::ioctl(fd_.get(), KVM_SET_TSS_ADDR, static_cast<unsigned long>(address)) < 0)
        return Error::fromErrno("KVM_SET_TSS_ADDR");
    return {};
}

Status Vm::setIdentityMapAddress(uint64_t address) {
    uint64_t addr = address;
    if (::ioctl(fd_.get(), KVM_SET_IDENTITY_MAP_ADDR, &addr) < 0)
        return Error::fromErrno("KVM_SET_IDENTITY_MAP_ADDR");
    return {};
}

Status Vm::createIrqchip() {
    if (::ioctl(fd_.get(), KVM_CREATE_IRQCHIP, 0) < 0) return Error::fromErrno("KVM_CREATE_IRQCHIP");
    return {};
}

Status Vm::createPit() {
    kvm_pit_config config{};
    config.flags = KVM_PIT_SPEAKER_DUMMY;
    if (::ioctl(fd_.get(), KVM_CREATE_PIT2, &config) < 0) return Error::fromErrno("KVM_CREATE_PIT2");
    return {};
}

Status Vm::registerMemory(const GuestMemory& memory) {
    uint32_t slot = 0;
    for (const GuestMemory::Region& r : memory.regions()) {
        kvm_userspace_memory_region region{};
        region.slot = slot++;
        region.guest_phys_addr = r.range.start.raw();
        region.memory_size = r.range.size;
        region.userspace_addr = reinterpret_cast<uint64_t>(r.host);
        if (::ioctl(fd_.get(), KVM_SET_USER_MEMORY_REGION, &region) < 0)
            return Error::fromErrno("KVM_SET_USER_MEMORY_REGION slot " + std::to_string(region.slot));
    }
    return {};
}

Status Vm::setIrqLine(uint32_t irq, bool level) {
    kvm_irq_level line{};
    line.irq = irq;
    line.level = level ? 1 : 0;
    if (::ioctl(fd_.get(), KVM_IRQ_LINE, &line) < 0) return Error::fromErrno("KVM_IRQ_LINE");
    return {};
}

Status Vm::assignIrqfd(int eventFd, uint32_t gsi) {
    kvm_irqfd irqfd{};
    irqfd.fd = uint32_t(eventFd);
    irqfd.gsi = gsi;
    if (::ioctl(fd_.get(), KVM_IRQFD, &irqfd) < 0)
        return Error::fromErrno("KVM_IRQFD " + std::to_string(gsi));
    return {};
}

Status Vm::assignIoeventfd(int eventFd, uint64_t address, uint32_t width, uint64_t value) {
    kvm_ioeventfd io{};
    io.datamatch = value;
    io.addr = address;
    io.len = width;
    io.fd = eventFd;
    io.flags = KVM_IOEVENTFD_FLAG_DATAMATCH;
    if (::ioctl(fd_.get(), KVM_IOEVENTFD, &io) < 0) return Error::fromErrno("KVM_IOEVENTFD");
    return {};
}

Result<Vcpu> Vm::createVcpu(uint32_t id) {
    int fd = ::ioctl(fd_.get(), KVM_CREATE_VCPU, static_cast<unsigned long>(id));
    if (fd < 0) return Error::fromErrno("KVM_CREATE_VCPU " + std::to_string(id));
    return Vcpu::create(id, UniqueFd(fd), vcpuMmapSize_);
}

}  // namespace juxta::vmm

#include "vmm/machine.h"

#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>

#include "core/log.h"
#include "vmm/arch/x86_64/acpi.h"
#include "vmm/arch/x86_64/cpu.h"
#include "vmm/arch/x86_64/layout.h"
#include "vmm/devices/legacy/acpi_pm.h"
#include "vmm/devices/legacy/i8042.h"

namespace juxta::vmm {

Result<std::unique_ptr<Machine>> Machine::create(const KvmSystem& kvm, uint64_t memoryBytes, bool irqchip) {
    auto vm = kvm.createVm();
    if (!vm) return vm.error();
    // Both before any vCPU exists: KVM needs them for real mode and (on Intel) unrestricted guests.
    if (Status s = vm->setIdentityMapAddress(x86::kIdentityMapAddress); !s) return s.error();
    if (Status s = vm->setTssAddress(x86::kTssAddress); !s) return s.error();
    if (irqchip) {
        if (Status s = vm->createIrqchip(); !s) return s.error();
        if (Status s = vm->createPit(); !s) return s.error();
    }
    auto memory = GuestMemory::create(x86::memoryRanges(memoryBytes));
    if (!memory) return memory.error();
    if (Status s = vm->registerMemory(*memory); !s) return s.error();
    return std::unique_ptr<Machine>(new Machine(kvm, std::move(*vm), std::move(*memory), irqchip));
}

Machine::Machine(const KvmSystem& kvm, Vm vm, GuestMemory memory, bool irqchip)
    : kvm_(kvm), vm_(std::move(vm)), memory_(std::move(memory)), irqchip_(irqchip) {}

Machine::~Machine() {
    for (auto& v : vcpus_) v->send(VcpuMessage::Stop);
    // The device threads first: one that fails calls requestStop(), which walks vcpus_ — it must
    // not find them half destroyed.
    for (auto& d : virtio_) d.loop->stop();
    vcpus_.clear();  // joins
}

Status Machine::addLegacyDevices(Serial8250::OutputSink console, Serial8250::OutputSink agent) {
    auto irqLine = [this](uint32_t irq) -> Serial8250::IrqLine {
        if (!irqchip_) return {};
        return [this, irq](bool level) {
            if (Status s = vm_.setIrqLine(irq, level); !s)
                log::get("vmm")->warn("IRQ {}: {}", irq, s.error().message());
        };
    };
    com1_ = std::make_shared<Serial8250>(irqLine(x86::kCom1Irq), std::move(console));
    com2_ = std::make_shared<Serial8250>(irqLine(x86::kCom2Irq), std::move(agent));
    if (Status s = ioBus_.insert(com1_, x86::kCom1Port, uart::kRegisterCount); !s) return s;
    if (Status s = ioBus_.insert(com2_, x86::kCom2Port, uart::kRegisterCount); !s) return s;
    auto kbd = std::make_shared<I8042>(
        [this] { requestStop(StopKind::Reset, "guest reset the machine via the i8042"); });
    if (Status s = ioBus_.insert(kbd, i8042::kDataPort, i8042::kCommandPort - i8042::kDataPort + 1); !s)
        return s;
    auto pm = std::make_shared<AcpiPmControl>(
        [this] { requestStop(StopKind::PowerOff, "guest powered off (ACPI S5)"); },
        [this] { requestStop(StopKind::Reset, "guest reset the machine via ACPI"); });
    return ioBus_.insert(pm, acpi_pm::kBasePort, acpi_pm::kPortCount);
}

Result<uint32_t> Machine::addVirtioDevice(std::shared_ptr<virtio::VirtioDevice> device) {
    if (!irqchip_) return Error(EINVAL, "virtio devices need the in-kernel irqchip");
    if (virtio_.size() >= x86::kMaxVirtioDevices)
        return Error(E2BIG, "at most " + std::to_string(x86::kMaxVirtioDevices) + " virtio devices");
    const uint32_t slot = uint32_t(virtio_.size());
    const x86::VirtioMmioSlot where = x86::virtioSlot(slot);
    const std::string name = std::string("virtio-") + device->kind() + " " + std::to_string(slot);
    UniqueFd irqFd(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
    if (!irqFd) return Error::fromErrno(name + ": eventfd");
    if (Status s = vm_.assignIrqfd(irqFd.get(), where.irq); !s) return s.error().wrap(name);
    const int irq = irqFd.get();
    auto transport = std::make_shared<virtio::MmioTransport>(memory_, device, [irq] {
        const uint64_t one = 1;
        [[maybe_unused]] ssize_t n = ::write(irq, &one, sizeof(one));  // a full count is still an edge
    });
    auto loop = virtio::NotifyLoop::create(transport, device->queueCount(), name);
    if (!loop) return loop.error().wrap(name);
    for (std::size_t q = 0; q < (*loop)->queueFds().size(); ++q)
        if (Status s = vm_.assignIoeventfd((*loop)->queueFds()[q].get(),
                                           where.base + virtio::kQueueNotifyOffset, 4, q);
            !s)
            return s.error().wrap(name);
    if (Status s = mmioBus_.insert(transport, where.base, virtio::kMmioSize); !s) return s.error().wrap(name);
    virtio_.push_back({std::move(device), std::move(transport), std::move(irqFd), std::move(*loop)});
    return slot;
}

Status Machine::addVcpus(uint32_t count, const VcpuSetup& setup) {
    auto supported = kvm_.supportedCpuid();
    if (!supported) return supported.error();
    for (uint32_t i = 0; i < count; ++i) {
        auto vcpu = vm_.createVcpu(i);
        if (!vcpu) return vcpu.error();
        if (Status s = vcpu->setCpuid(x86::vcpuCpuid(*supported, i, count)); !s)
            return s.error().wrap("vCPU setup");
        if (Status s = vcpu->setMsrs(x86::bootMsrs()); !s) return s.error().wrap("vCPU setup");
        if (Status s = vcpu->setFpu(x86::bootFpu()); !s) return s.error().wrap("vCPU setup");
        if (irqchip_) {
            auto lapic = vcpu->lapic();
            if (!lapic) return lapic.error();
            x86::setupLapic(*lapic);
            if (Status s = vcpu->setLapic(*lapic); !s) return s;
        }
        if (Status s = setup(*vcpu, i); !s) return s.error().wrap("vCPU " + std::to_string(i));
        vcpus_.push_back(std::make_unique<VcpuRunner>(
            std::move(*vcpu), ioBus_, mmioBus_,
            [this](uint32_t id, const ExitAction& action) { vcpuStopped(id, action); },
            [this](uint32_t id) {
                if (id == 0 && firstEntry_) firstEntry_();
            }));
    }
    return {};
}

void Machine::start(bool paused) {
    VcpuRunner::installKickHandler();
    {
        std::scoped_lock lock(mutex_);
        paused_ = paused;
    }
    for (auto& d : virtio_)
        d.loop->start([this](const std::string& why) { requestStop(StopKind::InternalError, why); });
    for (auto& v : vcpus_) v->start(paused);
}

void Machine::vcpuStopped(uint32_t vcpu, const ExitAction& action) {
    if (action.kind == ExitAction::Kind::StopVm) {
        log::get("vmm")->info("vCPU {}: {}", vcpu, action.reason);
        requestStop(action.stop, action.reason);
        return;
    }
    std::unique_lock lock(mutex_);
    if (++halted_ == vcpus_.size() && !stop_) {
        lock.unlock();
        finish({StopKind::Halted, "all vCPUs halted"});
    }
}

void Machine::finish(StopInfo info) {
    {
        std::scoped_lock lock(mutex_);
        if (stop_) return;
        stop_ = std::move(info);
    }
    stopped_.notify_all();
}

void Machine::requestStop(StopKind kind, std::string reason) {
    finish({kind, std::move(reason)});
    for (auto& v : vcpus_) v->send(VcpuMessage::Stop);  // a vCPU may call this: send() never blocks
}

std::optional<StopInfo> Machine::waitForStop(int timeoutMs) {
    std::unique_lock lock(mutex_);
    auto done = [&] { return stop_.has_value(); };
    if (timeoutMs < 0)
        stopped_.wait(lock, done);
    else if (!stopped_.wait_for(lock, std::chrono::milliseconds(timeoutMs), done))
        return std::nullopt;
    return stop_;
}

Status Machine::pause() {
    for (auto& v : vcpus_) v->send(VcpuMessage::Pause);
    for (auto& v : vcpus_) {
        VcpuState s = v->waitFor({VcpuState::Paused, VcpuState::Halted, VcpuState::Stopped}, 5000);
        if (s == VcpuState::Running)
            return Error(ETIMEDOUT, "pause: vCPU " + std::to_string(v->id()) + " did not stop running");
    }
    std::scoped_lock lock(mutex_);
    paused_ = true;
    return {};
}

Status Machine::resume() {
    for (auto& v : vcpus_) v->send(VcpuMessage::Resume);
    std::scoped_lock lock(mutex_);
    paused_ = false;
    return {};
}

bool Machine::paused() const {
    std::scoped_lock lock(mutex_);
    return paused_;
}

MachineStats Machine::stats() const {
    MachineStats s;
    for (const auto& v : vcpus_) s.vcpus.push_back(v->stats());
    s.guestMemoryBytes = memory_.totalSize();
    s.guestMemoryTouchedBytes = memory_.residentBytes();
    for (std::size_t i = 0; i < virtio_.size(); ++i)
        s.devices.push_back({virtio_[i].device->kind(), uint32_t(i), virtio_[i].device->counters()});
    return s;
}

}  // namespace juxta::vmm

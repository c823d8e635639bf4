#pragma once
// One KVM vCPU: its registers and the shared kvm_run page. run() enters the guest once and
// returns the exit as a typed value (see exit.h); the data of an I/O or MMIO exit points into
// kvm_run, so filling it before the next run() completes a read.
#include <linux/kvm.h>

#include <cstdint>
#include <vector>

#include "core/error.h"
#include "core/unique_fd.h"
#include "vmm/exit.h"

namespace juxta::vmm {

class Vcpu {
  public:
    static Result<Vcpu> create(uint32_t id, UniqueFd fd, int mmapSize);
    Vcpu(Vcpu&& other) noexcept;
    Vcpu& operator=(Vcpu&&) = delete;
    Vcpu(const Vcpu&) = delete;
    ~Vcpu();

    uint32_t id() const { return id_; }

    Result<kvm_regs> regs() const;
    Status setRegs(const kvm_regs& regs);
    Result<kvm_sregs> sregs() const;
    Status setSregs(const kvm_sregs& sregs);
    Status setFpu(const kvm_fpu& fpu);
    Status setCpuid(const std::vector<kvm_cpuid_entry2>& entries);
    Status setMsrs(const std::vector<kvm_msr_entry>& msrs);
    Result<kvm_lapic_state> lapic() const;
    Status setLapic(const kvm_lapic_state& lapic);

    // Enters the guest until the next exit. EINTR (a kick) is InterruptedExit, not an error.
    Result<VmExit> run();

    // When set, the next (or current) KVM_RUN returns at once with EINTR. Async-signal-safe: the
    // kick signal handler sets it, so a kick that lands just before KVM_RUN is not lost.
    void setImmediateExit(bool on) { run_->immediate_exit = on ? 1 : 0; }
    volatile uint8_t* immediateExitFlag() { return &run_->immediate_exit; }

  private:
    Vcpu(uint32_t id, UniqueFd fd, kvm_run* run, int mmapSize)
        : id_(id), fd_(std::move(fd)), run_(run), mmapSize_(mmapSize) {}
    uint32_t id_;
    UniqueFd fd_;
    kvm_run* run_;
    int mmapSize_;
};

}  // namespace juxta::vmm

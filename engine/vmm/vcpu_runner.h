#pragma once
// A vCPU on its own thread, controlled by messages (pause, resume, stop) — no shared flags. A
// message is queued, then the thread is kicked out of KVM_RUN with a signal whose handler sets
// kvm_run.immediate_exit, so a kick that lands just before KVM_RUN is not lost.
#include <pthread.h>

#include <array>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

#include "vmm/exit.h"
#include "vmm/kvm/vcpu.h"

namespace juxta::vmm {

class Bus;

enum class VcpuMessage { Pause, Resume, Stop };
enum class VcpuState { Created, Running, Paused, Halted, Stopped };

struct VcpuStats {
    uint64_t runNs = 0;  // wall time inside KVM_RUN (includes a halted guest's sleep in the kernel)
    uint64_t cpuNs = 0;  // CPU time of the vCPU thread
    std::array<uint64_t, kExitKinds> exits{};
};

class VcpuRunner {
  public:
    // Called on the vCPU thread when it halts or asks for the VM to stop; must not block on it.
    using StopListener = std::function<void(uint32_t vcpu, const ExitAction& action)>;
    // Called on the vCPU thread once, just before its first KVM_RUN.
    using FirstEntryListener = std::function<void(uint32_t vcpu)>;

    VcpuRunner(Vcpu vcpu, Bus& ioBus, Bus& mmioBus, StopListener onStop,
               FirstEntryListener onFirstEntry = {});
    ~VcpuRunner();  // stops and joins
    VcpuRunner(const VcpuRunner&) = delete;
    VcpuRunner& operator=(const VcpuRunner&) = delete;

    // Installs the kick signal's handler; call once per process before any start().
    static void installKickHandler();

    void start(bool paused = false);
    void send(VcpuMessage message);
    // Waits until the state is one of `states` or `timeoutMs` passes; returns the state.
    VcpuState waitFor(std::initializer_list<VcpuState> states, int timeoutMs);
    void join();

    uint32_t id() const { return vcpu_.id(); }
    VcpuState state() const;
    VcpuStats stats() const;

  private:
    void loop(bool startPaused);
    void setState(VcpuState state);
    void finish(VcpuState state);  // on the vCPU thread, as its loop ends
    void logWhereItStopped();      // at debug level: where the guest was, for post-mortems

    Vcpu vcpu_;
    Bus& ioBus_;
    Bus& mmioBus_;
    StopListener onStop_;
    FirstEntryListener onFirstEntry_;

    mutable std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<VcpuMessage> inbox_;
    VcpuState state_ = VcpuState::Created;

    std::atomic<uint64_t> runNs_{0};
    std::atomic<uint64_t> cpuNsAtEnd_{0};
    std::array<std::atomic<uint64_t>, kExitKinds> exits_{};
    std::thread thread_;
};

}  // namespace juxta::vmm

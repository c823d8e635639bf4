#include "vmm/vcpu_runner.h"

#include <signal.h>
#include <time.h>

#include "core/log.h"
#include "core/timeline.h"
#include "vmm/devices/bus.h"
#include "vmm/guarded_thread.h"

namespace juxta::vmm {

namespace {
thread_local volatile uint8_t* tlsImmediateExit = nullptr;

int kickSignal() {
    return SIGRTMIN;
}

void onKick(int) {
    if (tlsImmediateExit) *tlsImmediateExit = 1;
}
}  // namespace

void VcpuRunner::installKickHandler() {
    struct sigaction action {};
    action.sa_handler = onKick;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0;  // no SA_RESTART: KVM_RUN must return EINTR
    sigaction(kickSignal(), &action, nullptr);
}

VcpuRunner::VcpuRunner(Vcpu vcpu, Bus& ioBus, Bus& mmioBus, StopListener onStop,
                       FirstEntryListener onFirstEntry)
    : vcpu_(std::move(vcpu)),
      ioBus_(ioBus),
      mmioBus_(mmioBus),
      onStop_(std::move(onStop)),
      onFirstEntry_(std::move(onFirstEntry)) {}

VcpuRunner::~VcpuRunner() {
    if (thread_.joinable()) {
        send(VcpuMessage::Stop);
        thread_.join();
    }
}

void VcpuRunner::start(bool paused) {
    thread_ = guardedThread(
        "vCPU " + std::to_string(vcpu_.id()), [this, paused] { loop(paused); },
        [this](const std::string& why) {
            onStop_(vcpu_.id(), {ExitAction::Kind::StopVm, StopKind::InternalError, why});
            finish(VcpuState::Stopped);
        });
}

void VcpuRunner::send(VcpuMessage message) {
    {
        std::scoped_lock lock(mutex_);
        inbox_.push_back(message);
    }
    changed_.notify_all();
    if (thread_.joinable()) pthread_kill(thread_.native_handle(), kickSignal());
}

VcpuState VcpuRunner::waitFor(std::initializer_list<VcpuState> states, int timeoutMs) {
    std::unique_lock lock(mutex_);
    changed_.wait_for(lock, std::chrono::milliseconds(timeoutMs), [&] {
        for (VcpuState s : states)
            if (state_ == s) return true;
        return false;
    });
    return state_;
}

void VcpuRunner::join() {
    if (thread_.joinable()) thread_.join();
}

VcpuState VcpuRunner::state() const {
    std::scoped_lock lock(mutex_);
    return state_;
}

VcpuStats VcpuRunner::stats() const {
    VcpuStats s;
    s.runNs = runNs_.load(std::memory_order_relaxed);
    // A live thread's CPU clock, or what the thread recorded as it ended.
    s.cpuNs = cpuNsAtEnd_.load(std::memory_order_relaxed);
    clockid_t clock;
    timespec ts{};
    VcpuState now = state();
    if (s.cpuNs == 0 && now != VcpuState::Halted && now != VcpuState::Stopped && thread_.joinable() &&
        pthread_getcpuclockid(const_cast<std::thread&>(thread_).native_handle(), &clock) == 0 &&
        clock_gettime(clock, &ts) == 0)
        s.cpuNs = uint64_t(ts.tv_sec) * 1000000000ull + uint64_t(ts.tv_nsec);
    for (size_t i = 0; i < kExitKinds; ++i) s.exits[i] = exits_[i].load(std::memory_order_relaxed);
    return s;
}

void VcpuRunner::setState(VcpuState state) {
    {
        std::scoped_lock lock(mutex_);
        state_ = state;
    }
    changed_.notify_all();
}

void VcpuRunner::loop(bool startPaused) {
    tlsImmediateExit = vcpu_.immediateExitFlag();
    sigset_t kick;
    sigemptyset(&kick);
    sigaddset(&kick, kickSignal());
    pthread_sigmask(SIG_UNBLOCK, &kick, nullptr);

    bool paused = startPaused;
    bool firstEntry = true;
    setState(paused ? VcpuState::Paused : VcpuState::Running);
    for (;;) {
        vcpu_.setImmediateExit(false);  // before draining: a later kick makes the next KVM_RUN return
        {
            std::unique_lock lock(mutex_);
            bool stop = false;
            for (;;) {
                while (!inbox_.empty()) {
                    VcpuMessage m = inbox_.front();
                    inbox_.pop_front();
                    if (m == VcpuMessage::Stop) stop = true;
                    paused = (m == VcpuMessage::Pause) || (paused && m != VcpuMessage::Resume);
                }
                if (stop || !paused) break;
                if (state_ != VcpuState::Paused) {
                    state_ = VcpuState::Paused;
                    changed_.notify_all();
                }
                changed_.wait(lock, [&] { return !inbox_.empty(); });
            }
            if (stop) break;
            if (state_ != VcpuState::Running) {
                state_ = VcpuState::Running;
                changed_.notify_all();
            }
        }
        if (firstEntry) {
            firstEntry = false;
            if (onFirstEntry_) onFirstEntry_(vcpu_.id());
        }
        int64_t t0 = monotonicNs();
        Result<VmExit> exit = vcpu_.run();
        runNs_.fetch_add(uint64_t(monotonicNs() - t0), std::memory_order_relaxed);
        if (!exit) {
            onStop_(vcpu_.id(), {ExitAction::Kind::StopVm, StopKind::InternalError, exit.error().message()});
            break;
        }
        exits_[exit->index()].fetch_add(1, std::memory_order_relaxed);
        ExitAction action = handleExit(*exit, ioBus_, mmioBus_);
        if (action.kind == ExitAction::Kind::Continue) continue;
        onStop_(vcpu_.id(), action);
        if (action.kind == ExitAction::Kind::VcpuHalted) return finish(VcpuState::Halted);
        break;
    }
    finish(VcpuState::Stopped);
}

void VcpuRunner::finish(VcpuState state) {
    tlsImmediateExit = nullptr;
    timespec ts{};
    if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) == 0)
        cpuNsAtEnd_.store(uint64_t(ts.tv_sec) * 1000000000ull + uint64_t(ts.tv_nsec),
                          std::memory_order_relaxed);
    if (state == VcpuState::Stopped) logWhereItStopped();
    setState(state);
}

void VcpuRunner::logWhereItStopped() {
    auto logger = log::get("vmm");
    if (!logger->should_log(spdlog::level::debug)) return;
    auto regs = vcpu_.regs();
    auto sregs = vcpu_.sregs();
    if (!regs || !sregs) return;
    logger->debug("vCPU {} stopped at rip={:#x} rsp={:#x} rax={:#x} cr0={:#x} cr3={:#x} efer={:#x}",
                  vcpu_.id(), regs->rip, regs->rsp, regs->rax, sregs->cr0, sregs->cr3, sregs->efer);
}

}  // namespace juxta::vmm

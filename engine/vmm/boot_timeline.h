#pragma once
// The VMM's start-up phases, marked from any thread (main, vCPU, console): kvm_ready,
// memory_ready, kernel_loaded, first_vcpu_entry, first_console_byte, linux_version, run_init.
// Each phase is marked once; the timeline is written as JSON when the VM ends (--timings).
#include <mutex>
#include <set>
#include <string>

#include "core/timeline.h"

namespace juxta::vmm {

class BootTimeline {
  public:
    explicit BootTimeline(int64_t originNs = monotonicNs()) : timeline_(originNs) {}
    // Marks `name` now unless it was marked before; returns whether it marked.
    bool markOnce(const std::string& name);
    bool has(const std::string& name) const;
    std::string toJson() const;
    PhaseTimeline snapshot() const;

  private:
    mutable std::mutex mutex_;
    PhaseTimeline timeline_;
    std::set<std::string> marked_;
};

}  // namespace juxta::vmm

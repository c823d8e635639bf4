#pragma once
// A compose service in an image VM (VmDefinition::service), run by the VM's monitor
// (juxta-vm-monitor) beside the console pump: once the guest agent is ready, the guest's
// /etc/hosts gets the project's lines and the service's command starts in the image's root with
// its output on the console (the VM's log). Its end is the VM's end: the monitor stops the VM and
// keeps the exit code (VmState::serviceExit). Meanwhile the hosts file is watched and each change
// is written into the guest, and the health check — as a container's (runtime/lifecycle/health.h):
// every interval, through the agent, in the image's root as the service's user — writes
// health.json beside the VM's state, which `compose ps` and `up`'s waits read.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "runtime/lifecycle/health.h"
#include "vmm/lifecycle/vm_definition.h"

namespace juxta::vmm {

std::filesystem::path vmHealthFileOf(const std::string& id);  // vmStateDirOf(id)/health.json
// The VM's health as its monitor last wrote it; nullopt when it has no check (or no run yet).
std::optional<runtime::HealthState> loadVmHealth(const std::string& id);
runtime::HealthCheck toHealthCheck(const VmHealthCheck& check);

// The hosts file's lines that are not localhost's (127.0.0.1, ::1): the guest has its own.
std::string serviceHostsLines(const std::string& hostsText);

class ServiceRunner {
  public:
    // Starts its two threads (the service; hosts and health). `d.service` is set.
    ServiceRunner(VmDefinition d, int64_t startedAtMs);
    ~ServiceRunner();  // stop()
    ServiceRunner(const ServiceRunner&) = delete;
    ServiceRunner& operator=(const ServiceRunner&) = delete;
    // Stops and joins its threads — called once juxta-vmm has ended, so every call to it fails at
    // once — and returns the service's exit code (128 + N killed by N; 127/126 it could not start;
    // 125 the guest agent was never ready); -1: it did not end by itself (the VM was stopped).
    int stop();

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace juxta::vmm

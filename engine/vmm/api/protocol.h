#pragma once
// The control protocol of juxta-vmm: one JSON object per line each way.
//   -> {"cmd":"status"}   <- {"ok":true,"state":"running","vcpus":2,"memory_mib":256,"uptime_ms":..}
//   -> {"cmd":"pause"}    <- {"ok":true,"state":"paused"}      (vCPUs kicked out of KVM_RUN and held)
//   -> {"cmd":"resume"}   <- {"ok":true,"state":"running"}
//   -> {"cmd":"stop"}     <- {"ok":true,"state":"stopping"}    (the VM ends now; juxta-vmm exits)
//   -> {"cmd":"stop","grace_ms":5000}                          (the guest agent is asked to power off
//                                                               on ttyS1 first; forced after grace_ms)
//   -> {"cmd":"stats"}    <-
//   {"ok":true,"stats":{vcpus:[{id,run_ms,cpu_ms,exits}],exits,guest_memory_*,vmm_*}}
//   -> {"cmd":"timings"}  <- {"ok":true,"timings":{origin_ns,total_ms,phases:[..]}}
//   -> {"cmd":"agent"}    <- {"ok":true,"ready":bool,"guest":{mem_total_kib,cpus,kernel,boot_ms,ready_ms}}
//   -> {"cmd":"exec","argv":[..],"env":["K=V"],"cwd":"/","timeout_ms":N}
//                         <- {"ok":true,"exit_code":C,"signal":S,"stdout":..,"stderr":..,"wall_ms":..,
//                             "guest":{start_ms,end_ms,meminfo,maxrss_kib}}   (when the command ends;
//                             other requests are answered meanwhile, so match answers by "id")
//   -> {"cmd":"exec",...,"in_image":true,"user":"uid:gid","console":true}   (an image VM's command
//                             in its root; "console": its output on the guest's console, not captured)
//   -> {"cmd":"hosts","lines":"ADDRESS\tNAMES\n.."} <- {"ok":true}  (an image VM's /etc/hosts: its own
//                             lines, then these)
// Errors: {"ok":false,"error":"..."}. The request's "id", when given, is echoed back.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "core/error.h"
#include "vmm/agent/agent_events.h"

namespace juxta::vmm {

// What the protocol drives; the machine in juxta-vmm, a fake in tests.
// The longest an `agent` request may wait for the guest agent (wait_ms).
inline constexpr int64_t kMaxAgentWaitMs = 600000;

class ControlTarget {
  public:
    virtual ~ControlTarget() = default;
    virtual nlohmann::json status() = 0;
    virtual Status pause() = 0;
    virtual Status resume() = 0;
    // graceMs 0: end the VM now; otherwise ask the guest to power off and force it after graceMs.
    virtual Status stop(uint32_t graceMs) = 0;
    virtual nlohmann::json stats() = 0;
    virtual nlohmann::json timings() = 0;
    // The agent's state, once it is ready or `waitMs` have passed (0: as it is now).
    virtual nlohmann::json agent(int waitMs) = 0;
    // Blocks until the command ended in the guest.
    virtual Result<nlohmann::json> exec(const ExecRequest& request) = 0;
    // Blocks until the guest wrote its /etc/hosts.
    virtual Status hosts(const std::string& lines) = 0;
};

// Whether a request may take long (exec, hosts, agent with wait_ms): the server answers it from its
// own thread.
bool isLongRequest(const std::string& line);

// One request line in, one response line out (without the newline).
std::string handleControlRequest(const std::string& line, ControlTarget& target);

}  // namespace juxta::vmm

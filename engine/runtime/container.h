#pragma once
// A running container: started from a ContainerSpec, owned by this object until it is waited
// for and cleaned up. Every kernel resource is held RAII-style, so a failed start or a destroyed
// Container leaves nothing behind: the child is killed and reaped, the cgroup removed and, if
// asked, the writable layer deleted. Mounts live only in the container's mount namespace and
// vanish with it. A process killed outright cannot clean up: each resource is noted in the
// container's resource record before it is made (resource_record.h) for `rm` and `system prune`
// to remove, and a keeper process kills the container when its owner dies (keeper.h).
//
//   auto c = Container::start(spec);          // returns once the workload is exec'd
//   c->timeline().toJson();                    // request ... exec, phase by phase
//   c->stats();  c->pause();  c->resume();  c->kill(SIGTERM);
//   auto exit = c->wait();                     // exited N / killed by signal / OOM-killed
//   c->cleanup();                              // or let the destructor do it
//
// start() clones fork-style and must be called from a single-threaded process (see init_process.h).
// A caller that is not root gets a rootless container: a user namespace, no cgroup (user_namespace.h).
#include <sys/types.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/keeper.h"
#include "core/timeline.h"
#include "core/unique_fd.h"
#include "runtime/cgroup.h"
#include "runtime/netlink.h"
#include "runtime/port_relay.h"
#include "runtime/resource_record.h"
#include "runtime/spec.h"

namespace juxta::runtime {

struct ExitStatus {
    int code = 0;            // exit code when signal == 0
    int signal = 0;          // the signal that killed it, or 0
    bool oomKilled = false;  // killed by the kernel's OOM killer for the memory limit
    // The shell convention: code, or 128 + signal.
    int shellCode() const { return signal ? 128 + signal : code; }
    static ExitStatus fromWaitStatus(int waitStatus);  // from waitpid(); oomKilled left false
    std::string describe() const;  // "exited 0", "killed by signal 9 (SIGKILL)", "OOM-killed (memory limit)"
};

struct StartOptions {
    std::filesystem::path cgroupRoot = "/sys/fs/cgroup";
    bool seccomp = true;  // off only for diagnosis (juxtactl never turns it off)
    // The workload's stdio (dup'ed onto 0, 1, 2 before exec); -1 inherits the caller's.
    // Ignored for what the pty replaces when spec.terminal is set.
    int stdinFd = -1;
    int stdoutFd = -1;
    int stderrFd = -1;
    // Remove an on-disk upperDir/workDir at cleanup (an in-memory layer goes anyway).
    bool removeWritableLayer = false;
    // The start-up timeline so far: its origin is the request, and the caller may have marked
    // phases of its own (e.g. "image_resolved"); start() continues it.
    PhaseTimeline timeline = PhaseTimeline();
};

class Container {
  public:
    static Result<std::unique_ptr<Container>> start(const ContainerSpec& spec,
                                                    const StartOptions& options = {});
    ~Container();
    Container(const Container&) = delete;
    Container& operator=(const Container&) = delete;

    const ContainerSpec& spec() const { return spec_; }
    pid_t pid() const { return pid_; }                  // in the caller's pid namespace
    int pidFd() const { return pidFd_.get(); }          // readable once the workload has exited (for poll)
    int ptyMaster() const { return ptyMaster_.get(); }  // -1 unless spec.terminal
    UniqueFd takePtyMaster() { return std::move(ptyMaster_); }
    const PhaseTimeline& timeline() const { return timeline_; }
    const Cgroup& cgroup() const { return *cgroup_; }  // NoCgroup (version None) without a cgroup
    // False for a rootless container: a user cannot create cgroups on v1 (user_namespace.h).
    bool hasCgroup() const { return cgroup_ && cgroup_->version() != CgroupVersion::None; }
    bool running() const { return !exit_; }
    // The container's address on the Juxta bridge (--net bridge), or empty.
    std::string address() const { return address_ ? address_->toString() : std::string(); }
    // Rootless: how its user namespace maps ids (IdMapping::describe()); empty for root.
    const std::string& userNamespace() const { return userNamespace_; }
    // What the container made on the host (resource_record.h); the owner notes what it adds.
    ResourceRecord& record() { return record_; }

    // From the cgroup, or without one from the container's processes (process_stats.h).
    Result<CgroupStats> stats() const;
    // The cgroup freezer; refused with the reason for a container without a cgroup.
    Status pause();
    Status resume();
    Status kill(int signal);
    // Blocks until the workload exits (once exited, returns the same status again).
    Result<ExitStatus> wait();
    // Non-blocking: the status if it has exited.
    Result<std::optional<ExitStatus>> poll();
    // Kills what is left, reaps, removes the cgroup and the state directories. Idempotent.
    Status cleanup();

  private:
    Container() = default;
    ExitStatus decode(int waitStatus) const;

    ContainerSpec spec_;
    StartOptions options_;
    PhaseTimeline timeline_;
    ResourceRecord record_;  // first made, last removed
    std::unique_ptr<Cgroup> cgroup_;
    std::vector<UniqueFd> layerLocks_;
    std::unique_ptr<PortRelay> portRelay_;  // --publish
    std::optional<Ipv4> address_;           // leased for --net bridge
    pid_t pid_ = -1;
    UniqueFd pidFd_;
    Keeper keeper_;  // kills the container if this process dies first
    UniqueFd ptyMaster_;
    std::optional<ExitStatus> exit_;
    std::string userNamespace_;
    bool cleanedUp_ = false;
};

}  // namespace juxta::runtime

#pragma once
// What a container is asked to be: the value type a caller fills in and Container::start() runs.
// Plain data; the runtime validates it (validate()) before it creates anything.
#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/labels.h"

namespace juxta::runtime {

struct Limits {
    std::optional<int64_t> memoryBytes;  // hard limit; the workload is OOM-killed past it
    std::optional<double> cpus;          // CPU quota in CPUs (1.5 = 150 ms per 100 ms period)
    std::optional<int> cpuWeight;        // relative weight 1..10000 (v2 cpu.weight; v1 shares are derived)
    std::optional<int64_t> pidsMax;      // most tasks at once
    bool empty() const { return !memoryBytes && !cpus && !cpuWeight && !pidsMax; }
};

// None: a private netns with nothing up; Loopback: lo up; Bridge: lo and eth0 on the host's
// Juxta bridge (network.h).
enum class Network { None, Loopback, Bridge };

// --publish: TCP connections to hostIp:hostPort on the host are relayed to the container's
// bridge address at containerPort (port_relay.h).
struct PublishedPort {
    std::string hostIp = "127.0.0.1";
    uint16_t hostPort = 0;
    uint16_t containerPort = 0;
    std::string toString() const;  // "127.0.0.1:8080->80/tcp", as podman and docker show it
};

// A mount besides the standard ones (/proc, /sys, /dev...), made in the container's root before
// pivot_root: a bind mount of a host path, or a tmpfs.
struct MountSpec {
    enum class Kind { Bind, Tmpfs };
    Kind kind = Kind::Bind;
    std::filesystem::path source;  // absolute host path (Bind)
    std::string destination;       // absolute path in the container, no ".."
    bool readOnly = false;
    std::string data;  // tmpfs options ("size=64m,mode=1777")
    // A volume (Bind): when empty at start, first filled with what the image has at `destination`.
    bool copyUp = false;
};

// A resource limit for the workload (setrlimit before exec), e.g. RLIMIT_NOFILE 1024/1024.
struct ProcessLimit {
    int resource = 0;
    uint64_t soft = 0;
    uint64_t hard = 0;
};

struct ContainerSpec {
    std::string id;    // unique; names the cgroup and the state directories
    std::string name;  // shown to people; defaults to the id
    // Read-only layer directories, lowest first (the image), and where the writable layer lives.
    std::vector<std::filesystem::path> layers;
    // The writable layer on disk (kept across restarts; created if missing), or, both empty, an
    // in-memory layer: a tmpfs private to the container's mount namespace that vanishes with it
    // (what --rm uses: nothing to create or delete on disk, and its pages count against the
    // container's memory limit).
    std::filesystem::path upperDir;
    std::filesystem::path workDir;  // overlayfs work dir, same filesystem as upperDir
    // An existing directory the container mounts its root over inside its own mount namespace.
    // Mounts there are invisible outside the namespace, so every container can share one.
    std::filesystem::path mountBase;

    std::vector<std::string> args;  // argv; args[0] is resolved in the container's PATH
    std::vector<std::string> env = {"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"};
    std::string cwd = "/";
    uid_t uid = 0;
    gid_t gid = 0;
    std::string hostname;  // defaults to the first 12 characters of the id
    bool readOnlyRoot = false;
    bool terminal = false;  // allocate a pty in the container's devpts; the master comes back to the caller
    int stopSignal = 15;    // what a stop sends first (SIGTERM; the image's StopSignal, --stop-signal)
    Network network = Network::Loopback;
    std::vector<PublishedPort> ports;  // only with Network::Bridge
    Limits limits;
    std::vector<MountSpec> mounts;
    std::vector<ProcessLimit> rlimits;
    // The capability numbers the workload keeps; unset: Docker's default set (capabilities.h).
    std::optional<uint64_t> capabilities;
    Labels labels;  // --label, a compose service's labels and project (core/labels.h)
};

// Published ports need the bridge (they are relayed to the container's bridge address) and
// ports 1..65535. Part of validate(); juxtactl calls it to refuse bad flags as usage errors.
Status checkPublishedPorts(const std::vector<PublishedPort>& ports, Network network);

// Checks what can be checked before anything is created: a command, absolute paths, sane limits.
Status validate(const ContainerSpec& spec);

}  // namespace juxta::runtime

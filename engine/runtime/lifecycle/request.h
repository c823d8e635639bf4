#pragma once
// What a person asks for — an image, a command, a name, limits, flags — made into a full
// ContainerSpec: the image resolved (the built-in busybox made on first use), its config applied
// (Env, Entrypoint + Cmd, WorkingDir, numeric User), a fresh id, and where its files go.
// Shared by `juxtactl run/create` and the GUI's New Container dialog.
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "runtime/lifecycle/health.h"
#include "runtime/spec.h"

namespace juxta::runtime {

// run/create's --health-cmd (a shell line), --health-interval, --health-timeout,
// --health-start-period, --health-retries over the image's HEALTHCHECK; --no-healthcheck: none.
struct HealthOverrides {
    std::optional<std::string> command;
    std::optional<int64_t> intervalMs, timeoutMs, startPeriodMs;
    std::optional<int> retries;
    bool disable = false;
};

// -v/--volume, as Docker and Podman write it:
//   /path                  a fresh anonymous volume, removed with the container
//   NAME:/path[:OPTS]      the volume NAME, made (kept) when there is none
//   /host/path:/path[:OPTS] the host's directory or file, bind-mounted (it must exist)
// OPTS: comma-separated ro, rw, nocopy (a volume is filled from the image's /path when empty,
// unless nocopy; a bind mount never is).
struct VolumeRequest {
    std::string source;  // empty: anonymous; "/...": a host path; else a volume name
    std::string destination;
    bool readOnly = false;
    bool copyUp = true;
    bool isBind() const { return !source.empty() && source[0] == '/'; }
};
Result<VolumeRequest> parseVolumeFlag(const std::string& text);

struct ContainerRequest {
    std::string image;
    std::vector<std::string> command;  // empty: the image's default
    std::string name;                  // empty: the id; else instances::isValidName()
    Limits limits;                     // see limits.h for parsing what people type
    Network network = Network::Loopback;
    std::vector<PublishedPort> ports;  // --publish, with Network::Bridge
    bool readOnlyRoot = false;
    bool terminal = false;
    bool ephemeral = false;  // --rm: an in-memory writable layer, nothing kept
    // Over the image's config, as Docker and Podman take them:
    std::vector<std::string> env;                        // -e/--env-file "KEY=VALUE": replaces or adds KEY
    std::optional<std::vector<std::string>> entrypoint;  // --entrypoint: replaces it, and the image's Cmd
    std::string workingDir;                              // -w: absolute; empty: the image's
    std::string user;                                    // -u: uid[:gid] or names in the image's /etc/passwd
    std::string stopSignal;   // --stop-signal; empty: the image's StopSignal, else SIGTERM
    bool publishAll = false;  // -P: each TCP port the image exposes, on a free 127.0.0.1 port (bridge)
    HealthOverrides health;
    std::vector<VolumeRequest> volumes;  // -v; a destination here replaces an image VOLUME there
    Labels labels;                       // --label (core/labels.h)
};

struct ResolvedRequest {
    ContainerSpec spec;
    std::string image;                  // the resolved image's name
    std::optional<HealthCheck> health;  // for createInstance: its monitor runs it
};

// EINVAL for a bad name or no command at all; the image store's errors (ENOENT: unknown image).
// Each VOLUME of the image (unless a -v names its path) and each anonymous -v gets a fresh volume
// owned by the new container id (volumes.h), bind-mounted in spec.mounts: whoever gets an error
// after this removes them (removeVolumesOf), and removing the container removes them too. A named
// volume that does not exist is made, kept (owned by nobody), as Docker and Podman do.
Result<ResolvedRequest> resolveRequest(const ContainerRequest& request);

}  // namespace juxta::runtime

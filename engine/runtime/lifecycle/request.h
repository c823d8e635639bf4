#pragma once
// What a person asks for — an image, a command, a name, limits, flags — made into a full
// ContainerSpec: the image resolved (the built-in busybox made on first use), its config applied
// (Env, Entrypoint + Cmd, WorkingDir, numeric User), a fresh id, and where its files go.
// Shared by `juxtactl run/create` and the GUI's New Container dialog.
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "runtime/spec.h"

namespace juxta::runtime {

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
    std::string stopSignal;  // --stop-signal; empty: the image's StopSignal, else SIGTERM
};

struct ResolvedRequest {
    ContainerSpec spec;
    std::string image;  // the resolved image's name
};

// EINVAL for a bad name or no command at all; the image store's errors (ENOENT: unknown image).
Result<ResolvedRequest> resolveRequest(const ContainerRequest& request);

}  // namespace juxta::runtime

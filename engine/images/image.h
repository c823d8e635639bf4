#pragma once
// An image as the runtime needs it: read-only layer directories (lowest first) shared by every
// container made from it, and the defaults a container inherits (the OCI image config subset).
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace juxta::images {

// The image's HEALTHCHECK (the config's "Healthcheck", Docker's extension that Podman keeps): a
// command the container's monitor runs in it now and then (runtime/lifecycle/health.h).
struct HealthCheck {
    // {"CMD", ARGS...} (run as is), {"CMD-SHELL", "LINE"} (by /bin/sh -c), or {"NONE"} (switched off).
    std::vector<std::string> test;
    // Zero: Docker's defaults (30 s, 30 s, none, 3), as an image that names only some fields means.
    int64_t intervalMs = 0;
    int64_t timeoutMs = 0;
    int64_t startPeriodMs = 0;  // failures in it do not count, until the first success
    int retries = 0;            // failures in a row that make it unhealthy
    bool disabled() const { return test.empty() || test[0] == "NONE"; }
};

struct ImageConfig {
    std::vector<std::string> env;  // "KEY=value"
    std::vector<std::string> entrypoint;
    std::vector<std::string> cmd;
    std::string workingDir = "/";
    std::string user;        // "uid[:gid]"; empty = root
    std::string stopSignal;  // "SIGQUIT"; empty: SIGTERM
    // What the image declares, checked when read (image_config.h):
    std::vector<std::string> exposedPorts;                    // "80/tcp", "53/udp", sorted
    std::vector<std::string> volumes;                         // "/data": absolute, clean, sorted
    std::vector<std::pair<std::string, std::string>> labels;  // sorted by key
    HealthCheck healthcheck;                                  // test empty: none
};

// Where a pulled image came from (empty for imported and built-in images).
struct ImageOrigin {
    std::string reference;  // "docker.io/library/redis:7", as normalised (reference.h)
    std::string digest;     // the manifest's "sha256:<hex>" (of the platform's manifest, not the index)
    std::string platform;   // "linux/amd64"
    std::string created;    // the image config's "created" (RFC 3339), as the image says
    std::string pulled;     // when it was pulled, RFC 3339 UTC
};

struct Image {
    std::string name;
    ImageOrigin origin;
    std::vector<std::string> layerIds;
    std::vector<std::filesystem::path> layerDirs;  // absolute, lowest first
    ImageConfig config;
};

// What a container runs: entrypoint + (the given command, or the image's cmd).
std::vector<std::string> commandLine(const ImageConfig& config, const std::vector<std::string>& command);

}  // namespace juxta::images

#pragma once
// An image as the runtime needs it: read-only layer directories (lowest first) shared by every
// container made from it, and the defaults a container inherits (the OCI image config subset).
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace juxta::images {

struct ImageConfig {
    std::vector<std::string> env;  // "KEY=value"
    std::vector<std::string> entrypoint;
    std::vector<std::string> cmd;
    std::string workingDir = "/";
    std::string user;        // "uid[:gid]"; empty = root
    std::string stopSignal;  // "SIGQUIT"; empty: SIGTERM
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

#pragma once
// The config object of an OCI image config ("config": Env, Entrypoint, Cmd, WorkingDir, User,
// StopSignal, ExposedPorts, Volumes, Labels, Healthcheck) read into an ImageConfig, checked as it is
// read, and written back in the same form (the image store keeps it so). An image is hostile
// input: every declaration is bounded and checked, and a bad one refuses the image by name.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/error.h"
#include "core/json_reader.h"
#include "images/image.h"

namespace juxta::images {

// Most entries an image may declare in each of ExposedPorts, Volumes and Labels.
inline constexpr std::size_t kMaxExposedPorts = 1024;
inline constexpr std::size_t kMaxVolumes = 128;
inline constexpr std::size_t kMaxLabels = 1024;
// Of Env, Entrypoint, Cmd and Healthcheck.Test each.
inline constexpr std::size_t kMaxListEntries = 4096;
// All of the config object as kept (real images' are a few KiB).
inline constexpr std::size_t kMaxConfigBytes = std::size_t(256) << 10;
// Health check durations longer than a day are read as a day.
inline constexpr int64_t kMaxHealthDurationMs = 24 * 3600 * 1000LL;

// Reads `c` (absent or null: the defaults); failures are recorded on the reader (JsonReader::status).
ImageConfig readImageConfig(const JsonReader& c);
nlohmann::json imageConfigJson(const ImageConfig& config);

// "80", "80/tcp", "53/UDP" → "80/tcp", "53/udp"; std::nullopt when it is not PORT[/tcp|udp|sctp].
std::optional<std::string> normalizeExposedPort(const std::string& text);
// The TCP port numbers of "N/tcp" entries (what -P publishes).
std::vector<uint16_t> exposedTcpPorts(const ImageConfig& config);

}  // namespace juxta::images

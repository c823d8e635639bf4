#pragma once
// JSON that Juxta did not write itself in this process (image blobs, state files, socket lines,
// the guest's agent) is read through here: the size and the nesting depth are checked before a
// tree is built — a document nested 10^6 deep is refused by a counter, without recursion — and
// nothing throws. Fields are then read through JsonReader (json_reader.h), so a wrong type is an
// Error too.
#include <cstddef>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/error.h"

namespace juxta {

struct JsonLimits {
    std::size_t maxBytes;
    int maxDepth = 64;  // containers ({} or []) inside each other, the outermost counting 1
};

// The limit of each reader, stated in one place.
// An OCI index/manifest/config, a docker-archive's manifest.json, the image store's manifests:
// real ones are a few KiB; a config with a long history stays well under 1 MiB.
inline constexpr JsonLimits kImageJsonLimits{std::size_t(1) << 20};
// Juxta's own state and definition files (containers, VMs, tiny-linux's image.json).
inline constexpr JsonLimits kStateJsonLimits{std::size_t(1) << 20};
// One request line on juxta-vmm's control socket (the server drops a longer line unread).
inline constexpr JsonLimits kControlLineLimits{std::size_t(64) << 10};
// One request line from the host to the guest agent (argv, env, cwd).
inline constexpr JsonLimits kAgentRequestLimits{std::size_t(1) << 20};
// One event line from the guest agent: an exit event carries up to 1 MiB of stdout and of stderr,
// which JSON escaping can make six times larger; the host's line splitter stops at 16 MiB.
inline constexpr JsonLimits kAgentEventLimits{std::size_t(16) << 20};

// The document in `text`, or EINVAL / EFBIG ("<what>: ...") when it is not JSON, is larger than
// limits.maxBytes or nests deeper than limits.maxDepth.
Result<nlohmann::json> parseBoundedJson(std::string_view text, const JsonLimits& limits,
                                        std::string_view what);

// A regular file's bytes, for a JSON reader: ENOENT when it does not exist, EFBIG (before reading)
// when it is larger than limits.maxBytes.
Result<std::string> readBoundedText(const std::filesystem::path& file, const JsonLimits& limits,
                                    std::string_view what);
// readBoundedText, then parseBoundedJson.
Result<nlohmann::json> readBoundedJsonFile(const std::filesystem::path& file, const JsonLimits& limits,
                                           std::string_view what);

}  // namespace juxta

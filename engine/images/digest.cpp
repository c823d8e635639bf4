#include "images/digest.h"

#include <cerrno>

namespace juxta::images {

Result<std::string> parseDigest(std::string_view digest) {
    constexpr std::string_view prefix = "sha256:";
    const bool hexOk =
        digest.size() == prefix.size() + 64 && digest.substr(0, prefix.size()) == prefix &&
        digest.substr(prefix.size()).find_first_not_of("0123456789abcdef") == std::string_view::npos;
    if (!hexOk)
        return Error(EINVAL,
                     "digest '" + std::string(digest.substr(0, 80)) + "' is not sha256:<64 hex digits>");
    return std::string(digest.substr(prefix.size()));
}

}  // namespace juxta::images

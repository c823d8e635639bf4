#include "core/user_id.h"

#include <cerrno>
#include <charconv>
#include <string>

namespace juxta {

Result<uint32_t> parseUserId(std::string_view text, std::string_view what) {
    uint64_t value = 0;
    const char* end = text.data() + text.size();
    // from_chars takes digits only (no sign, no space); 64 bits hold every 32-bit id and then some,
    // and a longer run of digits is out of range rather than wrapped.
    const auto [stop, ec] = std::from_chars(text.data(), end, value);
    if (text.empty() || stop != end || (ec != std::errc() && ec != std::errc::result_out_of_range))
        return Error(EINVAL, std::string(what) + ": '" + std::string(text) + "' is not a numeric id");
    if (ec == std::errc::result_out_of_range || value > kMaxUserId)
        return Error(ERANGE, std::string(what) + ": id " + std::string(text) + " is out of range (0 to " +
                                 std::to_string(kMaxUserId) + ")");
    return uint32_t(value);
}

}  // namespace juxta

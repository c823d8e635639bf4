#pragma once
// User and group ids written as text (an image's User, /etc/passwd, "uid:gid"): decimal digits
// only, 0 to 4294967294. Anything larger must be refused, not wrapped: "4294967296" read into a
// 32-bit uid_t is 0, root. 4294967295 is (uid_t)-1, which setresuid() takes as "leave unchanged".
#include <cstdint>
#include <string_view>

#include "core/error.h"

namespace juxta {

inline constexpr uint32_t kMaxUserId = 4294967294u;

// `what` names the value in the error ("image user '1000:x'").
Result<uint32_t> parseUserId(std::string_view text, std::string_view what);

}  // namespace juxta

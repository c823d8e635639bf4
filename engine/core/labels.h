#pragma once
// Labels: key=value pairs an instance carries from its creation on (`juxtactl run --label`, a compose
// service's `labels:`), kept in its definition and shown with it — Docker's labels. Juxta's own keys
// begin with "juxta.": compose marks each service's instance with its project and service (the
// GUI's instance list groups a project's instances by them); a user's label may not take that prefix.
//
// Bounded, as every definition is read back as untrusted input: at most kMaxLabels (a user's at most
// kMaxUserLabels), a key of at most 128 bytes of letters, digits and . _ - / : (no '='), a value of at
// most 4096 bytes of UTF-8 without control characters.
#include <map>
#include <string>
#include <string_view>

#include "core/error.h"

namespace juxta {

using Labels = std::map<std::string, std::string>;

inline constexpr std::size_t kMaxLabels = 256;
// What a user may give (a compose service, --label): room left for Juxta's own.
inline constexpr std::size_t kMaxUserLabels = kMaxLabels - 16;
inline constexpr std::string_view kComposeProjectLabel = "juxta.compose.project";
inline constexpr std::string_view kComposeServiceLabel = "juxta.compose.service";
inline constexpr std::string_view kComposeFileLabel = "juxta.compose.file";  // the file it came from
// On the instances of a compose comparison's own project (compare/compose_scenario.h): its id.
inline constexpr std::string_view kCompareLabel = "juxta.compare";

// EINVAL, naming the label: an empty or too long key or value, a character not allowed, too many.
Status checkLabel(std::string_view key, std::string_view value);
Status checkLabels(const Labels& labels);
// A user's labels: checkLabels, and none under Juxta's own "juxta." prefix.
Status checkUserLabels(const Labels& labels);
// "KEY=VALUE" (or "KEY": an empty value), as `--label` takes it; checked.
Result<std::pair<std::string, std::string>> parseLabel(std::string_view text);
// The value, or empty.
std::string labelValue(const Labels& labels, std::string_view key);
// A compose project's name as Juxta makes it (compose/parse.h): [a-z0-9][a-z0-9_-]*, at most 48
// bytes. A kComposeProjectLabel that is not one names no project (a hand-edited definition's
// "../x" must never become a path).
bool isComposeProjectName(std::string_view name);

}  // namespace juxta

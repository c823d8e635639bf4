#include "core/labels.h"

#include <cerrno>

namespace juxta {
namespace {

constexpr std::size_t kMaxKey = 128;
constexpr std::size_t kMaxValue = 4096;

bool keyChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-' || c == '/' || c == ':';
}

}  // namespace

Status checkLabel(std::string_view key, std::string_view value) {
    const std::string shown(key.substr(0, 40));
    if (key.empty()) return Error(EINVAL, "a label needs a key");
    if (key.size() > kMaxKey)
        return Error(EINVAL, "label " + shown + "…: its key is longer than " + std::to_string(kMaxKey) + " bytes");
    for (char c : key)
        if (!keyChar(c))
            return Error(EINVAL, "label " + shown +
                                     ": a key has only letters, digits and . _ - / : (no spaces, no '=')");
    if (value.size() > kMaxValue)
        return Error(EINVAL,
                     "label " + shown + ": its value is longer than " + std::to_string(kMaxValue) + " bytes");
    for (unsigned char c : value)
        if (c < 0x20 || c == 0x7f)
            return Error(EINVAL, "label " + shown + ": its value has a control character");
    return {};
}

Status checkLabels(const Labels& labels) {
    if (labels.size() > kMaxLabels)
        return Error(EINVAL, std::to_string(labels.size()) + " labels: at most " + std::to_string(kMaxLabels));
    for (const auto& [key, value] : labels)
        if (Status st = checkLabel(key, value); !st) return st;
    return {};
}

Status checkUserLabels(const Labels& labels) {
    if (Status st = checkLabels(labels); !st) return st;
    for (const auto& [key, value] : labels)
        if (key.starts_with("juxta."))
            return Error(EINVAL, "label " + key + ": keys beginning with \"juxta.\" are Juxta's own");
    return {};
}

Result<std::pair<std::string, std::string>> parseLabel(std::string_view text) {
    const std::size_t eq = text.find('=');
    std::pair<std::string, std::string> label{std::string(text.substr(0, eq)),
                                              eq == std::string_view::npos ? "" : std::string(text.substr(eq + 1))};
    if (Status st = checkLabel(label.first, label.second); !st) return st.error();
    return label;
}

std::string labelValue(const Labels& labels, std::string_view key) {
    const auto it = labels.find(std::string(key));
    return it == labels.end() ? std::string() : it->second;
}

}  // namespace juxta

#include "core/labels.h"

#include <cerrno>
#include <cstdint>

namespace juxta {
namespace {

constexpr std::size_t kMaxKey = 128;
constexpr std::size_t kMaxValue = 4096;

bool keyChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-' || c == '/' || c == ':';
}

// Well-formed UTF-8 (no overlong forms, no surrogates, at most U+10FFFF): JSON and Qt take it as is.
bool validUtf8(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        const unsigned char c = s[i];
        // How many continuation bytes follow; 9: a byte no sequence starts with.
        const std::size_t n = c < 0x80           ? 0
                              : (c >> 5) == 0x6  ? 1
                              : (c >> 4) == 0xe  ? 2
                              : (c >> 3) == 0x1e ? 3
                                                 : 9;
        if (n == 9 || i + n >= s.size()) return false;
        uint32_t cp = n == 0 ? c : n == 1 ? (c & 0x1f) : n == 2 ? (c & 0x0f) : (c & 0x07);
        for (std::size_t k = 1; k <= n; ++k) {
            const unsigned char d = s[i + k];
            if ((d >> 6) != 0x2) return false;
            cp = (cp << 6) | (d & 0x3f);
        }
        if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10ffff ||
            (cp >= 0xd800 && cp <= 0xdfff))
            return false;
        i += n + 1;
    }
    return true;
}

// The key as an error may show it: its first 40 bytes, any but printable ASCII as '?' (no escape
// sequence reaches a terminal, no character is cut in half).
std::string shownKey(std::string_view key) {
    std::string out;
    for (char c : key.substr(0, 40)) out += c >= 0x20 && c < 0x7f ? c : '?';
    return out;
}

}  // namespace

Status checkLabel(std::string_view key, std::string_view value) {
    const std::string shown = shownKey(key);
    if (key.empty()) return Error(EINVAL, "a label needs a key");
    if (key.size() > kMaxKey)
        return Error(EINVAL,
                     "label " + shown + "…: its key is longer than " + std::to_string(kMaxKey) + " bytes");
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
    if (!validUtf8(value)) return Error(EINVAL, "label " + shown + ": its value is not UTF-8");
    return {};
}

Status checkLabels(const Labels& labels) {
    if (labels.size() > kMaxLabels)
        return Error(EINVAL,
                     std::to_string(labels.size()) + " labels: at most " + std::to_string(kMaxLabels));
    for (const auto& [key, value] : labels)
        if (Status st = checkLabel(key, value); !st) return st;
    return {};
}

Status checkUserLabels(const Labels& labels) {
    if (labels.size() > kMaxUserLabels)
        return Error(EINVAL,
                     std::to_string(labels.size()) + " labels: at most " + std::to_string(kMaxUserLabels));
    if (Status st = checkLabels(labels); !st) return st;
    for (const auto& [key, value] : labels)
        if (key.starts_with("juxta."))
            return Error(EINVAL, "label " + key + ": keys beginning with \"juxta.\" are Juxta's own");
    return {};
}

Result<std::pair<std::string, std::string>> parseLabel(std::string_view text) {
    const std::size_t eq = text.find('=');
    std::pair<std::string, std::string> label{
        std::string(text.substr(0, eq)),
        eq == std::string_view::npos ? "" : std::string(text.substr(eq + 1))};
    if (Status st = checkLabel(label.first, label.second); !st) return st.error();
    return label;
}

bool isComposeProjectName(std::string_view name) {
    if (name.empty() || name.size() > 48) return false;
    for (std::size_t i = 0; i < name.size(); ++i) {
        const char c = name[i];
        const bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        if (!alnum && (i == 0 || (c != '-' && c != '_'))) return false;
    }
    return true;
}

std::string labelValue(const Labels& labels, std::string_view key) {
    const auto it = labels.find(std::string(key));
    return it == labels.end() ? std::string() : it->second;
}

}  // namespace juxta

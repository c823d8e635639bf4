#include "runtime/limits.h"

#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <string>

namespace juxta::runtime {
namespace {

Error bad(std::string_view what, std::string_view text, std::string_view why) {
    return Error(EINVAL, std::string(what) + " '" + std::string(text) + "': " + std::string(why));
}

// A non-negative decimal number with an optional fraction; no sign, no exponent, no spaces.
bool parseDecimal(std::string_view text, double& out, std::size_t& used) {
    used = 0;
    while (used < text.size() && (std::isdigit(static_cast<unsigned char>(text[used])) || text[used] == '.'))
        ++used;
    if (used == 0) return false;
    std::string_view num = text.substr(0, used);
    if (num.find('.') != num.rfind('.') || num == ".") return false;
    auto [end, ec] = std::from_chars(num.data(), num.data() + num.size(), out);
    return ec == std::errc() && end == num.data() + num.size() && std::isfinite(out);
}

}  // namespace

Result<int64_t> parseMemory(std::string_view text) {
    double value = 0;
    std::size_t used = 0;
    if (text.empty()) return bad("memory limit", text, "empty");
    if (text[0] == '-') return bad("memory limit", text, "must be positive");
    if (!parseDecimal(text, value, used))
        return bad("memory limit", text, "not a size — use e.g. 256M or 1.5G");
    std::string unit(text.substr(used));
    for (char& c : unit) c = char(std::tolower(static_cast<unsigned char>(c)));
    double scale = 0;
    if (unit.empty() || unit == "b")
        scale = 1;
    else if (unit == "k" || unit == "kb" || unit == "kib")
        scale = 1024.0;
    else if (unit == "m" || unit == "mb" || unit == "mib")
        scale = 1024.0 * 1024;
    else if (unit == "g" || unit == "gb" || unit == "gib")
        scale = 1024.0 * 1024 * 1024;
    else if (unit == "t" || unit == "tb" || unit == "tib")
        scale = 1024.0 * 1024 * 1024 * 1024;
    else
        return bad("memory limit", text, "unknown unit '" + unit + "' — use K, M, G or T");
    const double bytes = value * scale;
    if (bytes >= 9.0e18) return bad("memory limit", text, "too large");
    if (bytes < 1024.0 * 1024) return bad("memory limit", text, "below the 1 MiB minimum");
    return int64_t(bytes);
}

Result<double> parseCpus(std::string_view text) {
    double value = 0;
    std::size_t used = 0;
    if (text.empty()) return bad("CPU limit", text, "empty");
    if (text[0] == '-') return bad("CPU limit", text, "must be positive");
    if (!parseDecimal(text, value, used) || used != text.size())
        return bad("CPU limit", text, "not a number of CPUs — use e.g. 1.5");
    if (value < 0.01) return bad("CPU limit", text, "below the 0.01 minimum");
    if (value > 1024) return bad("CPU limit", text, "above the 1024 maximum");
    return value;
}

Result<int64_t> parsePids(std::string_view text) {
    if (text.empty()) return bad("pids limit", text, "empty");
    if (text[0] == '-') return bad("pids limit", text, "must be positive");
    int64_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec == std::errc::result_out_of_range) return bad("pids limit", text, "too large");
    if (ec != std::errc() || end != text.data() + text.size())
        return bad("pids limit", text, "not a whole number");
    if (value < 1) return bad("pids limit", text, "must be at least 1");
    return value;
}

}  // namespace juxta::runtime

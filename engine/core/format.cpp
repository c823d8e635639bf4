#include "core/format.h"

#include <array>
#include <cmath>
#include <cstdio>

namespace juxta::format {
namespace {

std::string scaled(double value, double base, const std::array<const char*, 6>& units) {
    if (!std::isfinite(value) || value < 0) value = 0;
    std::size_t i = 0;
    while (value >= base && i + 1 < units.size()) {
        value /= base;
        ++i;
    }
    char buf[48];
    if (i == 0)
        std::snprintf(buf, sizeof buf, "%.0f %s", value, units[i]);
    else
        std::snprintf(buf, sizeof buf,
                      value < 10    ? "%.2f %s"
                      : value < 100 ? "%.1f %s"
                                    : "%.0f %s",
                      value, units[i]);
    return buf;
}

}  // namespace

std::string bytes(double b) {
    return scaled(b, 1024.0, {"B", "KiB", "MiB", "GiB", "TiB", "PiB"});
}

std::string bytesPerSecond(double b) {
    return scaled(b, 1000.0, {"B/s", "KB/s", "MB/s", "GB/s", "TB/s", "PB/s"});
}

std::string percent(double v) {
    if (!std::isfinite(v)) v = 0;
    char buf[32];
    std::snprintf(buf, sizeof buf, v >= 100 ? "%.0f %%" : "%.1f %%", v);
    return buf;
}

std::string duration(double s) {
    if (!std::isfinite(s) || s < 0) s = 0;
    char buf[48];
    if (s < 1)
        std::snprintf(buf, sizeof buf, "%.0f ms", s * 1000);
    else if (s < 60)
        std::snprintf(buf, sizeof buf, "%.0f s", std::floor(s));
    else if (s < 3600)
        std::snprintf(buf, sizeof buf, "%d min %d s", int(s / 60), int(s) % 60);
    else if (s < 86400)
        std::snprintf(buf, sizeof buf, "%d h %d min", int(s / 3600), int(s) % 3600 / 60);
    else
        std::snprintf(buf, sizeof buf, "%d d %d h", int(s / 86400), int(s) % 86400 / 3600);
    return buf;
}

}  // namespace juxta::format

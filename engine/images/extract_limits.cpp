#include "images/extract_limits.h"

#include <sys/statvfs.h>

#include <cerrno>
#include <charconv>
#include <cstdlib>

#include "core/format.h"

namespace juxta::images {
namespace {

constexpr uint64_t kFreeCheckEvery = 8u << 20;

Result<uint64_t> fromEnv(const char* name, uint64_t fallback) {
    const char* v = std::getenv(name);
    if (!v || !*v) return fallback;
    return parseByteSize(v, name);
}

std::string sizeText(uint64_t bytes) {
    return format::bytes(double(bytes));
}

}  // namespace

Result<ExtractLimits> ExtractLimits::fromEnvironment() {
    ExtractLimits limits;
    auto max = fromEnv("JUXTA_MAX_SIZE", limits.maxBytes);
    if (!max) return max.error();
    auto floor = fromEnv("JUXTA_MIN_FREE", limits.minFreeBytes);
    if (!floor) return floor.error();
    limits.maxBytes = *max;
    limits.minFreeBytes = *floor;
    return limits;
}

Result<uint64_t> parseByteSize(std::string_view text, const std::string& what) {
    const auto bad = [&] {
        return Error(EINVAL, what + " '" + std::string(text) +
                                 "': not a size — use e.g. 512M, 1G or a number of bytes");
    };
    uint64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end == text.data()) return bad();
    const std::string_view unit = text.substr(std::size_t(end - text.data()));
    int shift = 0;
    if (unit == "K" || unit == "k" || unit == "KiB")
        shift = 10;
    else if (unit == "M" || unit == "m" || unit == "MiB")
        shift = 20;
    else if (unit == "G" || unit == "g" || unit == "GiB")
        shift = 30;
    else if (unit == "T" || unit == "t" || unit == "TiB")
        shift = 40;
    else if (!unit.empty() && unit != "B")
        return bad();
    if (shift && value > (UINT64_MAX >> shift)) return bad();
    return value << shift;
}

ExtractBudget::ExtractBudget(ExtractLimits limits, std::filesystem::path where)
    : limits_(limits), where_(std::move(where)) {}

Status ExtractBudget::checkSize(uint64_t total) const {
    if (limits_.maxBytes == 0 || total <= limits_.maxBytes) return {};
    return Error(EFBIG, "stopped: the image is larger than the limit of " + sizeText(limits_.maxBytes) +
                            " uncompressed (--max-size, JUXTA_MAX_SIZE)");
}

Status ExtractBudget::checkFree(uint64_t needed) {
    if (!checked_ || streamed_ - streamedAtCheck_ >= kFreeCheckEvery) {
        struct statvfs vfs {};
        if (::statvfs(where_.c_str(), &vfs) < 0) return Error::fromErrno("statvfs " + where_.string());
        freeAtCheck_ = uint64_t(vfs.f_bavail) * vfs.f_frsize;
        streamedAtCheck_ = streamed_;
        checked_ = true;
    }
    // What was streamed since the last statvfs is (about) what was written since.
    const uint64_t written = streamed_ - streamedAtCheck_;
    const uint64_t left = freeAtCheck_ > written ? freeAtCheck_ - written : 0;
    if (left >= needed && left - needed >= limits_.minFreeBytes) return {};
    return Error(ENOSPC, "stopped: the filesystem of " + where_.string() + " would fall below its floor of " +
                             sizeText(limits_.minFreeBytes) + " free (" + sizeText(left) +
                             " left; --min-free, JUXTA_MIN_FREE)");
}

Status ExtractBudget::streamed(uint64_t bytes) {
    std::lock_guard lock(mutex_);
    streamed_ += bytes;
    if (auto st = checkSize(streamed_); !st) return st;
    return checkFree(0);
}

Status ExtractBudget::declared(uint64_t size) {
    std::lock_guard lock(mutex_);
    declared_ += size;
    if (auto st = checkSize(declared_); !st) return st;
    return checkFree(size);
}

}  // namespace juxta::images

#include "metrics/ring_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>

namespace juxta::metrics {
namespace {

constexpr char kMagic[8] = {'J', 'X', 'M', 'E', 'T', 'R', 'C', '\n'};
constexpr uint32_t kVersion = 1;
constexpr std::size_t kValues = 8;
// Times are ms since the epoch up to the end of the year 9999: no arithmetic on them can overflow.
constexpr int64_t kLastTimeMs = 253'402'300'799'999;

bool plausible(int64_t timeMs) {
    return timeMs > 0 && timeMs <= kLastTimeMs;
}

struct Header {
    char magic[8];
    uint32_t version;
    uint32_t slotSize;
    uint32_t tierCount;
    uint32_t reserved;
    struct {
        uint32_t stepSeconds, slotCount;
    } tiers[kMaxTiers];
    uint32_t pad;
    uint32_t crc;  // of the bytes before it
};
static_assert(sizeof(Header) == 64);

struct Slot {
    int64_t timeMs;  // the newest sample in the bucket; 0 = never written
    uint32_t count;  // samples averaged into it
    uint32_t crc;    // of the slot with this field 0
    float values[kValues];
};
static_assert(sizeof(Slot) == 48);

uint32_t crcOf(const void* data, std::size_t size) {
    return uint32_t(::crc32(0L, static_cast<const Bytef*>(data), uInt(size)));
}

uint32_t slotCrc(Slot s) {
    s.crc = 0;
    return crcOf(&s, sizeof s);
}

void toValues(const MetricSample& s, double out[kValues]) {
    const double v[kValues] = {s.cpuPercent,   s.memoryUsed, s.memoryTotal, s.diskReadBps,
                               s.diskWriteBps, s.netRxBps,   s.netTxBps,    s.vmExitsPerSec};
    std::copy(v, v + kValues, out);
}

MetricSample fromSlot(const Slot& slot, int64_t timeMs) {
    MetricSample s;
    s.timeMs = timeMs;
    s.cpuPercent = slot.values[0];
    s.memoryUsed = slot.values[1];
    s.memoryTotal = slot.values[2];
    s.diskReadBps = slot.values[3];
    s.diskWriteBps = slot.values[4];
    s.netRxBps = slot.values[5];
    s.netTxBps = slot.values[6];
    s.vmExitsPerSec = slot.values[7];
    return s;
}

Result<std::vector<RingTier>> checkTiers(std::span<const RingTier> tiers) {
    if (tiers.empty() || tiers.size() > kMaxTiers)
        return Error(EINVAL, "a metrics ring has 1 to " + std::to_string(kMaxTiers) + " tiers, not " +
                                 std::to_string(tiers.size()));
    uint64_t slots = 0;
    for (std::size_t i = 0; i < tiers.size(); ++i) {
        const RingTier& t = tiers[i];
        if (t.stepSeconds == 0 || t.stepSeconds > kMaxStepSeconds || t.slotCount == 0 ||
            (i > 0 && t.stepSeconds <= tiers[i - 1].stepSeconds))
            return Error(EINVAL, "tier " + std::to_string(i) + " of a metrics ring is out of bounds (step " +
                                     std::to_string(t.stepSeconds) + " s, " + std::to_string(t.slotCount) +
                                     " slots; steps grow from tier to tier)");
        slots += t.slotCount;
    }
    if (slots > kMaxSlots)
        return Error(EINVAL, "a metrics ring of " + std::to_string(slots) + " slots is larger than " +
                                 std::to_string(kMaxSlots));
    return std::vector<RingTier>(tiers.begin(), tiers.end());
}

Status preadAll(int fd, void* data, std::size_t size, uint64_t offset) {
    auto* p = static_cast<char*>(data);
    while (size > 0) {
        const ssize_t n = ::pread(fd, p, size, off_t(offset));
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return Error::fromErrno("read the metrics ring");
        if (n == 0) return Error(EINVAL, "the metrics ring ends early");
        p += n, size -= std::size_t(n), offset += uint64_t(n);
    }
    return {};
}

Status pwriteAll(int fd, const void* data, std::size_t size, uint64_t offset) {
    const auto* p = static_cast<const char*>(data);
    while (size > 0) {
        const ssize_t n = ::pwrite(fd, p, size, off_t(offset));
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return Error::fromErrno("write the metrics ring");
        p += n, size -= std::size_t(n), offset += uint64_t(n);
    }
    return {};
}

// The header's tiers, or why the file is not a ring.
Result<std::vector<RingTier>> readHeader(int fd) {
    struct stat st {};
    if (::fstat(fd, &st) < 0) return Error::fromErrno("stat the metrics ring");
    if (!S_ISREG(st.st_mode)) return Error(EINVAL, "not a regular file");
    Header h{};
    if (uint64_t(st.st_size) < sizeof h) return Error(EINVAL, "shorter than a metrics ring's header");
    if (auto st2 = preadAll(fd, &h, sizeof h, 0); !st2) return st2.error();
    if (std::memcmp(h.magic, kMagic, sizeof kMagic) != 0) return Error(EINVAL, "not a Juxta metrics ring");
    if (h.crc != crcOf(&h, offsetof(Header, crc))) return Error(EINVAL, "its header fails its checksum");
    if (h.version != kVersion || h.slotSize != sizeof(Slot))
        return Error(EINVAL, "a metrics ring of another version (" + std::to_string(h.version) + ")");
    if (h.tierCount == 0 || h.tierCount > kMaxTiers)
        return Error(EINVAL, "a metrics ring of " + std::to_string(h.tierCount) + " tiers");
    std::vector<RingTier> tiers;
    for (uint32_t i = 0; i < h.tierCount; ++i)
        tiers.push_back({h.tiers[i].stepSeconds, h.tiers[i].slotCount});
    auto checked = checkTiers(tiers);
    if (!checked) return checked.error();
    if (uint64_t(st.st_size) != RingFile::fileSize(tiers))
        return Error(EINVAL, "truncated or extended: " + std::to_string(st.st_size) + " bytes instead of " +
                                 std::to_string(RingFile::fileSize(tiers)));
    return tiers;
}

// A new ring beside `path`, every slot's room allocated, then renamed over it: a reader sees the old
// file or the whole new one.
Status createRing(const std::filesystem::path& path, const std::vector<RingTier>& tiers) {
    const std::filesystem::path temp = path.string() + ".new";
    ::unlink(temp.c_str());
    UniqueFd fd(::open(temp.c_str(), O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
    if (!fd) return Error::fromErrno("create " + temp.string());
    const auto fail = [&](Error e) {
        ::unlink(temp.c_str());
        return e;
    };
    Header h{};
    std::memcpy(h.magic, kMagic, sizeof kMagic);
    h.version = kVersion;
    h.slotSize = sizeof(Slot);
    h.tierCount = uint32_t(tiers.size());
    for (std::size_t i = 0; i < tiers.size(); ++i) h.tiers[i] = {tiers[i].stepSeconds, tiers[i].slotCount};
    h.crc = crcOf(&h, offsetof(Header, crc));
    if (auto st = pwriteAll(fd.get(), &h, sizeof h, 0); !st) return fail(st.error());
    if (const int err = ::posix_fallocate(fd.get(), 0, off_t(RingFile::fileSize(tiers))); err != 0)
        return fail(Error::fromErrno("make room for the metrics history in " + path.string(), err));
    if (::rename(temp.c_str(), path.c_str()) < 0) return fail(Error::fromErrno("rename " + temp.string()));
    return {};
}

}  // namespace

uint64_t RingFile::fileSize(std::span<const RingTier> tiers) {
    uint64_t slots = 0;
    for (const RingTier& t : tiers) slots += t.slotCount;
    return sizeof(Header) + slots * sizeof(Slot);
}

RingFile::RingFile(UniqueFd fd, std::vector<RingTier> tiers)
    : fd_(std::move(fd)), tiers_(std::move(tiers)), buckets_(tiers_.size()) {
    uint64_t base = 0;
    for (const RingTier& t : tiers_) tierBase_.push_back(base), base += t.slotCount;
}

Result<RingFile> RingFile::openForWriting(const std::filesystem::path& path, std::span<const RingTier> wanted,
                                          std::string* replaced) {
    auto tiers = checkTiers(wanted);
    if (!tiers) return tiers.error();
    UniqueFd fd(::open(path.c_str(), O_RDWR | O_NOFOLLOW | O_CLOEXEC));
    if (fd) {
        auto found = readHeader(fd.get());
        if (found && *found == *tiers) return RingFile(std::move(fd), std::move(*tiers));
        if (replaced) *replaced = found ? "its tiers differ from these" : found.error().message();
        fd.reset();
    } else if (errno != ENOENT) {
        if (replaced) *replaced = Error::fromErrno("open").message();
        std::error_code ec;
        std::filesystem::remove(path, ec);  // a symlink or a directory in its place
    }
    if (auto st = createRing(path, *tiers); !st) return st.error();
    fd.reset(::open(path.c_str(), O_RDWR | O_NOFOLLOW | O_CLOEXEC));
    if (!fd) return Error::fromErrno("open " + path.string());
    return RingFile(std::move(fd), std::move(*tiers));
}

Result<RingFile> RingFile::openForReading(const std::filesystem::path& path) {
    UniqueFd fd(::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK));
    if (!fd) return Error::fromErrno("open " + path.string());
    auto tiers = readHeader(fd.get());
    if (!tiers) return tiers.error().wrap(path.string());
    return RingFile(std::move(fd), std::move(*tiers));
}

uint64_t RingFile::slotOffset(std::size_t tier, int64_t bucket) const {
    return sizeof(Header) + (tierBase_[tier] + uint64_t(bucket % tiers_[tier].slotCount)) * sizeof(Slot);
}

Status RingFile::append(const MetricSample& sample) {
    if (!plausible(sample.timeMs)) return Error(EINVAL, "a metrics sample without a plausible time");
    double values[kValues];
    toValues(sample, values);
    for (std::size_t i = 0; i < tiers_.size(); ++i) {
        const int64_t stepMs = int64_t(tiers_[i].stepSeconds) * 1000;
        const int64_t bucket = sample.timeMs / stepMs;
        Bucket& b = buckets_[i];
        if (b.index != bucket) {
            const bool reopened = b.index < 0;
            b = Bucket{bucket, 0, {}};
            // Reopened in the middle of a bucket (a restarted monitor): go on from what is there.
            Slot old{};
            if (reopened && preadAll(fd_.get(), &old, sizeof old, slotOffset(i, bucket)) &&
                old.crc == slotCrc(old) && old.count > 0 && plausible(old.timeMs) &&
                old.timeMs / stepMs == bucket && old.timeMs <= sample.timeMs) {
                b.count = old.count;
                for (std::size_t v = 0; v < kValues; ++v) b.sums[v] = double(old.values[v]) * old.count;
            }
        }
        b.count = b.count == UINT32_MAX ? b.count : b.count + 1;
        Slot slot{};
        slot.timeMs = sample.timeMs;
        slot.count = b.count;
        for (std::size_t v = 0; v < kValues; ++v) {
            b.sums[v] += std::isfinite(values[v]) ? values[v] : 0.0;
            slot.values[v] = float(b.sums[v] / b.count);
        }
        slot.crc = slotCrc(slot);
        if (auto st = pwriteAll(fd_.get(), &slot, sizeof slot, slotOffset(i, bucket)); !st) return st;
    }
    return {};
}

Status RingFile::readTier(std::size_t tier, std::vector<char>& bytes) const {
    bytes.resize(std::size_t(tiers_[tier].slotCount) * sizeof(Slot));
    return preadAll(fd_.get(), bytes.data(), bytes.size(), slotOffset(tier, 0));
}

Result<std::vector<MetricSample>> RingFile::read(int64_t sinceMs, int64_t nowMs) const {
    std::vector<MetricSample> out;
    if (!plausible(nowMs)) return out;
    std::vector<char> bytes;
    // From the finest tier back: each coarser one only before where the finer one's span begins.
    int64_t finerStart = INT64_MAX;
    for (std::size_t i = 0; i < tiers_.size(); ++i) {
        const int64_t stepMs = int64_t(tiers_[i].stepSeconds) * 1000;
        const int64_t spanStart = nowMs - stepMs * tiers_[i].slotCount;
        if (auto st = readTier(i, bytes); !st) return st.error();
        std::vector<MetricSample> tier;
        for (uint32_t k = 0; k < tiers_[i].slotCount; ++k) {
            Slot s;
            std::memcpy(&s, bytes.data() + std::size_t(k) * sizeof s, sizeof s);
            if (s.count == 0 || !plausible(s.timeMs) || s.crc != slotCrc(s)) continue;  // empty or torn
            const int64_t bucket = s.timeMs / stepMs;
            if (bucket % tiers_[i].slotCount != k) continue;  // not where its time puts it: not ours
            const int64_t start = bucket * stepMs;
            const int64_t shown = i == 0 ? s.timeMs : start + stepMs / 2;
            if (start <= spanStart || s.timeMs > nowMs) continue;  // stale (wrapped past), or from the future
            if (start + stepMs > finerStart) continue;             // a finer tier has this time
            if (shown < sinceMs) continue;
            tier.push_back(fromSlot(s, shown));
        }
        std::sort(tier.begin(), tier.end(), [](const auto& a, const auto& b) { return a.timeMs < b.timeMs; });
        out.insert(out.begin(), tier.begin(), tier.end());
        finerStart = spanStart;
        if (spanStart < sinceMs) break;  // this tier reaches back far enough
    }
    return out;
}

Result<std::optional<MetricSample>> RingFile::latest(int64_t nowMs, int64_t maxAgeMs) const {
    const int64_t stepMs = int64_t(tiers_[0].stepSeconds) * 1000;
    std::optional<MetricSample> best;
    if (!plausible(nowMs)) return best;
    maxAgeMs = std::clamp<int64_t>(maxAgeMs, 0, stepMs * tiers_[0].slotCount);
    for (int64_t bucket = nowMs / stepMs; bucket >= 0 && bucket >= (nowMs - maxAgeMs) / stepMs; --bucket) {
        Slot s;
        if (auto st = preadAll(fd_.get(), &s, sizeof s, slotOffset(0, bucket)); !st) return st.error();
        if (s.count == 0 || !plausible(s.timeMs) || s.crc != slotCrc(s) || s.timeMs / stepMs != bucket)
            continue;
        if (s.timeMs > nowMs || s.timeMs < nowMs - maxAgeMs) continue;
        best = fromSlot(s, s.timeMs);
        break;
    }
    return best;
}

}  // namespace juxta::metrics

#pragma once
// An instance's resource history on disk, kept the way an RRD keeps it: one fixed-size file of tiers,
// each a ring of time-addressed slotCount — by default 1 s for an hour, 15 s for a day, 5 min for 30 days
// (18,000 slotCount of 48 bytes: 864 KiB, allocated when the file is made, so a disk that fills later
// never stops a write half-way).
//
// A sample goes into every tier: the 1 s slot of its second, and the running average of the 15 s and
// 5 min buckets it falls in. A slot's place is its time (bucket number modulo the tier's slotCount), so the
// file has no head or count to keep consistent: each write is one pwrite of one slot carrying its own
// CRC-32, and a slot torn by a crash, or read while it is written, fails its check and reads as a gap.
// A slot is kept only while it lies inside its tier's span before "now", so the ring's wrap needs no
// bookkeeping either.
//
// Written by the process that lives as long as the instance (its monitor) and read by anyone (the GUI,
// juxtactl). The header is checked before any slot is read (magic, version, tier layout within bounds,
// file size); a file that fails it is reported and, by the writer, made anew — never trusted.
// Native byte order: the file is this host's state, not an exchange format.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/sample.h"
#include "core/unique_fd.h"

namespace juxta::metrics {

struct RingTier {
    uint32_t stepSeconds = 1;  // one slot covers this much time
    uint32_t slotCount = 1;    // the tier spans stepSeconds * slotCount
    bool operator==(const RingTier&) const = default;
};

inline constexpr RingTier kDefaultTiers[] = {{1, 3600}, {15, 5760}, {300, 8640}};

// What a reader accepts of a header: at most this many tiers, slotCount in all, and seconds a step.
inline constexpr std::size_t kMaxTiers = 4;
inline constexpr uint64_t kMaxSlots = uint64_t(1) << 20;
inline constexpr uint32_t kMaxStepSeconds = 86400;

class RingFile {
  public:
    // For recording: makes the file (header and every slot's room at once), or reuses one that is a
    // valid ring of these tiers. One that is not (foreign, truncated, another layout) is replaced,
    // and `replaced` (when given) says why. Fails only when the file cannot be made (no room: ENOSPC).
    static Result<RingFile> openForWriting(const std::filesystem::path& path,
                                           std::span<const RingTier> tiers = kDefaultTiers,
                                           std::string* replaced = nullptr);
    // For reading: ENOENT when there is none, EINVAL when it is not a valid ring (the message says why).
    static Result<RingFile> openForReading(const std::filesystem::path& path);

    // Records one sample into every tier (its timeMs: after the epoch, before the year 10000).
    Status append(const MetricSample& sample);

    // The history within [sinceMs, nowMs], oldest first: each tier where it is the finest one that
    // reaches back that far (1 s points for the last hour, 15 s ones before, 5 min ones before those).
    // A coarser point's time is the middle of its bucket. Torn or stale slotCount are left out.
    Result<std::vector<MetricSample>> read(int64_t sinceMs, int64_t nowMs) const;
    // The newest 1 s point no older than maxAgeMs before nowMs, if any.
    Result<std::optional<MetricSample>> latest(int64_t nowMs, int64_t maxAgeMs) const;

    const std::vector<RingTier>& tiers() const { return tiers_; }
    static uint64_t fileSize(std::span<const RingTier> tiers);

  private:
    struct Bucket {  // the running average of a tier's current bucket (writer only)
        int64_t index = -1;
        uint32_t count = 0;
        double sums[8] = {};
    };
    RingFile(UniqueFd fd, std::vector<RingTier> tiers);
    uint64_t slotOffset(std::size_t tier, int64_t bucket) const;
    Status readTier(std::size_t tier, std::vector<char>& bytes) const;

    UniqueFd fd_;
    std::vector<RingTier> tiers_;
    std::vector<uint64_t> tierBase_;  // the first slot's index of each tier
    std::vector<Bucket> buckets_;
};

}  // namespace juxta::metrics

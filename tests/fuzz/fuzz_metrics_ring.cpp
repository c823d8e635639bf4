// A resource history file (metrics/ring_file.h) as a reader finds it: any bytes at all, and, so that
// the fuzzer reaches past the checks, a header made valid around its tier layout and slots whose
// checksums are made to match. Then read, latest, and a writer that reopens it and appends.
#include <zlib.h>

#include <cstring>

#include "fuzz_support.h"
#include "metrics/ring_file.h"

namespace {

uint32_t crcOf(const void* data, std::size_t size) {
    return uint32_t(::crc32(0L, static_cast<const Bytef*>(data), uInt(size)));
}

template <typename T>
T take(const uint8_t*& data, size_t& size) {
    T v{};
    const size_t n = std::min(size, sizeof v);
    std::memcpy(&v, data, n);
    data += n, size -= n;
    return v;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static juxta::fuzz::Scratch scratch;
    const auto mode = take<uint8_t>(data, size);
    const auto now = int64_t(take<uint64_t>(data, size) >> 16);  // 0 .. the year 6000
    std::string file;
    if (mode & 1) {  // the bytes as they are
        file = juxta::fuzz::text(data, size);
    } else {  // a valid header around a small tier layout, then the bytes as slots
        const auto tiers = uint32_t(1 + take<uint8_t>(data, size) % 4);
        char header[64] = {'J', 'X', 'M', 'E', 'T', 'R', 'C', '\n'};
        const uint32_t fields[4] = {1, 48, tiers, 0};
        std::memcpy(header + 8, fields, sizeof fields);
        uint64_t slots = 0;
        for (uint32_t i = 0; i < tiers; ++i) {
            const uint32_t tier[2] = {take<uint8_t>(data, size) + 1u, take<uint8_t>(data, size) + 1u};
            std::memcpy(header + 24 + 8 * i, tier, sizeof tier);
            slots += tier[1];
        }
        const uint32_t crc = crcOf(header, 60);
        std::memcpy(header + 60, &crc, 4);
        std::string body = juxta::fuzz::text(data, size);
        if (!(mode & 2)) body.resize(slots * 48);  // else the size may not match
        if (mode & 4)
            for (size_t at = 0; at + 48 <= body.size(); at += 48) {  // every slot's checksum made right
                std::memset(body.data() + at + 12, 0, 4);
                const uint32_t c = crcOf(body.data() + at, 48);
                std::memcpy(body.data() + at + 12, &c, 4);
            }
        file = std::string(header, sizeof header) + body;
    }
    scratch.write("history.metrics", file);
    const auto path = scratch.root() / "history.metrics";
    if (auto ring = juxta::metrics::RingFile::openForReading(path)) {
        (void)ring->read(now - 86'400'000LL * 31, now);
        (void)ring->read(0, now);
        (void)ring->latest(now, 5000);
        std::vector<juxta::metrics::RingTier> tiers = ring->tiers();
        if (auto writer = juxta::metrics::RingFile::openForWriting(path, tiers)) {
            juxta::MetricSample s;
            s.timeMs = now > 0 ? now : 1;
            (void)writer->append(s);
        }
    }
    return 0;
}

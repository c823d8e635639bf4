// The metrics ring file (engine/metrics/ring_file.h): what goes in comes out, the ring wraps, tiers roll
// up, a restarted writer goes on, and a torn slot, a foreign, truncated or hostile file never reads as
// data.
#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>

#include <QTemporaryDir>
#include <QTest>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>

#include "core/read_file.h"
#include "metrics/ring_file.h"

using namespace juxta;
using metrics::RingFile;
using metrics::RingTier;
namespace fs = std::filesystem;

namespace {

constexpr int64_t kT0 = 1'780'000'000'000;  // a time in 2026, on a 5 min boundary
constexpr uint64_t kHeader = 64, kSlot = 48;

MetricSample sampleAt(int64_t timeMs, double cpu) {
    MetricSample s;
    s.timeMs = timeMs;
    s.cpuPercent = cpu;
    s.memoryUsed = 1000 * cpu;
    s.memoryTotal = 1 << 30;
    s.diskWriteBps = 7;
    s.vmExitsPerSec = 3;
    return s;
}

std::string bytesOf(const fs::path& p) {
    return readFile(p).value_or("");
}

void writeBytes(const fs::path& p, const std::string& bytes) {
    std::ofstream(p, std::ios::binary | std::ios::trunc).write(bytes.data(), std::streamsize(bytes.size()));
}

std::vector<double> cpus(const std::vector<MetricSample>& points) {
    std::vector<double> out;
    for (const auto& p : points) out.push_back(p.cpuPercent);
    return out;
}

}  // namespace

class TestRingFile : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    fs::path path(const char* name) { return fs::path(dir_.path().toStdString()) / name; }

  private slots:
    void whatGoesInComesOut() {
        auto ring = RingFile::openForWriting(path("a.ring"));
        QVERIFY2(ring.ok(), ring.ok() ? "" : ring.error().message().c_str());
        QCOMPARE(fs::file_size(path("a.ring")), RingFile::fileSize(metrics::kDefaultTiers));
        QCOMPARE(fs::file_size(path("a.ring")), uint64_t(64 + 18000 * 48));  // 864 KiB and a header
        for (int i = 0; i < 120; ++i) QVERIFY(ring->append(sampleAt(kT0 + i * 1000 + 250, i)).ok());
        auto points = ring->read(0, kT0 + 120'000);
        QVERIFY(points.ok());
        QCOMPARE(points->size(), std::size_t(120));
        QCOMPARE(points->front().timeMs, kT0 + 250);  // a 1 s point keeps its sample's own time
        QCOMPARE(points->back().cpuPercent, 119.0);
        QCOMPARE(points->back().memoryUsed, 119000.0);
        QCOMPARE(points->back().memoryTotal, double(1 << 30));
        QCOMPARE(points->back().vmExitsPerSec, 3.0);
        // Another reader, while the writer is open, sees the same.
        auto reader = RingFile::openForReading(path("a.ring"));
        QVERIFY(reader.ok());
        QCOMPARE(reader->read(kT0 + 100'000, kT0 + 120'000)->size(), std::size_t(20));
        auto latest = reader->latest(kT0 + 120'000, 2000);
        QVERIFY(latest.ok() && latest->has_value());
        QCOMPARE((*latest)->cpuPercent, 119.0);
        QVERIFY(!reader->latest(kT0 + 130'000, 2000)->has_value());  // nothing that recent
    }

    void theRingWrapsAndOlderTimeComesFromCoarserTiers() {
        const RingTier tiers[] = {{1, 10}, {5, 6}};  // 10 s of 1 s points, 30 s of 5 s ones
        auto ring = RingFile::openForWriting(path("wrap.ring"), tiers);
        QVERIFY(ring.ok());
        for (int i = 0; i < 25; ++i) QVERIFY(ring->append(sampleAt(kT0 + i * 1000, i)).ok());
        const int64_t now = kT0 + 24'500;
        auto points = ring->read(0, now);
        QVERIFY(points.ok());
        // 1 s points for (now - 10 s, now]: seconds 15..24 (0..14 were written over or are stale);
        // before that the 5 s buckets that end by then: [0,5) averages 2, [5,10) 7; [10,15) ends at
        // 15 s, after the finer tier's span begins (14.5 s), so the 1 s points have that time.
        const std::vector<double> want = {2, 7, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24};
        QCOMPARE(cpus(*points), want);
        QCOMPARE(points->front().timeMs, kT0 + 2500);  // a coarse point sits in its bucket's middle
        // Asked only for the last 5 s: the finest tier alone.
        QCOMPARE(ring->read(now - 5000, now)->size(), std::size_t(5));
        // Long after, everything is stale: nothing comes back, though the bytes are still there.
        QVERIFY(ring->read(0, now + 3'600'000)->empty());
    }

    void aRestartedWriterGoesOnWithTheBucketItFinds() {
        const RingTier tiers[] = {{1, 60}, {10, 60}};
        {
            auto ring = RingFile::openForWriting(path("restart.ring"), tiers);
            for (int i = 0; i < 3; ++i) QVERIFY(ring->append(sampleAt(kT0 + i * 1000, 10)).ok());
        }
        std::string replaced;
        auto ring = RingFile::openForWriting(path("restart.ring"), tiers, &replaced);
        QVERIFY(ring.ok());
        QVERIFY(replaced.empty());  // a valid ring of these tiers is kept
        QVERIFY(ring->append(sampleAt(kT0 + 3000, 50)).ok());
        // 70 s later the 1 s points are stale: the 10 s bucket averages all four (10, 10, 10, 50).
        auto points = ring->read(0, kT0 + 70'000);
        QVERIFY(points.ok());
        QCOMPARE(cpus(*points), std::vector<double>{20});
        // A ring of other tiers is made anew, and says so.
        const RingTier other[] = {{1, 30}};
        auto remade = RingFile::openForWriting(path("restart.ring"), other, &replaced);
        QVERIFY(remade.ok());
        QCOMPARE(replaced, std::string("its tiers differ from these"));
        QVERIFY(remade->read(0, kT0 + 10'000)->empty());
    }

    // A crash (or a reader racing the writer) can leave a slot with any prefix of its new bytes over
    // its old ones: it must read as the old point or as a gap, never as a mixture.
    void aTornSlotReadsAsTheOldPointOrAGap() {
        const RingTier tiers[] = {{1, 8}};
        const fs::path p = path("torn.ring");
        auto ring = RingFile::openForWriting(p, tiers);
        QVERIFY(ring->append(sampleAt(kT0 + 1000, 11)).ok());
        const std::string before = bytesOf(p);
        QVERIFY(ring->append(sampleAt(kT0 + 1500, 99)).ok());  // the same second: the slot averages 55
        const std::string after = bytesOf(p);
        const uint64_t slot = kHeader + 1 * kSlot;  // second (kT0 + 1000)/1000, modulo 8, is 1
        QVERIFY(before.compare(slot, kSlot, after, slot, kSlot) != 0);
        QVERIFY(before.compare(0, slot, after, 0, slot) == 0);  // nothing else changed
        for (uint64_t k = 0; k <= kSlot; ++k) {
            std::string torn = before;
            torn.replace(slot, k, after, slot, k);
            writeBytes(p, torn);
            auto reader = RingFile::openForReading(p);
            QVERIFY(reader.ok());
            auto points = reader->read(0, kT0 + 2000);
            QVERIFY(points.ok());
            if (torn.compare(slot, kSlot, after, slot, kSlot) == 0) {  // the rest was the same already
                QCOMPARE(cpus(*points), std::vector<double>{55});
            } else if (k == 0) {
                QCOMPARE(cpus(*points), std::vector<double>{11});
            } else if (!points->empty()) {
                QCOMPARE(cpus(*points), std::vector<double>{11});
                QCOMPARE(points->front().timeMs, kT0 + 1000);
            }
        }
    }

    void aFileThatIsNotARingIsReportedAndMadeAnew() {
        struct Case {
            const char* name;
            std::string bytes;
            const char* why;
        };
        std::string good;
        {
            const RingTier tiers[] = {{1, 4}};
            auto ring = RingFile::openForWriting(path("good.ring"), tiers);
            QVERIFY(ring->append(sampleAt(kT0, 1)).ok());
            good = bytesOf(path("good.ring"));
        }
        std::string badCrc = good;
        badCrc[20] ^= 1;
        const std::vector<Case> cases = {
            {"empty", "", "shorter than a metrics ring's header"},
            {"foreign", std::string(4096, 'x'), "not a Juxta metrics ring"},
            {"truncated", good.substr(0, good.size() - 1), "truncated or extended"},
            {"extended", good + "x", "truncated or extended"},
            {"header", badCrc, "its header fails its checksum"},
        };
        for (const Case& c : cases) {
            const fs::path p = path(c.name);
            writeBytes(p, c.bytes);
            auto reader = RingFile::openForReading(p);
            QVERIFY2(!reader.ok(), c.name);
            QCOMPARE(reader.error().code(), EINVAL);
            QVERIFY2(reader.error().message().find(c.why) != std::string::npos,
                     reader.error().message().c_str());
            std::string replaced;
            auto writer = RingFile::openForWriting(p, metrics::kDefaultTiers, &replaced);
            QVERIFY(writer.ok());
            QVERIFY2(replaced.find(c.why) != std::string::npos, replaced.c_str());
            QVERIFY(RingFile::openForReading(p).ok());
            QVERIFY(!fs::exists(p.string() + ".new"));
        }
    }

    // A header that passes its checksum but claims a huge layout is refused before anything is read.
    void aHostileHeaderIsRefusedByItsBounds() {
        const RingTier tiers[] = {{1, 4}};
        (void)RingFile::openForWriting(path("hostile.ring"), tiers);
        std::string bytes = bytesOf(path("hostile.ring"));
        const auto setTier = [&](uint32_t step, uint32_t count) {
            std::memcpy(bytes.data() + 24, &step, 4);
            std::memcpy(bytes.data() + 28, &count, 4);
            const uint32_t crc =
                uint32_t(::crc32_z(0, reinterpret_cast<const unsigned char*>(bytes.data()), 60));
            std::memcpy(bytes.data() + 60, &crc, 4);
            writeBytes(path("hostile.ring"), bytes);
        };
        setTier(1, 0x7fffffff);
        auto r = RingFile::openForReading(path("hostile.ring"));
        QVERIFY(!r.ok());
        QVERIFY2(r.error().message().find("larger than") != std::string::npos, r.error().message().c_str());
        setTier(0, 4);
        QVERIFY(!RingFile::openForReading(path("hostile.ring")).ok());
        setTier(1, 4);  // the same layout again: valid
        QVERIFY(RingFile::openForReading(path("hostile.ring")).ok());
    }

    // Something else in the ring's place (a symlink to a file elsewhere) is replaced, never followed.
    void aSymlinkInItsPlaceIsNotFollowed() {
        const fs::path target = path("elsewhere"), link = path("linked.ring");
        writeBytes(target, "precious");
        fs::create_symlink(target, link);
        QVERIFY(!RingFile::openForReading(link).ok());
        auto ring = RingFile::openForWriting(link);
        QVERIFY(ring.ok());
        QVERIFY(ring->append(sampleAt(kT0, 1)).ok());
        QCOMPARE(bytesOf(target), std::string("precious"));
        QVERIFY(!fs::is_symlink(link));
    }

    void badInputToTheWriter() {
        auto ring = RingFile::openForWriting(path("bad.ring"));
        QVERIFY(!ring->append(sampleAt(0, 1)).ok());  // no time
        MetricSample nan = sampleAt(kT0, 1);
        nan.cpuPercent = std::numeric_limits<double>::quiet_NaN();
        QVERIFY(ring->append(nan).ok());
        QCOMPARE(ring->read(0, kT0)->front().cpuPercent, 0.0);  // recorded as 0, not as NaN
        const RingTier shrinking[] = {{10, 4}, {5, 4}};
        QVERIFY(!RingFile::openForWriting(path("bad2.ring"), shrinking).ok());
        QVERIFY(!fs::exists(path("bad2.ring")));
    }
};

QTEST_GUILESS_MAIN(TestRingFile)
#include "test_ring_file.moc"

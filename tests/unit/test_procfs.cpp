// The host sampler's parsers and rates, on /proc files recorded on a build machine (tests/data/proc:
// a/ and b/ one second apart, with a 64 MiB direct write in between).
#include <QTemporaryDir>
#include <QTest>
#include <filesystem>

#include "core/read_file.h"
#include "metrics/counter_rates.h"
#include "metrics/host_sampler.h"
#include "metrics/procfs.h"

using namespace juxta;
namespace fs = std::filesystem;

class TestProcfs : public QObject {
    Q_OBJECT
    fs::path data(const char* rel) {
        return fs::path(qEnvironmentVariable("JUXTA_TEST_DATA").toStdString()) / "proc" / rel;
    }
    std::string read(const char* rel) { return *juxta::readFile(data(rel)); }

  private slots:
    void statParsesTotalAndCores() {
        auto st = procfs::parseStat(read("a/stat"));
        QVERIFY(st.ok());
        QCOMPARE(st->cores.size(), std::size_t(2));
        // cpu  5235 0 2072 50719 986 0 143 14 0 0 -> busy = all - idle - iowait
        QCOMPARE(st->all.total, uint64_t(5235 + 2072 + 50719 + 986 + 143 + 14));
        QCOMPARE(st->all.busy, uint64_t(5235 + 2072 + 143 + 14));
    }
    void busyPercentBetweenReadings() {
        auto a = procfs::parseStat(read("a/stat")), b = procfs::parseStat(read("b/stat"));
        // b: cpu  5236 0 2075 50925 996 0 144 14 -> busy +5, total +221
        QCOMPARE(procfs::busyPercent(a->all, b->all), 100.0 * 5 / 221);
        QCOMPARE(procfs::busyPercent(b->all, a->all), 0.0);  // a counter going backwards is no load
    }
    void meminfoInBytes() {
        auto m = procfs::parseMeminfo(read("a/meminfo"));
        QVERIFY(m.ok());
        QVERIFY(m->total > 20ull << 30);
        QVERIFY(m->available <= m->total);
        QVERIFY(m->cached > 0);
    }
    void diskstatsCountsWholeDisksOnly() {
        auto io = procfs::parseDiskstats(
            "   8       0 sda 10 0 100 0 5 0 40 0 0 0 0\n"
            "   8       1 sda1 9 0 90 0 4 0 30 0 0 0 0\n"
            "   7       0 loop0 50 0 500 0 0 0 0 0 0 0 0\n"
            " 259       0 nvme0n1 1 0 8 0 2 0 16 0 0 0 0\n"
            " 259       1 nvme0n1p1 1 0 8 0 2 0 16 0 0 0 0\n");
        QVERIFY(io.ok());
        QCOMPARE(io->read, uint64_t((100 + 8) * 512));
        QCOMPARE(io->written, uint64_t((40 + 16) * 512));
    }
    void netDevSkipsLoopback() {
        auto io = procfs::parseNetDev(read("a/net/dev"));
        QVERIFY(io.ok());
        QCOMPARE(io->read, uint64_t(707653526));  // eth0 only; lo and the idle ifbs add nothing
        QCOMPARE(io->written, uint64_t(543935));
    }
    void netDevByLink() {  // what a container's host end of its veth is read from
        auto links = procfs::parseNetDevLinks(read("a/net/dev"));
        QVERIFY(links.ok());
        QCOMPARE(links->size(), std::size_t(4));
        QCOMPARE(links->at("lo").read, uint64_t(3267));
        QCOMPARE(links->at("eth0").read, uint64_t(707653526));
        QCOMPARE(links->at("eth0").written, uint64_t(543935));
        QVERIFY(!procfs::parseNetDevLinks("eth0: 1 2 3\n").ok());
    }
    void loadavg() {
        auto l = procfs::parseLoadavg("0.06 0.11 0.05 2/84 5129\n");
        QVERIFY(l.ok());
        QCOMPARE(l->five, 0.11);
    }
    void malformedInputIsAnErrorNotACrash() {
        QVERIFY(!procfs::parseStat("garbage\n").ok());
        QVERIFY(!procfs::parseStat("cpu 1 2\n").ok());
        QVERIFY(!procfs::parseStat("cpu a b c d e\n").ok());
        QVERIFY(!procfs::parseMeminfo("MemFree: 5 kB\n").ok());
        QVERIFY(!procfs::parseDiskstats("8 0 sda 1 2\n").ok());
        QVERIFY(!procfs::parseNetDev("eth0: 1 2 3\n").ok());
        QVERIFY(!procfs::parseLoadavg("").ok());
        auto e = procfs::parseMeminfo("");
        QVERIFY(QString::fromStdString(e.error().message()).contains("/proc/meminfo"));
    }
    void samplerComputesRatesBetweenCalls() {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        fs::copy(data("a"), root, fs::copy_options::recursive);
        HostSampler sampler(root);
        auto first = sampler.sample(1000);
        QVERIFY(first.ok());
        QCOMPARE(first->diskWriteBps, 0.0);  // no rate without a previous reading
        QCOMPARE(first->corePercent.size(), std::size_t(2));
        fs::copy(data("b"), root, fs::copy_options::recursive | fs::copy_options::overwrite_existing);
        auto second = sampler.sample(2000);
        QVERIFY(second.ok());
        QCOMPARE(second->diskWriteBps, double((2937344 - 2669040) * 512));  // vda, over exactly 1 s
        QCOMPARE(second->cpuPercent, 100.0 * 5 / 221);
        QVERIFY(second->memoryUsed > 0 && second->memoryUsed < second->memoryTotal);
    }
    void samplerReportsAnUnreadableFile() {
        QTemporaryDir dir;
        HostSampler sampler(fs::path(dir.path().toStdString()));
        auto s = sampler.sample(1000);
        QVERIFY(!s.ok());
        const QString message = QString::fromStdString(s.error().message());
        QVERIFY2(message.contains("stat") && message.contains("No such file"), qPrintable(message));
        QVERIFY(message.contains("check that /proc is mounted"));
    }
    void countersBecomeRates() {
        RateTracker t(2);
        ResourceCounters c{.timeMs = 1000,
                           .cpuNs = 0,
                           .memoryUsed = 100,
                           .memoryLimit = 1000,
                           .diskReadBytes = 0,
                           .diskWriteBytes = 0,
                           .netRxBytes = 0,
                           .netTxBytes = 0};
        QCOMPARE(t.next(c).cpuPercent, 0.0);
        c.timeMs = 3000;          // 2 s later
        c.cpuNs = 1'000'000'000;  // 1 s of CPU over 2 s on 2 cores = 25 %
        c.diskWriteBytes = 4000;
        auto s = t.next(c);
        QCOMPARE(s.cpuPercent, 25.0);
        QCOMPARE(s.diskWriteBps, 2000.0);
        QCOMPARE(s.memoryTotal, 1000.0);
        c.timeMs = 4000;
        c.cpuNs = 0;  // restarted: no negative rate
        QCOMPARE(t.next(c).cpuPercent, 0.0);
    }
    void realProcSamples() {
        HostSampler sampler;
        QVERIFY(sampler.sample(0).ok());
        QTest::qWait(200);
        auto s = sampler.sample(200);
        QVERIFY(s.ok());
        QVERIFY(s->memoryTotal > 0);
        QVERIFY(s->cpuPercent >= 0 && s->cpuPercent <= 100);
    }
};

QTEST_GUILESS_MAIN(TestProcfs)
#include "test_procfs.moc"

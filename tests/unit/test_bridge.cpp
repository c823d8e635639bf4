// The engine bridge: samples are made in the engine's worker thread and arrive as queued signals in
// the caller's thread; history requests return what the ring kept; a broken /proc becomes an error signal.
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <fstream>
#include <map>

#include "bridge/engine.h"
#include "bridge/instance_source.h"
#include "bridge/sampler_worker.h"
#include "core/atomic_file.h"
#include "instances/definition_store.h"
#include "instances/state_record.h"
#include "support/scratch_state.h"

using namespace juxta;

namespace {

// The source's own bookkeeping over real files: load() says what it read, and counts.
class CountingSource : public InstanceSource {
  public:
    CountingSource() : InstanceSource(InstanceKind::Container, 1) {}
    std::map<std::string, int> loads;

  protected:
    Result<Loaded> load(const std::string& id, int64_t) override {
        auto text = instances::loadDefinition(InstanceKind::Container, id);
        if (!text) return text.error();
        ++loads[id];
        Loaded l;
        l.info.id = id;
        l.info.kind = InstanceKind::Container;
        l.info.name = *text;
        l.info.state = InstanceState::Exited;
        return l;
    }
    Result<ResourceCounters> counters(const std::string&, int64_t) override { return Error(ENOENT, "none"); }
};

void define(const std::string& id, const std::string& name) {
    QVERIFY(writeFileAtomically(instances::definitionFileOf(InstanceKind::Container, id), name));
}

}  // namespace

class TestBridge : public QObject {
    Q_OBJECT
    juxta::testing::ScratchState state_;  // no instance of this machine's shows up here

  private slots:
    void initTestCase() { state_.useHere(); }
    void samplesArriveFromTheWorkerThread() {
        Engine engine({.sampleIntervalMs = 100});
        QThread* emitterThread = nullptr;
        int batches = 0;
        // A direct connection runs in the emitting thread: it tells us where sampling happens.
        SamplerWorker* worker = engine.findChild<SamplerWorker*>();
        QVERIFY(worker == nullptr);  // the worker is not a child: it lives in the engine thread
        QSignalSpy hostRow(&engine, &Engine::instanceChanged);
        connect(&engine, &Engine::samplesReady, this, [&](const SampleBatch& b) {
            emitterThread = QThread::currentThread();
            batches += 1;
            QCOMPARE(b.size(), 1);
            QCOMPARE(b.first().instanceId, QString("host"));
            QVERIFY(b.first().sample.memoryTotal > 0);
        });
        engine.start();
        QCOMPARE(hostRow.count(), 1);
        QTRY_VERIFY_WITH_TIMEOUT(batches >= 3, 5000);
        QCOMPARE(emitterThread, QThread::currentThread());  // delivered queued, in our thread
    }
    void historyReturnsWhatWasSampled() {
        Engine engine({.sampleIntervalMs = 100});
        QSignalSpy samples(&engine, &Engine::samplesReady);
        QSignalSpy history(&engine, &Engine::historyReady);
        engine.start();
        QTRY_VERIFY_WITH_TIMEOUT(samples.count() >= 4, 5000);
        engine.requestHistory("host");
        QTRY_COMPARE_WITH_TIMEOUT(history.count(), 1, 5000);
        const auto series = history.first().at(1).value<SampleSeries>();
        QVERIFY(series.size() >= 4);
        for (int i = 1; i < series.size(); ++i) QVERIFY(series[i].timeMs > series[i - 1].timeMs);
    }
    void hostProbeArrives() {
        Engine engine({.sampleIntervalMs = 1000});
        QSignalSpy probed(&engine, &Engine::hostProbed);
        engine.start();
        QTRY_COMPARE_WITH_TIMEOUT(probed.count(), 1, 5000);
        QVERIFY(probed.first().first().value<HostCapabilities>().cpuCount >= 1);
    }
    // A hundred instances cost a tick nothing to read while none changes: their files are read again
    // when an event says one of their directories changed, and only theirs.
    void instancesAreReadWhenTheirFilesChange() {
        std::filesystem::create_directories(instances::definitionsDirOf(InstanceKind::Container));
        std::filesystem::create_directories(instances::runsDirOf(InstanceKind::Container));
        for (const char* id : {"aaaaaaaaaaa1", "aaaaaaaaaaa2"}) {
            std::filesystem::create_directories(instances::definitionDirOf(InstanceKind::Container, id));
            std::filesystem::create_directories(instances::runDirOf(InstanceKind::Container, id));
            define(id, "first");
        }
        CountingSource source;
        int64_t now = 1'000'000;
        auto tick = source.poll(now);
        QCOMPARE(tick.changed.size(), 2);
        for (int i = 0; i < 5; ++i) QVERIFY(source.poll(now += 1000).changed.isEmpty());
        QCOMPARE(source.loads["aaaaaaaaaaa1"], 1);  // quiet: read once
        QCOMPARE(source.loads["aaaaaaaaaaa2"], 1);

        define("aaaaaaaaaaa2", "renamed");  // a new definition (written aside, renamed over)
        tick = source.poll(now += 1000);
        QCOMPARE(tick.changed.size(), 1);
        QCOMPARE(tick.changed[0].name, std::string("renamed"));
        QCOMPARE(source.loads["aaaaaaaaaaa1"], 1);
        QCOMPARE(source.loads["aaaaaaaaaaa2"], 2);

        // Written in place, same size, its time set back: a stat sees nothing, the event does.
        {
            const auto file = instances::definitionFileOf(InstanceKind::Container, "aaaaaaaaaaa2");
            const auto before = std::filesystem::last_write_time(file);
            std::ofstream(file, std::ios::in | std::ios::out) << "changed";
            std::filesystem::last_write_time(file, before);
        }
        tick = source.poll(now += 1000);
        QCOMPARE(tick.changed.size(), 1);
        QCOMPARE(tick.changed[0].name, std::string("changed"));

        // A paused marker made in the run directory: read again, though the same size and second.
        std::ofstream(instances::pausedMarkerOf(InstanceKind::Container, "aaaaaaaaaaa1")).put('\n');
        source.poll(now += 1000);
        QCOMPARE(source.loads["aaaaaaaaaaa1"], 2);

        // A new instance and a removed one: the kind's directory says so.
        std::filesystem::create_directories(
            instances::definitionDirOf(InstanceKind::Container, "aaaaaaaaaaa3"));
        define("aaaaaaaaaaa3", "third");
        std::filesystem::remove_all(instances::definitionDirOf(InstanceKind::Container, "aaaaaaaaaaa1"));
        tick = source.poll(now += 1000);
        QCOMPARE(tick.changed.size(), 1);
        QCOMPARE(tick.changed[0].id, std::string("aaaaaaaaaaa3"));
        QCOMPARE(tick.removed, QStringList{"aaaaaaaaaaa1"});
        for (int i = 0; i < 3; ++i) source.poll(now += 1000);
        QCOMPARE(source.loads["aaaaaaaaaaa2"], 3);
        QCOMPARE(source.loads["aaaaaaaaaaa3"], 1);
        // Not instances the engine could read: gone before the next test's engine looks.
        std::filesystem::remove_all(instances::definitionsDirOf(InstanceKind::Container));
        std::filesystem::remove_all(instances::runsDirOf(InstanceKind::Container));
    }
    void unreadableProcIsReportedOnce() {
        QTemporaryDir empty;
        Engine engine({.sampleIntervalMs = 100, .procRoot = empty.path()});
        QSignalSpy errors(&engine, &Engine::errorOccurred);
        QSignalSpy samples(&engine, &Engine::samplesReady);
        engine.start();
        QTRY_COMPARE_WITH_TIMEOUT(errors.count(), 1, 5000);
        QTest::qWait(400);
        QCOMPARE(errors.count(), 1);  // a lasting fault is said once, not every tick
        QCOMPARE(samples.count(), 0);
        QCOMPARE(errors.first().at(0).toString(), QString("host"));
        QVERIFY(errors.first().at(1).toString().contains("stat"));
    }
};

QTEST_GUILESS_MAIN(TestBridge)
#include "test_bridge.moc"

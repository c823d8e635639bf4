// The engine bridge: samples are made in the engine's worker thread and arrive as queued signals in
// the caller's thread; history requests return what the ring kept; a broken /proc becomes an error signal.
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include "bridge/engine.h"
#include "bridge/sampler_worker.h"
#include "support/scratch_state.h"

using namespace juxta;

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

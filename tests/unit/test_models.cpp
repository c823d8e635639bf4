// The UI's models, checked by QAbstractItemModelTester while they change the way the engine changes them.
#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

#include "models/instance_list_model.h"
#include "models/metric_series_model.h"
#include "models/series_store.h"

using namespace juxta;
using namespace juxta::ui;

namespace {

InstanceInfo instance(const char* id, InstanceKind kind, int64_t startedAtMs = 0) {
    InstanceInfo i;
    i.id = id;
    i.name = id;
    i.kind = kind;
    i.state = InstanceState::Running;
    i.startedAtMs = startedAtMs;
    return i;
}

MetricSample sampleAt(int64_t timeMs, double cpu = 0) {
    MetricSample s;
    s.timeMs = timeMs;
    s.cpuPercent = cpu;
    s.memoryUsed = 512.0 * 1024 * 1024;
    s.memoryTotal = 1024.0 * 1024 * 1024;
    return s;
}

}  // namespace

class TestModels : public QObject {
    Q_OBJECT
  private slots:
    void instanceListKeepsTheHostFirst() {
        InstanceListModel m;
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        m.upsertInstance(instance("web", InstanceKind::Container));
        m.upsertInstance(instance("host", InstanceKind::Host));
        m.upsertInstance(instance("db", InstanceKind::Vm));
        QCOMPARE(m.rowCount(), 3);
        QCOMPARE(m.instanceIdAt(0), QString("host"));
        QCOMPARE(m.index(0, InstanceListModel::Kind).data().toString(), QString("Host"));
        QCOMPARE(m.index(2, InstanceListModel::Kind).data().toString(), QString("VM"));
        m.removeInstance("host");  // refused: the host row is always there
        QCOMPARE(m.rowCount(), 3);
        m.removeInstance("web");
        QCOMPARE(m.rowCount(), 2);
        QCOMPARE(m.instanceIdAt(1), QString("db"));
    }
    void instanceListShowsSamplesAndUptime() {
        InstanceListModel m;
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        m.setClock([] { return qint64(1'000'000 + 303'000); });
        m.upsertInstance(instance("host", InstanceKind::Host, 1'000'000));
        QSignalSpy changed(&m, &QAbstractItemModel::dataChanged);
        m.applySamples({InstanceSample{"host", sampleAt(5, 42.5)}, InstanceSample{"ghost", sampleAt(5)}});
        QCOMPARE(changed.count(), 1);
        QCOMPARE(m.index(0, InstanceListModel::Cpu).data().toString(), QString("42.5 %"));
        QCOMPARE(m.index(0, InstanceListModel::Memory).data().toString(), QString("512 MiB"));
        QCOMPARE(m.index(0, InstanceListModel::Memory).data(Qt::ToolTipRole).toString(),
                 QString("512 MiB of 1.00 GiB"));
        QCOMPARE(m.index(0, InstanceListModel::Uptime).data().toString(), QString("5 min 3 s"));
        QCOMPARE(m.index(0, InstanceListModel::Cpu).data(InstanceListModel::SortRole).toDouble(), 42.5);
    }
    void seriesModelIsBoundedAndOrdered() {
        MetricSeriesModel m("host", 3);
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy removed(&m, &QAbstractItemModel::rowsRemoved);
        for (int i = 1; i <= 5; ++i) m.append(sampleAt(i * 1000, i));
        QCOMPARE(m.rowCount(), 3);
        QCOMPARE(removed.count(), 2);
        QCOMPARE(m.index(0, MetricSeriesModel::Cpu).data(MetricSeriesModel::ValueRole).toDouble(), 3.0);
        QCOMPARE(m.index(2, MetricSeriesModel::Time).data(MetricSeriesModel::ValueRole).toDouble(), 5.0);
        m.resetTo({sampleAt(1), sampleAt(2), sampleAt(3), sampleAt(4)});
        QCOMPARE(m.rowCount(), 3);
        QCOMPARE(m.sampleAt(0).timeMs, int64_t(2));
    }
    void storeAsksForHistoryAndMergesLiveSamples() {
        SeriesStore store(100);
        QSignalSpy wanted(&store, &SeriesStore::historyWanted);
        store.applySamples({InstanceSample{"host", sampleAt(1)}});  // nobody watches yet: not kept
        MetricSeriesModel* m = store.modelFor("host");
        QCOMPARE(wanted.count(), 1);
        QCOMPARE(store.modelFor("host"), m);
        QCOMPARE(wanted.count(), 1);
        store.applySamples({InstanceSample{"host", sampleAt(30)}});  // arrives before the history
        store.applyHistory("host", {sampleAt(10), sampleAt(20)});
        QCOMPARE(m->rowCount(), 3);
        QCOMPARE(m->sampleAt(2).timeMs, int64_t(30));
    }
};

QTEST_MAIN(TestModels)
#include "test_models.moc"

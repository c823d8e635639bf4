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
    // A compose project's instances (their project label) are the children of one row for the
    // project, which counts them and sums their figures; it goes with its last instance.
    void instanceListGroupsAComposeProject() {
        InstanceListModel m;
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const auto service = [](const char* id, const char* project, const char* name, InstanceKind kind) {
            InstanceInfo i = instance(id, kind);
            i.labels = {{std::string(kComposeProjectLabel), project},
                        {std::string(kComposeServiceLabel), name},
                        {std::string(kComposeFileLabel), "/srv/shop/compose.yaml"}};
            return i;
        };
        m.upsertInstance(instance("host", InstanceKind::Host));
        m.upsertInstance(service("c1", "shop", "web", InstanceKind::Container));
        m.upsertInstance(instance("lone", InstanceKind::Container));
        m.upsertInstance(service("v1", "shop", "db", InstanceKind::Vm));
        QCOMPARE(m.rowCount(), 3);  // host, the project (where its first instance came), lone
        const QModelIndex shop = m.indexOfProject("shop");
        QCOMPARE(shop.row(), 1);
        QCOMPARE(m.instanceIdAt(1), QString());
        QCOMPARE(m.instanceIdAt(2), QString("lone"));
        QCOMPARE(shop.data().toString(), QString("shop"));
        QCOMPARE(shop.data(InstanceListModel::ProjectRole).toString(), QString("shop"));
        QCOMPARE(shop.siblingAtColumn(InstanceListModel::Kind).data().toString(), QString("Compose project"));
        QCOMPARE(m.rowCount(shop), 2);
        QCOMPARE(m.index(1, 0, shop).data(InstanceListModel::InstanceIdRole).toString(), QString("v1"));
        QCOMPARE(m.indexOf("v1").parent(), shop);
        QCOMPARE(m.membersOf("shop"), QStringList({"c1", "v1"}));
        QCOMPARE(m.composeFileOf("shop"), QString("/srv/shop/compose.yaml"));
        QCOMPARE(shop.siblingAtColumn(InstanceListModel::State).data().toString(), QString("2 of 2 running"));

        // Its CPU and memory: its running services' together.
        m.applySamples({{"c1", sampleAt(1000, 10)}, {"v1", sampleAt(1000, 5)}});
        QCOMPARE(shop.siblingAtColumn(InstanceListModel::Cpu).data().toString(), QString("15.0 %"));
        QCOMPARE(shop.siblingAtColumn(InstanceListModel::Memory).data().toString(), QString("1.00 GiB"));
        QCOMPARE(shop.siblingAtColumn(InstanceListModel::Cpu).data(InstanceListModel::SortRole).toDouble(),
                 15.0);
        InstanceInfo stopped = service("v1", "shop", "db", InstanceKind::Vm);
        stopped.state = InstanceState::Exited;
        m.upsertInstance(stopped);
        QCOMPARE(shop.siblingAtColumn(InstanceListModel::State).data().toString(), QString("1 of 2 running"));
        QCOMPARE(shop.siblingAtColumn(InstanceListModel::Cpu).data().toString(), QString("10.0 %"));
        InstanceInfo sick = service("c1", "shop", "web", InstanceKind::Container);
        sick.health = "unhealthy";
        m.upsertInstance(sick);
        QCOMPARE(shop.siblingAtColumn(InstanceListModel::State).data().toString(),
                 QString("1 of 2 running, 1 unhealthy"));

        // A second project, then the first's instances go: its row with the last of them.
        m.upsertInstance(service("c2", "blog", "web", InstanceKind::Container));
        QCOMPARE(m.rowCount(), 4);
        m.removeInstance("c1");
        QCOMPARE(m.rowCount(m.indexOfProject("shop")), 1);
        m.removeInstance("v1");
        QVERIFY(!m.indexOfProject("shop").isValid());
        QCOMPARE(m.rowCount(), 3);
        QCOMPARE(m.indexOfProject("blog").row(), 2);
        QCOMPARE(m.indexOf("c2").parent(), m.indexOfProject("blog"));
        // An instance whose project label changed moves under its new project's row.
        m.upsertInstance(service("c2", "shop", "web", InstanceKind::Container));
        QVERIFY(!m.indexOfProject("blog").isValid());
        QCOMPARE(m.indexOf("c2").parent(), m.indexOfProject("shop"));
        QCOMPARE(m.rowCount(), 3);
        // A label that is no project's name (a hand-edited definition's) groups nothing.
        m.upsertInstance(service("odd", "../../etc", "x", InstanceKind::Container));
        QVERIFY(!m.indexOfProject("../../etc").isValid());
        QVERIFY(!m.indexOf("odd").parent().isValid());
        QCOMPARE(m.indexOf("odd").data(InstanceListModel::ProjectRole).toString(), QString());
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
        QCOMPARE(m.index(0, InstanceListModel::Uptime).data().toString(), QString("5 min"));
        QCOMPARE(m.index(0, InstanceListModel::Cpu).data(InstanceListModel::SortRole).toDouble(), 42.5);
        QCOMPARE(m.index(0, InstanceListModel::Uptime).data(InstanceListModel::SortRole).toLongLong(),
                 303'000);
    }
    // A hundred idle instances cost the view nothing: a row is redrawn when one of its texts changed,
    // and rows next to each other in one change.
    void instanceListRedrawsChangedRowsOnly() {
        InstanceListModel m;
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        qint64 now = 1'000'000 + 30'000;
        m.setClock([&] { return now; });
        for (const char* id : {"a", "b", "c", "d"})
            m.upsertInstance(instance(id, InstanceKind::Container, 1'000'000));
        m.upsertInstance(instance("e", InstanceKind::Container, 1'000'000 - 3'600'000));  // up an hour
        QSignalSpy changed(&m, &QAbstractItemModel::dataChanged);
        const auto all = [](double cpu) {
            SampleBatch batch;
            for (const char* id : {"a", "b", "c", "d", "e"})
                batch.push_back(InstanceSample{id, sampleAt(5, cpu)});
            return batch;
        };
        m.applySamples(all(0));  // first figures: every row, one change
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed[0][0].toModelIndex().row(), 0);
        QCOMPARE(changed[0][1].toModelIndex().row(), 4);
        changed.clear();
        now += 1000;  // a second later, the same figures: "31 s" on a-d, "1 h 0 min" on e
        m.applySamples(all(0.01));
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed[0][1].toModelIndex().row(), 3);
        changed.clear();
        now = 1'000'000 + 120'000;  // "2 min" on a-d
        m.applySamples(all(0.01));
        changed.clear();
        now += 1000;  // nothing shown changed: no redraw, from samples or the uptime tick
        m.applySamples(all(0.01));
        m.refreshUptime();
        QCOMPARE(changed.count(), 0);
        SampleBatch two{InstanceSample{"b", sampleAt(5, 7)}, InstanceSample{"d", sampleAt(5, 7)}};
        m.applySamples(two);  // two rows apart: two changes, one row each
        QCOMPARE(changed.count(), 2);
        QCOMPARE(changed[0][0].toModelIndex().row(), 1);
        QCOMPARE(changed[0][1].toModelIndex().row(), 1);
        QCOMPARE(changed[1][0].toModelIndex().row(), 3);
        QCOMPARE(m.index(3, InstanceListModel::Cpu).data().toString(), QString("7.0 %"));
        changed.clear();
        now = 1'000'000 + 180'000;  // "3 min": the uptime tick redraws a-d
        m.refreshUptime();
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed[0][0].toModelIndex().row(), 0);
        QCOMPARE(changed[0][1].toModelIndex().row(), 3);
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

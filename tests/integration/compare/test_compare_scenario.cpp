// The four-service stack scenario on this host, through `juxtactl compare --scenario stack`: four
// real containers under 64 MiB each — all ready, their memory measured, the cache exhausting its
// memory and OOM-killed by its cgroup while the web app, the database and the worker keep serving
// — and the VM side either run the same way or unavailable with its reason (a PVM host). The
// report of the run is a PDF with the scenario's charts. Cancelled, it stops the four. Nothing is
// left behind.
#include <unistd.h>

#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>
#include <chrono>
#include <filesystem>
#include <fstream>

#include "compare/harness.h"
#include "support/scratch_state.h"

using namespace juxta;
using namespace juxta::compare;
namespace fs = std::filesystem;

class TestCompareScenario : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;  // what the tests write (reports)
    testing::ScratchState state_;

    static void checkRan(const ScenarioRun& r) {
        QCOMPARE(r.services.size(), std::size_t(4));
        QVERIFY(r.totalMemoryBytes > 0);
        double slowest = 0;
        for (const ServiceResult& s : r.services) {
            QVERIFY2(s.readyMs > 0, s.name.c_str());
            QVERIFY2(s.memoryBytes > 0, s.name.c_str());
            QVERIFY2(s.opsPerSBefore && *s.opsPerSBefore > 0, s.name.c_str());
            QVERIFY2(!s.opsPerS.empty(), s.name.c_str());
            slowest = std::max(slowest, s.readyMs);
        }
        QCOMPARE(r.allReadyMs, slowest);
        const ServiceResult* cache = r.service("cache");
        QVERIFY(cache && cache->hog);
        QVERIFY2(cache->oomKilled, cache->end.c_str());
        QVERIFY(!cache->completed);
        QVERIFY(r.hogStartMs && r.hogEndMs && *r.hogEndMs > *r.hogStartMs);
        // Isolated: the other three served their whole time, and after the hog as well.
        for (const char* name : {"web", "db", "worker"}) {
            const ServiceResult* s = r.service(name);
            QVERIFY2(s && !s->hog && s->completed, (std::string(name) + ": " + (s ? s->end : "")).c_str());
            QVERIFY2(s->opsPerSAfter && *s->opsPerSAfter > 0, name);
        }
    }

    // Nothing of the four is left: no container defined, no state, no process of ours.
    void checkNothingLeft() {
        for (const fs::path& d : {state_.dataDir() / "containers", state_.runtimeDir() / "containers",
                                  state_.runtimeDir() / "bench"}) {
            std::error_code ec;
            QVERIFY2(!fs::exists(d) || fs::is_empty(d, ec), d.c_str());
        }
        const auto left = state_.processesLeft(5000);
        QVERIFY2(left.empty(), ("left running: " + (left.empty() ? std::string() : left.front())).c_str());
    }

  private slots:
    void initTestCase() {
        if (::geteuid() != 0) QSKIP("needs root: the scenario runs real containers");
        state_.makeDirs();
        state_.useHere();
        qputenv("LANGUAGE", "en");
    }

    void stackAsContainersAndVms() {
        const QString pdf = dir_.filePath("stack.pdf");
        QProcess p;
        p.start(JUXTACTL, {"compare", "--scenario", "stack", "--json", "--report", pdf});
        QVERIFY(p.waitForFinished(600000));
        const QByteArray err = p.readAllStandardError();
        QVERIFY2(p.exitCode() == 0, err.constData());
        auto c = comparisonFromJson(p.readAllStandardOutput().toStdString());
        QVERIFY2(c.ok(), c.ok() ? "" : c.error().message().c_str());
        QCOMPARE(c->manifest.workload, std::string("stack"));
        QCOMPARE(*c->manifest.containerMemoryBytes, int64_t(64) << 20);
        QCOMPARE(c->scenario.size(), std::size_t(2));
        const ScenarioRun& containers = c->scenario[0];
        QVERIFY(containers.kind == InstanceKind::Container);
        QVERIFY2(containers.status == VariantStatus::Ok, containers.reason.c_str());
        checkRan(containers);
        const ScenarioRun& vms = c->scenario[1];
        QVERIFY(vms.kind == InstanceKind::Vm);
        if (vms.status == VariantStatus::Ok)
            checkRan(vms);
        else
            QVERIFY2(vms.status == VariantStatus::Unavailable && !vms.reason.empty(), vms.reason.c_str());

        QVERIFY(QFile::exists(pdf));
        if (!QStandardPaths::findExecutable("pdftotext").isEmpty()) {
            QProcess text;
            text.start("pdftotext", {pdf, "-"});
            QVERIFY(text.waitForFinished(60000));
            const QString all = QString::fromUtf8(text.readAllStandardOutput()).simplified();
            for (const char* part :
                 {"Isolation: container", "Time to all-ready", "The stack's memory", "OOM-killed"})
                QVERIFY2(all.contains(part), part);
        }

        checkNothingLeft();
    }

    // Cancelled while the four serve: they are stopped and removed, and the result says so.
    void cancelStopsTheFour() {
        HarnessOptions o;
        o.manifest.workload = "stack";
        o.manifest.variants = {InstanceKind::Container};
        std::vector<std::string> steps;
        const auto start = std::chrono::steady_clock::now();
        Callbacks cb;
        cb.progress = [&](const std::string& step, double) { steps.push_back(step); };
        cb.cancelled = [&] { return std::chrono::steady_clock::now() - start > std::chrono::seconds(3); };
        auto c = runComparison(o, cb);
        QVERIFY(c.ok());
        QVERIFY(c->cancelled);
        QVERIFY(c->scenario.empty());  // nothing half-measured is reported as a result
        QCOMPARE(steps.back(), std::string("cancelled"));
        checkNothingLeft();
    }
};

QTEST_GUILESS_MAIN(TestCompareScenario)
#include "test_compare_scenario.moc"

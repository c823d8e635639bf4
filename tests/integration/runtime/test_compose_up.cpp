// `juxtactl compose up -d / ps / down` (compose/stack.h) as root with the built-in busybox: a
// three-service stack whose services find each other by name on the bridge, wait for one another
// (completed successfully, healthy), share a named volume, publish a port the host reaches — and
// leave nothing behind after down. A VM service with a bind mount, a second up and a service that fails are
// refused with one clear message each.
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "container_fixture.h"

using namespace juxta;
using testing::juxtactl;
namespace fs = std::filesystem;

class TestComposeUp : public QObject {
    Q_OBJECT
    testing::ContainerFixture fx;
    QTemporaryDir dir;

    QString write(const char* name, const std::string& yaml) {
        const fs::path file = fs::path(dir.path().toStdString()) / name;
        std::ofstream(file) << yaml;
        return QString::fromStdString(file.string());
    }
    static int containers() {
        return int(juxtactl({"ps", "-a"}).out.count('\n')) - 1;  // the heading
    }

  private slots:
    void initTestCase() {
        if (auto why = fx.setUp(); !why.empty()) QSKIP(why.c_str());
    }

    void aStackComesUpFindsItselfAndGoes() {
        const QString file = write(
            "compose.yaml",
            "name: shop\n"
            "services:\n"
            "  seed:\n"
            "    image: busybox\n"
            "    command: [sh, -c, 'echo hello-from-${WHO:-seed} > /data/index.html && echo seeded']\n"
            "    volumes: ['site:/data']\n"
            "  db:\n"
            "    image: busybox\n"
            "    command: [httpd, -f, -p, '80', -h, /www]\n"
            "    volumes: ['site:/www:ro']\n"
            "    ports: ['80']\n"
            "    depends_on: {seed: {condition: service_completed_successfully}}\n"
            "    healthcheck: {test: [CMD, wget, -q, -O-, 'http://127.0.0.1/'], interval: 300ms}\n"
            "    stop_grace_period: 1s  # httpd as pid 1 ignores SIGTERM\n"
            "  web:\n"
            "    image: busybox\n"
            // Its own line is in the hosts file before it starts (so is every earlier service's).
            "    command: [sh, -c, 'grep -q \"\tweb shop-web$\" /etc/hosts && wget -q -O /tmp/got http://db/ "
            "&& exec sleep 600']\n"
            "    depends_on: {db: {condition: service_healthy}}\n"
            "    environment: {ROLE: web}\n"
            "    restart: unless-stopped\n"
            "    mem_limit: 64m\n"
            "    stop_grace_period: 500ms\n"
            "volumes:\n"
            "  site:\n");
        const int before = containers();
        auto up = juxtactl({"compose", "up", "-d", "-f", file}, std::chrono::seconds(90));
        JUXTA_COMPARE_EXIT(up, 0);
        QVERIFY2(up.err.contains("web: waiting for db (healthy)"), qPrintable(up.err));
        auto ps = juxtactl({"compose", "ps", "-f", file});
        JUXTA_COMPARE_EXIT(ps, 0);
        QVERIFY2(ps.out.contains(QRegularExpression("seed +shop-seed +exited 0")), qPrintable(ps.out));
        QVERIFY2(ps.out.contains(QRegularExpression("db +shop-db +running \\(healthy\\)")),
                 qPrintable(ps.out));
        QVERIFY2(ps.out.contains(QRegularExpression("web +shop-web +running")),
                 qPrintable(ps.out + juxtactl({"compose", "logs", "-f", file}).out));  // why web ended
        // Every service's instance carries the project's labels; ps finds them by them.
        auto labelled = juxtactl({"ps", "-a", "--json", "--filter", "label=juxta.compose.project=shop",
                                  "--filter", "label=juxta.compose.service"});
        JUXTA_COMPARE_EXIT(labelled, 0);
        const auto rows = nlohmann::json::parse(labelled.out.toStdString());
        QCOMPARE(rows.size(), std::size_t(3));
        for (const auto& row : rows) {
            QCOMPARE(row["labels"]["juxta.compose.project"].get<std::string>(), std::string("shop"));
            QCOMPARE(row["name"].get<std::string>(),
                     "shop-" + row["labels"]["juxta.compose.service"].get<std::string>());
            QVERIFY(row["labels"]["juxta.compose.file"].get<std::string>().ends_with("compose.yaml"));
        }
        QCOMPARE(juxtactl({"ps", "-a", "--filter", "label=juxta.compose.project=other"}).out.count('\n'), 1);
        JUXTA_COMPARE_EXIT(juxtactl({"ps", "--filter", "name=x"}), 2);
        // web found db by its name, and db serves what seed wrote into the shared volume.
        QTRY_COMPARE_WITH_TIMEOUT(juxtactl({"exec", "shop-web", "--", "cat", "/tmp/got"}).out,
                                  QString("hello-from-seed\n"), 10000);
        auto hosts = juxtactl({"exec", "shop-db", "--", "cat", "/etc/hosts"}).out;
        QVERIFY2(hosts.contains("\tweb shop-web\n") && hosts.contains("\tdb shop-db\n"), qPrintable(hosts));
        auto env = juxtactl({"exec", "shop-web", "--", "sh", "-c", "echo $ROLE; hostname"}).out;
        QCOMPARE(env, QString("web\nweb\n"));
        // The host reaches db on the port it was given.
        const QRegularExpression port("127\\.0\\.0\\.1:(\\d+)->80/tcp");
        const auto m = port.match(ps.out);
        QVERIFY2(m.hasMatch(), qPrintable(ps.out));
        auto fromHost =
            testing::runProgram("busybox", {"wget", "-q", "-O-", "http://127.0.0.1:" + m.captured(1) + "/"});
        QCOMPARE(fromHost.out, QString("hello-from-seed\n"));

        auto logs = juxtactl({"compose", "logs", "-f", file});
        JUXTA_COMPARE_EXIT(logs, 0);
        QVERIFY2(logs.out.contains("seed | seeded\n"), qPrintable(logs.out));  // each line after its service

        // stop keeps them (layers, addresses), start brings them back, restart does both.
        JUXTA_COMPARE_EXIT(juxtactl({"compose", "stop", "-f", file}, std::chrono::seconds(60)), 0);
        auto stopped = juxtactl({"compose", "ps", "-f", file}).out;
        QVERIFY2(!stopped.contains("running") && stopped.contains("shop-web"), qPrintable(stopped));
        JUXTA_COMPARE_EXIT(juxtactl({"compose", "start", "-f", file}, std::chrono::seconds(60)), 0);
        QTRY_VERIFY_WITH_TIMEOUT(juxtactl({"compose", "ps", "-f", file})
                                     .out.contains(QRegularExpression("db +shop-db +running \\(healthy\\)")),
                                 20000);
        QTRY_COMPARE_WITH_TIMEOUT(juxtactl({"exec", "shop-web", "--", "cat", "/tmp/got"}).out,
                                  QString("hello-from-seed\n"), 10000);
        JUXTA_COMPARE_EXIT(juxtactl({"compose", "restart", "-f", file}, std::chrono::seconds(60)), 0);
        QVERIFY(juxtactl({"compose", "ps", "-f", file})
                    .out.contains(QRegularExpression("web +shop-web +running")));

        auto again = juxtactl({"compose", "up", "-d", "-f", file});
        QCOMPARE(again.code, 1);
        QVERIFY2(again.err.contains("project shop is up already"), qPrintable(again.err));

        JUXTA_COMPARE_EXIT(juxtactl({"compose", "down", "-f", file}, std::chrono::seconds(60)), 0);
        QCOMPARE(containers(), before);
        QVERIFY(!fs::exists(fx.dataDir() / "compose" / "shop"));
        QVERIFY(juxtactl({"volume", "ls"}).out.contains("shop_site"));  // named volumes are kept...
        auto gone = juxtactl({"compose", "ps", "-f", file});
        QVERIFY2(gone.code == 1 && gone.err.contains("project shop is not up"), qPrintable(gone.err));
        // ...unless -v: up again (the volume is reused), then down -v.
        JUXTA_COMPARE_EXIT(juxtactl({"compose", "up", "-d", "-f", file}, std::chrono::seconds(90)), 0);
        JUXTA_COMPARE_EXIT(juxtactl({"compose", "down", "-v", "-f", file}, std::chrono::seconds(60)), 0);
        QVERIFY(!juxtactl({"volume", "ls"}).out.contains("shop_site"));
        QCOMPARE(containers(), before);
    }

    // Each service waits only for what it depends on: `quick` (after the fast `b`) is up while
    // `late` still waits for the slow `a` — one after the other, `late` would come first.
    void independentServicesStartSideBySide() {
        const QString file = write(
            "side.yaml",
            "services:\n"
            "  a:\n"
            "    image: busybox\n"
            "    command: [sh, -c, 'sleep 3; touch /tmp/ready; exec sleep 600']\n"
            "    healthcheck: {test: [CMD-SHELL, 'test -f /tmp/ready'], interval: 300ms, start_period: 20s}\n"
            "    stop_grace_period: 200ms\n"
            "  b:\n"
            "    image: busybox\n"
            "    command: [sleep, '600']\n"
            "    healthcheck: {test: [CMD, 'true'], interval: 300ms}\n"
            "    stop_grace_period: 200ms\n"
            "  late: {image: busybox, command: [sleep, '600'], stop_grace_period: 200ms,\n"
            "         depends_on: {a: {condition: service_healthy}}}\n"
            "  quick: {image: busybox, command: [sleep, '600'], stop_grace_period: 200ms,\n"
            "          depends_on: {b: {condition: service_healthy}}}\n");
        auto up = juxtactl({"compose", "up", "-d", "-f", file, "-p", "side"}, std::chrono::seconds(90));
        JUXTA_COMPARE_EXIT(up, 0);
        const auto quick = up.err.indexOf("quick: started"), late = up.err.indexOf("late: started");
        QVERIFY2(quick >= 0 && late > quick, qPrintable(up.err));
        auto ps = juxtactl({"compose", "ps", "-p", "side", "-f", file});
        QCOMPARE(ps.out.count(QRegularExpression("side-\\w+ +running")), 4);
        JUXTA_COMPARE_EXIT(juxtactl({"compose", "down", "-f", file, "-p", "side"}, std::chrono::seconds(60)),
                           0);
        QVERIFY(!juxtactl({"ps", "-a"}).out.contains("side-"));
    }

    // logs --follow: what each service says as it says it, until every service has ended.
    void logsFollowUntilEveryServiceEnds() {
        const QString file = write("talk.yaml",
                                   "services:\n"
                                   "  a: {image: busybox, command: [sh, -c, 'echo one; sleep 2; echo two']}\n"
                                   "  b: {image: busybox, command: [sh, -c, 'sleep 1; printf three']}\n");
        JUXTA_COMPARE_EXIT(
            juxtactl({"compose", "-f", file, "-p", "talk", "up", "-d"}, std::chrono::seconds(60)), 0);
        auto logs =
            juxtactl({"compose", "-f", file, "-p", "talk", "logs", "--follow"}, std::chrono::seconds(30));
        JUXTA_COMPARE_EXIT(logs, 0);
        const auto one = logs.out.indexOf("a | one\n"), two = logs.out.indexOf("a | two\n");
        QVERIFY2(one >= 0 && two > one && logs.out.contains("b | three\n"), qPrintable(logs.out));
        JUXTA_COMPARE_EXIT(juxtactl({"compose", "-f", file, "-p", "talk", "down"}, std::chrono::seconds(60)),
                           0);
    }

    // compose up without -d: the output follows; Ctrl-C (here SIGTERM) takes the stack down.
    void attachedUpFollowsUntilInterrupted() {
        const QString file =
            write("attached.yaml",
                  "services:\n"
                  "  talker: {image: busybox, command: [sh, -c, 'echo hello-attached; exec sleep 600'],\n"
                  "           stop_grace_period: 200ms}\n");
        QProcess up;
        up.start(QStringLiteral(JUXTACTL), {"compose", "-f", file, "-p", "att", "up"});
        QVERIFY(up.waitForStarted());
        QString out;
        QTRY_VERIFY_WITH_TIMEOUT((out += up.readAllStandardOutput()).contains("talker | hello-attached"),
                                 30000);
        QVERIFY(juxtactl({"ps"}).out.contains("att-talker"));
        up.terminate();  // SIGTERM, as Ctrl-C's SIGINT
        QVERIFY(up.waitForFinished(30000));
        QCOMPARE(up.exitCode(), 128 + SIGTERM);
        QVERIFY2(QString(up.readAllStandardError()).contains("taking att down"), "no word of the way down");
        QVERIFY(!juxtactl({"ps", "-a"}).out.contains("att-"));
        // An attached up of a project that is up already is refused — and leaves that one alone.
        JUXTA_COMPARE_EXIT(
            juxtactl({"compose", "-f", file, "-p", "att", "up", "-d"}, std::chrono::seconds(60)), 0);
        auto again = juxtactl({"compose", "-f", file, "-p", "att", "up"}, std::chrono::seconds(30));
        QVERIFY2(again.code == 1 && again.err.contains("project att is up already"), qPrintable(again.err));
        QVERIFY(juxtactl({"ps"}).out.contains("att-talker"));
        JUXTA_COMPARE_EXIT(juxtactl({"compose", "-f", file, "-p", "att", "down"}, std::chrono::seconds(60)),
                           0);
    }

    void whatCannotComeUpSaysWhy() {
        // VM services' volumes that cannot be: each refused before anything is made, with its reason.
        const struct {
            const char* project;
            const char* services;  // the file's services: lines
            const char* says;
        } refusals[] = {
            // A host directory: a VM has disks.
            {"vmstack",
             "  web: {image: busybox, command: [sleep, '600']}\n"
             "  db: {image: busybox, x-juxta: {as: vm}, volumes: ['/srv:/data']}\n",
             "service db runs as a VM: the bind mount /srv:/data cannot reach into a VM"},
            // One named volume for a container and a VM: a directory for one, a disk for the other.
            {"sharing",
             "  a: {image: busybox, volumes: ['v:/d']}\n"
             "  b: {image: busybox, x-juxta: {as: vm}, volumes: ['v:/d']}\n",
             "volume v is mounted by container service a and by VM service b"},
            // A disk one VM writes is no other VM's.
            {"twovms",
             "  a: {image: busybox, x-juxta: {as: vm}, volumes: ['v:/d']}\n"
             "  b: {image: busybox, x-juxta: {as: vm}, volumes: ['v:/d:ro']}\n",
             "volume v is a disk of VM service a and of VM service b"},
            // A path its kernel's command line cannot carry.
            {"odd", "  b: {image: busybox, x-juxta: {as: vm}, volumes: ['v:/data dir']}\n",
             "service b: volume path '/data dir'"},
        };
        for (const auto& r : refusals) {
            const QString file = write((std::string(r.project) + ".yaml").c_str(),
                                       std::string("services:\n") + r.services + "volumes:\n  v:\n");
            auto up = juxtactl({"compose", "up", "-d", "-f", file, "-p", r.project});
            QCOMPARE(up.code, 1);
            QVERIFY2(up.err.contains(r.says), qPrintable(up.err));
            QVERIFY(!fs::exists(fx.dataDir() / "compose" / r.project));
            QVERIFY(!juxtactl({"volume", "ls"}).out.contains(QString(r.project) + "_v"));
        }
        QVERIFY(juxtactl({"ps", "-a"}).out.count('\n') == 1);  // the heading: no container was made
        // A dependency that fails: what came up stays, down takes it.
        const QString failing =
            write("failing.yaml",
                  "services:\n"
                  "  migrate: {image: busybox, command: [sh, -c, 'exit 3']}\n"
                  "  app:\n"
                  "    image: busybox\n"
                  "    command: [sleep, '600']\n"
                  "    stop_grace_period: 500ms\n"
                  "    depends_on: {migrate: {condition: service_completed_successfully}}\n");
        auto failed =
            juxtactl({"compose", "up", "-d", "-f", failing, "-p", "broken"}, std::chrono::seconds(60));
        QCOMPARE(failed.code, 1);
        QVERIFY2(failed.err.contains("migrate did not complete successfully (exited 3)"),
                 qPrintable(failed.err));
        QVERIFY(juxtactl({"ps", "-a"}).out.contains("broken-migrate"));
        JUXTA_COMPARE_EXIT(juxtactl({"compose", "down", "-f", failing, "-p", "broken"}), 0);
        QVERIFY(!juxtactl({"ps", "-a"}).out.contains("broken-"));
        // Attached, a failed up takes down what it brought up: nothing is left half-up.
        auto attached = juxtactl({"compose", "up", "-f", failing, "-p", "broken2"}, std::chrono::seconds(60));
        QVERIFY2(attached.code == 1 && attached.err.contains("migrate did not complete successfully") &&
                     attached.err.contains("taking broken2 down"),
                 qPrintable(attached.err));
        QVERIFY(!juxtactl({"ps", "-a"}).out.contains("broken2-"));
    }
};

QTEST_GUILESS_MAIN(TestComposeUp)
#include "test_compose_up.moc"

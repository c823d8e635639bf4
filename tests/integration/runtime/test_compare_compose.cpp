// `juxtactl compare --compose FILE` (compare/compose_scenario.h) as root with the built-in busybox: a
// two-service stack — web (busybox httpd on a published port, healthy when it answers) and cache (under
// a memory limit) — run as containers: both ready, their memory, idle CPU and disk measured, a real load
// on web answered, cache's hog OOM-killed by its cgroup while web keeps answering; the VM way runs or
// says why not (no usable KVM), and "as written" says it is the same as all containers. Nothing is left
// behind, and what cannot be compared is refused with one clear message before anything starts.
#include <QTemporaryDir>
#include <QTest>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "container_fixture.h"

using namespace juxta;
using testing::juxtactl;
namespace fs = std::filesystem;
using nlohmann::json;

class TestCompareCompose : public QObject {
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
    static const json* way(const json& c, const std::string& name) {
        for (const json& r : c["scenario"])
            if (r["way"] == name) return &r;
        return nullptr;
    }
    static const json* service(const json& run, const std::string& name) {
        for (const json& s : run["services"])
            if (s["name"] == name) return &s;
        return nullptr;
    }

    // web on a free port of 127.0.0.1 (ps says which), cache under a small limit.
    QString stack(const char* name, const std::string& extraCache = "") {
        return write(
            name,
            "name: tiny\n"
            "services:\n"
            "  cache:\n"
            "    image: busybox\n"
            "    command: [sleep, '600']\n"
            "    mem_limit: 24m\n"
            "    stop_grace_period: 300ms\n" +
                extraCache +
                "  web:\n"
                "    image: busybox\n"
                "    command: [sh, -c, 'mkdir -p /www && echo hello > /www/index.html && exec httpd -f "
                "-p 80 -h /www']\n"
                "    ports: ['127.0.0.1::80']\n"
                "    depends_on: [cache]\n"
                "    healthcheck: {test: [CMD, wget, -q, -O-, 'http://127.0.0.1/'], interval: 300ms}\n"
                "    stop_grace_period: 300ms  # httpd as pid 1 ignores SIGTERM\n");
    }

  private slots:
    void initTestCase() {
        if (auto why = fx.setUp(); !why.empty()) QSKIP(why.c_str());
    }

    void aStackComparedEachWay() {
        const QString file = stack("compose.yaml");
        const int before = containers();
        auto run = juxtactl({"compare", "--compose", file, "--params", "seconds=2,connections=2", "--json"},
                            std::chrono::seconds(240));
        JUXTA_COMPARE_EXIT(run, 0);
        const json c = json::parse(run.out.toStdString());
        QCOMPARE(c["manifest"]["workload"].get<std::string>(), std::string("compose"));

        const json* asContainers = way(c, "container");
        QVERIFY(asContainers);
        QVERIFY2((*asContainers)["status"] == "ok", (*asContainers)["reason"].get<std::string>().c_str());
        QCOMPARE((*asContainers)["services"].size(), std::size_t(2));
        for (const json& s : (*asContainers)["services"]) {
            const std::string name = s["name"];
            QCOMPARE(s["kind"].get<std::string>(), std::string("container"));
            QVERIFY2(s["ready_ms"].get<double>() > 0, name.c_str());
            QVERIFY2(s["memory_bytes"].get<double>() > 0, name.c_str());
            QVERIFY2(s["idle_cpu_percent"].is_number(), name.c_str());
            QVERIFY2(s["disk_shared_bytes"].get<double>() > 0, name.c_str());  // the busybox layer
            QVERIFY2(s["disk_unique_bytes"].is_number(), name.c_str());
        }
        const json* web = service(*asContainers, "web");
        const json* cache = service(*asContainers, "cache");
        QVERIFY(web && cache);
        // web waited for cache: it cannot be ready first.
        QVERIFY((*web)["ready_ms"].get<double>() >= (*cache)["ready_ms"].get<double>());
        QCOMPARE((*asContainers)["all_ready_ms"].get<double>(), (*web)["ready_ms"].get<double>());

        // The load reached httpd through the published port: every phase answered.
        QVERIFY2((*asContainers)["load_target"].get<std::string>().starts_with("web: GET http://127.0.0.1:"),
                 (*asContainers)["load_target"].get<std::string>().c_str());
        for (const char* phase : {"load", "load_during_hog", "load_after_hog"}) {
            const json& l = (*asContainers)[phase];
            QVERIFY2(l.is_object(), phase);
            QVERIFY2(l["requests"].get<uint64_t>() > 0, (std::string(phase) + ": " + c.dump()).c_str());
            QVERIFY2(l["p50_ms"].get<double>() > 0 && l["p99_ms"].get<double>() >= l["p50_ms"].get<double>(),
                     phase);
            QCOMPARE(l["connections"].get<int>(), 2);
        }
        QVERIFY(!(*web)["ops_per_s"].empty());
        // The hog: cache, the only other service with a limit; its cgroup stopped it.
        QCOMPARE((*asContainers)["hog"].get<std::string>(), std::string("cache"));
        QVERIFY((*cache)["hog"].get<bool>());
        QVERIFY2((*cache)["oom_killed"].get<bool>(), (*cache)["end"].get<std::string>().c_str());
        QVERIFY((*asContainers)["hog_end_ms"].get<double>() > (*asContainers)["hog_start_ms"].get<double>());

        const json* vms = way(c, "vm");
        QVERIFY(vms);
        if ((*vms)["status"] != "ok") {
            QCOMPARE((*vms)["status"].get<std::string>(), std::string("unavailable"));
            QVERIFY(!(*vms)["reason"].get<std::string>().empty());
        }
        const json* written = way(c, "written");
        QVERIFY(written);
        QCOMPARE((*written)["status"].get<std::string>(), std::string("unavailable"));
        QVERIFY2(
            (*written)["reason"].get<std::string>().find("the same as all containers") != std::string::npos,
            (*written)["reason"].get<std::string>().c_str());

        // Its projects are gone, and their containers with them.
        QCOMPARE(containers(), before);
        auto ps = juxtactl({"compose", "-p", "tiny-as-container", "-f", file, "ps"});
        QCOMPARE(ps.code, 1);
        QVERIFY2(ps.err.contains("project tiny-as-container is not up"), qPrintable(ps.err));
    }

    // Refused before anything starts, each with what is wrong.
    void whatCannotBeComparedIsRefused() {
        const QString file = stack("refused.yaml");
        const int before = containers();
        struct Case {
            QStringList args;
            const char* says;
        } cases[] = {
            {{"--params", "hog=nope"}, "hog 'nope': tiny has no such service"},
            {{"--params", "service=nope"}, "service 'nope': tiny has no such service"},
            {{"--params", "seconds=0"}, "parameter seconds 0: expected 1 to 600"},
            {{"--params", "path=nope"}, "parameter path 'nope'"},
            {{"--as", "host"}, "--as 'host': use container, vm and/or written"},
            {{"--variants", "container"}, "takes --as, not --variants"},
            {{"--params", "service=cache"}, "service 'cache' publishes no TCP port to load"},
        };
        for (const Case& k : cases) {
            auto run = juxtactl(QStringList{"compare", "--compose", file} + k.args);
            QVERIFY2(run.code != 0, qPrintable(k.args.join(' ')));
            QVERIFY2(run.err.contains(k.says), qPrintable(run.err));
        }
        // A writable bind mount: the comparison's copy would write into the user's files.
        const QString bound = write("bound.yaml", "services:\n  web:\n    image: busybox\n    volumes: ['" +
                                                      dir.path().toStdString() + ":/data']\n");
        auto bind = juxtactl({"compare", "--compose", bound});
        QVERIFY(bind.code != 0);
        QVERIFY2(bind.err.contains("is writable — a comparison would write into your files"),
                 qPrintable(bind.err));
        auto missing = juxtactl({"compare", "--compose", dir.filePath("missing.yaml")});
        QVERIFY(missing.code != 0);
        QVERIFY2(missing.err.contains("missing.yaml"), qPrintable(missing.err));
        QCOMPARE(containers(), before);
    }

    // A project of the user's that happens to have a comparison's name is theirs: that way fails and
    // their project stays up.
    void aUsersProjectOfTheSameNameIsLeftAlone() {
        const QString file = stack("mine.yaml");
        struct Down {  // whatever the checks say: a project left up would hold its addresses after the test
            QString file;
            ~Down() {
                juxtactl({"compose", "-p", "tiny-as-container", "-f", file, "down"},
                         std::chrono::seconds(60));
            }
        } down{file};
        JUXTA_COMPARE_EXIT(juxtactl({"compose", "-p", "tiny-as-container", "up", "-d", "-f", file},
                                    std::chrono::seconds(60)),
                           0);
        auto run =
            juxtactl({"compare", "--compose", file, "--as", "container", "--json"}, std::chrono::seconds(60));
        QCOMPARE(run.code, 1);
        const json c = json::parse(run.out.toStdString());
        const json* asContainers = way(c, "container");
        QVERIFY(asContainers);
        QVERIFY2(
            (*asContainers)["reason"].get<std::string>().find("no comparison made it") != std::string::npos,
            (*asContainers)["reason"].get<std::string>().c_str());
        auto ps = juxtactl({"compose", "-p", "tiny-as-container", "-f", file, "ps"});
        QVERIFY2(ps.out.contains("tiny-as-container-web") && ps.out.contains("running"), qPrintable(ps.out));
    }

    // The service to exhaust has no memory limit: that way fails with the reason, and nothing is left.
    void aHogWithoutALimitIsNotRun() {
        const QString file =
            write("nolimit.yaml",
                  "name: nolimit\n"
                  "services:\n"
                  "  web:\n"
                  "    image: busybox\n"
                  "    command: [sh, -c, 'mkdir -p /www && echo hi > /www/index.html && exec "
                  "httpd -f -p 80 -h /www']\n"
                  "    ports: ['127.0.0.1::80']\n"
                  "    stop_grace_period: 300ms\n"
                  "  side:\n"
                  "    image: busybox\n"
                  "    command: [sleep, '600']\n"
                  "    stop_grace_period: 300ms\n");
        const int before = containers();
        auto run = juxtactl(
            {"compare", "--compose", file, "--as", "container", "--params", "seconds=1,hog=side", "--json"},
            std::chrono::seconds(120));
        QCOMPARE(run.code, 1);  // a way that failed
        const json c = json::parse(run.out.toStdString());
        const json* asContainers = way(c, "container");
        QVERIFY(asContainers);
        QCOMPARE((*asContainers)["status"].get<std::string>(), std::string("failed"));
        QVERIFY2((*asContainers)["reason"].get<std::string>().find("side has no memory limit") !=
                     std::string::npos,
                 (*asContainers)["reason"].get<std::string>().c_str());
        QCOMPARE(containers(), before);
    }
};

QTEST_GUILESS_MAIN(TestCompareCompose)
#include "test_compare_compose.moc"

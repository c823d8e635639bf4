// juxtactl run --bundle DIR: an OCI runtime bundle (config.json + rootfs) runs with what its
// config says — process, hostname, read-only root, bind and tmpfs mounts, memory/pids limits,
// capabilities, rlimits — and what the runtime does not support is one clear error.
#include <QTest>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "container_fixture.h"

using namespace juxta;
using nlohmann::json;
using testing::juxtactl;
namespace fs = std::filesystem;

class TestOciBundle : public QObject {
    Q_OBJECT
    testing::ContainerFixture fx;

    fs::path bundle() const { return fx.dataDir().parent_path() / "bundle"; }
    fs::path hostDir() const { return fx.dataDir().parent_path() / "shared"; }

    // What `runc spec` writes, with the busybox image as the root and a command of our own.
    json baseConfig(const std::string& script) const {
        return {
            {"ociVersion", "1.0.2"},
            {"process",
             {{"terminal", false},
              {"user", {{"uid", 0}, {"gid", 0}}},
              {"args", {"sh", "-c", script}},
              {"env", {"PATH=/bin:/usr/bin", "GREETING=from-config"}},
              {"cwd", "/tmp"},
              {"capabilities",
               {{"bounding", {"CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"}},
                {"effective", {"CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"}}}},
              {"rlimits", {{{"type", "RLIMIT_NOFILE"}, {"hard", 1024}, {"soft", 512}}}},
              {"noNewPrivileges", true}}},
            {"root", {{"path", fx.busybox().layerDirs.at(0).string()}, {"readonly", true}}},
            {"hostname", "bundled"},
            {"mounts",
             {{{"destination", "/proc"}, {"type", "proc"}, {"source", "proc"}},
              {{"destination", "/dev"}, {"type", "tmpfs"}, {"source", "tmpfs"}},
              {{"destination", "/data"},
               {"type", "bind"},
               {"source", hostDir().string()},
               {"options", {"rbind", "ro"}}},
              {{"destination", "/tmp"}, {"type", "tmpfs"}, {"source", "tmpfs"}, {"options", {"size=1m"}}}}},
            {"linux",
             {{"resources",
               {{"devices", {{{"allow", false}, {"access", "rwm"}}}},
                {"memory", {{"limit", 64 << 20}}},
                {"pids", {{"limit", 6}}}}},
              {"namespaces",
               {{{"type", "pid"}},
                {{"type", "network"}},
                {{"type", "ipc"}},
                {{"type", "uts"}},
                {{"type", "mount"}}}},
              {"maskedPaths", {"/proc/kcore"}},
              {"readonlyPaths", {"/proc/sys"}}}}};
    }
    void writeConfig(const json& config) {
        fs::create_directories(bundle());
        std::ofstream(bundle() / "config.json") << config.dump(2);
    }

  private slots:
    void initTestCase() {
        if (auto why = fx.setUp(); !why.empty()) QSKIP(why.c_str());
        fs::create_directories(hostDir());
        std::ofstream(hostDir() / "note") << "from the host\n";
    }

    void aBundleRunsAsItsConfigSays() {
        writeConfig(
            baseConfig("hostname; pwd; echo $GREETING; cat /data/note; "
                       "echo x > /data/note || echo data-read-only; "
                       "echo y > /etc/new || echo root-read-only; echo z > /tmp/t && cat /tmp/t; "
                       "grep CapEff /proc/self/status; ulimit -n; "
                       "(for i in 1 2 3 4 5 6 7 8; do sleep 1 & done) 2>&1; exit 4"));
        auto r = juxtactl({"run", "--rm", "--bundle", QString::fromStdString(bundle().string())});
        QVERIFY2(r.code == 4, qPrintable(r.err));
        QVERIFY2(r.out.startsWith("bundled\n/tmp\nfrom-config\nfrom the host\n"), qPrintable(r.out + r.err));
        QVERIFY(r.out.contains("data-read-only\nroot-read-only\nz\n"));
        QVERIFY(r.out.contains("CapEff:\t0000000020000420"));  // AUDIT_WRITE, KILL, NET_BIND_SERVICE only
        QVERIFY(r.out.contains("\n512\n"));                    // the soft RLIMIT_NOFILE
        QVERIFY2(r.out.contains("can't fork"), qPrintable(r.out));  // pids.limit 6
        std::ifstream note(hostDir() / "note");
        QCOMPARE(std::string(std::istreambuf_iterator<char>(note), {}), std::string("from the host\n"));
        QVERIFY(!fs::exists(fx.busybox().layerDirs.at(0) / "etc" / "new"));  // the rootfs is untouched
    }

    void aKeptBundleContainerRestartsFromItsDefinition() {
        writeConfig(baseConfig("cat /data/note; ulimit -n"));
        auto ran = juxtactl({"run", "--name", "kept", "--bundle", QString::fromStdString(bundle().string())});
        QCOMPARE(ran.code, 0);
        QCOMPARE(ran.out, QString("from the host\n512\n"));
        JUXTA_COMPARE_EXIT(juxtactl({"start", "kept"}),
                           0);  // mounts and rlimits come back from container.json
        QTRY_COMPARE_WITH_TIMEOUT(juxtactl({"logs", "kept"}).out, QString("from the host\n512\n"), 5000);
        QCOMPARE(juxtactl({"rm", "-f", "kept"}).code, 0);
    }

    void unsupportedParts_data() {
        QTest::addColumn<QString>("pointer");  // a JSON pointer into the config
        QTest::addColumn<QString>("value");    // JSON to put there
        QTest::addColumn<QString>("message");
        QTest::newRow("user namespace") << "/linux/namespaces/5"
                                        << R"({"type": "user"})"
                                        << "user namespaces are not supported here yet";
        QTest::newRow("ns by path") << "/linux/namespaces/1"
                                    << R"({"type": "network", "path": "/proc/1/ns/net"})"
                                    << "joining the network namespace by path is not supported";
        QTest::newRow("missing pid ns") << "/linux/namespaces/0"
                                        << R"({"type": "cgroup"})"
                                        << "always gets a new pid namespace";
        QTest::newRow("nfs mount") << "/mounts/4"
                                   << R"({"destination": "/n", "type": "nfs", "source": "x"})"
                                   << "type 'nfs' is not supported";
        QTest::newRow("hooks") << "/hooks"
                               << R"({"prestart": []})"
                               << "config.hooks is not supported";
        QTest::newRow("seccomp") << "/linux/seccomp"
                                 << R"({"defaultAction": "SCMP_ACT_ALLOW"})"
                                 << "linux.seccomp is not supported";
        QTest::newRow("empty args") << "/process/args"
                                    << "[]"
                                    << "process.args is empty";
        QTest::newRow("bad capability") << "/process/capabilities/bounding/0"
                                        << R"("CAP_NOPE")"
                                        << "unknown capability 'CAP_NOPE'";
        QTest::newRow("no root") << "/root/path"
                                 << R"("/no/such/rootfs")"
                                 << "is not a directory";
        QTest::newRow("escaping mount") << "/mounts/3/destination"
                                        << R"("/x/../../etc")"
                                        << "is not an absolute path without '..'";
    }
    void unsupportedParts() {
        QFETCH(QString, pointer);
        QFETCH(QString, value);
        QFETCH(QString, message);
        json config = baseConfig("true");
        config[json::json_pointer(pointer.toStdString())] = json::parse(value.toStdString());
        writeConfig(config);
        auto r = juxtactl({"run", "--rm", "--bundle", QString::fromStdString(bundle().string())});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
        QCOMPARE(r.err.count('\n'), 1);
        QCOMPARE(juxtactl({"ps", "-a", "--json"}).out.trimmed(), QString("[]"));  // nothing defined
    }

    void badBundles() {
        auto none = juxtactl({"run", "--rm", "--bundle", "/no/such/bundle"});
        QCOMPARE(none.code, 1);
        QVERIFY(none.err.contains("no config.json"));
        writeConfig(baseConfig("true"));
        std::ofstream(bundle() / "config.json") << "{ not json";
        auto broken = juxtactl({"run", "--rm", "--bundle", QString::fromStdString(bundle().string())});
        QCOMPARE(broken.code, 1);
        QVERIFY(broken.err.contains("config.json: not valid JSON"));
        auto withImage = juxtactl({"run", "--bundle", QString::fromStdString(bundle().string()), "busybox"});
        QCOMPARE(withImage.code, 2);
        QVERIFY(withImage.err.contains("--bundle takes no IMAGE"));
        auto withLimit = juxtactl({"run", "--memory", "64M", "--bundle", "x"});
        QCOMPARE(withLimit.code, 2);
        QVERIFY(withLimit.err.contains("set linux.resources in config.json"));
    }
};

QTEST_GUILESS_MAIN(TestOciBundle)
#include "test_oci_bundle.moc"

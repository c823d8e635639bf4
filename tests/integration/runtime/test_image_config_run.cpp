// What an image's config declares beyond its command, honoured by `juxtactl create/run/start`:
// VOLUME (a fresh volume per container with the image directory's owner and mode, removed with
// the container, kept with rm --keep-volumes, listed and pruned by `volume`), HEALTHCHECK (run by
// the monitor: starting, healthy, unhealthy after its retries, a hung check cut at its timeout;
// --health-cmd and --no-healthcheck over it), EXPOSE (-P publishes each TCP port on a free
// 127.0.0.1 port) and LABEL (shown by `image inspect`). Images built here as OCI layouts.
#include <fcntl.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include <QElapsedTimer>
#include <QProcess>
#include <QTest>
#include <QThread>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "container_fixture.h"
#include "core/unique_fd.h"
#include "support/image_builder.h"

using namespace juxta;
using namespace juxta::testing;
namespace fs = std::filesystem;
using nlohmann::json;

class TestImageConfigRun : public QObject {
    Q_OBJECT
    ContainerFixture fx;

    // Imports a one-layer busybox image named NAME with the given config section (plus PATH).
    void importImage(const std::string& name, json config, std::vector<TarEntry> extra = {}) {
        std::vector<TarEntry> files =
            busyboxFiles({"sh", "sleep", "echo", "cat", "test", "touch", "rm", "stat", "httpd", "ls"});
        files.insert(files.end(), extra.begin(), extra.end());
        OciLayoutBuilder oci(fx.dataDir().parent_path() / ("layout-" + name));
        oci.addLayer(makeLayer(files, Compression::Gzip));
        config["Env"] = {"PATH=/bin"};
        oci.config = std::move(config);
        oci.write("example.org/" + name + ":1");
        auto imported = juxtactl({"image", "import", QString::fromStdString(oci.dir().string()), "--name",
                                  QString::fromStdString(name)});
        QVERIFY2(imported.code == 0, qPrintable(imported.err));
    }

    static json psEntry(const QString& name) {
        const auto ps = juxtactl({"ps", "-a", "--json"});
        for (const auto& row : json::parse(ps.out.toStdString()))
            if (row["name"] == name.toStdString()) return row;
        return json();
    }

    // Polls `ps` until the container's health reads `want` (at most `limitMs`); the last one read.
    static std::string waitForHealth(const QString& name, const std::string& want, int limitMs) {
        QElapsedTimer t;
        t.start();
        std::string health;
        while (t.elapsed() < limitMs) {
            health = psEntry(name).value("health", "");
            if (health == want) break;
            QThread::msleep(200);
        }
        return health;
    }

    static json volumes() { return json::parse(juxtactl({"volume", "ls", "--json"}).out.toStdString()); }

  private slots:
    void initTestCase() {
        if (auto why = fx.setUp(); !why.empty()) QSKIP(why.c_str());
    }

    // VOLUME /data: each container gets its own volume, owned and moded as the image's /data; what
    // it writes there outlives a restart, and goes with `rm` (or stays with --keep-volumes).
    void eachContainerGetsItsOwnVolume() {
        importImage("vol",
                    {{"Volumes", {{"/data", json::object()}, {"/cache/", json::object()}}},
                     {"Cmd",
                      {"/bin/sh", "-c",
                       "stat -c '%u:%g %a' /data; cat /data/note 2>/dev/null || echo none; "
                       "echo kept > /data/note; echo x > /cache/file"}}},
                    {[] {
                        TarEntry d("data/", 'd', "", 0750);
                        d.uid = 1000;
                        d.gid = 1001;
                        return d;
                    }()});
        for (const char* name : {"vol-a", "vol-b"}) {
            auto made = juxtactl({"create", "--name", name, "vol"});
            QVERIFY2(made.code == 0, qPrintable(made.err));
        }
        QCOMPARE(volumes().size(), std::size_t(4));  // two each, anonymous, owned
        for (const auto& v : volumes()) {
            QCOMPARE(v["name"].get<std::string>().size(), std::size_t(64));
            QCOMPARE(v["used_by"].size(), std::size_t(1));
        }
        for (int round = 0; round < 2; ++round) {
            QCOMPARE(juxtactl({"start", "vol-a"}).code, 0);
            QElapsedTimer t;
            t.start();
            while (psEntry("vol-a")["state"] != "exited" && t.elapsed() < 10000) QThread::msleep(100);
            const QString logs = juxtactl({"logs", "vol-a"}).out;
            QVERIFY2(logs.startsWith("1000:1001 750\n"), qPrintable(logs));
            // The first run finds the volume empty; the second finds what the first wrote.
            QVERIFY2(logs.count("none") == 1 && (round == 0 || logs.contains("kept")), qPrintable(logs));
        }
        // rm takes vol-a's two volumes; --keep-volumes leaves vol-b's, owned by nobody now.
        QCOMPARE(juxtactl({"rm", "vol-a"}).code, 0);
        QCOMPARE(volumes().size(), std::size_t(2));
        QCOMPARE(juxtactl({"rm", "--keep-volumes", "vol-b"}).code, 0);
        const json kept = volumes();
        QCOMPARE(kept.size(), std::size_t(2));
        for (const auto& v : kept) {
            QVERIFY(v["owner"] == "");
            QVERIFY(v["used_by"].empty());
        }
        // prune removes what nothing uses; a volume in use is refused by name.
        QVERIFY(juxtactl({"volume", "prune"}).out.contains("removed 2 volumes"));
        QVERIFY(volumes().empty());
        QVERIFY(juxtactl({"create", "--name", "vol-c", "vol"}).code == 0);
        const std::string used = volumes()[0]["name"];
        auto refused = juxtactl({"volume", "rm", QString::fromStdString(used)});
        QVERIFY2(refused.code != 0 && refused.err.contains("used by container vol-c"),
                 qPrintable(refused.err));
        QCOMPARE(juxtactl({"rm", "vol-c"}).code, 0);
        QVERIFY(volumes().empty());
        // A refused rm --keep-volumes (it runs) leaves its volumes its own: rm -f then takes them.
        QCOMPARE(juxtactl({"create", "--name", "vol-d", "vol", "--", "/bin/sleep", "30"}).code, 0);
        QCOMPARE(juxtactl({"start", "vol-d"}).code, 0);
        QVERIFY(juxtactl({"rm", "--keep-volumes", "vol-d"}).code != 0);
        for (const auto& v : volumes()) QVERIFY2(v["owner"] != "", v.dump().c_str());
        QCOMPARE(juxtactl({"rm", "-f", "vol-d"}).code, 0);
        QVERIFY(volumes().empty());
        // run --rm: the volumes last as long as the run.
        auto ran = juxtactl({"run", "--rm", "vol"});
        QVERIFY2(ran.code == 0 && ran.out.contains("none"), qPrintable(ran.err));
        QVERIFY(volumes().empty());
    }

    static fs::path volumeData(const std::string& name) {
        for (const auto& v : volumes())
            if (v["name"] == name) return v["path"].get<std::string>();
        return {};
    }

    // -v NAME:/path: a named volume, made on first use and kept (owned by nobody) after --rm; an
    // empty one starts with what the image has there (copy-up, not with nocopy), a full one is
    // left as it is; a volume a container mounts is not removed under it.
    void namedVolumesAreKeptAndFilledFromTheImage() {
        TarEntry conf("etc/app/", 'd', "", 0750);
        conf.uid = 1000;
        conf.gid = 1000;
        TarEntry ini("etc/app/app.ini", 'f', "port=80\n", 0640);
        ini.uid = 1000;
        importImage("conf", {{"Cmd", {"/bin/sh", "-c", "cat /etc/app/app.ini"}}},
                    {conf, ini, {"etc/app/shadow", 'l', "", 0777, "/etc/shadow"}});
        auto first = juxtactl({"run", "--rm", "-v", "appconf:/etc/app", "conf", "--", "/bin/sh", "-c",
                               "cat /etc/app/app.ini; echo edited > /etc/app/app.ini"});
        QVERIFY2(first.code == 0 && first.out == "port=80\n", qPrintable(first.out + first.err));
        const fs::path data = volumeData("appconf");
        QVERIFY2(!data.empty(), juxtactl({"volume", "ls"}).out.toUtf8().constData());
        // The image's symlink came across as a symlink: the host's /etc/shadow was never read.
        QVERIFY(fs::is_symlink(data / "shadow"));
        QCOMPARE(fs::read_symlink(data / "shadow").string(), std::string("/etc/shadow"));
        struct stat st {};
        QCOMPARE(::stat(data.c_str(), &st), 0);
        QCOMPARE(st.st_uid, uid_t(1000));
        QCOMPARE(st.st_mode & 07777, mode_t(0750));
        // Kept, and not filled again: the edit is what the next container sees.
        QCOMPARE(volumes().size(), std::size_t(1));
        QVERIFY(volumes()[0]["owner"] == "");
        QCOMPARE(juxtactl({"run", "--rm", "-v", "appconf:/etc/app:ro", "conf"}).out, QString("edited\n"));
        auto readOnly = juxtactl({"run", "--rm", "-v", "appconf:/etc/app:ro", "conf", "--", "/bin/sh", "-c",
                                  "echo x > /etc/app/new"});
        QVERIFY(readOnly.code != 0);
        QVERIFY(!fs::exists(data / "new"));
        // nocopy: an empty volume stays empty.
        auto bare = juxtactl({"run", "--rm", "-v", "bare:/etc/app:nocopy", "conf", "--", "/bin/sh", "-c",
                              "ls -A /etc/app | wc -l"});
        QCOMPARE(bare.out.trimmed(), QString("0"));
        // In use: refused; `volume create` of a taken name: refused; then both go.
        QCOMPARE(juxtactl({"create", "--name", "uses-conf", "-v", "appconf:/etc/app", "conf"}).code, 0);
        auto busy = juxtactl({"volume", "rm", "appconf"});
        QVERIFY2(busy.code != 0 && busy.err.contains("used by container uses-conf"), qPrintable(busy.err));
        QVERIFY(juxtactl({"volume", "create", "appconf"}).err.contains("exists already"));
        QCOMPARE(juxtactl({"rm", "uses-conf"}).code, 0);
        QVERIFY(fs::exists(data / "app.ini"));  // rm never takes a named volume
        QCOMPARE(juxtactl({"volume", "rm", "appconf", "bare"}).code, 0);
        QVERIFY(volumes().empty());
    }

    // -v /host/dir:/path[:ro]: the host's directory itself (never filled from the image); a host
    // path that is not there, an option that is not one and a mount twice are refused by name.
    void hostDirectoriesAreBindMounted() {
        importImage("bind", {{"Cmd", {"/bin/sh", "-c", "cat /mnt/in; echo out > /mnt/out"}}},
                    {{"mnt/", 'd', "", 0755}, {"mnt/from-image", 'f', "image", 0644}});
        const fs::path host = fx.dataDir().parent_path() / "bind-host";
        fs::create_directories(host);
        std::ofstream(host / "in") << "from the host\n";
        const QString spec = QString::fromStdString(host.string()) + ":/mnt";
        auto rw = juxtactl({"run", "--rm", "-v", spec, "bind"});
        QVERIFY2(rw.code == 0 && rw.out == "from the host\n", qPrintable(rw.out + rw.err));
        QVERIFY(fs::exists(host / "out"));
        QVERIFY(!fs::exists(host / "from-image"));
        fs::remove(host / "out");
        auto ro = juxtactl({"run", "--rm", "-v", spec + ":ro", "bind"});
        QVERIFY(ro.code != 0 && ro.out == "from the host\n");
        QVERIFY(!fs::exists(host / "out"));
        auto missing = juxtactl({"run", "--rm", "-v", "/nonexistent/juxta-bind:/mnt", "bind"});
        QVERIFY2(missing.code != 0 && missing.err.contains("/nonexistent/juxta-bind does not exist"),
                 qPrintable(missing.err));
        auto option = juxtactl({"run", "--rm", "-v", spec + ":exec", "bind"});
        QVERIFY2(option.code == 2 && option.err.contains("unknown option 'exec'"), qPrintable(option.err));
        auto twice = juxtactl({"run", "--rm", "-v", "a:/mnt", "-v", spec, "bind"});
        QVERIFY2(twice.code != 0 && twice.err.contains("/mnt is mounted twice"), qPrintable(twice.err));
        QVERIFY(volumes().empty());
    }

    // What an attacker or a slip could do with -v, refused or made harmless: a read-only host
    // directory is read-only in its submounts too; a volume below an image VOLUME is not hidden
    // by it (parents mount first); /proc, /sys and /dev are refused; another container's anonymous
    // volume is not taken; a volume a `run --rm` uses is not removed under it; a copy-up cut short
    // is done again.
    void volumesAreOrderedAndGuarded() {
        importImage("layered", {{"Volumes", {{"/var/lib/app", json::object()}}}, {"Cmd", {"/bin/sh"}}},
                    {{"var/", 'd', "", 0755},
                     {"var/lib/", 'd', "", 0755},
                     {"var/lib/app/", 'd', "", 0755},
                     {"var/lib/app/seed", 'f', "from the image", 0644}});
        // A tmpfs mounted below a host directory: `-v DIR:/mnt:ro` must not leave it writable.
        const fs::path host = fx.dataDir().parent_path() / "ro-host";
        fs::create_directories(host / "sub");
        QCOMPARE(::mount("tmpfs", (host / "sub").c_str(), "tmpfs", 0, "size=1m"), 0);
        auto sub = juxtactl({"run", "--rm", "-v", QString::fromStdString(host.string()) + ":/mnt:ro",
                             "layered", "--", "/bin/sh", "-c", "touch /mnt/sub/x && echo wrote"});
        ::umount((host / "sub").c_str());
        QVERIFY2(sub.code != 0 && !sub.out.contains("wrote"), qPrintable(sub.out + sub.err));
        // -v data:/var/lib/app/db below the image's VOLUME /var/lib/app: both there, the user's on top.
        auto nested = juxtactl({"run", "--rm", "-v", "appdb:/var/lib/app/db", "layered", "--", "/bin/sh",
                                "-c", "cat /var/lib/app/seed; echo row > /var/lib/app/db/table"});
        QVERIFY2(nested.code == 0 && nested.out == "from the image", qPrintable(nested.out + nested.err));
        QVERIFY(fs::exists(volumeData("appdb") / "table"));
        for (const char* kernel : {"v:/proc", "/sys/fs", "v:/dev"}) {
            auto refused = juxtactl({"run", "--rm", "-v", kernel, "layered"});
            QVERIFY2(refused.code != 0 && refused.err.contains("may not cover /proc, /sys or /dev"),
                     qPrintable(refused.err));
        }
        // Another container's anonymous volume (an image VOLUME's) is its own.
        QCOMPARE(juxtactl({"create", "--name", "owner", "layered"}).code, 0);
        std::string anonymous;
        for (const auto& v : volumes())
            if (v["owner"] != "") anonymous = v["name"];
        QVERIFY(!anonymous.empty());
        auto taken = juxtactl({"run", "--rm", "-v", QString::fromStdString(anonymous) + ":/x", "layered"});
        QVERIFY2(taken.code != 0 && taken.err.contains("belongs to container"), qPrintable(taken.err));
        QCOMPARE(juxtactl({"rm", "owner"}).code, 0);
        // A run --rm holds its named volume (its monitor, volumes.h holdVolumes): `volume rm` and
        // `prune` leave it while it runs.
        QProcess running;
        running.start(QStringLiteral(JUXTACTL),
                      {"run", "--rm", "-v", "appdb:/var/lib/app/db", "layered", "--", "/bin/sleep", "5"});
        QVERIFY(running.waitForStarted());
        QElapsedTimer t;
        t.start();
        const auto held = [] {  // the run's shared lock (volumes.h holdVolumes) is there
            UniqueFd lock(
                ::open((volumeData("appdb").parent_path() / "in-use").c_str(), O_RDONLY | O_CLOEXEC));
            return lock && ::flock(lock.get(), LOCK_EX | LOCK_NB) < 0;
        };
        while (t.elapsed() < 4000 && !held()) QThread::msleep(20);
        QVERIFY(held());
        auto busy = juxtactl({"volume", "rm", "appdb"});
        QVERIFY2(busy.code != 0 && busy.err.contains("is used by container"), qPrintable(busy.err));
        QVERIFY(juxtactl({"volume", "prune"}).out.contains("removed 0 volumes"));
        QVERIFY(running.waitForFinished(20000));  // its end takes its own (anonymous) volume
        // A copy-up cut short (its marker left, half the files there) is emptied and done again.
        QCOMPARE(juxtactl({"volume", "create", "half"}).code, 0);
        const fs::path half = volumeData("half");
        std::ofstream(half / "partial") << "x";
        std::ofstream(half.parent_path() / "copy-pending") << "";
        auto again =
            juxtactl({"run", "--rm", "-v", "half:/var/lib/app", "layered", "--", "/bin/ls", "/var/lib/app"});
        QVERIFY2(again.code == 0 && again.out == "seed\n", qPrintable(again.out + again.err));
        QVERIFY(!fs::exists(half.parent_path() / "copy-pending"));
        QCOMPARE(juxtactl({"volume", "rm", "appdb", "half"}).code, 0);
        QVERIFY(volumes().empty());
    }

    // A hostile VOLUME ("/../etc", a relative path) refuses the image at import, by name; nothing
    // is imported.
    void badVolumePathsRefuseTheImage() {
        for (const char* bad : {"/../etc", "relative", "/a/./b"}) {
            std::vector<TarEntry> files = busyboxFiles({"sh"});
            OciLayoutBuilder oci(fx.dataDir().parent_path() / "layout-badvol");
            fs::remove_all(oci.dir());
            oci.addLayer(makeLayer(files, Compression::Gzip));
            oci.config = {{"Cmd", {"/bin/sh"}}, {"Volumes", {{bad, json::object()}}}};
            oci.write("example.org/badvol:1");
            auto imported = juxtactl({"image", "import", QString::fromStdString(oci.dir().string())});
            QVERIFY2(imported.code != 0 && imported.err.contains("Volumes") && imported.err.contains(bad),
                     qPrintable(imported.err));
            QVERIFY(!juxtactl({"images"}).out.contains("badvol"));
        }
    }

    // The monitor runs the image's check: starting, then healthy; once the check fails as many
    // times in a row as its retries, unhealthy; passing again makes it healthy.
    void healthCheckFollowsTheContainer() {
        importImage("health", {{"Cmd", {"/bin/sh", "-c", "touch /ok; while true; do sleep 1; done"}},
                               {"Healthcheck",
                                {{"Test", {"CMD-SHELL", "echo checked; test -e /ok"}},
                                 {"Interval", 300'000'000},
                                 {"Timeout", 2'000'000'000},
                                 {"Retries", 2}}}});
        QCOMPARE(juxtactl({"create", "--name", "hc", "health"}).code, 0);
        QCOMPARE(juxtactl({"start", "hc"}).code, 0);
        QCOMPARE(waitForHealth("hc", "healthy", 15000), std::string("healthy"));
        QVERIFY2(juxtactl({"ps"}).out.contains("running (healthy)"), qPrintable(juxtactl({"ps"}).out));
        QCOMPARE(juxtactl({"exec", "hc", "--", "rm", "/ok"}).code, 0);
        QCOMPARE(waitForHealth("hc", "unhealthy", 15000), std::string("unhealthy"));
        QCOMPARE(juxtactl({"exec", "hc", "--", "touch", "/ok"}).code, 0);
        QCOMPARE(waitForHealth("hc", "healthy", 15000), std::string("healthy"));
        QCOMPARE(juxtactl({"rm", "-f", "hc"}).code, 0);

        // run -d: started under its monitor as create + start, so checked too.
        auto detached = juxtactl({"run", "-d", "--name", "hc-d", "health"});
        QVERIFY2(detached.code == 0 && detached.out.trimmed().size() == 12,
                 qPrintable(detached.out + detached.err));
        QCOMPARE(waitForHealth("hc-d", "healthy", 15000), std::string("healthy"));
        QCOMPARE(juxtactl({"rm", "-f", "hc-d"}).code, 0);
        // run -d --rm: checked as well, and gone once it is stopped.
        QCOMPARE(juxtactl({"run", "-d", "--rm", "--name", "hc-rm", "health"}).code, 0);
        QCOMPARE(waitForHealth("hc-rm", "healthy", 15000), std::string("healthy"));
        QCOMPARE(juxtactl({"stop", "hc-rm"}).code, 0);
        QTRY_VERIFY_WITH_TIMEOUT(!juxtactl({"ps", "-a"}).out.contains("hc-rm"), 10000);

        // --no-healthcheck: none runs; --health-cmd: this one instead of the image's.
        QCOMPARE(juxtactl({"create", "--name", "hc-off", "--no-healthcheck", "health"}).code, 0);
        QCOMPARE(juxtactl({"start", "hc-off"}).code, 0);
        QThread::msleep(1500);
        QVERIFY(psEntry("hc-off")["health"] == "");
        QCOMPARE(juxtactl({"rm", "-f", "hc-off"}).code, 0);
        QCOMPARE(juxtactl({"create", "--name", "hc-cmd", "--health-cmd", "exit 3", "--health-interval",
                           "300ms", "--health-retries", "1", "health"})
                     .code,
                 0);
        QCOMPARE(juxtactl({"start", "hc-cmd"}).code, 0);
        QCOMPARE(waitForHealth("hc-cmd", "unhealthy", 15000), std::string("unhealthy"));
        QCOMPARE(juxtactl({"rm", "-f", "hc-cmd"}).code, 0);
    }

    // A check that never ends is stopped at its timeout and counts as a failure; its process does
    // not linger in the container.
    void hungCheckTimesOut() {
        importImage("hung", {{"Cmd", {"/bin/sh", "-c", "while true; do sleep 1; done"}},
                             {"Healthcheck",
                              {{"Test", {"CMD", "/bin/sleep", "1000"}},
                               {"Interval", 200'000'000},
                               {"Timeout", 500'000'000},
                               {"Retries", 1}}}});
        QCOMPARE(juxtactl({"create", "--name", "hung", "hung"}).code, 0);
        QCOMPARE(juxtactl({"start", "hung"}).code, 0);
        QCOMPARE(waitForHealth("hung", "unhealthy", 15000), std::string("unhealthy"));
        QThread::msleep(1500);  // the second check's signals have come
        auto procs = juxtactl({"exec", "hung", "--", "/bin/sh", "-c", "ls /proc | grep -c '^[0-9]'"});
        // init, its sleep 1, this shell and its ls/grep, and at most the check running now
        QVERIFY2(procs.out.trimmed().toInt() <= 6, qPrintable(procs.out));
        QCOMPARE(juxtactl({"rm", "-f", "hung"}).code, 0);
    }

    // A check that waits for what the service does not do yet (here: sleeps unless /ok is there,
    // which the service makes after 4 s) would hold the first early probe for its whole timeout
    // (30 s). An early probe is stopped at its patience (a second) instead, and does not count:
    // the container is healthy a few seconds after /ok appears, long before the timeout. The test
    // ignores SIGTERM and waits in a child of its shell, so what stops it is the forwarded SIGKILL,
    // sent to its whole process group: no `sleep 100` stays in the container.
    void earlyProbesAreStoppedAtTheirPatience() {
        importImage("patience",
                    {{"Cmd", {"/bin/sh", "-c", "sleep 4; touch /ok; while true; do sleep 1; done"}},
                     {"Healthcheck",
                      {{"Test", {"CMD-SHELL", "test -e /ok || { trap '' TERM; sleep 100; echo woke; }"}},
                       {"Interval", 60'000'000'000},
                       {"Timeout", 30'000'000'000},
                       {"Retries", 1}}}});
        QCOMPARE(juxtactl({"run", "-d", "--name", "patient", "patience"}).code, 0);
        QCOMPARE(waitForHealth("patient", "healthy", 20000), std::string("healthy"));
        const std::string id = psEntry("patient").value("id", "");
        std::ifstream in(fx.runtimeDir() / "containers" / id / "health.json");
        const json health = json::parse(in, nullptr, false);
        QVERIFY2(health.is_object() && health["log"].is_array(), id.c_str());
        int stopped = 0;
        for (const auto& r : health["log"])
            if (r.value("exit_code", 0) == -1) {
                QVERIFY2(
                    r.value("output", "").find("(an early probe: it does not count)") != std::string::npos,
                    r.dump().c_str());
                QVERIFY2(r.value("end_ms", 0) - r.value("start_ms", 0) < 5000, r.dump().c_str());
                ++stopped;
            }
        QVERIFY2(stopped >= 1, health.dump().c_str());
        QCOMPARE(health.value("failing_streak", -1), 0);
        auto procs =
            juxtactl({"exec", "patient", "--", "/bin/sh", "-c", "cat /proc/[0-9]*/cmdline | tr '\\0' ' '"});
        QVERIFY2(!procs.out.contains("sleep 100"), qPrintable(procs.out));
        QCOMPARE(juxtactl({"rm", "-f", "patient"}).code, 0);
    }

    // EXPOSE 80: -P puts it on a free 127.0.0.1 port, which reaches the container's httpd; the
    // image's labels, ports and volumes are what `image inspect` shows.
    void publishAllAndInspect() {
        importImage(
            "web",
            {{"Cmd", {"/bin/sh", "-c", "echo hello-from-p > /www/index.html; exec httpd -f -p 80 -h /www"}},
             {"ExposedPorts", {{"80/tcp", json::object()}, {"53/udp", json::object()}}},
             {"Labels", {{"org.opencontainers.image.title", "web"}, {"tier", "front"}}}},
            {{"www/", 'd', "", 0755}});
        const json inspect = json::parse(juxtactl({"image", "inspect", "web"}).out.toStdString())[0];
        QVERIFY(inspect["config"]["Labels"]["tier"] == "front");
        QVERIFY(inspect["config"]["ExposedPorts"].contains("80/tcp"));
        QVERIFY(inspect["config"]["ExposedPorts"].contains("53/udp"));
        auto usage = juxtactl({"create", "-P", "web"});
        QVERIFY2(usage.code == 2 && usage.err.contains("--net bridge"), qPrintable(usage.err));
        auto made = juxtactl({"create", "--name", "web-p", "--net", "bridge", "-P", "web"});
        QVERIFY2(made.code == 0, qPrintable(made.err));
        const json row = psEntry("web-p");
        QCOMPARE(row["ports"].size(), std::size_t(1));  // the TCP one
        const std::string port = row["ports"][0];
        QVERIFY2(port.rfind("127.0.0.1:", 0) == 0 && port.find("->80/tcp") != std::string::npos,
                 port.c_str());
        const int hostPort = std::stoi(port.substr(10));
        QCOMPARE(juxtactl({"start", "web-p"}).code, 0);
        std::string reply;
        QElapsedTimer t;
        t.start();
        while (
            t.elapsed() < 10000 &&
            (reply = ContainerFixture::httpGet("127.0.0.1", hostPort, "/index.html")).find("hello-from-p") ==
                std::string::npos)
            QThread::msleep(200);
        QVERIFY2(reply.find("hello-from-p") != std::string::npos, reply.c_str());
        QCOMPARE(juxtactl({"rm", "-f", "web-p"}).code, 0);
    }
};

QTEST_GUILESS_MAIN(TestImageConfigRun)
#include "test_image_config_run.moc"

// Pulls from a real registry: Debian's docker-registry on 127.0.0.1 with TLS (its CA given as a
// certs.d directory) and htpasswd Basic auth, images pushed with skopeo. A two-platform image is
// pulled (amd64 chosen, arm64 refused with the reason) and run with its config (entrypoint, cmd,
// env, working directory, a named user); a second pull fetches nothing; credentials wrong, missing
// or saved with `juxtactl login`; an untrusted certificate; an unknown tag; a blob changed by one
// byte in the registry's storage (a digest error, nothing stored); a pull killed with SIGKILL while
// a 128 MiB layer streams (the next one completes and leaves nothing half-written). And a second
// registry with token auth (tests/support/token_server.py signs its JWTs): anonymous and named pulls,
// one token each, wrong credentials refused with the token server's words.
#include <signal.h>

#include <QElapsedTimer>
#include <QProcess>
#include <QRegularExpression>
#include <QTest>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>

#include "container_fixture.h"
#include "images/busybox_image.h"
#include "support/image_builder.h"
#include "support/local_registry.h"
#include "support/tcp_relay.h"

using namespace juxta;
using namespace juxta::testing;
namespace fs = std::filesystem;

class TestRegistryPull : public QObject {
    Q_OBJECT
    ContainerFixture fx;
    LocalRegistry registry;
    fs::path work;

    QString at(const QString& repoTag) const { return registry.host() + "/" + repoTag; }
    QStringList trusted() const {
        return {"--cert-dir", QString::fromStdString(registry.certDir().string())};
    }
    QStringList withCreds() const { return trusted() << "--creds" << registry.creds(); }
    // No auth file and no certs.d of the machine's own: only what a test passes counts.
    QProcessEnvironment bareEnvironment() const {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        const QString home = QString::fromStdString((work / "home").string());
        env.insert("HOME", home);
        env.insert("XDG_RUNTIME_DIR", home + "/run");
        env.insert("REGISTRY_AUTH_FILE", home + "/auth.json");
        return env;
    }
    ProgramRun pull(const QStringList& args, std::chrono::seconds timeout = std::chrono::seconds(120)) const {
        return juxtactl(QStringList{"pull"} << args, timeout, bareEnvironment());
    }
    fs::path store() const { return fx.dataDir() / "images"; }
    // Files in the store's downloads/ and tmp/: what a pull may leave behind.
    std::vector<std::string> leftovers() const {
        std::vector<std::string> found;
        for (const char* sub : {"downloads", "tmp"}) {
            std::error_code ec;
            for (const auto& e : fs::directory_iterator(store() / sub, ec))
                found.push_back(e.path().string());
        }
        return found;
    }

    static std::string joined(const std::vector<std::string>& items) {
        std::string out;
        for (const auto& i : items) out += i + " ";
        return out;
    }

    // Bytes that do not compress: a layer as long on the wire as on disk.
    static std::string randomBytes(std::size_t size, unsigned seed) {
        std::string bytes(size, '\0');
        std::mt19937_64 random(seed);
        for (std::size_t i = 0; i + 8 <= bytes.size(); i += 8) {
            const std::uint64_t v = random();
            std::memcpy(bytes.data() + i, &v, 8);
        }
        return bytes;
    }

    Layer busyboxLayer() {
        std::ifstream in(images::hostBusybox(), std::ios::binary);
        const std::string busybox((std::istreambuf_iterator<char>(in)), {});
        std::vector<TarEntry> entries = {{"bin/", 'd', "", 0755},  {"bin/busybox", 'f', busybox, 0755},
                                         {"proc/", 'd', "", 0755}, {"sys/", 'd', "", 0755},
                                         {"dev/", 'd', "", 0755},  {"tmp/", 'd', "", 01777}};
        for (const char* applet : {"sh", "echo", "pwd", "id", "cat"})
            entries.push_back({std::string("bin/") + applet, 'l', "", 0777, "busybox"});
        return makeLayer(entries, Compression::Gzip);
    }

  private slots:
    void initTestCase() {
        if (auto why = fx.setUp(); !why.empty()) QSKIP(why.c_str());
        work = fx.dataDir().parent_path() / "registry-test";
        fs::create_directories(work / "home");
        if (auto why = registry.start(work / "registry", LocalRegistry::Auth::Basic); !why.empty()) {
            if (qEnvironmentVariableIsSet("CI")) QFAIL(why.c_str());  // setup.sh --test installs them
            QSKIP(why.c_str());
        }
        // test/app:1 — amd64 and arm64 in one index; two layers (gzip, zstd); a named user.
        OciLayoutBuilder app(work / "app");
        app.addLayer(busyboxLayer());
        app.addLayer(
            makeLayer({{"etc/", 'd', "", 0755},
                       {"etc/passwd", 'f', "root:x:0:0::/root:/bin/sh\napp:x:1001:1001::/home/app:/bin/sh\n"},
                       {"etc/group", 'f', "root:x:0:\napp:x:1001:\n"},
                       {"home/", 'd', "", 0755},
                       {"home/app/", 'd', "", 0755}},
                      Compression::Zstd));
        app.config = {{"Env", {"PATH=/bin", "GREETING=hello from the registry"}},
                      {"Entrypoint", {"/bin/sh", "-c"}},
                      {"Cmd", {"echo \"$GREETING\"; pwd; id -u"}},
                      {"WorkingDir", "/home/app"},
                      {"User", "app"}};
        const auto amd64 = app.addManifest("amd64");
        const auto arm64 = app.addManifest("arm64");
        app.writeIndex(nlohmann::json::array({amd64, arm64}));
        auto pushed = registry.push(app.dir(), "test/app:1");
        QVERIFY2(pushed.code == 0, qPrintable(pushed.err));
    }

    void aPulledImageRunsWithItsConfig() {
        auto pulled = pull(withCreds() << at("test/app:1"));
        QVERIFY2(pulled.code == 0, qPrintable(pulled.err));
        QVERIFY2(pulled.out.contains("2 layers (2 fetched"), qPrintable(pulled.out));
        auto run = juxtactl({"run", "--rm", at("test/app:1")});
        QVERIFY2(run.code == 0, qPrintable(run.err));
        QCOMPARE(run.out, QString("hello from the registry\n/home/app\n1001\n"));
        // Docker's overrides: -e (replacing and adding), --env-file, -w, -u by name from the image's
        // own /etc/passwd, --entrypoint (which drops the image's Cmd).
        const fs::path envFile = work / "app.env";
        std::ofstream(envFile) << "# a comment\n\nFROM_FILE=yes\n";
        auto over = juxtactl({"run", "--rm", "-e", "GREETING=overridden", "-e", "EXTRA=1", "--env-file",
                              QString::fromStdString(envFile.string()), "-w", "/tmp", "-u", "root",
                              "--entrypoint", "/bin/sh", at("test/app:1"), "--", "-c",
                              "echo \"$GREETING $EXTRA $FROM_FILE\"; pwd; id -u"});
        QVERIFY2(over.code == 0, qPrintable(over.err));
        QCOMPARE(over.out, QString("overridden 1 yes\n/tmp\n0\n"));
        auto badUser = juxtactl({"run", "--rm", "-u", "nobody-here", at("test/app:1")});
        QCOMPARE(badUser.code, 1);
        QVERIFY2(badUser.err.contains("nobody-here"), qPrintable(badUser.err));
        auto badDir = juxtactl({"run", "--rm", "-w", "relative", at("test/app:1")});
        QVERIFY2(badDir.err.contains("not absolute"), qPrintable(badDir.err));
        auto list = juxtactl({"images", "--json"});
        QVERIFY2(list.out.contains(at("test/app:1")), qPrintable(list.out));
        QVERIFY2(leftovers().empty(), joined(leftovers()).c_str());
    }

    void aSecondPullFetchesNothing() {
        auto again = pull(withCreds() << at("test/app:1"));
        QVERIFY2(again.code == 0, qPrintable(again.err));
        QVERIFY2(again.out.contains("0 fetched, 0 B") && again.out.contains("2 already here"),
                 qPrintable(again.out));
    }

    // On a terminal (script(1) gives the pull a pty): a bar per layer and a total, redrawn in place —
    // the cursor moved back up over them, each line cleared — ending with "done"; into a store of its
    // own, so every layer is fetched.
    void onATerminalEachLayerHasABar() {
        QProcessEnvironment env = bareEnvironment();
        env.insert("JUXTA_DATA_DIR", QString::fromStdString((work / "tty-data").string()));
        QStringList line{JUXTACTL, "pull"};
        line << withCreds() << at("test/app:1");
        for (QString& word : line) word = "'" + word.replace("'", "'\\''") + "'";
        auto run =
            runProgram("script", {"-qec", line.join(' '), "/dev/null"}, std::chrono::seconds(120), env);
        QVERIFY2(run.code == 0, qPrintable(run.out + run.err));
        QVERIFY2(run.out.contains("\033[2K") && run.out.contains(QRegularExpression("\\033\\[\\d+F")),
                 qPrintable(run.out));
        QVERIFY2(run.out.contains("[==============================]"), qPrintable(run.out));  // a full bar
        QVERIFY2(run.out.contains(QRegularExpression("total +[0-9.]+ [KM]i?B / [0-9.]+ [KM]i?B .* done")),
                 qPrintable(run.out));
    }

    // A registry whose manifest never ends (5 MiB, with a Content-Length and chunked without one):
    // the pull stops at its 4 MiB cap and says so, and leaves nothing behind.
    void anOversizedManifestIsRefused() {
        for (const bool chunked : {false, true}) {
            QProcess server;
            QStringList args{QString::fromStdString(supportFile("oversized_registry.py").string()), "--size",
                             QString::number(5 << 20)};
            if (chunked) args << "--chunked";
            server.start("python3", args);
            QVERIFY(server.waitForReadyRead(10000));
            const QString port = QString::fromUtf8(server.readLine()).trimmed();
            QVERIFY2(port.toInt() > 0, qPrintable(port));
            auto run = pull({"--tls-verify=false", "--name", "huge-1", "127.0.0.1:" + port + "/huge/app:1"},
                            std::chrono::seconds(60));
            server.kill();
            server.waitForFinished();
            QVERIFY2(run.code == 1 && run.err.contains("larger than 4 MiB"), qPrintable(run.err));
            QVERIFY2(leftovers().empty(), joined(leftovers()).c_str());
            QVERIFY(!juxtactl({"images"}).out.contains("huge-1"));
        }
    }

    void anotherPlatformIsRefusedWithTheReason() {
        auto arm = pull(withCreds() << "--platform"
                                    << "linux/arm64" << at("test/app:1"));
        QCOMPARE(arm.code, 1);
        QVERIFY2(arm.err.contains("linux/arm64 images do not run on this amd64 machine"),
                 qPrintable(arm.err));
        auto riscv = pull(withCreds() << "--platform"
                                      << "linux/riscv64" << at("test/app:1"));
        QVERIFY2(riscv.err.contains("do not run on this amd64 machine"), qPrintable(riscv.err));
    }

    void credentialsWrongOrMissingAreRefused() {
        auto wrong = pull(trusted() << "--creds"
                                    << "juxta:not-the-password" << at("test/app:1"));
        QCOMPARE(wrong.code, 1);
        QVERIFY2(wrong.err.contains("refused") && wrong.err.contains("juxta"), qPrintable(wrong.err));
        auto none = pull(trusted() << at("test/app:1"));
        QCOMPARE(none.code, 1);
        QVERIFY2(none.err.contains("asks for a user name and password"), qPrintable(none.err));
    }

    void loginKeepsCredentialsForPulls() {
        auto bad = juxtactl(QStringList{"login", "--username", "juxta", "--password", "wrong"}
                                << trusted() << registry.host(),
                            std::chrono::seconds(30), bareEnvironment());
        QCOMPARE(bad.code, 1);
        QVERIFY(!fs::exists(work / "home/auth.json"));
        auto login =
            juxtactl(QStringList{"login", "--username", registry.user(), "--password", registry.password()}
                         << trusted() << registry.host(),
                     std::chrono::seconds(30), bareEnvironment());
        QVERIFY2(login.code == 0, qPrintable(login.err));
        QVERIFY(fs::exists(work / "home/auth.json"));
        QCOMPARE(int(fs::status(work / "home/auth.json").permissions() & fs::perms::all), 0600);
        auto pulled = pull(trusted() << at("test/app:1"));
        QVERIFY2(pulled.code == 0, qPrintable(pulled.err));
        auto logout = juxtactl({"logout", registry.host()}, std::chrono::seconds(10), bareEnvironment());
        QVERIFY2(logout.code == 0, qPrintable(logout.err));
        auto after = pull(trusted() << at("test/app:1"));
        QVERIFY2(after.err.contains("asks for a user name and password"), qPrintable(after.err));
    }

    void anUntrustedCertificateIsRefused() {
        auto untrusted = pull(QStringList{"--creds", registry.creds()} << at("test/app:1"));
        QCOMPARE(untrusted.code, 1);
        QVERIFY2(untrusted.err.contains("certs.d") && untrusted.err.contains("--tls-verify=false"),
                 qPrintable(untrusted.err));
        auto anyway =
            pull(QStringList{"--tls-verify=false", "--creds", registry.creds()} << at("test/app:1"));
        QVERIFY2(anyway.code == 0, qPrintable(anyway.err));
    }

    void anUnknownTagIsOneMessage() {
        auto unknown = pull(withCreds() << at("test/app:nope"));
        QCOMPARE(unknown.code, 1);
        QVERIFY2(unknown.err.contains("no such image") && unknown.err.contains("MANIFEST_UNKNOWN"),
                 qPrintable(unknown.err));
        auto bad = pull(withCreds() << "Not/A:Reference!");
        QCOMPARE(bad.code, 2);
    }

    void aBlobChangedByOneByteIsRefused() {
        OciLayoutBuilder bad(work / "bad");
        bad.addLayer(busyboxLayer());
        const Layer own = makeLayer({{"data/", 'd', "", 0755}, {"data/x", 'f', std::string(300000, 'x')}},
                                    Compression::Gzip);
        bad.addLayer(own);
        bad.config = {{"Cmd", {"/bin/sh"}}};
        bad.write();
        auto pushed = registry.push(bad.dir(), "test/bad:1");
        QVERIFY2(pushed.code == 0, qPrintable(pushed.err));
        const fs::path blob = registry.blobFile("sha256:" + sha256Of(own.blob));
        QVERIFY2(fs::exists(blob), blob.c_str());
        {
            std::fstream f(blob, std::ios::in | std::ios::out | std::ios::binary);
            f.seekp(std::streamoff(own.blob.size() / 2));
            f.put('\xff');
        }
        auto pulled = pull(withCreds() << at("test/bad:1"));
        QCOMPARE(pulled.code, 1);
        QVERIFY2(pulled.err.contains("wrong digest"), qPrintable(pulled.err));
        QVERIFY(!fs::exists(store() / "repositories/bad-1.json"));
        QVERIFY(!fs::exists(store() / "layers" / ("sha256-" + own.diffHex)));
        QVERIFY2(leftovers().empty(), joined(leftovers()).c_str());
    }

    void aPullKilledMidwayIsCompletedByTheNext() {
        // One 128 MiB layer that does not compress: long enough on the wire to be killed in.
        std::string noise = randomBytes(std::size_t(128) << 20, 7);
        OciLayoutBuilder big(work / "big");
        big.addLayer(busyboxLayer());
        big.addLayer(makeLayer({{"data/", 'd', "", 0755}, {"data/noise", 'f', noise}}, Compression::Gzip));
        noise.clear();
        big.config = {{"Cmd", {"/bin/sh", "-c", "echo big"}}};
        big.write();
        auto pushed = registry.push(big.dir(), "test/big:1");
        QVERIFY2(pushed.code == 0, qPrintable(pushed.err));

        QProcess first;
        first.setProcessEnvironment(bareEnvironment());
        first.start(QStringLiteral(JUXTACTL),
                    QStringList{"pull", "--quiet"} << withCreds() << at("test/big:1"));
        QVERIFY(first.waitForStarted());
        std::uintmax_t seen = 0;
        for (int i = 0; i < 6000 && first.state() == QProcess::Running; ++i) {
            std::error_code ec;
            for (const auto& e : fs::directory_iterator(store() / "downloads", ec))
                if (e.path().extension() == ".partial") seen = std::max(seen, fs::file_size(e.path(), ec));
            if (seen > (std::uintmax_t(8) << 20)) break;
            QThread::msleep(5);
        }
        QVERIFY2(first.state() == QProcess::Running, "the pull ended before it could be killed");
        ::kill(pid_t(first.processId()), SIGKILL);
        first.waitForFinished();
        QVERIFY2(seen > 0, "no partial download was seen");

        auto second = pull(withCreds() << at("test/big:1"));
        QVERIFY2(second.code == 0, qPrintable(second.err));
        auto run = juxtactl({"run", "--rm", at("test/big:1")});
        QCOMPARE(run.out, QString("big\n"));
        QVERIFY2(leftovers().empty(), joined(leftovers()).c_str());
    }

    // The connection dropped in the middle of a layer (a relay between cuts it after 8 MiB): the
    // pull asks for the rest with Range and completes; the layer is whole.
    void aDroppedConnectionIsResumed() {
        std::string noise = randomBytes(std::size_t(32) << 20, 9);
        OciLayoutBuilder layout(work / "resume");
        layout.addLayer(busyboxLayer());
        layout.addLayer(makeLayer({{"data/", 'd', "", 0755}, {"data/noise", 'f', noise}}, Compression::Gzip));
        layout.config = {{"Cmd", {"/bin/sh", "-c", "cat /data/noise | wc -c"}}};
        layout.write();
        auto pushed = registry.push(layout.dir(), "test/resume:1");
        QVERIFY2(pushed.code == 0, qPrintable(pushed.err));
        TcpRelay relay;
        const int port = relay.start(registry.port());
        QVERIFY(port > 0);
        relay.cutOnceAfter(std::uint64_t(8) << 20);
        const QString ref = QStringLiteral("127.0.0.1:%1/test/resume:1").arg(port);
        auto pulled = pull(withCreds() << ref);
        QVERIFY2(pulled.code == 0, qPrintable(pulled.err));
        QCOMPARE(relay.cuts(), 1);
        auto run = juxtactl({"run", "--rm", ref});
        QCOMPARE(run.out.trimmed(), QString::number(32 << 20));
        QVERIFY2(leftovers().empty(), joined(leftovers()).c_str());
    }

    // The registry killed in the middle of a 48 MiB layer (a relay slows it to 8 MiB/s so that
    // there is a middle) and started again a second later: the pull waits it out with back-off,
    // asks for the rest with Range, and completes — fetching the layer about once, not twice.
    void aRegistryRestartedMidBlobIsWaitedFor() {
        constexpr std::size_t kLayer = std::size_t(48) << 20;
        std::string noise = randomBytes(kLayer, 11);
        OciLayoutBuilder layout(work / "restart");
        layout.addLayer(busyboxLayer());
        layout.addLayer(makeLayer({{"data/", 'd', "", 0755}, {"data/noise", 'f', noise}}, Compression::Gzip));
        noise.clear();
        layout.config = {{"Cmd", {"/bin/sh", "-c", "cat /data/noise | wc -c"}}};
        layout.write();
        auto pushed = registry.push(layout.dir(), "test/restart:1");
        QVERIFY2(pushed.code == 0, qPrintable(pushed.err));
        TcpRelay relay;
        const int port = relay.start(registry.port());
        QVERIFY(port > 0);
        relay.limitRate(std::uint64_t(8) << 20);
        const QString ref = QStringLiteral("127.0.0.1:%1/test/restart:1").arg(port);

        QProcess pulling;
        pulling.setProcessEnvironment(bareEnvironment());
        pulling.start(QStringLiteral(JUXTACTL), QStringList{"pull", "--quiet"} << withCreds() << ref);
        QVERIFY(pulling.waitForStarted());
        QElapsedTimer t;
        t.start();
        while (relay.bytesFromServer() < (std::uint64_t(12) << 20) && t.elapsed() < 60000 &&
               pulling.state() == QProcess::Running)
            QThread::msleep(20);
        QVERIFY2(pulling.state() == QProcess::Running, "the pull ended before the registry could be killed");
        registry.kill();
        const std::uint64_t atKill = relay.bytesFromServer();
        QThread::msleep(1000);  // down for a second: the pull's tries meet a closed port
        const std::string restarted = registry.restart();
        QVERIFY2(restarted.empty(), restarted.c_str());
        QVERIFY(pulling.waitForFinished(120000));
        QVERIFY2(pulling.exitCode() == 0, pulling.readAllStandardError().constData());
        // Resumed, not started over: the whole blob once, plus what a reply in flight carried.
        QVERIFY2(atKill < kLayer && relay.bytesFromServer() < kLayer + (std::uint64_t(4) << 20),
                 qPrintable(QStringLiteral("%1 bytes before the kill, %2 in all")
                                .arg(atKill)
                                .arg(relay.bytesFromServer())));
        auto run = juxtactl({"run", "--rm", ref});
        QCOMPARE(run.out.trimmed(), QString::number(kLayer));
        QVERIFY2(leftovers().empty(), joined(leftovers()).c_str());
    }

    // Token auth: a 401 names the realm; the token server (anonymous: pull only; with the password:
    // what was asked) signs the JWT the registry checks. One token serves the whole pull.
    void tokenAuthAnonymousAndWithCredentials() {
        LocalRegistry tokens;
        if (auto why = tokens.start(work / "token-registry", LocalRegistry::Auth::Token); !why.empty())
            QFAIL(why.c_str());
        OciLayoutBuilder pub(work / "pub");
        pub.addLayer(busyboxLayer());
        pub.config = {{"Cmd", {"/bin/sh", "-c", "echo public"}}};
        pub.write();
        auto pushed = tokens.push(pub.dir(), "test/pub:1");
        QVERIFY2(pushed.code == 0, qPrintable(pushed.err));
        const QString ref = tokens.host() + "/test/pub:1";
        const QStringList trust = {"--cert-dir", QString::fromStdString(tokens.certDir().string())};
        std::size_t before = tokens.tokenRequests().size();
        auto anonymous = pull(trust + QStringList{ref});
        QVERIFY2(anonymous.code == 0, qPrintable(anonymous.err));
        auto requests = tokens.tokenRequests();
        QCOMPARE(requests.size(), before + 1);  // one token for the ping, manifest, config and layers
        auto asked = nlohmann::json::parse(requests.back());
        QVERIFY(asked["user"].is_null());
        QCOMPARE(asked["scope"][0].get<std::string>(), std::string("repository:test/pub:pull"));
        QCOMPARE(juxtactl({"run", "--rm", ref}).out, QString("public\n"));

        before = requests.size();
        auto named = pull(trust + QStringList{"--creds", tokens.creds(), ref});
        QVERIFY2(named.code == 0, qPrintable(named.err));
        requests = tokens.tokenRequests();
        QCOMPARE(requests.size(), before + 1);
        QCOMPARE(nlohmann::json::parse(requests.back())["user"].get<std::string>(),
                 tokens.user().toStdString());

        auto wrong = pull(trust + QStringList{"--creds", tokens.user() + ":nope", ref});
        QCOMPARE(wrong.code, 1);
        QVERIFY2(wrong.err.contains("refused the credentials for juxta") &&
                     wrong.err.contains("wrong user name or password"),
                 qPrintable(wrong.err));
        auto missing = pull(trust + QStringList{tokens.host() + "/test/none:1"});
        QVERIFY2(missing.err.contains("no such image"), qPrintable(missing.err));
    }

    void cleanupTestCase() { registry.stop(); }
};

QTEST_GUILESS_MAIN(TestRegistryPull)
#include "test_registry_pull.moc"

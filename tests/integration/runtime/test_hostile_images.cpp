// Images built as an attacker would, run with the real juxtactl (root): a symlinked /proc or /dev
// must not aim the runtime's mounts and device nodes at the host; a container process must not
// reach the caller's terminal (TIOCSTI) nor the host's juxtactl through an exec'd process.
// Each test checks the host afterwards, not only what the container said.
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <QCryptographicHash>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "container_fixture.h"
#include "images/busybox_image.h"
#include "support/image_builder.h"

using namespace juxta;
using namespace juxta::testing;
namespace fs = std::filesystem;

namespace {

std::string readWhole(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), {});
}

std::set<std::string> namesIn(const fs::path& dir) {
    std::set<std::string> names;
    for (const auto& e : fs::directory_iterator(dir)) names.insert(e.path().filename().string());
    return names;
}

QByteArray sha256OfFile(const fs::path& file) {
    QFile f(QString::fromStdString(file.string()));
    if (!f.open(QIODevice::ReadOnly)) return {};
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256).toHex();
}

}  // namespace

class TestHostileImages : public QObject {
    Q_OBJECT
    ContainerFixture fx;
    QTemporaryDir bin;  // copies of juxtactl and juxta-monitor: what the attacks aim at
    QString juxtactl;

    ProgramRun cli(const QStringList& args) { return runProgram(juxtactl, args); }

    // busybox, the probe, and whatever the test adds (a symlinked /proc, say).
    std::vector<TarEntry> baseEntries(bool withProc = true, bool withDev = true) {
        std::vector<TarEntry> e = {{"bin/", 'd', "", 0755},
                                   {"bin/busybox", 'f', readWhole(images::hostBusybox()), 0755},
                                   {"bin/hostile-probe", 'f', readWhole(HOSTILE_PROBE), 0755},
                                   {"etc/", 'd', "", 0755},
                                   {"sys/", 'd', "", 0755},
                                   {"tmp/", 'd', "", 01777}};
        if (withProc) e.push_back({"proc/", 'd', "", 0755});
        if (withDev) e.push_back({"dev/", 'd', "", 0755});
        for (const char* applet : {"sh", "cat", "ls", "touch", "sleep", "echo", "true"})
            e.push_back({std::string("bin/") + applet, 'l', "", 0777, "busybox"});
        return e;
    }

    // Imports a one-layer image under `name`.
    void importImage(const std::string& name, const std::vector<TarEntry>& entries) {
        OciLayoutBuilder oci(fs::path(bin.path().toStdString()) / ("layout-" + name));
        oci.addLayer(makeLayer(entries, Compression::Gzip));
        oci.config = {{"Env", {"PATH=/bin"}}, {"Cmd", {"/bin/sh"}}};
        oci.write("example.org/" + name + ":1");
        auto imported = cli({"image", "import", "--name", QString::fromStdString(name),
                             QString::fromStdString(oci.dir().string())});
        QVERIFY2(imported.code == 0, qPrintable(imported.err));
    }

  private slots:
    void initTestCase() {
        if (auto why = fx.setUp(); !why.empty()) QSKIP(why.c_str());
        QVERIFY(bin.isValid());
        const fs::path real = JUXTACTL;
        for (const char* program : {"juxtactl", "juxta-monitor"})
            fs::copy_file(real.parent_path() / program, fs::path(bin.path().toStdString()) / program);
        juxtactl = bin.filePath("juxtactl");
    }

    void aSymlinkedProcCannotReachTheHostsRoot() {
        const std::string marker = "/tmp/juxta-hostile-" + std::to_string(::getpid());
        for (const char* target : {"/", "../../../../../..", "/proc/self/root"}) {
            auto entries = baseEntries(/*withProc=*/false);
            entries.push_back({"proc", 'l', "", 0777, target});
            importImage("procto", entries);
            const QString script = QString::fromStdString("cat /../etc/shadow; touch /..") + marker.c_str();
            auto run = cli({"run", "--rm", "procto", "--", "sh", "-c", script});
            QVERIFY2(run.code != 0, qPrintable(run.out));
            QVERIFY2(run.err.contains("/proc is a symlink in the image — refused"), qPrintable(run.err));
            QVERIFY2(!run.out.contains("root:"), "the container read the host's /etc/shadow");
            QVERIFY2(!fs::exists(marker), "the container wrote into the host's /tmp");
            QCOMPARE(cli({"image", "rm", "procto"}).code, 0);
        }
    }

    void aSymlinkedDevCannotPlaceNodesOnTheHost() {
        QTemporaryDir cwd;  // "dev -> /proc/self/cwd" aims at the caller's working directory
        const auto rootBefore = namesIn("/");
        for (const char* target : {"/", "/proc/self/cwd"}) {
            auto entries = baseEntries(true, /*withDev=*/false);
            entries.push_back({"dev", 'l', "", 0777, target});
            importImage("devto", entries);
            QProcess p;
            p.setWorkingDirectory(cwd.path());
            p.start(juxtactl, {"run", "--rm", "devto", "--", "true"});
            QVERIFY(p.waitForFinished(20000));
            QVERIFY(p.exitCode() != 0);
            QVERIFY2(p.readAllStandardError().contains("/dev is a symlink in the image — refused"),
                     "no refusal");
            QCOMPARE(cli({"image", "rm", "devto"}).code, 0);
        }
        QCOMPARE(namesIn("/"), rootBefore);  // no null, zero, pts, shm, ptmx ... in the host's /
        QVERIFY(namesIn(cwd.path().toStdString()).empty());
    }

    void aBindTargetSymlinkIsNotFollowedOutOfTheRoot() {
        // An OCI bundle whose root aims its mount targets out of itself: parents resolve inside
        // the root ("data -> /../../../tmp" is the root's own /tmp), a symlink as the last
        // component is refused, and nothing lands on the host.
        const fs::path bundle = fs::path(bin.path().toStdString()) / "bundle";
        const fs::path root = bundle / "rootfs";
        fs::create_directories(root / "bin");
        for (const char* dir : {"etc", "tmp", "proc", "sys", "dev"}) fs::create_directories(root / dir);
        fs::copy_file(images::hostBusybox(), root / "bin/busybox");
        fs::create_symlink("busybox", root / "bin/true");
        fs::create_symlink("/../../../../etc/juxta-hostile-hosts", root / "etc/hosts");
        fs::create_symlink("/../../../tmp", root / "data");
        const std::string name = "juxta-hostile-" + std::to_string(::getpid());
        auto config = [&](const std::string& destination) {
            return nlohmann::json{{"ociVersion", "1.0.2"},
                                  {"process",
                                   {{"args", {"/bin/busybox", "test", "-d", "/tmp/" + name}},
                                    {"cwd", "/"},
                                    {"user", {{"uid", 0}, {"gid", 0}}}}},
                                  {"root", {{"path", root.string()}}},
                                  {"mounts",
                                   {{{"destination", destination},
                                     {"type", "bind"},
                                     {"source", bin.path().toStdString()},
                                     {"options", {"rbind"}}}}},
                                  {"linux",
                                   {{"namespaces",
                                     {{{"type", "pid"}},
                                      {{"type", "network"}},
                                      {{"type", "ipc"}},
                                      {{"type", "uts"}},
                                      {{"type", "mount"}}}}}}};
        };
        std::ofstream(bundle / "config.json") << config("/etc/hosts").dump();
        auto hosts = cli({"run", "--rm", "--bundle", QString::fromStdString(bundle.string())});
        QVERIFY(hosts.code != 0);
        QVERIFY2(hosts.err.contains("/etc/hosts is a symlink in the image — refused"), qPrintable(hosts.err));
        QVERIFY(!fs::exists("/etc/juxta-hostile-hosts"));

        std::ofstream(bundle / "config.json") << config("/data/" + name).dump();
        auto data = cli({"run", "--rm", "--bundle", QString::fromStdString(bundle.string())});
        QVERIFY2(data.code == 0, qPrintable(data.err));  // the mount is the root's own /tmp/NAME ...
        QVERIFY(!fs::exists(fs::path("/tmp") / name));   // ... never the host's
    }

    void aContainerCannotTypeIntoTheCallersTerminal() {
        importImage("typist", baseEntries());
        int master = -1, peer = -1;
        QVERIFY(::openpty(&master, &peer, nullptr, nullptr, nullptr) == 0);
        const QByteArray program = juxtactl.toLocal8Bit();
        const pid_t pid = ::fork();
        if (pid == 0) {  // juxtactl with the pty as its controlling terminal, as in a shell
            ::setsid();
            ::ioctl(peer, TIOCSCTTY, 0);
            for (int fd = 0; fd < 3; ++fd) ::dup2(peer, fd);
            ::close(master);
            ::execl(program.constData(), "juxtactl", "run", "--rm", "typist", "--", "/bin/hostile-probe",
                    "tiocsti", "echo INJECTED\n", nullptr);
            ::_exit(127);
        }
        QVERIFY(pid > 0);
        // The test holds the pty's other side too (to look into its input queue afterwards), so
        // the master never reads EOF: read until juxtactl has ended.
        std::string out;
        char buf[4096];
        int status = 0;
        for (int waited = 0; waited < 300; ++waited) {
            pollfd p{master, POLLIN, 0};
            while (::poll(&p, 1, 100) > 0 && (p.revents & POLLIN)) {
                const ssize_t n = ::read(master, buf, sizeof buf);
                if (n <= 0) break;
                out.append(buf, std::size_t(n));
            }
            if (::waitpid(pid, &status, WNOHANG) == pid) break;
        }
        QVERIFY2(WIFEXITED(status), "juxtactl run did not end");
        for (pollfd p{master, POLLIN, 0}; ::poll(&p, 1, 0) > 0 && (p.revents & POLLIN);) {
            const ssize_t n = ::read(master, buf, sizeof buf);
            if (n <= 0) break;
            out.append(buf, std::size_t(n));
        }
        int queued = -1;
        QVERIFY(::ioctl(peer, FIONREAD, &queued) == 0);
        ::close(peer);
        ::close(master);
        // EPERM here; EIO where the kernel has no legacy TIOCSTI at all.
        QVERIFY2(out.find("tiocsti: ") != std::string::npos, out.c_str());
        QVERIFY2(out.find("tiocsti: injected") == std::string::npos, out.c_str());
        QCOMPARE(queued, 0);  // nothing waits in the caller's terminal to be read by its shell
        QCOMPARE(cli({"image", "rm", "typist"}).code, 0);
    }

    // An image that can run juxtactl if the kernel ever loads it inside: juxtactl's loader and
    // libraries, and a /bin/evil that is "#!/proc/self/exe" — exec'ing it runs whatever binary the
    // exec'ing process is.
    void importHunterImage() {
        auto entries = baseEntries();
        entries.push_back({"bin/evil", 'f', "#!/proc/self/exe\n", 0755});
        QProcess ldd;
        ldd.start("ldd", {juxtactl});
        QVERIFY(ldd.waitForFinished(10000));
        std::set<std::string> dirs;
        for (const QString& line : QString(ldd.readAllStandardOutput()).split('\n')) {
            const QString path = line.contains("=>") ? line.section("=>", 1).trimmed().section(' ', 0, 0)
                                                     : line.trimmed().section(' ', 0, 0);
            if (!path.startsWith('/')) continue;
            const fs::path lib = fs::canonical(path.toStdString());
            const fs::path at = fs::path(path.toStdString()).relative_path();
            for (fs::path d = at.parent_path(); !d.empty(); d = d.parent_path())
                dirs.insert(d.string() + "/");
            entries.push_back({at.string(), 'f', readWhole(lib), 0755});
        }
        for (const auto& d : dirs) entries.insert(entries.begin(), TarEntry{d, 'd', "", 0755});
        importImage("hunter", entries);
    }

    void anEntryPointCannotRunTheHostsJuxtactlInside() {
        // The init is a clone of juxtactl (run) or juxta-monitor (start) until it execs: an entry
        // point of "#!/proc/self/exe" must find the sealed exec trampoline there, not the host's
        // binary (which would run, as the image has its libraries, and say "unknown command").
        importHunterImage();
        const fs::path host = juxtactl.toStdString();
        const QByteArray before = sha256OfFile(host);
        auto run = cli({"run", "--rm", "hunter", "/bin/evil"});
        QCOMPARE(run.code, 127);
        QVERIFY2(run.err.contains("juxta-exec-trampoline: started by the container runtime"),
                 qPrintable(run.err));
        QVERIFY2(!run.err.contains("unknown command"), qPrintable(run.err));
        QCOMPARE(cli({"create", "--name", "evil1", "hunter", "--", "/bin/evil"}).code, 0);
        cli({"start", "evil1"});
        QTRY_VERIFY_WITH_TIMEOUT(cli({"logs", "evil1"}).out.contains("juxta-exec-trampoline"), 10000);
        QVERIFY(!cli({"logs", "evil1"}).out.contains("unknown command"));
        QCOMPARE(cli({"rm", "-f", "evil1"}).code, 0);
        QCOMPARE(cli({"image", "rm", "hunter"}).code, 0);
        QCOMPARE(sha256OfFile(host), before);
    }

    void anExecCannotBeUsedToRewriteTheHostsJuxtactl() {
        // The hunter keeps /proc/PID/exe of whatever an exec of /bin/evil runs, and writes through it.
        importHunterImage();
        const fs::path host = juxtactl.toStdString();
        const QByteArray before = sha256OfFile(host);

        auto created = cli({"create", "--name", "hunter1", "hunter", "--", "sh", "-c",
                            "/bin/hostile-probe hunt 25 /tmp/report; sleep 1000"});
        QVERIFY2(created.code == 0, qPrintable(created.err));
        QVERIFY2(cli({"start", "hunter1"}).code == 0, "start the hunter");
        QString report;
        for (int attempt = 0; attempt < 20 && !report.contains("kept"); ++attempt) {
            cli({"exec", "hunter1", "--", "/bin/evil"});  // runs whatever it is, then exits
            QTest::qWait(300);
            report = cli({"exec", "hunter1", "--", "cat", "/tmp/report.live"}).out;
        }
        QTRY_VERIFY_WITH_TIMEOUT(cli({"exec", "hunter1", "--", "cat", "/tmp/report"}).code == 0, 40000);
        report = cli({"exec", "hunter1", "--", "cat", "/tmp/report"}).out;
        cli({"rm", "-f", "hunter1"});
        cli({"image", "rm", "hunter"});
        QVERIFY2(!report.contains("WROTE"), qPrintable(report));
        QCOMPARE(sha256OfFile(host), before);
        QVERIFY2(report.contains("kept /memfd:"),
                 qPrintable("the hunter never caught an exec'd juxtactl: " + report));
    }
};

QTEST_GUILESS_MAIN(TestHostileImages)
#include "test_hostile_images.moc"

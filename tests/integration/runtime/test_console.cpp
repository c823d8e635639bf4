// The console of a detached container made with -t: the monitor's console socket (typed input,
// output to every client, resize, malformed frames, gone with the container) and
// `juxtactl console` relaying a pipe. Nothing is left behind.
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <QProcess>
#include <QTest>
#include <chrono>
#include <filesystem>
#include <fstream>

#include "container_fixture.h"
#include "instances/console/protocol.h"
#include "runtime/lifecycle/lifecycle.h"

using namespace juxta;
using testing::juxtactl;
namespace fs = std::filesystem;

namespace {

// A raw client of console.sock, as the GUI's Console tab is one.
struct Client {
    UniqueFd fd;
    std::string seen;  // everything received so far
    bool ended = false;

    void send(const std::string& bytes) const {
        QCOMPARE(::write(fd.get(), bytes.data(), bytes.size()), ssize_t(bytes.size()));
    }
    // Reads until `text` was received (true), the monitor closed the socket or 5 s passed.
    bool waitFor(const std::string& text) {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
        std::size_t from = 0;  // where the text may start in what arrives next
        while (seen.find(text, from) == std::string::npos && !ended) {
            from = seen.size() >= text.size() ? seen.size() - text.size() : 0;
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                deadline - std::chrono::steady_clock::now());
            pollfd p{fd.get(), POLLIN, 0};
            if (left.count() <= 0 || ::poll(&p, 1, int(left.count())) <= 0) break;
            char buf[65536];
            const ssize_t n = ::read(fd.get(), buf, sizeof buf);
            if (n <= 0)
                ended = true;
            else
                seen.append(buf, std::size_t(n));
        }
        return seen.find(text, from) != std::string::npos;
    }
    bool waitForEnd() {
        waitFor(std::string(1, '\0') + "never sent");
        return ended;
    }
};

}  // namespace

class TestConsole : public QObject {
    Q_OBJECT
    testing::ContainerFixture fx;

    // A started busybox sh with a terminal; returns its id.
    std::string startShell(const QString& name, bool terminal = true) {
        QStringList args = {"create", "--name", name};
        if (terminal) args << "-t";
        args << "busybox"
             << "--"
             << "sh";
        auto created = juxtactl(args);
        if (created.code != 0) return {};
        if (juxtactl({"start", name}).code != 0) return {};
        return created.out.trimmed().toStdString();
    }
    static Client connect(const std::string& id) {
        auto fd = console::connectSocket(runtime::consoleSocketOf(id));
        if (!fd) qWarning("%s", fd.error().message().c_str());
        return {fd ? std::move(*fd) : UniqueFd(), {}, false};
    }
    void removeAndCheck(const std::string& id) {
        QVERIFY(instances::remove(runtime::containers(), id, true).ok());
        QVERIFY(!fs::exists(runtime::consoleSocketOf(id)));
        QVERIFY(fx.leftovers(id).empty());
    }

  private slots:
    void initTestCase() {
        if (auto why = fx.setUp(); !why.empty()) QSKIP(why.c_str());
    }

    void clientsTypeResizeAndSeeTheOutput() {
        const std::string id = startShell("shell");
        QVERIFY(!id.empty());
        struct stat st {};
        QCOMPARE(::lstat(runtime::consoleSocketOf(id).c_str(), &st), 0);  // there once start returned
        QVERIFY(S_ISSOCK(st.st_mode));
        QCOMPARE(st.st_mode & 0777, 0600u);

        Client a = connect(id), b = connect(id);
        QVERIFY(a.fd && b.fd);
        a.send(console::encodeData("echo $((6*7))\n"));
        QVERIFY2(a.waitFor("42\r\n"), a.seen.c_str());
        QVERIFY2(b.waitFor("42\r\n"), b.seen.c_str());  // every client sees the output

        Client late = connect(id);  // sees nothing from before it connected
        a.send(console::encodeResize(30, 100) + console::encodeData("stty size\n"));
        QVERIFY2(a.waitFor("30 100"), a.seen.c_str());
        QVERIFY2(late.waitFor("30 100"), late.seen.c_str());
        QVERIFY(late.seen.find("42") == std::string::npos);

        // An unknown type is skipped by its length; an oversized frame closes its client only.
        Client bad = connect(id);
        bad.send(console::encodeFrame('x', "future") + console::encodeData("echo skipped-$((1+1))\n"));
        QVERIFY2(bad.waitFor("skipped-2"), bad.seen.c_str());
        bad.send(std::string("d\x01\x00\x20\x00", 5));  // 2 MiB + 1
        QVERIFY(bad.waitForEnd());
        Client badResize = connect(id);
        badResize.send(console::encodeFrame('r', "abc"));
        QVERIFY(badResize.waitForEnd());
        b.send(console::encodeData("echo still-$((2+3))\n"));
        QVERIFY2(a.waitFor("still-5"), a.seen.c_str());
        QVERIFY(!a.ended && !b.ended);

        QVERIFY(instances::stop(runtime::containers(), id, std::chrono::milliseconds(100))
                    .ok());       // sh ignores SIGTERM
        QVERIFY(a.waitForEnd());  // the container ended: EOF
        QVERIFY(b.waitForEnd());
        QVERIFY(!fs::exists(runtime::consoleSocketOf(id)));
        std::ifstream log(runtime::logFileOf(id), std::ios::binary);
        const std::string logged((std::istreambuf_iterator<char>(log)), std::istreambuf_iterator<char>());
        QVERIFY(logged.find("42\r\n") != std::string::npos);  // the log still gets everything
        removeAndCheck(id);
    }

    void aClientThatDoesNotReadHoldsUpNothing() {
        const std::string id = startShell("flood");
        QVERIFY(!id.empty());
        Client stuck = connect(id), a = connect(id);
        QVERIFY(stuck.fd && a.fd);
        a.send(console::encodeData("head -c 3000000 /dev/zero | tr '\\0' x; echo; echo done-$((1+1))\n"));
        QVERIFY(a.waitFor("done-2\r\n"));  // the workload ran on while `stuck` read nothing
        QVERIFY(stuck.waitForEnd());       // it was let go, past 1 MiB behind
        QVERIFY(stuck.seen.size() < 3000000);
        a.send(console::encodeData("echo alive-$((3+4))\n"));
        QVERIFY(a.waitFor("alive-7"));
        QVERIFY(instances::stop(runtime::containers(), id, std::chrono::milliseconds(100)).ok());
        QVERIFY(a.waitForEnd());
        removeAndCheck(id);
    }

    void juxtactlConsoleRelaysAPipe() {
        const std::string id = startShell("piped");
        QVERIFY(!id.empty());
        QProcess p;
        p.start("sh", {"-c", QString("printf 'echo hi-there\\nexit 3\\n' | %1 console piped").arg(JUXTACTL)});
        QVERIFY(p.waitForFinished(10000));
        const QString out = p.readAllStandardOutput(), err = p.readAllStandardError();
        QCOMPARE(p.exitCode(), 0);                                  // the container ended
        QVERIFY2(out.contains("\nhi-there\r\n"), qPrintable(out));  // the output, not the echo of the input
        QVERIFY2(err.startsWith("attached to piped — Ctrl-] to detach"), qPrintable(err));
        auto status = runtime::instanceStatus(id);
        QVERIFY(status.ok());
        QCOMPARE(status->describe(), std::string("exited 3"));
        QVERIFY(!fs::exists(runtime::consoleSocketOf(id)));
        removeAndCheck(id);
    }

    // juxtactl run -t: this terminal (script(1)'s pty here) on the container's console from its
    // first byte — its monitor reads nothing from the pty before run is attached — then its exit
    // code; --rm leaves nothing.
    void runWithATerminalSeesItFromTheFirstByte() {
        QProcess p;
        p.start("script",
                {"-qec",
                 QString("%1 run --rm -t --name tty busybox sh -c 'echo first-line; exit 4'").arg(JUXTACTL),
                 "/dev/null"});
        QVERIFY(p.waitForFinished(10000));
        const QString out = p.readAllStandardOutput();
        QCOMPARE(p.exitCode(), 4);
        QVERIFY2(out.startsWith("first-line\r\n"), qPrintable(out));
        QCOMPARE(juxtactl({"ps", "-a"}).out.count('\n'), 1);  // the heading only
    }

    void juxtactlConsoleSaysWhyNot() {
        auto missing = juxtactl({"console", "nosuch"});
        QCOMPARE(missing.code, 1);
        QVERIFY2(missing.err.contains("no container 'nosuch'"), qPrintable(missing.err));

        const std::string plain = startShell("plain", false);  // no -t: no console, no socket
        QVERIFY(!plain.empty());
        QVERIFY(!fs::exists(runtime::consoleSocketOf(plain)));
        auto noTerminal = juxtactl({"console", "plain"});
        QCOMPARE(noTerminal.code, 1);
        QCOMPARE(noTerminal.err, QString("juxtactl: plain has no console: it was created without -t\n"));
        removeAndCheck(plain);

        QCOMPARE(juxtactl({"create", "--name", "idle", "-t", "busybox", "--", "sh"}).code, 0);
        auto stopped = juxtactl({"console", "idle"});
        QCOMPARE(stopped.code, 1);
        QVERIFY2(stopped.err.contains("idle is not running"), qPrintable(stopped.err));
        QCOMPARE(juxtactl({"rm", "idle"}).code, 0);
        QCOMPARE(juxtactl({"console"}).code, 2);
    }
};

QTEST_GUILESS_MAIN(TestConsole)
#include "test_console.moc"

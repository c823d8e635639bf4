// The real juxta-vmm's control socket under hostile requests (nested, oversized, wrong types) and
// hostile peers (another user): each gets an error answer, the VM keeps running; the socket is 0600,
// and neither a stop nor a crash leaves it behind.
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>

#include <QLocalSocket>
#include <cstring>

#include "vmm_process.h"

using namespace vmmtest;

namespace {

// What a process of uid/gid 65534 (nobody) gets when it connects: "refused: <errno>" or the
// first line the server answered.
QString connectAsNobody(const QString& socketPath) {
    int out[2];
    if (::pipe(out) < 0) return "pipe failed";
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::close(out[0]);
        std::string result;
        if (::setresgid(65534, 65534, 65534) < 0 || ::setresuid(65534, 65534, 65534) < 0) {
            result = "setresuid failed";
        } else {
            const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
            sockaddr_un addr{};
            addr.sun_family = AF_UNIX;
            std::strncpy(addr.sun_path, socketPath.toLocal8Bit().constData(), sizeof(addr.sun_path) - 1);
            if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) < 0) {
                result = std::string("refused: ") + strerror(errno);
            } else {
                const char request[] = "{\"cmd\":\"stop\"}\n";
                (void)!::write(fd, request, sizeof(request) - 1);
                char buffer[512] = {};
                const ssize_t n = ::read(fd, buffer, sizeof(buffer) - 1);
                result = n > 0 ? std::string(buffer, size_t(n)) : "no answer";
            }
        }
        (void)!::write(out[1], result.data(), result.size());
        ::_exit(0);
    }
    ::close(out[1]);
    QByteArray all;
    char buffer[512];
    for (ssize_t n; (n = ::read(out[0], buffer, sizeof buffer)) > 0;) all.append(buffer, int(n));
    ::close(out[0]);
    ::waitpid(pid, nullptr, 0);
    return QString::fromUtf8(all).trimmed();
}

}  // namespace

class TestVmmHostileApi : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QProcess vmm_;
    QString sock_;

    QJsonObject call(QLocalSocket& s, const QByteArray& line) {
        s.write(line + "\n");
        s.flush();
        while (!s.canReadLine())
            if (!s.waitForReadyRead(10000)) return QJsonObject{{"no answer", true}};
        return QJsonDocument::fromJson(s.readLine()).object();
    }

    void startSpinningVm() {
        sock_ = dir_.filePath("api.sock");
        // A crash below must not leave a core file behind.
        vmm_.setChildProcessModifier([] {
            rlimit none{0, 0};
            ::setrlimit(RLIMIT_CORE, &none);
        });
        vmm_.start(vmmBinary(),
                   {"--raw", guest("spin"), "--entry", "real", "--memory", "16", "--api", sock_});
        QVERIFY(vmm_.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(sock_), 10000);
    }

  private slots:
    void initTestCase() {
        if (const QString why = kvmUnavailable(); !why.isEmpty()) QSKIP(qPrintable(why));
        QVERIFY(dir_.isValid());
    }

    void hostileRequestsGetAnErrorAndTheVmRuns() {
        startSpinningVm();
        struct stat st {};
        QCOMPARE(::stat(sock_.toLocal8Bit().constData(), &st), 0);
        QCOMPARE(int(st.st_mode & 0777), 0600);  // not the umask's

        QLocalSocket s;
        s.connectToServer(sock_);
        QVERIFY(s.waitForConnected(5000));
        const struct {
            QByteArray line;
            QString error;
        } cases[] = {
            {"{\"cmd\":\"status\",\"id\":" + QByteArray(30000, '[') + QByteArray(30000, ']') + "}",
             "nested deeper than 64 levels"},
            {"{\"cmd\":\"stop\",\"grace_ms\":\"soon\"}", "grace_ms"},
            {"{\"cmd\":5}", "no \"cmd\" string"},
            {"{\"cmd\":\"exec\",\"argv\":\"ls\"}", "argv"},
            {"{\"cmd\":\"exec\",\"argv\":[\"ls\"],\"timeout_ms\":-1}", "timeout_ms"},
            {"{\"cmd\":\"agent\",\"wait_ms\":-5}", "wait_ms"},
            {"{\"cmd\":\"agent\",\"wait_ms\":9999999}", "wait_ms"},
            {"[[[[1]]]]", "not a JSON object"},
            {"{\"cmd\":\"status\"", "not valid JSON"},
        };
        for (const auto& c : cases) {
            const QJsonObject answer = call(s, c.line);
            QVERIFY2(!answer["ok"].toBool(true), c.line.left(80).constData());
            QVERIFY2(answer["error"].toString().contains(c.error), qPrintable(answer["error"].toString()));
        }
        QCOMPARE(call(s, "{\"cmd\":\"status\"}")["state"].toString(), QString("running"));

        // A line past 64 KiB is answered once, then that connection ends; others go on.
        QLocalSocket big;
        big.connectToServer(sock_);
        QVERIFY(big.waitForConnected(5000));
        big.write(QByteArray(100 * 1024, ' '));
        big.flush();
        QTRY_VERIFY_WITH_TIMEOUT(big.canReadLine() || (big.waitForReadyRead(100) && big.canReadLine()),
                                 10000);
        QVERIFY(QJsonDocument::fromJson(big.readLine())
                    .object()["error"]
                    .toString()
                    .contains("longer than 65536"));
        QCOMPARE(call(s, "{\"cmd\":\"status\"}")["state"].toString(), QString("running"));
        QCOMPARE(vmm_.state(), QProcess::Running);

        // A wait for an agent that never comes (a raw guest has none) is answered "not ready" when
        // its time is up, from a thread of its own: the server answers others meanwhile.
        QLocalSocket waiter;
        waiter.connectToServer(sock_);
        QVERIFY(waiter.waitForConnected(5000));
        waiter.write("{\"cmd\":\"agent\",\"wait_ms\":3000}\n");
        waiter.flush();
        QCOMPARE(call(s, "{\"cmd\":\"status\"}")["state"].toString(), QString("running"));
        QVERIFY(!waiter.canReadLine());
        while (!waiter.canReadLine()) QVERIFY(waiter.waitForReadyRead(10000));
        const QJsonObject waited = QJsonDocument::fromJson(waiter.readLine()).object();
        QCOMPARE(waited["ok"].toBool(), true);
        QCOMPARE(waited["ready"].toBool(true), false);
    }

    void anotherUserIsRefused() {
        if (::geteuid() != 0) QSKIP("needs root to act as another user");
        QVERIFY(::chmod(dir_.path().toLocal8Bit().constData(), 0755) == 0);
        // The mode alone keeps nobody out...
        QCOMPARE(connectAsNobody(sock_), QString("refused: Permission denied"));
        // ...and with the mode opened (an admin's mistake), SO_PEERCRED still does.
        QVERIFY(::chmod(sock_.toLocal8Bit().constData(), 0666) == 0);
        const QString answer = connectAsNobody(sock_);
        QVERIFY2(answer.contains("uid 65534 may not control this VM"), qPrintable(answer));
        QCOMPARE(vmm_.state(), QProcess::Running);  // its "stop" was not obeyed
    }

    void aCrashLeavesNoSocket() {
        QVERIFY(QFileInfo::exists(sock_));
        ::kill(pid_t(vmm_.processId()), SIGSEGV);
        QVERIFY(vmm_.waitForFinished(10000));
        QCOMPARE(vmm_.exitStatus(), QProcess::CrashExit);
        QVERIFY(!QFileInfo::exists(sock_));
    }

    void aStopLeavesNoSocket() {
        startSpinningVm();
        QLocalSocket s;
        s.connectToServer(sock_);
        QVERIFY(s.waitForConnected(5000));
        QCOMPARE(call(s, "{\"cmd\":\"stop\"}")["ok"].toBool(), true);
        QVERIFY(vmm_.waitForFinished(10000));
        QCOMPARE(vmm_.exitCode(), 0);
        QVERIFY(!QFileInfo::exists(sock_));
    }
};

QTEST_GUILESS_MAIN(TestVmmHostileApi)
#include "test_vmm_hostile_api.moc"

// juxtactl exec, kill and restart on detached containers: an exec'd process is one more process
// of the container (its pid namespace, cgroup, hostname, user, env, cwd, capabilities, seccomp),
// exits with its own code, gets a pty with -t, and is refused clearly where it cannot run — and runs
// in the container's root even where the runtime itself runs chrooted.
#include <pty.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <QDir>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <nlohmann/json.hpp>

#include "container_fixture.h"
#include "runtime/lifecycle/lifecycle.h"

extern "C" char** environ;

using namespace juxta;
using testing::juxtactl;

class TestExec : public QObject {
    Q_OBJECT
    testing::ContainerFixture fx;
    std::string id;

    // juxtactl with a pty as its stdin/stdout/stderr (what a terminal gives it): output, exit code.
    std::pair<std::string, int> onPty(const std::vector<std::string>& args) {
        int master = -1, peer = -1;
        if (::openpty(&master, &peer, nullptr, nullptr, nullptr) < 0) qFatal("openpty");
        std::vector<char*> argv{const_cast<char*>(JUXTACTL)};
        for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        for (int fd = 0; fd < 3; ++fd) posix_spawn_file_actions_adddup2(&actions, peer, fd);
        posix_spawn_file_actions_addclose(&actions, master);
        pid_t pid = 0;
        const int rc = posix_spawn(&pid, JUXTACTL, &actions, nullptr, argv.data(), environ);
        posix_spawn_file_actions_destroy(&actions);
        ::close(peer);
        if (rc != 0) qFatal("spawn juxtactl");
        std::string out;
        char buf[4096];
        for (ssize_t n; (n = ::read(master, buf, sizeof buf)) > 0;)
            out.append(buf, std::size_t(n));  // EIO at the end
        ::close(master);
        int status = 0;
        ::waitpid(pid, &status, 0);
        return {out, WIFEXITED(status) ? WEXITSTATUS(status) : -1};
    }

  private slots:
    void initTestCase() {
        if (auto why = fx.setUp(); !why.empty()) QSKIP(why.c_str());
        auto created = juxtactl({"create", "--name", "host1", "--pids", "32", "busybox", "--", "sh", "-c",
                                 "trap 'exit 9' USR1; sleep 1000 & wait"});
        QCOMPARE(created.code, 0);
        id = created.out.trimmed().toStdString();
        JUXTA_COMPARE_EXIT(juxtactl({"start", "host1"}), 0);
    }

    void anExecIsOneMoreProcessOfTheContainer() {
        auto r = juxtactl({"exec", "host1", "--", "sh", "-c",
                           "echo pid=$$; hostname; pwd; id -u; grep -E '^(CapEff|NoNewPrivs|Seccomp):' "
                           "/proc/self/status; ps -o pid,args; exit 7"});
        QCOMPARE(r.code, 7);  // the command's own exit code
        QVERIFY2(r.out.contains("pid=3\n"),
                 qPrintable(r.out));                 // in the container's pid namespace (1 sh, 2 sleep)
        QVERIFY(r.out.contains("\nhost1\n/\n0\n"));  // its hostname, cwd, user
        QVERIFY(r.out.contains("CapEff:\t00000000a80425fb"));  // Docker's 14 capabilities only
        QVERIFY(r.out.contains("NoNewPrivs:\t1"));
        QVERIFY(r.out.contains("Seccomp:\t2"));
        QVERIFY(r.out.contains("    1 sh -c trap"));  // sees the container's init, not the host's
    }

    void anExecIsCountedInTheContainersCgroup() {
        QProcess p;
        p.start(JUXTACTL, {"exec", "host1", "--", "sleep", "2"});
        QVERIFY(p.waitForStarted());
        QTRY_COMPARE_WITH_TIMEOUT(runtime::instanceStats(id)->pids, int64_t(3), 2000);  // sh, sleep and it
        QVERIFY(p.waitForFinished(5000));
        QCOMPARE(p.exitCode(), 0);
        QCOMPARE(runtime::instanceStats(id)->pids, int64_t(2));
    }

    void theSeccompFilterHoldsForAnExec() {
        auto r = juxtactl({"exec", "host1", "--", "sh", "-c",
                           "mount -t tmpfs none /mnt || echo denied; "
                           "echo b > /proc/sysrq-trigger || echo ro"});
        QVERIFY2(r.out.contains("denied\n") && r.out.contains("ro\n"), qPrintable(r.out + r.err));
    }

    void terminalGivesAPtyFromTheContainer() {
        auto [out, code] =
            onPty({"exec", "-t", "host1", "--", "sh", "-c", "tty; [ -t 0 ] && echo on-a-tty; exit 3"});
        QCOMPARE(code, 3);
        QVERIFY2(out.find("/dev/pts/0") != std::string::npos, out.c_str());  // the container's devpts
        QVERIFY(out.find("on-a-tty") != std::string::npos);
    }

    void badExecsAreRefusedClearly() {
        auto missing = juxtactl({"exec", "host1", "--", "no-such-command"});
        QCOMPARE(missing.code, 1);
        QVERIFY2(missing.err.contains("no-such-command (not found in the container's PATH)"),
                 qPrintable(missing.err));
        auto noCommand = juxtactl({"exec", "host1"});
        QCOMPARE(noCommand.code, 2);
        QVERIFY(noCommand.err.contains("missing CMD"));
        auto noTty = juxtactl({"exec", "-t", "host1", "--", "true"});
        QCOMPARE(noTty.code, 2);
        QVERIFY(noTty.err.contains("-t needs a terminal"));
        auto unknown = juxtactl({"exec", "nobody-here", "--", "true"});
        QCOMPARE(unknown.code, 1);

        QCOMPARE(juxtactl({"pause", "host1"}).code, 0);
        auto paused = juxtactl({"exec", "host1", "--", "true"});
        QCOMPARE(paused.code, 1);
        QVERIFY2(paused.err.contains("is paused — `juxtactl resume host1` first"), qPrintable(paused.err));
        QCOMPARE(juxtactl({"resume", "host1"}).code, 0);
    }

    // A runtime that itself runs chrooted beside its mount namespace's "/" (a build chroot, an
    // initramfs) starts containers that are mounted beside that "/" too; joining such a container's
    // mount namespace puts a process on the namespace's "/", so an exec that counted on it ran the
    // image's command (a health check too) in the runtime's root. Here the runtime runs chrooted
    // into a bind of the host's root, in a mount namespace of its own: the exec must not see this
    // build's juxtactl, which only the host's root has.
    void anExecFromAChrootedRuntimeRunsInTheContainer() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString root = dir.path() + "/root";
        QVERIFY(QDir().mkpath(root));
        const QString script = QString(
            "set -e; mount --make-rprivate /; mount --rbind / \"$R\"; "
            "chroot \"$R\" \"$J\" run -d --name chrooted busybox -- sleep 1000 >/dev/null; "
            "chroot \"$R\" \"$J\" exec chrooted -- sh -c "
            "'test ! -e \"$1\" && echo in-the-container || echo in-the-runtimes-root' sh "
            "\"$J\"; "
            "chroot \"$R\" \"$J\" rm -f chrooted >/dev/null");
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("R", root);
        env.insert("J", JUXTACTL);
        p.setProcessEnvironment(env);
        p.start("unshare", {"--mount", "sh", "-c", script});
        QVERIFY(p.waitForFinished(60000));
        const QString out = QString::fromUtf8(p.readAllStandardOutput()),
                      err = QString::fromUtf8(p.readAllStandardError());
        QVERIFY2(p.exitCode() == 0, qPrintable(err));
        QCOMPARE(out.trimmed(), QString("in-the-container"));
    }

    void killSendsTheSignalAndRestartStartsAgain() {
        const pid_t before = runtime::instanceStatus(id)->state.pid;
        QCOMPARE(juxtactl({"restart", "--time", "1", "host1"}).code, 0);
        auto after = runtime::instanceStatus(id);
        QVERIFY(after->state.state == InstanceState::Running);
        QVERIFY(after->state.pid != before);
        JUXTA_COMPARE_EXIT(juxtactl({"exec", "host1", "--", "true"}), 0);

        auto bad = juxtactl({"kill", "--signal", "NOPE", "host1"});
        QCOMPARE(bad.code, 1);
        QVERIFY(bad.err.contains("unknown signal 'NOPE'"));
        QCOMPARE(juxtactl({"kill", "--signal", "USR1", "host1"}).code, 0);  // the trap exits 9
        QTRY_VERIFY_WITH_TIMEOUT(runtime::instanceStatus(id)->state.state == InstanceState::Exited, 5000);
        QCOMPARE(runtime::instanceStatus(id)->describe(), std::string("exited 9"));
        auto gone = juxtactl({"exec", "host1", "--", "true"});
        QCOMPARE(gone.code, 1);
        QVERIFY2(gone.err.contains("is not running"), qPrintable(gone.err));
        QCOMPARE(juxtactl({"restart", "host1"}).code, 0);  // an exited one just starts
        QVERIFY(runtime::instanceStatus(id)->state.state == InstanceState::Running);
    }

    void cleanupTestCase() {
        if (id.empty()) return;
        QCOMPARE(juxtactl({"rm", "-f", "host1"}).code, 0);
        QVERIFY(fx.leftovers(id).empty());
    }
};

QTEST_GUILESS_MAIN(TestExec)
#include "test_exec.moc"

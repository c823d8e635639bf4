// VMs as instances, through juxtactl as a user drives them: definitions, the monitor that runs
// juxta-vmm on a pty, the control socket, state files, and that nothing is left behind. On the
// PVM build hosts the tiny-linux guest cannot boot (it is emulated): starting it is refused up
// front, and a forced start still runs under its monitor long enough to pause, resume and stop it.
// Booting it for real is the nested testbed's test (tests/e2e/vm_instances.sh).
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include "support/program_run.h"
#include "support/scratch_state.h"

namespace {

using juxta::testing::ProgramRun;

// kvm_pvm bound to /dev/kvm (a PVM guest's own kernel loads the module but has no /dev/kvm).
bool onPvmHost() {
    return QFileInfo::exists("/sys/module/kvm_pvm") && QFileInfo::exists("/dev/kvm");
}

QString kvmUnavailable() {
    const int fd = ::open("/dev/kvm", O_RDWR | O_CLOEXEC);
    if (fd < 0) return QStringLiteral("/dev/kvm is not usable here: %1").arg(strerror(errno));
    ::close(fd);
    return {};
}

}  // namespace

class VmLifecycleTest : public QObject {
    Q_OBJECT

    juxta::testing::ScratchState state_;
    QTemporaryDir dir_;  // files the tests make

    QString data() const { return QString::fromStdString(state_.dataDir().string()); }
    QString run() const { return QString::fromStdString(state_.runtimeDir().string()); }

    ProgramRun juxtactl(const QStringList& args,
                        std::chrono::milliseconds timeout = std::chrono::seconds(120)) {
        QProcessEnvironment env = state_.environment();
        env.insert("JUXTA_KERNEL", JUXTA_TEST_KERNEL);
        ProgramRun r = juxta::testing::juxtactl(args, timeout, env);
        r.out = r.out.trimmed();
        r.err = r.err.trimmed();
        return r;
    }

    QJsonObject vm(const QString& name) {
        const ProgramRun ps = juxtactl({"vm", "ps", "-a", "--json"});
        for (const auto& v : QJsonDocument::fromJson(ps.out.toUtf8()).array())
            if (v.toObject()["name"].toString() == name) return v.toObject();
        return {};
    }

    // Only what the project keeps: nothing in the runtime dir for stopped VMs, no stray processes.
    int processesOf(const QString& id) {
        int n = 0;
        for (const QString& pid : QDir("/proc").entryList(QDir::Dirs)) {
            QFile cmdline("/proc/" + pid + "/cmdline");
            if (cmdline.open(QIODevice::ReadOnly) && cmdline.readAll().contains(id.toUtf8())) ++n;
        }
        return n;
    }

  private slots:
    void badInputIsOneClearError() {
        const ProgramRun memory = juxtactl({"vm", "create", "--memory", "abc"});
        QCOMPARE(memory.code, 2);
        QVERIFY2(memory.err.contains("--memory") && memory.err.count('\n') == 0, qPrintable(memory.err));
        const ProgramRun vcpus = juxtactl({"vm", "create", "--vcpus", "1000"});
        QCOMPARE(vcpus.code, 2);
        QVERIFY2(vcpus.err.contains("1 to 254"), qPrintable(vcpus.err));
        const ProgramRun tooSmall = juxtactl({"vm", "create", "--memory", "1M"});
        QCOMPARE(tooSmall.code, 2);
        const ProgramRun image = juxtactl({"vm", "create", "ubuntu"});
        QCOMPARE(image.code, 2);
        QVERIFY2(image.err.contains("tiny-linux"), qPrintable(image.err));
        const ProgramRun missing = juxtactl({"vm", "create", "--kernel", dir_.filePath("nothing-here")});
        QCOMPARE(missing.code, 2);
        QVERIFY(!QDir(data() + "/vms").exists() || QDir(data() + "/vms").isEmpty());

        // A file that is not a kernel: defined, then refused by juxta-vmm before any KVM set-up.
        QFile notKernel(dir_.filePath("not-a-kernel"));
        QVERIFY(notKernel.open(QIODevice::WriteOnly));
        notKernel.write(QByteArray(4096, 'x'));
        notKernel.close();
        QCOMPARE(juxtactl({"vm", "create", "--name", "bogus", "--kernel", notKernel.fileName()}).code, 0);
        const ProgramRun start = juxtactl({"vm", "start", "bogus"});
        QCOMPARE(start.code, 1);
        QVERIFY2(start.err.contains("not a kernel"), qPrintable(start.err));
        QCOMPARE(vm("bogus")["state"].toString(), QString("created"));
        const QString id = vm("bogus")["id"].toString();
        QVERIFY(!QFileInfo::exists(run() + "/vms/" + id));  // a failed start leaves no runtime files
        QCOMPARE(juxtactl({"vm", "rm", "bogus"}).code, 0);
        QVERIFY(vm("bogus").isEmpty());
    }

    // The definition store's names and ids (instances/definition_store.h), as juxtactl resolves them.
    void namesIdsAndIdPrefixesResolve() {
        QCOMPARE(juxtactl({"vm", "create", "--name", "first"}).code, 0);
        const QString id = vm("first")["id"].toString();
        QCOMPARE(id.size(), 12);
        // A name that is the start of another VM's id is free; a taken name is not.
        QCOMPARE(juxtactl({"vm", "create", "--name", id.left(6)}).code, 0);
        const ProgramRun again = juxtactl({"vm", "create", "--name", "first"});
        QCOMPARE(again.code, 1);
        QVERIFY2(again.err.contains("exists already"), qPrintable(again.err));
        // Those six digits name one VM and begin the other's id: refused, never a guess.
        const ProgramRun both = juxtactl({"vm", "rm", id.left(6)});
        QCOMPARE(both.code, 1);
        QVERIFY2(both.err.contains("more than one VM"), qPrintable(both.err));
        QCOMPARE(juxtactl({"vm", "rm", id.left(8)}).code, 0);  // an id prefix alone: "first"
        QVERIFY(vm("first").isEmpty());
        QCOMPARE(juxtactl({"vm", "rm", id.left(6)}).code, 0);  // now the name alone
        QVERIFY(vm(id.left(6)).isEmpty());
    }

    void stockKernelIsRefusedOnPvm() {
        if (const QString why = kvmUnavailable(); !why.isEmpty()) QSKIP(qPrintable(why));
        if (!onPvmHost()) QSKIP("this host's KVM boots stock kernels (the refusal is for PVM hosts)");
        QCOMPARE(juxtactl({"vm", "create", "--name", "plain"}).code, 0);
        const ProgramRun start = juxtactl({"vm", "start", "plain"});
        QCOMPARE(start.code, 1);
        QVERIFY2(start.err.contains("PVM") && start.err.contains("--force"), qPrintable(start.err));
        QCOMPARE(vm("plain")["state"].toString(), QString("created"));
        QCOMPARE(processesOf(vm("plain")["id"].toString()), 0);
        QCOMPARE(juxtactl({"vm", "rm", "plain"}).code, 0);
    }

    void forcedVmRunsUnderItsMonitor() {
        if (const QString why = kvmUnavailable(); !why.isEmpty()) QSKIP(qPrintable(why));
        QCOMPARE(juxtactl({"vm", "create", "--name", "forced", "--memory", "128M", "--vcpus", "2", "--force"})
                     .code,
                 0);
        const ProgramRun start = juxtactl({"vm", "start", "forced"});
        QVERIFY2(start.code == 0, qPrintable(start.err));
        // Paused at once: an emulated guest on a PVM host dies of an emulation failure after a while.
        QCOMPARE(juxtactl({"vm", "pause", "forced"}).code, 0);
        QJsonObject v = vm("forced");
        const QString id = v["id"].toString();
        QCOMPARE(v["state"].toString(), QString("paused"));
        // Its monitor records its resource use once a second (instances/history.h): juxta-vmm's memory.
        const auto statsRow = [&] {
            const QJsonArray rows =
                QJsonDocument::fromJson(juxtactl({"stats", "--no-stream", "--json", "forced"}).out.toUtf8())
                    .array();
            return rows.size() == 1 ? rows[0].toObject() : QJsonObject();
        };
        QTRY_VERIFY_WITH_TIMEOUT(statsRow().contains("memory_bytes"), 10000);
        QCOMPARE(statsRow()["kind"].toString(), QString("vm"));
        QVERIFY(statsRow()["memory_bytes"].toDouble() > 0);
        QCOMPARE(statsRow()["memory_limit_bytes"].toDouble(), 128.0 * 1024 * 1024);
        const pid_t vmm = pid_t(v["pid"].toInt());
        QVERIFY(vmm > 0 && ::kill(vmm, 0) == 0);
        QVERIFY(QFileInfo::exists(run() + "/vms/" + id + "/console.sock"));
        QVERIFY(QFileInfo::exists(run() + "/vms/" + id + "/api.sock"));

        QCOMPARE(juxtactl({"vm", "start", "forced"}).code, 1);  // running already
        QCOMPARE(juxtactl({"vm", "resume", "forced"}).code, 0);
        QCOMPARE(vm("forced")["state"].toString(), QString("running"));

        // The guest's agent cannot answer on PVM (emulated, far from user space): forced after 1 s.
        // (A guest that already died of PVM's emulation failure shows as crashed instead.)
        const ProgramRun stop = juxtactl({"vm", "stop", "--time", "1", "forced"});
        QVERIFY2(stop.code == 0, qPrintable(stop.err));
        v = vm("forced");
        QVERIFY2(v["state"].toString() == "exited" || v["state"].toString() == "crashed",
                 qPrintable(v["status"].toString()));
        QVERIFY2(
            v["status"].toString().contains("requested") || v["status"].toString().contains("internal-error"),
            qPrintable(v["status"].toString()));
        QVERIFY(::kill(vmm, 0) < 0);
        QVERIFY(!QFileInfo::exists(run() + "/vms/" + id + "/console.sock"));
        QVERIFY(!QFileInfo::exists(run() + "/vms/" + id + "/api.sock"));

        QCOMPARE(juxtactl({"vm", "rm", "forced"}).code, 0);
        QVERIFY(!QFileInfo::exists(run() + "/vms/" + id));
        QVERIFY(!QFileInfo::exists(data() + "/vms/" + id));
        QVERIFY(
            !QFileInfo::exists(QString::fromStdString(state_.stateDir().string()) + "/vms/" + id + ".log"));
        QVERIFY(!QFileInfo::exists(QString::fromStdString(state_.stateDir().string()) + "/vms/" + id +
                                   ".metrics"));
        QCOMPARE(processesOf(id), 0);
    }

    void aKilledMonitorTakesItsVmmAlong() {
        if (const QString why = kvmUnavailable(); !why.isEmpty()) QSKIP(qPrintable(why));
        QCOMPARE(juxtactl({"vm", "create", "--name", "orphan", "--memory", "128M", "--force"}).code, 0);
        QCOMPARE(juxtactl({"vm", "start", "orphan"}).code, 0);
        QCOMPARE(juxtactl({"vm", "pause", "orphan"}).code, 0);
        const QString id = vm("orphan")["id"].toString();
        QFile stateFile(run() + "/vms/" + id + "/state.json");
        QVERIFY(stateFile.open(QIODevice::ReadOnly));
        const pid_t monitor = pid_t(QJsonDocument::fromJson(stateFile.readAll())["monitor_pid"].toInt());
        QVERIFY(monitor > 0 && ::kill(monitor, SIGKILL) == 0);
        // Its keeper kills juxta-vmm with no Juxta command run in between (a zombie has no cmdline).
        QTRY_COMPARE_WITH_TIMEOUT(processesOf(id), 0, 10000);
        // The next command prunes what is left: the sockets; the VM reads as crashed.
        QCOMPARE(vm("orphan")["state"].toString(), QString("crashed"));
        QVERIFY(!QFileInfo::exists(run() + "/vms/" + id + "/console.sock"));
        QVERIFY(!QFileInfo::exists(run() + "/vms/" + id + "/api.sock"));
        QVERIFY(!QFileInfo::exists(run() + "/vms/" + id + "/resources"));
        QCOMPARE(juxtactl({"vm", "rm", "orphan"}).code, 0);
        QVERIFY(!QFileInfo::exists(run() + "/vms/" + id));
    }

    void crashedVmmIsReportedAsCrashed() {
        if (const QString why = kvmUnavailable(); !why.isEmpty()) QSKIP(qPrintable(why));
        QCOMPARE(juxtactl({"vm", "create", "--name", "victim", "--memory", "256M", "--force"}).code, 0);
        QCOMPARE(juxtactl({"vm", "start", "victim"}).code, 0);
        QCOMPARE(juxtactl({"vm", "pause", "victim"}).code, 0);
        const pid_t vmm = pid_t(vm("victim")["pid"].toInt());
        QVERIFY(vmm > 0);
        ::kill(vmm, SIGSEGV);
        QTRY_COMPARE_WITH_TIMEOUT(vm("victim")["state"].toString(), QString("crashed"), 10000);
        QVERIFY2(vm("victim")["status"].toString().contains("SEGV"),
                 qPrintable(vm("victim")["status"].toString()));
        QCOMPARE(juxtactl({"vm", "rm", "victim"}).code, 0);
    }
};

QTEST_GUILESS_MAIN(VmLifecycleTest)
#include "test_vm_lifecycle.moc"

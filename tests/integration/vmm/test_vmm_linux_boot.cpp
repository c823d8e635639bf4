// The real Debian cloud kernel on the host's /dev/kvm. On a PVM host (no VT-x/AMD-V) a stock
// kernel is emulated: it prints its banner and command line (which proves the boot protocol:
// boot_params / start_info, e820, command line, serial console) and dies later with an emulation
// failure, so the test stops the VM once it has seen the lines. On hardware KVM it gets further.
#include "vmm_process.h"

using namespace vmmtest;

namespace {

const QString kCmdline =
    QStringLiteral("console=ttyS0 earlyprintk=ttyS0 reboot=k panic=1 juxta.test=boot-protocol");

bool onPvmHost() {
    return QFileInfo::exists("/sys/module/kvm_pvm");
}

struct BootResult {
    QString console;
    QString stderrText;
    double secondsToCommandLine = -1;
    QJsonObject timings;
};

// Boots with `extra` arguments until the console shows our command line and `alsoWait` (or
// `timeoutS` passes), then stops the VM with SIGTERM, as the engine does.
BootResult bootUntilCommandLine(const QStringList& extra, int timeoutS, const QString& alsoWait = {}) {
    QTemporaryDir dir;
    QString console = dir.filePath("console"), timings = dir.filePath("timings.json");
    QProcess p;
    QElapsedTimer clock;
    clock.start();
    p.start(vmmBinary(), QStringList{"--kernel", JUXTA_TEST_KERNEL, "--memory", "256", "--cmdline", kCmdline,
                                     "--force", "--console", console, "--timings", timings}
                             << extra);
    BootResult r;
    if (!p.waitForStarted()) return r;
    // Exactly ours, up to the end of the line (the console ends lines with \r\n).
    const QRegularExpression commandLine("Command line: " + QRegularExpression::escape(kCmdline) + "\r?\n");
    auto read = [&] {
        QFile f(console);
        return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
    };
    while (clock.elapsed() < timeoutS * 1000 && p.state() == QProcess::Running) {
        QString text = read();
        if (r.secondsToCommandLine < 0 && text.contains(commandLine))
            r.secondsToCommandLine = clock.elapsed() / 1000.0;
        if (r.secondsToCommandLine >= 0 && text.contains(alsoWait)) break;
        p.waitForFinished(250);
    }
    p.terminate();
    if (!p.waitForFinished(10000)) p.kill();
    p.waitForFinished();
    r.console = read();
    r.stderrText = QString::fromUtf8(p.readAllStandardError());
    QFile t(timings);
    if (t.open(QIODevice::ReadOnly)) r.timings = QJsonDocument::fromJson(t.readAll()).object();
    return r;
}

QStringList phaseNames(const QJsonObject& timings) {
    QStringList names;
    for (const auto& p : timings["phases"].toArray()) names << p.toObject()["name"].toString();
    return names;
}

}  // namespace

class TestVmmLinuxBoot : public QObject {
    Q_OBJECT
  private slots:
    void init() {
        if (QString why = kvmUnavailable(); !why.isEmpty()) QSKIP(qPrintable(why));
    }

    void pvmHostRefusesAStockKernelWithoutForce() {
        if (!onPvmHost()) QSKIP("not a PVM host: stock kernels are allowed here");
        QProcess p;
        p.start(vmmBinary(), {"--kernel", JUXTA_TEST_KERNEL});
        QVERIFY(p.waitForFinished(10000));
        QCOMPARE(p.exitCode(), 2);
        QString err = QString::fromUtf8(p.readAllStandardError());
        QVERIFY2(err.contains("PVM") && err.contains("--force"), qPrintable(err));
    }

    // PVH: vmlinux extracted from the bzImage (and cached), entered in 32-bit mode with start_info;
    // two vCPUs, which this kernel (no MP-table support) finds through the ACPI MADT.
    void pvhBootPrintsBannerAndOurCommandLine() {
        QTemporaryDir cache;
        const QString smp = "smpboot: Allowing 2 CPUs";
        BootResult r =
            bootUntilCommandLine({"--boot", "pvh", "--kernel-cache", cache.path(), "--vcpus", "2"}, 240, smp);
        QVERIFY2(r.console.contains("Linux version 6."), qPrintable(r.console.left(2000) + r.stderrText));
        QVERIFY2(r.secondsToCommandLine > 0, qPrintable(r.console.right(2000) + r.stderrText));
        QVERIFY(r.console.contains("BIOS-e820: [mem 0x0000000000100000-0x000000000fffffff] usable"));
        QVERIFY(r.console.contains("ACPI: Using ACPI (MADT) for SMP configuration information"));
        QVERIFY2(r.console.contains(smp), qPrintable(r.console.right(1000)));
        QStringList phases = phaseNames(r.timings);
        for (const char* phase : {"kvm_ready", "kernel_loaded", "first_vcpu_entry", "first_console_byte",
                                  "linux_version", "command_line"})
            QVERIFY2(phases.contains(phase), qPrintable(phases.join(',')));
        qInfo("PVH boot: \"Command line:\" on ttyS0 after %.1f s (%s)", r.secondsToCommandLine,
              onPvmHost() ? "PVM host, emulated" : "hardware KVM");
    }

    // The 64-bit boot protocol from the bzImage: the guest's own decompressor runs first, which PVM
    // emulates slowly (minutes), so on PVM this runs only when asked for.
    void bzImageBootPrintsBannerAndOurCommandLine() {
        if (onPvmHost() && qEnvironmentVariableIsEmpty("JUXTA_VMM_SLOW_TESTS"))
            QSKIP(
                "PVM host: the bzImage's in-guest decompressor is emulated and takes minutes; "
                "set JUXTA_VMM_SLOW_TESTS=1 to run it");
        BootResult r = bootUntilCommandLine({"--boot", "linux64"}, 900);
        QVERIFY2(r.console.contains("Linux version 6."), qPrintable(r.console.left(2000) + r.stderrText));
        QVERIFY2(r.secondsToCommandLine > 0, qPrintable(r.console.right(2000) + r.stderrText));
        qInfo("bzImage boot: \"Command line:\" on ttyS0 after %.1f s", r.secondsToCommandLine);
    }
};

QTEST_GUILESS_MAIN(TestVmmLinuxBoot)
#include "test_vmm_linux_boot.moc"

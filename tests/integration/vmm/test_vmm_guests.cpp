// Tiny guests on the host's real /dev/kvm (PVM here: kept short): real and long mode serial
// output, port and MMIO exits, HLT, a triple fault, an i8042 reset, two vCPUs, and pause/resume,
// statistics and stop over the control socket.
#include <QLocalSocket>

#include "vmm_process.h"

using namespace vmmtest;

class TestVmmGuests : public QObject {
    Q_OBJECT
  private slots:
    void init() {
        if (QString why = kvmUnavailable(); !why.isEmpty()) QSKIP(qPrintable(why));
    }

    void realModeSerialAndPortExits() {
        Run r = runVmm({"--raw", guest("real_serial"), "--entry", "real", "--memory", "16"});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.console, QString("hello from real mode\nunclaimed port reads 0xff: Y\n"));
        QVERIFY2(r.stderrText.contains("VM ended (halted)"), qPrintable(r.stderrText));
        QJsonObject exits = r.stats["exits"].toObject();
        QCOMPARE(exits["hlt"].toInt(), 1);
        QCOMPARE(exits["io"].toInt(), r.console.size() + 1);  // one per byte, plus the read of port 0x99
        QCOMPARE(r.stats["stop"].toObject()["kind"].toString(), QString("halted"));
    }

    void longModeSerialAndUnmappedMmio() {
        Run r = runVmm({"--raw", guest("long_serial"), "--entry", "long", "--memory", "16"});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.console, QString("hello from long mode\nunmapped mmio reads all ones: Y\n"));
        QCOMPARE(r.stats["exits"].toObject()["mmio"].toInt(), 2);  // the write and the read
    }

    void tripleFaultEndsTheVmWithAReason() {
        Run r = runVmm({"--raw", guest("triple_fault"), "--entry", "long", "--memory", "16"});
        QCOMPARE(r.exitCode, 3);
        QCOMPARE(r.console, QString("about to triple fault\n"));
        QVERIFY2(r.stderrText.contains("triple fault"), qPrintable(r.stderrText));
        QCOMPARE(r.stats["stop"].toObject()["kind"].toString(), QString("triple-fault"));
        QCOMPARE(r.stats["exits"].toObject()["shutdown"].toInt(), 1);
    }

    void i8042ResetEndsTheVm() {
        Run r = runVmm({"--raw", guest("i8042_reset"), "--entry", "real", "--memory", "16"});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.console, QString("r\n"));
        QCOMPARE(r.stats["stop"].toObject()["kind"].toString(), QString("reset"));
    }

    void acpiPowerOffEndsTheVm() {
        Run r = runVmm({"--raw", guest("acpi_poweroff"), "--entry", "real", "--memory", "16"});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.console, QString("o\n"));
        QCOMPARE(r.stats["stop"].toObject()["kind"].toString(), QString("power-off"));
    }

    void twoVcpusBothRun() {
        Run r = runVmm({"--raw", guest("two_vcpus"), "--entry", "real", "--memory", "16", "--vcpus", "2"});
        QCOMPARE(r.exitCode, 0);
        QStringList lines = r.console.split('\n', Qt::SkipEmptyParts);
        lines.sort();
        QCOMPARE(lines, (QStringList{"cpu0", "cpu1"}));
        QJsonArray vcpus = r.stats["vcpus"].toArray();
        QCOMPARE(vcpus.size(), 2);
        for (const auto& v : vcpus) {
            QCOMPARE(v.toObject()["exits"].toObject()["hlt"].toInt(), 1);
            QVERIFY(v.toObject()["cpu_ms"].toDouble() > 0);
        }
    }

    void pauseResumeStatsAndStopOverTheSocket() {
        QTemporaryDir dir;
        QString sock = dir.filePath("vmm.sock");
        QString consolePath = dir.filePath("console");
        QProcess p;
        p.start(vmmBinary(), {"--raw", guest("spin"), "--entry", "real", "--memory", "16", "--api", sock,
                              "--console", consolePath});
        QVERIFY(p.waitForStarted());
        QLocalSocket s;
        auto connect = [&] {
            s.abort();
            s.connectToServer(sock);
            return s.waitForConnected(100);
        };
        QTRY_VERIFY_WITH_TIMEOUT(connect(), 10000);
        auto call = [&](const char* cmd) {
            s.write(QByteArray("{\"cmd\":\"") + cmd + "\"}\n");
            s.flush();
            while (!s.canReadLine())
                if (!s.waitForReadyRead(5000)) return QJsonObject{};
            return QJsonDocument::fromJson(s.readLine()).object();
        };
        auto consoleSize = [&] { return QFileInfo(consolePath).size(); };
        QTRY_VERIFY_WITH_TIMEOUT(consoleSize() > 5, 10000);  // "spin\n" and the first dots
        QCOMPARE(call("status")["state"].toString(), QString("running"));

        QCOMPARE(call("pause")["state"].toString(), QString("paused"));
        QCOMPARE(call("status")["state"].toString(), QString("paused"));
        auto vcpu0 = [&] { return call("stats")["stats"].toObject()["vcpus"].toArray()[0].toObject(); };
        QJsonObject before = vcpu0();
        qint64 size = consoleSize();
        QTest::qWait(300);
        QCOMPARE(consoleSize(), size);  // a paused guest prints nothing
        QJsonObject after = vcpu0();
        QCOMPARE(after["run_ms"].toDouble(), before["run_ms"].toDouble());       // not in KVM_RUN
        QVERIFY(after["cpu_ms"].toDouble() - before["cpu_ms"].toDouble() < 20);  // and not spinning

        QCOMPARE(call("resume")["state"].toString(), QString("running"));
        QTRY_VERIFY_WITH_TIMEOUT(consoleSize() > size, 10000);
        // Kicks that land anywhere in the vCPU loop (even just before KVM_RUN) are never lost.
        for (int i = 0; i < 50; ++i) {
            QCOMPARE(call("pause")["state"].toString(), QString("paused"));
            QCOMPARE(call("resume")["state"].toString(), QString("running"));
        }
        size = consoleSize();
        QTRY_VERIFY_WITH_TIMEOUT(consoleSize() > size, 10000);  // still running
        QJsonObject stats = call("stats")["stats"].toObject();
        QVERIFY(stats["exits"].toObject()["io"].toInt() > 5);
        QVERIFY(stats["guest_memory_touched_bytes"].toDouble() >= 4096);
        QVERIFY(stats["guest_memory_touched_bytes"].toDouble() < 16 << 20);
        QVERIFY(stats["vmm_rss_bytes"].toDouble() > 0);
        QVERIFY(call("timings")["timings"].toObject()["phases"].toArray().size() >= 4);

        QCOMPARE(call("stop")["ok"].toBool(), true);
        QVERIFY(p.waitForFinished(10000));
        QCOMPARE(p.exitCode(), 0);
        QVERIFY(QString::fromUtf8(p.readAllStandardError()).contains("stopped through the control socket"));
        QVERIFY(!QFileInfo::exists(sock));  // the socket is removed when the VM ends
    }

    void pauseAndStopKickAVcpuThatNeverExits() {
        QTemporaryDir dir;
        QString sock = dir.filePath("vmm.sock");
        QProcess p;
        p.start(vmmBinary(), {"--raw", guest("busy"), "--entry", "real", "--memory", "16", "--api", sock});
        QVERIFY(p.waitForStarted());
        QByteArray console;
        QTRY_VERIFY_WITH_TIMEOUT((console += p.readAllStandardOutput()).contains("busy\n"), 10000);
        QLocalSocket s;
        s.connectToServer(sock);
        QVERIFY(s.waitForConnected(5000));
        auto call = [&](const char* cmd) {
            s.write(QByteArray("{\"cmd\":\"") + cmd + "\"}\n");
            s.flush();
            while (!s.canReadLine())
                if (!s.waitForReadyRead(10000)) return QJsonObject{};
            return QJsonDocument::fromJson(s.readLine()).object();
        };
        for (int i = 0; i < 20; ++i) {
            QJsonObject paused = call("pause");
            QVERIFY2(paused["ok"].toBool(), qPrintable(paused["error"].toString()));
            QCOMPARE(call("resume")["state"].toString(), QString("running"));
        }
        QCOMPARE(call("stop")["ok"].toBool(), true);
        QVERIFY(p.waitForFinished(10000));
        QCOMPARE(p.exitCode(), 0);
    }

    void gracefulStopAsksTheAgentThenForces() {
        // A guest that powers off when its agent channel says so ends with power-off...
        QTemporaryDir dir;
        QString sock = dir.filePath("vmm.sock");
        QProcess p;
        p.start(vmmBinary(),
                {"--raw", guest("agent_poweroff"), "--entry", "real", "--memory", "16", "--api", sock});
        QVERIFY(p.waitForStarted());
        QByteArray console;
        QTRY_VERIFY_WITH_TIMEOUT((console += p.readAllStandardOutput()).contains("agent waiting\n"), 10000);
        QLocalSocket s;
        s.connectToServer(sock);
        QVERIFY(s.waitForConnected(5000));
        s.write("{\"cmd\":\"stop\",\"grace_ms\":20000}\n");
        QVERIFY(s.waitForBytesWritten(5000));
        QVERIFY(p.waitForFinished(20000));
        console += p.readAllStandardOutput();
        QCOMPARE(p.exitCode(), 0);
        // The services' share of the grace goes with it (four fifths of 20 s: control_server.cpp).
        QVERIFY2(console.contains("{\"cmd\":\"poweroff\",\"grace_ms\":16000}\n"), console.constData());
        QString err = QString::fromUtf8(p.readAllStandardError());
        QVERIFY2(err.contains("VM ended (power-off)"), qPrintable(err));

        // ...one that does not is stopped when the grace period is over.
        QProcess busy;
        QString sock2 = dir.filePath("vmm2.sock");
        busy.start(vmmBinary(),
                   {"--raw", guest("busy"), "--entry", "real", "--memory", "16", "--api", sock2});
        QVERIFY(busy.waitForStarted());
        QByteArray busyConsole;
        QTRY_VERIFY_WITH_TIMEOUT((busyConsole += busy.readAllStandardOutput()).contains("busy\n"), 10000);
        QLocalSocket s2;
        s2.connectToServer(sock2);
        QVERIFY(s2.waitForConnected(5000));
        QElapsedTimer clock;
        clock.start();
        s2.write("{\"cmd\":\"stop\",\"grace_ms\":300}\n");
        QVERIFY(s2.waitForBytesWritten(5000));
        QVERIFY(busy.waitForFinished(10000));
        QVERIFY(clock.elapsed() >= 300);
        QCOMPARE(busy.exitCode(), 0);
        QString err2 = QString::fromUtf8(busy.readAllStandardError());
        QVERIFY2(err2.contains("did not power off within 300 ms"), qPrintable(err2));
    }

    void sigtermStopsCleanly() {
        QProcess p;
        p.start(vmmBinary(), {"--raw", guest("spin"), "--entry", "real", "--memory", "16"});
        QVERIFY(p.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(
            (p.waitForReadyRead(100), p.bytesAvailable() > 0 || p.state() != QProcess::Running), 10000);
        p.terminate();
        QVERIFY(p.waitForFinished(10000));
        QCOMPARE(p.exitCode(), 0);
        QVERIFY(QString::fromUtf8(p.readAllStandardError()).contains("stopped by signal TERM"));
    }
};

QTEST_GUILESS_MAIN(TestVmmGuests)
#include "test_vmm_guests.moc"

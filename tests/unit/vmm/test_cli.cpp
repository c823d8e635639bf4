// juxta-vmm as the engine spawns it, with bad input: one clear line on stderr and exit status 2,
// before any KVM set-up (so these run without /dev/kvm).
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

class TestVmmCli : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;

    QString file(const char* name, const QByteArray& bytes) {
        QFile f(tmp_.filePath(name));
        f.open(QIODevice::WriteOnly);
        f.write(bytes);
        return f.fileName();
    }

  private slots:
    void badInputExitsWithStatus2AndOneLine_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        const QString kernel = JUXTA_TEST_KERNEL;
        QTest::newRow("not a kernel")
            << QStringList{"--kernel", file("text", QByteArray(8192, 'a'))} << "not a kernel";
        QTest::newRow("truncated") << QStringList{"--kernel", file("trunc", QByteArray(600, 0))}
                                   << "not a kernel";
        QTest::newRow("memory 0") << QStringList{"--kernel", kernel, "--memory", "0"} << "0 MiB";
        QTest::newRow("memory beyond the host")
            << QStringList{"--kernel", kernel, "--memory", "100000000"} << "more than the host";
        QTest::newRow("vcpus 0") << QStringList{"--kernel", kernel, "--vcpus", "0"} << "at least one vCPU";
        QTest::newRow("vcpus 1000") << QStringList{"--kernel", kernel, "--vcpus", "1000"}
                                    << "more than the 254";
        QTest::newRow("command line too long")
            << QStringList{"--kernel", kernel, "--cmdline", QString(3000, 'x')} << "over the kernel's limit";
        QTest::newRow("initrd larger than memory")
            << QStringList{"--kernel", kernel,     "--memory",
                           "32",       "--initrd", file("initrd", QByteArray(33 << 20, 0))}
            << "larger than the VM";
        QTest::newRow("raw image missing") << QStringList{"--raw", "/nonexistent.bin"} << "no such file";
        QTest::newRow("unknown option")
            << QStringList{"--kernel", kernel, "--turbo", "1"} << "unknown option";
    }
    void badInputExitsWithStatus2AndOneLine() {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        QProcess p;
        p.start(JUXTA_VMM_BINARY, args);
        QVERIFY(p.waitForFinished(30000));
        QString err = QString::fromUtf8(p.readAllStandardError());
        QCOMPARE(p.exitCode(), 2);
        QVERIFY2(err.startsWith("juxta-vmm: ") && err.contains(message), qPrintable(err));
        QVERIFY(p.readAllStandardOutput().isEmpty());  // no guest ever ran
    }

    void helpGoesToStdout() {
        QProcess p;
        p.start(JUXTA_VMM_BINARY, {"--help"});
        QVERIFY(p.waitForFinished(10000));
        QCOMPARE(p.exitCode(), 0);
        QVERIFY(p.readAllStandardOutput().contains("--kernel"));
    }
};

QTEST_GUILESS_MAIN(TestVmmCli)
#include "test_cli.moc"

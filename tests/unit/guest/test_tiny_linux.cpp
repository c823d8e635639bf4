// The tiny-linux image builder: what goes into the initramfs, when it is rebuilt, and one clear
// error (and nothing written) for a missing busybox, a dynamic busybox or a missing kernel.
#include <QtTest>
#include <filesystem>
#include <fstream>

#include "guest/tiny_linux.h"

using namespace juxta::guest;
namespace fs = std::filesystem;

namespace {

std::string listing(const fs::path& cpio) {
    QProcess p;
    p.setStandardInputFile(QString::fromStdString(cpio.string()));
    p.start("cpio", {"-t", "--quiet"});
    if (!p.waitForFinished(30000) || p.exitCode() != 0) qFatal("cpio -t failed");
    return p.readAllStandardOutput().toStdString();
}

bool lists(const std::string& names, const std::string& name) {
    return ("\n" + names).find("\n" + name + "\n") != std::string::npos;
}

}  // namespace

class TestTinyLinux : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    TinyLinuxOptions options_;

  private slots:
    void init() {
        QVERIFY(dir_.isValid());
        const fs::path root = dir_.path().toStdString();
        fs::remove_all(root / "bin");
        fs::remove_all(root / "image");
        fs::create_directories(root / "bin");
        fs::copy_file(JUXTA_GUEST_BINARY, root / "bin/juxta-guest");
        std::ofstream(root / "vmlinuz") << "a kernel";
        options_ = TinyLinuxOptions{};
        options_.kernel = root / "vmlinuz";
        options_.agent = root / "bin/juxta-guest";
        options_.outputDir = root / "image";
    }

    void buildsTheInitramfs() {
        auto image = ensureTinyLinux(options_);
        QVERIFY2(image.ok(), image.ok() ? "" : image.error().message().c_str());
        QVERIFY(image->rebuilt);
        QCOMPARE(image->initrd, options_.outputDir / "initramfs.cpio");
        QCOMPARE(image->cmdline, std::string(kTinyLinuxCmdline));
        QVERIFY(fs::exists(options_.outputDir / "image.json"));
        const std::string names = listing(image->initrd);
        for (const char* name :
             {"init", "bin/busybox", "bin/sh", "dev/ttyS0", "dev/ttyS1", "dev/console", "proc", "etc/passwd"})
            QVERIFY2(lists(names, name), name);
        QVERIFY(!lists(names, "usr/bin/juxta-workload"));
        QVERIFY(!fs::exists(options_.outputDir / "initramfs.cpio.tmp"));
    }

    void rebuildsOnlyWhenAnInputChanges() {
        auto first = ensureTinyLinux(options_);
        QVERIFY(first.ok() && first->rebuilt);
        const auto written = fs::last_write_time(first->initrd);
        auto again = ensureTinyLinux(options_);
        QVERIFY(again.ok());
        QVERIFY(!again->rebuilt);
        QCOMPARE(again->digest, first->digest);
        QVERIFY(fs::last_write_time(again->initrd) == written);

        options_.cmdline = std::string(kTinyLinuxCmdline) + " loglevel=7";
        auto cmdline = ensureTinyLinux(options_);
        QVERIFY(cmdline.ok() && cmdline->rebuilt);
        QVERIFY(cmdline->digest != first->digest);

        // The comparison workload, built next to the agent, joins the image.
        fs::copy_file(options_.busybox, options_.agent.parent_path() / "juxta-workload");
        auto workload = ensureTinyLinux(options_);
        QVERIFY(workload.ok() && workload->rebuilt);
        QVERIFY(lists(listing(workload->initrd), "usr/bin/juxta-workload"));

        // A damaged initramfs is noticed (its size no longer matches image.json) and rewritten.
        fs::resize_file(workload->initrd, 100);
        auto repaired = ensureTinyLinux(options_);
        QVERIFY(repaired.ok() && repaired->rebuilt);
        QVERIFY(fs::file_size(repaired->initrd) > 100);
    }

    void badInputGivesOneClearErrorAndWritesNothing_data() {
        QTest::addColumn<QString>("what");
        QTest::addColumn<QString>("message");
        QTest::newRow("missing busybox") << "busybox"
                                         << "busybox-static";
        QTest::newRow("dynamic busybox") << "dynamic"
                                         << "not a static";
        QTest::newRow("missing kernel") << "kernel"
                                        << "setup.sh";
        QTest::newRow("missing agent") << "agent"
                                       << "juxta-guest";
    }
    void badInputGivesOneClearErrorAndWritesNothing() {
        QFETCH(QString, what);
        QFETCH(QString, message);
        if (what == "busybox") options_.busybox = "/nonexistent/busybox";
        if (what == "dynamic") options_.busybox = "/bin/ls";
        if (what == "kernel") options_.kernel = "/nonexistent/vmlinuz";
        if (what == "agent") options_.agent = "/nonexistent/juxta-guest";
        auto image = ensureTinyLinux(options_);
        QVERIFY(!image.ok());
        QVERIFY2(image.error().message().find(message.toStdString()) != std::string::npos,
                 image.error().message().c_str());
        QVERIFY(!fs::exists(options_.outputDir));
    }

    void kernelOverrideThatIsMissingIsNamed() {
        qputenv("JUXTA_KERNEL", "/nonexistent/kernel");
        options_.kernel.clear();
        auto image = ensureTinyLinux(options_);
        qunsetenv("JUXTA_KERNEL");
        QVERIFY(!image.ok());
        QVERIFY2(image.error().message().find("JUXTA_KERNEL=/nonexistent/kernel") != std::string::npos,
                 image.error().message().c_str());
    }
};

QTEST_GUILESS_MAIN(TestTinyLinux)
#include "test_tiny_linux.moc"

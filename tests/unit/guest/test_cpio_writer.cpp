// The initramfs writer: what it writes, GNU cpio lists and extracts with identical content.
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <QtTest>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "guest/cpio_writer.h"

using namespace juxta::guest;

namespace {

std::string run(const QString& dir, const QString& command, const QByteArray& input) {
    QProcess p;
    p.setWorkingDirectory(dir);
    p.start("sh", {"-c", command});
    p.write(input);
    p.closeWriteChannel();
    if (!p.waitForFinished(30000) || p.exitCode() != 0)
        qFatal("'%s' failed: %s", qPrintable(command), p.readAllStandardError().constData());
    return p.readAllStandardOutput().toStdString();
}

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

}  // namespace

class TestCpioWriter : public QObject {
    Q_OBJECT
  private slots:
    void roundTripsThroughGnuCpio() {
        QTemporaryDir dir;
        const std::string source = dir.filePath("source.bin").toStdString();
        std::string binary;
        for (int i = 0; i < 5003; ++i) binary.push_back(char(i * 7));  // not a multiple of 4, has NULs
        std::ofstream(source, std::ios::binary) << binary;

        std::ostringstream archive;
        CpioWriter w(archive);
        QVERIFY(w.addDirectory("bin").ok());
        QVERIFY(w.addDirectory("tmp", 01777).ok());
        QVERIFY(w.addFile("bin/hello", "hello\n", 0755).ok());
        QVERIFY(w.addFile("empty", "").ok());
        QVERIFY(w.addFileFrom("bin/blob", source, 0600).ok());
        QVERIFY(w.addSymlink("bin/sh", "/bin/hello").ok());
        QVERIFY(w.addCharDevice("ttyS1", 4, 65, 0660).ok());
        QVERIFY(w.finish().ok());
        const QByteArray bytes = QByteArray::fromStdString(archive.str());
        QCOMPARE(bytes.size() % 4, 0);

        const std::string listing = run(dir.path(), "cpio -t --quiet", bytes);
        QCOMPARE(listing, std::string("bin\ntmp\nbin/hello\nempty\nbin/blob\nbin/sh\nttyS1\n"));

        QVERIFY(QDir(dir.path()).mkdir("out"));
        run(dir.filePath("out"), "cpio -i --quiet --make-directories --no-absolute-filenames", bytes);
        const std::string out = dir.filePath("out").toStdString();
        QCOMPARE(slurp(out + "/bin/hello"), std::string("hello\n"));
        QCOMPARE(slurp(out + "/bin/blob"), binary);
        QCOMPARE(slurp(out + "/empty"), std::string());
        struct stat st {};
        QCOMPARE(::lstat((out + "/bin/hello").c_str(), &st), 0);
        QCOMPARE(st.st_mode & 07777, 0755u);
        QCOMPARE(::lstat((out + "/bin/blob").c_str(), &st), 0);
        QCOMPARE(st.st_mode & 07777, 0600u);
        QCOMPARE(::lstat((out + "/tmp").c_str(), &st), 0);
        QVERIFY(S_ISDIR(st.st_mode));
        QCOMPARE(st.st_mode & 07777, 01777u);
        QCOMPARE(QFile::symLinkTarget(QString::fromStdString(out + "/bin/sh")), QString("/bin/hello"));
        if (::geteuid() == 0) {  // only root makes device nodes
            QCOMPARE(::lstat((out + "/ttyS1").c_str(), &st), 0);
            QVERIFY(S_ISCHR(st.st_mode));
            QCOMPARE(major(st.st_rdev), 4u);
            QCOMPARE(minor(st.st_rdev), 65u);
        }
    }

    void sameInputsGiveTheSameBytes() {
        auto build = [] {
            std::ostringstream out;
            CpioWriter w(out);
            (void)w.addDirectory("etc");
            (void)w.addFile("etc/passwd", "root:x:0:0::/root:/bin/sh\n");
            (void)w.finish();
            return out.str();
        };
        QCOMPARE(build(), build());
    }

    void refusesBadEntries() {
        std::ostringstream out;
        CpioWriter w(out);
        for (const char* bad : {"", "/etc/passwd", "../escape", "a/../b", "a//b", "dir/", "./x"}) {
            auto s = w.addFile(bad, "x");
            QVERIFY2(!s.ok(), bad);
            QVERIFY2(s.error().message().find("cpio entry") != std::string::npos,
                     s.error().message().c_str());
        }
        QVERIFY(w.addFile("twice", "1").ok());
        auto dup = w.addFile("twice", "2");
        QVERIFY(!dup.ok());
        QVERIFY(dup.error().message().find("added twice") != std::string::npos);
        QVERIFY(!w.addSymlink("link", "").ok());
        auto missing = w.addFileFrom("from", "/nonexistent/file", 0644);
        QVERIFY(!missing.ok());
        QVERIFY(missing.error().message().find("/nonexistent/file") != std::string::npos);
        QVERIFY(w.finish().ok());
        QVERIFY(!w.addFile("late", "x").ok());
    }
};

QTEST_APPLESS_MAIN(TestCpioWriter)
#include "test_cpio_writer.moc"

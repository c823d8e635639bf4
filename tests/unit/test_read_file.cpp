// core/read_file.h: a whole file read to its end (a /proc file whose size says 0 too), a limit
// past which nothing is returned (EFBIG, whether the size is known up front or only while
// reading), a symlink refused where the caller asks, and errors that name the file.
#include <unistd.h>

#include <QTemporaryDir>
#include <QTest>
#include <filesystem>
#include <fstream>

#include "core/read_file.h"

using namespace juxta;
namespace fs = std::filesystem;

class TestReadFile : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    fs::path at(const char* name) const { return fs::path(dir_.path().toStdString()) / name; }

  private slots:
    void readsAWholeFileOfAnySizeUpToItsLimit() {
        for (std::size_t size :
             {std::size_t(0), std::size_t(1), std::size_t(4095), std::size_t(4096), std::size_t(100000)}) {
            const std::string bytes(size, 'x');
            std::ofstream(at("f"), std::ios::binary | std::ios::trunc) << bytes;
            auto text = readFile(at("f"));
            QVERIFY(text.ok());
            QCOMPARE(text->size(), size);
            auto exact = readFileBytes(at("f"), {.maxBytes = size});
            QVERIFY2(exact.ok(), "a file of exactly the limit is read");
            QCOMPARE(exact->size(), size);
        }
    }

    void aFilePastItsLimitIsRefused() {
        std::ofstream(at("big"), std::ios::binary | std::ios::trunc) << std::string(5000, 'y');
        auto r = readFile(at("big"), {.maxBytes = 4999});
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code(), EFBIG);
        QVERIFY(r.error().message().find(at("big").string()) != std::string::npos);
    }

    void aProcFileWhoseSizeSaysNothingIsReadToItsEnd() {
        // /proc/self/maps: st_size 0, more than a page here (the Qt libraries alone).
        auto maps = readFile("/proc/self/maps");
        QVERIFY(maps.ok());
        QVERIFY(maps->size() > 4096);
        QVERIFY(maps->back() == '\n');
        // The same past a limit it crosses only while reading: EFBIG, not a cut text.
        auto cut = readFile("/proc/self/maps", {.maxBytes = 1000});
        QVERIFY(!cut.ok());
        QCOMPARE(cut.error().code(), EFBIG);
    }

    void aSymlinkIsRefusedWhereAsked() {
        std::ofstream(at("target")) << "secret";
        fs::create_symlink(at("target"), at("link"));
        QCOMPARE(*readFile(at("link")), std::string("secret"));
        auto refused = readFile(at("link"), {.followSymlinks = false});
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().code(), ELOOP);
    }

    void aMissingFileIsNamed() {
        auto r = readFile(at("nothing-here"));
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code(), ENOENT);
        QVERIFY(r.error().message().find("nothing-here") != std::string::npos);
        QCOMPARE(readFile(at("nothing-here")).value_or("fallback"), std::string("fallback"));
    }
};

QTEST_GUILESS_MAIN(TestReadFile)
#include "test_read_file.moc"

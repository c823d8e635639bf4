// The image store and the built-in busybox image, in a temporary data dir.
#include <sys/stat.h>

#include <QTemporaryDir>
#include <QTest>
#include <filesystem>
#include <fstream>

#include "images/busybox_image.h"
#include "images/image_store.h"

using namespace juxta;
using namespace juxta::images;
namespace fs = std::filesystem;

class TestImageStore : public QObject {
    Q_OBJECT
  private slots:
    void busyboxIsMadeOnFirstUse() {
        if (!fs::exists(hostBusybox())) QSKIP("no /bin/busybox: install busybox-static (setup.sh does)");
        QTemporaryDir tmp;
        ImageStore store(fs::path(tmp.path().toStdString()) / "images");
        auto image = store.resolve("busybox");
        QVERIFY2(image.ok(), image.ok() ? "" : image.error().message().c_str());
        QCOMPARE(image->layerDirs.size(), std::size_t(1));
        const fs::path layer = image->layerDirs[0];
        QVERIFY(fs::is_regular_file(layer / "bin/busybox"));
        QCOMPARE(fs::read_symlink(layer / "bin/sh"), fs::path("/bin/busybox"));
        QVERIFY(fs::is_symlink(layer / "bin/mount"));
        for (const char* dir : {"proc", "sys", "dev", "tmp", "etc", "root"})
            QVERIFY2(fs::is_directory(layer / dir), dir);
        struct stat st {};
        QVERIFY(stat((layer / "tmp").c_str(), &st) == 0 && (st.st_mode & 07777) == 01777);
        QVERIFY(fs::exists(store.root() / "repositories/busybox.json"));
        QCOMPARE(image->config.cmd, std::vector<std::string>{"sh"});
        QVERIFY(!fs::exists(store.root() / "tmp") || fs::is_empty(store.root() / "tmp"));  // no staging left

        auto again = store.resolve("busybox");  // second use: the same layer, nothing rebuilt
        QVERIFY(again.ok());
        QCOMPARE(again->layerIds, image->layerIds);
        auto list = store.list();
        QVERIFY(list.ok());
        QCOMPARE(list->size(), std::size_t(1));
    }
    void unknownAndBadNames() {
        QTemporaryDir tmp;
        ImageStore store(fs::path(tmp.path().toStdString()) / "images");
        auto unknown = store.resolve("nosuchimage");
        QVERIFY(!unknown.ok());
        QCOMPARE(unknown.error().code(), ENOENT);
        QVERIFY(QString::fromStdString(unknown.error().message()).contains("unknown image 'nosuchimage'"));
        for (const char* bad : {"../etc", "Busybox", "", "a/b", ".hidden"})
            QVERIFY2(!store.resolve(bad).ok(), bad);
        QVERIFY(!fs::exists(store.root() / "repositories"));  // nothing written for a bad name
    }
    void damagedManifestIsAnError() {
        QTemporaryDir tmp;
        ImageStore store(fs::path(tmp.path().toStdString()) / "images");
        fs::create_directories(store.root() / "repositories");
        std::ofstream(store.root() / "repositories/broken.json") << "{ not json";
        auto r = store.resolve("broken");
        QVERIFY(!r.ok());
        QVERIFY(QString::fromStdString(r.error().message()).contains("damaged manifest"));
        std::ofstream(store.root() / "repositories/orphan.json") << R"({"name":"orphan","layers":["gone"]})";
        auto o = store.resolve("orphan");
        QVERIFY(!o.ok());
        QVERIFY(QString::fromStdString(o.error().message()).contains("layer gone is missing"));
    }
    void staticCheck() {
        QTemporaryDir tmp;
        ImageStore store(fs::path(tmp.path().toStdString()) / "images");
        qputenv("JUXTA_BUSYBOX", "/bin/true");  // dynamically linked
        auto r = createBusyboxImage(store);
        qunsetenv("JUXTA_BUSYBOX");
        QVERIFY(!r.ok());
        QVERIFY2(QString::fromStdString(r.error().message()).contains("busybox-static"),
                 r.error().message().c_str());
        QVERIFY(!fs::exists(store.root() / "layers") || fs::is_empty(store.root() / "layers"));
    }
};

QTEST_GUILESS_MAIN(TestImageStore)
#include "test_image_store.moc"

// juxtactl image rm: an image a container was made from is refused with the container's name;
// removing one deletes only the layers nothing else holds (another image, a defined container,
// a running container), and the image list's unique vs shared bytes follow. Its VM disk (an image
// VM's root) goes with it; `system prune` takes VM disks no image has, but not one a running VM
// holds nor one being made.
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <QProcess>
#include <QTest>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "container_fixture.h"
#include "core/unique_fd.h"
#include "images/image_removal.h"
#include "images/image_store.h"
#include "support/image_builder.h"
#include "vmm/lifecycle/image_disk.h"

using namespace juxta;
using namespace juxta::testing;
namespace fs = std::filesystem;

class TestImageRemove : public QObject {
    Q_OBJECT
    ContainerFixture fx;
    std::string sharedLayer, onlyA, onlyB;

    fs::path layers() const { return fx.dataDir() / "images" / "layers"; }
    nlohmann::json image(const std::string& name) {
        for (const auto& i : nlohmann::json::parse(juxtactl({"images", "--json"}).out.toStdString()))
            if (i["name"] == name) return i;
        return nullptr;
    }

    // An OCI layout of the shared layer plus one of its own, imported as name.
    std::string importImage(const std::string& name, const std::string& ownFile, std::size_t ownBytes) {
        OciLayoutBuilder oci(fx.dataDir().parent_path() / ("layout-" + name));
        const Layer shared =
            makeLayer({{"shared/", 'd', "", 0755}, {"shared/data", 'f', std::string(200000, 's')}});
        const Layer own = makeLayer({{ownFile, 'f', std::string(ownBytes, 'o')}});
        oci.addLayer(shared);
        oci.addLayer(own);
        oci.config = {{"Cmd", {"/bin/true"}}};
        oci.write();
        auto r = juxtactl({"image", "import", QString::fromStdString(oci.dir().string()), "--name",
                           QString::fromStdString(name)});
        if (r.code != 0) qFatal("import %s: %s", name.c_str(), qPrintable(r.err));
        sharedLayer = "sha256-" + shared.diffHex;
        return "sha256-" + own.diffHex;
    }

  private slots:
    void initTestCase() {
        if (auto why = fx.setUp(); !why.empty()) QSKIP(why.c_str());
        onlyA = importImage("imga", "a", 30000);
        onlyB = importImage("imgb", "b", 50000);
    }

    void anImageAContainerUsesIsRefused() {
        QCOMPARE(image("imga")["unique_bytes"].get<uint64_t>(), uint64_t(30000));
        QCOMPARE(image("imga")["shared_bytes"].get<uint64_t>(), uint64_t(200000));
        QCOMPARE(juxtactl({"create", "--name", "user-of-a", "imga"}).code, 0);
        auto refused = juxtactl({"image", "rm", "imga"});
        QCOMPARE(refused.code, 1);
        QVERIFY2(
            refused.err.contains("image imga is used by container user-of-a — remove the container first"),
            qPrintable(refused.err));
        QVERIFY(!image("imga").is_null());  // nothing was removed
        QVERIFY(fs::exists(layers() / onlyA));
        QCOMPARE(juxtactl({"rm", "user-of-a"}).code, 0);
    }

    void removalKeepsTheLayersOthersUse() {
        auto removed = juxtactl({"image", "rm", "imga"});
        QCOMPARE(removed.code, 0);
        QVERIFY2(removed.out.contains("1 layers deleted"), qPrintable(removed.out));
        QVERIFY(removed.out.contains("1 kept"));
        QVERIFY(image("imga").is_null());
        QVERIFY(!fs::exists(layers() / onlyA));
        QVERIFY(fs::exists(layers() / sharedLayer));  // imgb uses it
        // The shared layer is now imgb's alone.
        QCOMPARE(image("imgb")["unique_bytes"].get<uint64_t>(), uint64_t(250000));
        QCOMPARE(image("imgb")["shared_bytes"].get<uint64_t>(), uint64_t(0));
        QVERIFY(fs::is_empty(fx.dataDir() / "images" / "tmp"));  // nothing half-deleted left

        QCOMPARE(juxtactl({"image", "rm", "imgb"}).code, 0);
        QVERIFY(!fs::exists(layers() / onlyB));
        QVERIFY(!fs::exists(layers() / sharedLayer));
        auto again = juxtactl({"image", "rm", "imgb"});
        QCOMPARE(again.code, 1);
        QVERIFY(again.err.contains("unknown image 'imgb'"));
        QCOMPARE(juxtactl({"image", "rm"}).code, 2);
    }

    void aLayerOfARunningContainerStays() {
        // A run --rm container is defined while it runs (its monitor removes it at the end).
        QProcess run;
        run.start(JUXTACTL, {"run", "--rm", "busybox", "--", "sh", "-c",
                             "trap 'exit 0' TERM; echo up; sleep 5 & wait"});
        QVERIFY(run.waitForReadyRead(5000));
        const fs::path busyboxLayer = fx.busybox().layerDirs.at(0);
        auto refused = juxtactl({"image", "rm", "busybox"});
        QCOMPARE(refused.code, 1);
        QVERIFY2(refused.err.contains("image busybox is used by container"), qPrintable(refused.err));
        // Below that check, the container's shared lock on its layers holds them too (a removal
        // that raced its definition).
        auto store = images::ImageStore::atDefaultLocation();
        auto locked = images::removeImage(store, "busybox", {});
        QVERIFY(!locked);
        QVERIFY2(locked.error().message().find("is in use by a running container") != std::string::npos,
                 locked.error().message().c_str());
        QVERIFY(fs::exists(fx.dataDir() / "images" / "repositories" / "busybox.json"));
        QVERIFY(fs::exists(busyboxLayer / "bin" / "busybox"));
        run.terminate();  // forwarded to the container, whose trap exits; juxtactl cleans up
        QVERIFY(run.waitForFinished(5000));
        QCOMPARE(run.exitCode(), 0);
        QCOMPARE(juxtactl({"image", "rm", "busybox"}).code, 0);  // built in: made again on next use
        QVERIFY(!fs::exists(busyboxLayer));
    }

    void anImagesVmDiskGoesWithIt() {
        if (::access("/usr/sbin/mke2fs", X_OK) != 0 && ::access("/sbin/mke2fs", X_OK) != 0)
            QSKIP("e2fsprogs is not installed (apt-get install e2fsprogs)");
        importImage("imgvm", "vm", 1000);
        images::ImageStore store = images::ImageStore::atDefaultLocation();
        auto image = store.resolve("imgvm");
        QVERIFY(image.ok());
        auto disk = vmm::ensureImageDisk(store, *image);
        QVERIFY2(disk.ok(), disk.ok() ? "" : disk.error().message().c_str());
        const fs::path dir = vmm::imageDiskDir();
        // No image's: a stray disk, one a running VM holds (its shared lock), a build a killed
        // process left, one a live process is making.
        writeFile(dir / "00stray.ext4", std::string(8192, 'x'));
        writeFile(dir / "11held.ext4", std::string(8192, 'x'));
        writeFile(dir / "22dead.ext4.part.999999999", "x");
        writeFile(dir / ("33live.ext4.part." + std::to_string(::getpid())), "x");
        UniqueFd held(::open((dir / "11held.ext4").c_str(), O_RDONLY | O_CLOEXEC));
        QVERIFY(held && ::flock(held.get(), LOCK_SH) == 0);

        auto pruned = juxtactl({"system", "prune"});
        QCOMPARE(pruned.code, 0);
        QVERIFY2(pruned.out.contains("00stray.ext4"), qPrintable(pruned.out));
        QVERIFY(!fs::exists(dir / "00stray.ext4"));
        QVERIFY(!fs::exists(dir / "22dead.ext4.part.999999999"));
        QVERIFY(fs::exists(dir / "11held.ext4"));  // in use
        QVERIFY(fs::exists(dir / ("33live.ext4.part." + std::to_string(::getpid()))));
        QVERIFY(fs::exists(*disk));  // its image is there

        auto removed = juxtactl({"image", "rm", "imgvm"});
        QCOMPARE(removed.code, 0);
        QVERIFY2(removed.out.contains("1 VM image disk"), qPrintable(removed.out));
        QVERIFY(!fs::exists(*disk));
        held.reset();
        QCOMPARE(juxtactl({"system", "prune"}).code, 0);
        QVERIFY(!fs::exists(dir / "11held.ext4"));  // no longer held
        fs::remove(dir / ("33live.ext4.part." + std::to_string(::getpid())));
    }
};

QTEST_GUILESS_MAIN(TestImageRemove)
#include "test_image_remove.moc"

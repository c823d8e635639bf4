// An OCI image's layers as a VM's read-only ext4 disk (vmm/lifecycle/image_disk.h), checked on the
// host with debugfs (e2fsprogs) — no KVM: each layer a directory /layers/<i>, files and their
// owners and modes kept, overlayfs' whiteouts (0:0 character devices) and opaque directories
// (trusted.overlay.opaque) kept, the store's layers untouched, the disk made once and then reused;
// a user's disk made in a user namespace (its files root's, user.overlay.* marks); and a VM's
// writable disk. Root: the layers' owners and trusted.* attributes need it.
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <QTest>
#include <filesystem>
#include <fstream>

#include "core/run_program.h"
#include "images/image_store.h"
#include "support/image_builder.h"
#include "support/program_run.h"
#include "support/scratch_state.h"
#include "vmm/lifecycle/image_disk.h"

using namespace juxta;
namespace fs = std::filesystem;

namespace {

// debugfs -R COMMAND DISK: what it printed.
std::string debugfs(const fs::path& disk, const std::string& command) {
    auto run = runProgram({"debugfs", "-R", command, disk.string()});
    return run ? run->output : run.error().message();
}

}  // namespace

class TestImageDisk : public QObject {
    Q_OBJECT
    testing::ScratchState state_;

  private slots:
    void initTestCase() {
        if (::geteuid() != 0) QSKIP("needs root: the layers' owners and trusted.overlay.* attributes");
        if (!runProgram({"mke2fs", "-V"}) || !runProgram({"debugfs", "-V"}))
            QSKIP("e2fsprogs is not installed (apt-get install e2fsprogs)");
        state_.useHere();
    }

    void layersBecomeOneDiskWithTheirWhiteouts() {
        images::ImageStore store(state_.dataDir() / "images");
        const fs::path l0 = state_.root() / "layer0", l1 = state_.root() / "layer1";
        testing::writeFile(l0 / "etc/gone", "removed by the upper layer\n");
        testing::writeFile(l0 / "opaque/old", "hidden by the opaque directory\n");
        testing::writeFile(l0 / "srv/app.txt", "from layer 0\n");
        ::chown((l0 / "srv/app.txt").c_str(), 1001, 50);
        ::chmod((l0 / "srv/app.txt").c_str(), 0640);
        fs::create_symlink("srv/app.txt", l0 / "link");
        fs::create_directories(l1 / "etc");
        QCOMPARE(::mknod((l1 / "etc/gone").c_str(), S_IFCHR | 0, makedev(0, 0)), 0);
        testing::writeFile(l1 / "opaque/new", "the only file of the opaque directory\n");
        QCOMPARE(::setxattr((l1 / "opaque").c_str(), "trusted.overlay.opaque", "y", 1, 0), 0);
        images::Image image;
        image.name = "two-layers";
        image.layerIds = {"sha256-aaaa", "sha256-bbbb"};
        image.layerDirs = {l0, l1};

        auto disk = vmm::ensureImageDisk(store, image);
        QVERIFY2(disk.ok(), disk.ok() ? "" : disk.error().message().c_str());
        QVERIFY(disk->parent_path() == vmm::imageDiskDir());
        QVERIFY(debugfs(*disk, "cat /layers/0/srv/app.txt").find("from layer 0") != std::string::npos);
        const std::string app = debugfs(*disk, "stat /layers/0/srv/app.txt");
        QVERIFY2(
            app.find("User:  1001") != std::string::npos && app.find("Group:    50") != std::string::npos,
            app.c_str());
        QVERIFY2(app.find("Mode:  0640") != std::string::npos, app.c_str());
        QVERIFY(debugfs(*disk, "stat /layers/0/link").find("Type: symlink") != std::string::npos);
        const std::string whiteout = debugfs(*disk, "stat /layers/1/etc/gone");
        QVERIFY2(whiteout.find("Type: character special") != std::string::npos, whiteout.c_str());
        QVERIFY2(whiteout.find("Device major/minor number: 00:00") != std::string::npos, whiteout.c_str());
        const std::string opaque = debugfs(*disk, "ea_get /layers/1/opaque trusted.overlay.opaque");
        QVERIFY2(opaque.find('y') != std::string::npos && opaque.find("not found") == std::string::npos,
                 opaque.c_str());
        QVERIFY(debugfs(*disk, "ls /layers/1/opaque").find("new") != std::string::npos);
        // The store's layers are as they were; nothing is left in its tmp/.
        QVERIFY(fs::is_regular_file(l0 / "srv/app.txt"));
        QCOMPARE(fs::hard_link_count(l0 / "srv/app.txt"), uintmax_t(1));
        QVERIFY(fs::is_empty(store.root() / "tmp"));
        // Made once: the same layers give the same disk, untouched.
        const auto made = fs::last_write_time(*disk);
        auto again = vmm::ensureImageDisk(store, image);
        QVERIFY(again.ok() && *again == *disk && fs::last_write_time(*again) == made);
    }

    void aUsersDiskIsMadeInAUserNamespace() {
        // Rootless: a user's store holds every file as that user, its opaque marks as
        // user.overlay.*. The disk (made by a child running as the user) has the files as root's
        // — mke2fs ran where the user is root — and the user.* marks, which the guest's overlayfs
        // reads with userxattr: the command line says so for a user, not for root.
        constexpr uid_t kUid = 64123;
        const fs::path home = state_.root() / "user", l0 = home / "layer0", l1 = home / "layer1";
        testing::writeFile(l0 / "srv/app.txt", "from layer 0\n");
        ::chmod((l0 / "srv/app.txt").c_str(), 0640);
        fs::create_directories(l1 / "etc");
        QCOMPARE(::mknod((l1 / "etc/gone").c_str(), S_IFCHR | 0, makedev(0, 0)), 0);
        testing::writeFile(l1 / "opaque/new", "the only file of the opaque directory\n");
        QCOMPARE(::setxattr((l1 / "opaque").c_str(), "user.overlay.opaque", "y", 1, 0), 0);
        for (const auto& e : fs::recursive_directory_iterator(home))
            QCOMPARE(::lchown(e.path().c_str(), kUid, kUid), 0);
        QCOMPARE(::chown(home.c_str(), kUid, kUid), 0);
        ::chmod(state_.root().c_str(), 0711);
        QVERIFY(vmm::imageRootCmdline(2, "x").find("juxta.image.xattr") == std::string::npos);
        images::Image image;
        image.name = "users-image";
        image.layerIds = {"sha256-cccc", "sha256-dddd"};
        image.layerDirs = {l0, l1};

        const auto child = testing::inChildAs(kUid, [&] {
            ::setenv("JUXTA_DATA_DIR", (home / "data").c_str(), 1);
            images::ImageStore store(home / "data/images");
            auto disk = vmm::ensureImageDisk(store, image);
            return disk ? "ok " + disk->string() + "\n" + vmm::imageRootCmdline(2, "x")
                        : "error: " + disk.error().message();
        });
        QVERIFY2(child, "the child could not become uid 64123");
        const std::string said = *child;
        QVERIFY2(said.rfind("ok ", 0) == 0, said.c_str());
        const fs::path disk = said.substr(3, said.find('\n') - 3);
        QVERIFY2(said.find(" juxta.image.xattr=user") != std::string::npos, said.c_str());
        QVERIFY(disk.parent_path() == home / "data/vm-images");
        struct stat st {};
        QVERIFY(::stat(disk.c_str(), &st) == 0 && st.st_uid == kUid);  // the user's file on the host
        QVERIFY(debugfs(disk, "cat /layers/0/srv/app.txt").find("from layer 0") != std::string::npos);
        const std::string app = debugfs(disk, "stat /layers/0/srv/app.txt");
        QVERIFY2(
            app.find("User:     0") != std::string::npos && app.find("Group:     0") != std::string::npos,
            app.c_str());
        QVERIFY2(app.find("Mode:  0640") != std::string::npos, app.c_str());
        const std::string whiteout = debugfs(disk, "stat /layers/1/etc/gone");
        QVERIFY2(whiteout.find("Type: character special") != std::string::npos, whiteout.c_str());
        const std::string opaque = debugfs(disk, "ea_get /layers/1/opaque user.overlay.opaque");
        QVERIFY2(opaque.find('y') != std::string::npos && opaque.find("not found") == std::string::npos,
                 opaque.c_str());
    }

    void aWritableDiskIsMadeOnceAndKept() {
        const fs::path rw = state_.root() / "vm" / "disk.ext4";
        fs::create_directories(rw.parent_path());
        QVERIFY(vmm::makeWritableDisk(rw, uint64_t(64) << 20).ok());
        QCOMPARE(fs::file_size(rw), uintmax_t(64) << 20);
        struct stat st {};
        QCOMPARE(::stat(rw.c_str(), &st), 0);
        QVERIFY2(uint64_t(st.st_blocks) * 512 < (uint64_t(16) << 20), "not sparse");
        QVERIFY(debugfs(rw, "stats").find("Filesystem volume name:   juxta-rw") != std::string::npos);
        const Status again = vmm::makeWritableDisk(rw, uint64_t(64) << 20);
        QVERIFY(!again.ok() && again.error().code() == EEXIST);  // a persistent VM's is never replaced
    }
};

QTEST_GUILESS_MAIN(TestImageDisk)
#include "test_image_disk.moc"

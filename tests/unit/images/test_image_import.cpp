// Image import: OCI layouts and docker-archives built here with libarchive's writer, imported
// into a store in a temp dir; and every kind of bad input, each one error, nothing half-made.
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <QTemporaryDir>
#include <QTest>
#include <filesystem>
#include <fstream>

#include "images/digest.h"
#include "images/image_import.h"
#include "images/image_sizes.h"
#include "images/image_store.h"
#include "support/image_builder.h"

using namespace juxta;
using namespace juxta::images;
using namespace juxta::testing;
namespace fs = std::filesystem;

namespace {

template <typename T>
const char* message(const Result<T>& r) {
    return r.ok() ? "" : r.error().message().c_str();
}

std::string readAll(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

std::vector<TarEntry> baseFiles() {
    return {{"bin/", 'd', "", 0755},
            {"bin/tool", 'f', "#!/bin/sh\necho tool\n", 0755},
            {"bin/tool-link", 'h', "", 0755, "bin/tool"},
            {"etc/", 'd', "", 0755},
            {"etc/motd", 'f', "hello\n"},
            {"etc/old.conf", 'f', "gone\n"},
            {"var/cache/", 'd', "", 0755},
            {"var/cache/a", 'f', "a"}};
}

size_t entriesIn(const fs::path& dir) {
    std::error_code ec;
    if (!fs::exists(dir)) return 0;
    return size_t(std::distance(fs::directory_iterator(dir, ec), fs::directory_iterator()));
}

}  // namespace

class TestImageImport : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    fs::path root() const { return tmp_.path().toStdString(); }
    fs::path storeDir() const { return root() / "store"; }
    fs::path outside() const { return root() / "outside"; }
    int n_ = 0;
    fs::path freshSource() { return root() / ("src" + std::to_string(++n_)); }

  private slots:
    void init() { fs::create_directories(outside()); }

    void sha256MatchesKnownVectors() {
        QCOMPARE(sha256Hex(""),
                 std::string("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
        QCOMPARE(sha256Hex("abc"),
                 std::string("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
        Sha256 h;  // fed in odd pieces
        const std::string million(1000000, 'a');
        for (std::size_t i = 0; i < million.size(); i += 997)
            h.update(million.data() + i, std::min<std::size_t>(997, million.size() - i));
        QCOMPARE(h.hexDigest(),
                 std::string("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"));
        QVERIFY(!parseDigest("sha512:abc").ok());
        QVERIFY(!parseDigest("sha256:../../etc/passwd").ok());
    }

    void importsAnOciLayoutWithWhiteoutsAndConfig() {
        OciLayoutBuilder oci(freshSource());
        oci.addLayer(makeLayer(baseFiles(), Compression::Gzip));
        oci.addLayer(makeLayer({{"etc/.wh.old.conf", 'f'},
                                {"var/cache/", 'd', "", 0755},
                                {"var/cache/.wh..wh..opq", 'f'},
                                {"var/cache/b", 'f', "b"},
                                {"etc/motd", 'f', "second\n"}},
                               Compression::Zstd));
        oci.config = {{"Env", {"PATH=/bin", "GREETING=hi"}},
                      {"Cmd", {"/bin/tool"}},
                      {"Entrypoint", {"/bin/sh"}},
                      {"WorkingDir", "/etc"},
                      {"User", "1000:1000"}};
        oci.write("example.org/team/app:2.1");
        ImageStore store(storeDir());
        auto r = importImage(store, oci.dir(), "");
        QVERIFY2(r.ok(), message(r));
        QCOMPARE(r->image.name, std::string("app-2.1"));
        QCOMPARE(r->layersExtracted, 2);
        auto image = store.resolve("app-2.1");
        QVERIFY2(image.ok(), message(image));
        QCOMPARE(image->config.env, (std::vector<std::string>{"PATH=/bin", "GREETING=hi"}));
        QCOMPARE(image->config.cmd, std::vector<std::string>{"/bin/tool"});
        QCOMPARE(image->config.entrypoint, std::vector<std::string>{"/bin/sh"});
        QCOMPARE(image->config.workingDir, std::string("/etc"));
        QCOMPARE(image->config.user, std::string("1000:1000"));
        QCOMPARE(image->layerDirs.size(), std::size_t(2));
        const fs::path lower = image->layerDirs[0], upper = image->layerDirs[1];
        QCOMPARE(readAll(lower / "etc/motd"), std::string("hello\n"));
        QCOMPARE(fs::hard_link_count(lower / "bin/tool"), uintmax_t(2));  // bin/tool-link
        QCOMPARE(readAll(upper / "etc/motd"), std::string("second\n"));
        struct stat st {};
        QVERIFY(::lstat((lower / "bin/tool").c_str(), &st) == 0 && (st.st_mode & 07777) == 0755);
        QVERIFY(::lstat((upper / "etc/old.conf").c_str(), &st) == 0);  // the whiteout
        QVERIFY(S_ISCHR(st.st_mode) && st.st_rdev == makedev(0, 0));
        QVERIFY(!fs::exists(upper / "etc/.wh.old.conf"));
        QVERIFY(!fs::exists(upper / "var/cache/.wh..wh..opq"));
        if (::geteuid() == 0) {
            char value[4] = {};
            QCOMPARE(::getxattr((upper / "var/cache").c_str(), "trusted.overlay.opaque", value, sizeof value),
                     ssize_t(1));
            QCOMPARE(value[0], 'y');
        }
        QCOMPARE(entriesIn(store.root() / "tmp"), std::size_t(0));  // no staging left
    }

    void aSharedLayerIsStoredOnceAndCountedAsShared() {
        const Layer common = makeLayer(baseFiles(), Compression::Gzip);
        OciLayoutBuilder a(freshSource()), b(freshSource());
        a.addLayer(common);
        a.addLayer(makeLayer({{"only-a", 'f', std::string(1000, 'a')}}));
        a.write();
        b.addLayer(common);
        b.addLayer(makeLayer({{"only-b", 'f', std::string(3000, 'b')}}));
        b.write();
        ImageStore store(storeDir());
        auto ra = importImage(store, a.dir(), "shared-a");
        QVERIFY2(ra.ok(), message(ra));
        struct stat before {};
        ::stat((store.root() / "layers" / ra->image.layerIds[0] / "etc/motd").c_str(), &before);
        auto rb = importImage(store, b.dir(), "shared-b");
        QVERIFY2(rb.ok(), message(rb));
        QCOMPARE(rb->layersExtracted, 1);  // the common layer was not extracted again
        QCOMPARE(rb->image.layerIds[0], ra->image.layerIds[0]);
        struct stat after {};
        ::stat((store.root() / "layers" / rb->image.layerIds[0] / "etc/motd").c_str(), &after);
        QCOMPARE(after.st_ino, before.st_ino);
        const auto sizes = imageSizes({ra->image, rb->image});
        const uint64_t commonBytes = layerBytes(ra->image.layerDirs[0]);
        QVERIFY(commonBytes > 0);
        QCOMPARE(sizes[0].sharedBytes, commonBytes);
        QCOMPARE(sizes[0].uniqueBytes, uint64_t(1000));
        QCOMPARE(sizes[1].sharedBytes, commonBytes);
        QCOMPARE(sizes[1].uniqueBytes, uint64_t(3000));
    }

    void importsADockerArchive() {
        const Layer layer = makeLayer(baseFiles());
        const std::string config =
            nlohmann::json({{"config", {{"Cmd", {"/bin/tool"}}}},
                            {"rootfs",
                             {{"type", "layers"},
                              {"diff_ids", {"sha256:" + layer.diffHex, "sha256:" + layer.diffHex}}}}})
                .dump();
        const std::string configName = sha256Of(config) + ".json";
        const std::string manifest = nlohmann::json::array({{{"Config", configName},
                                                             {"RepoTags", {"Docker.io/Library/Tool:latest"}},
                                                             {"Layers", {"aaa/layer.tar", "bbb/layer.tar"}}}})
                                         .dump();
        // Older docker links a repeated layer to the first copy with a relative symlink.
        const std::string archive = makeTar({{"aaa/", 'd', "", 0755},
                                             {"aaa/layer.tar", 'f', layer.blob},
                                             {"bbb/", 'd', "", 0755},
                                             {"bbb/layer.tar", 'l', "", 0777, "../aaa/layer.tar"},
                                             {configName, 'f', config},
                                             {"manifest.json", 'f', manifest}},
                                            Compression::Gzip);
        const fs::path file = freshSource().replace_extension(".tar.gz");
        writeFile(file, archive);
        ImageStore store(storeDir());
        auto r = importImage(store, file, "");
        QVERIFY2(r.ok(), message(r));
        QCOMPARE(r->image.name, std::string("tool"));
        QCOMPARE(r->image.config.cmd, std::vector<std::string>{"/bin/tool"});
        QCOMPARE(readAll(r->image.layerDirs[0] / "etc/motd"), std::string("hello\n"));
        QCOMPARE(entriesIn(store.root() / "tmp"), std::size_t(0));  // the unpacked archive is gone
    }

    void setuidBitsAreStripped() {
        OciLayoutBuilder oci(freshSource());
        oci.addLayer(
            makeLayer({{"bin/", 'd', "", 0755}, {"bin/su", 'f', "x", 06755}, {"tmp/", 'd', "", 01777}}));
        oci.addLayer(makeLayer({}));  // an empty layer (docker makes them for ENV, CMD, ...)
        oci.write();
        ImageStore store(storeDir());
        auto r = importImage(store, oci.dir(), "setuid");
        QVERIFY2(r.ok(), message(r));
        struct stat st {};
        QVERIFY(::stat((r->image.layerDirs[0] / "bin/su").c_str(), &st) == 0);
        QCOMPARE(int(st.st_mode & 07777), 0755);
        QVERIFY(::stat((r->image.layerDirs[0] / "tmp").c_str(), &st) == 0);
        QCOMPARE(int(st.st_mode & 07777), 01777);  // the sticky bit is not a privilege
    }

    void namedUsersAreResolvedFromTheImagesPasswd_data() {
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("expected");  // the stored user, or the start of the error
        QTest::newRow("name") << "app"
                              << "1001:1002";
        QTest::newRow("name:group") << "app:staff"
                                    << "1001:50";
        QTest::newRow("uid") << "7"
                             << "7:7";
        QTest::newRow("uid:gid") << "7:8"
                                 << "7:8";
        QTest::newRow("unknown user") << "ghost"
                                      << "error: no user 'ghost'";
        QTest::newRow("unknown group") << "app:nogroup"
                                       << "error: no group 'nogroup'";
        QTest::newRow("passwd whited out") << "hidden"
                                           << "error: no user 'hidden'";
        // 2^32 once wrapped to uid 0: root.
        QTest::newRow("uid past 32 bits") << "4294967296"
                                          << "error: id 4294967296 is out of range";
        QTest::newRow("gid past 32 bits") << "7:18446744073709551617"
                                          << "error: gid: id 18446744073709551617 is out of range";
        QTest::newRow("uid -1") << "4294967295"
                                << "error: out of range";
    }

    void namedUsersAreResolvedFromTheImagesPasswd() {
        QFETCH(QString, user);
        QFETCH(QString, expected);
        OciLayoutBuilder oci(freshSource());
        oci.addLayer(
            makeLayer({{"etc/", 'd', "", 0755},
                       {"etc/passwd", 'f', "root:x:0:0:root:/root:/bin/sh\napp:x:1001:1002::/:/bin/sh\n"},
                       {"etc/group", 'f', "root:x:0:\nstaff:x:50:\n"}}));
        if (user == "hidden") oci.addLayer(makeLayer({{"etc/.wh.passwd", 'f'}}));
        oci.config = {{"User", user.toStdString()}};
        oci.write();
        ImageStore store(storeDir());
        const bool fails = expected.startsWith("error: ");
        auto r = importImage(store, oci.dir(), fails ? "users-bad" : "users");
        if (fails) {
            QVERIFY(!r.ok());
            QVERIFY2(r.error().message().find(expected.mid(7).toStdString()) != std::string::npos,
                     message(r));
            QVERIFY(!fs::exists(store.root() / "repositories/users-bad.json"));
            return;
        }
        QVERIFY2(r.ok(), message(r));
        QCOMPARE(QString::fromStdString(store.resolve("users")->config.user), expected);
    }

    void badInputIsOneErrorAndLeavesNothing_data() {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("expected");
        QTest::newRow("../ path") << "dotdot"
                                  << "'..' component";
        QTest::newRow("absolute path") << "absolute"
                                       << "absolute path";
        QTest::newRow("write through absolute symlink") << "symlink-out"
                                                        << "symlink";
        QTest::newRow("hard link out") << "hardlink-out"
                                       << "points outside the image";
        QTest::newRow("hard link up") << "hardlink-up"
                                      << "points outside the image";
        QTest::newRow("device node") << "device"
                                     << "device node";
        QTest::newRow("truncated tar") << "truncated"
                                       << "truncated tar";
        QTest::newRow("not a tar") << "not-tar"
                                   << "not a tar archive";
        QTest::newRow("wrong layer digest") << "wrong-digest"
                                            << "wrong digest";
        QTest::newRow("wrong diff_id") << "wrong-diff"
                                       << "wrong digest";
        QTest::newRow("wrong manifest digest") << "wrong-manifest-digest"
                                               << "wrong digest";
        QTest::newRow("huge manifest") << "huge-index"
                                       << "larger than 4 MiB";
        QTest::newRow("index nested 400000 deep") << "deep-index"
                                                  << "index.json: nested deeper than 64 levels";
        QTest::newRow("digest of the wrong type") << "typed-index"
                                                  << "manifests[0].digest: expected a string, found number";
        QTest::newRow("missing blob") << "missing-blob"
                                      << "is missing";
        QTest::newRow("docker-archive not a tar") << "archive-not-tar"
                                                  << "not a tar archive";
        QTest::newRow("docker-archive with ../") << "archive-dotdot"
                                                 << "'..' component";
        QTest::newRow("a directory that is no image") << "plain-dir"
                                                      << "neither an OCI image layout";
    }

    void badInputIsOneErrorAndLeavesNothing() {
        QFETCH(QString, kind);
        QFETCH(QString, expected);
        const std::string k = kind.toStdString();
        const fs::path src = freshSource();
        OciLayoutBuilder oci(src);
        oci.addLayer(makeLayer(baseFiles()));  // a good lower layer: published only if all is good
        fs::path importPath = src;
        if (k == "dotdot") oci.addLayer(makeLayer({{"../../outside/escaped", 'f', "x"}}));
        if (k == "absolute") oci.addLayer(makeLayer({{(outside() / "abs").string(), 'f', "x"}}));
        if (k == "symlink-out")
            oci.addLayer(makeLayer({{"out", 'l', "", 0777, outside().string()}, {"out/pwned", 'f', "x"}}));
        if (k == "hardlink-out") oci.addLayer(makeLayer({{"passwd", 'h', "", 0644, "/etc/passwd"}}));
        if (k == "hardlink-up") oci.addLayer(makeLayer({{"passwd", 'h', "", 0644, "../../../etc/passwd"}}));
        if (k == "device")
            oci.addLayer(makeLayer({{"dev/", 'd', "", 0755}, {"dev/mem", 'c', "", 0600, "", 1, 1}}));
        if (k == "truncated") {
            const std::string full = makeTar({{"big", 'f', std::string(100000, 'z')}});
            oci.addLayer({full.substr(0, full.size() / 2), sha256Of(full)});
        }
        if (k == "not-tar") oci.addLayer({"this is not a tar archive at all\n", sha256Of("x")});
        if (k == "wrong-diff") {
            Layer l = makeLayer({{"f", 'f', "x"}});
            l.diffHex = sha256Of("something else");
            oci.addLayer(l);
        }
        if (k == "wrong-digest" || k == "missing-blob")
            oci.addLayer(makeLayer({{"f", 'f', "x"}}, Compression::Gzip));
        const std::string manifestDigest = oci.write("bad");
        if (k == "wrong-digest") {  // the top layer's blob replaced by other (valid) content
            const std::string top =
                nlohmann::json::parse(readAll(oci.blobFile(manifestDigest)))["layers"][1]["digest"];
            writeFile(oci.blobFile(top), makeTar({{"f", 'f', "y"}}, Compression::Gzip));
        }
        if (k == "missing-blob") {
            const std::string top =
                nlohmann::json::parse(readAll(oci.blobFile(manifestDigest)))["layers"][1]["digest"];
            fs::remove(oci.blobFile(top));
        }
        if (k == "wrong-manifest-digest")
            writeFile(oci.blobFile(manifestDigest), readAll(oci.blobFile(manifestDigest)) + " ");
        if (k == "huge-index") {
            nlohmann::json index = nlohmann::json::parse(readAll(src / "index.json"));
            index["annotations"] = {{"padding", std::string(5u << 20, 'x')}};
            writeFile(src / "index.json", index.dump());
        }
        if (k == "deep-index")
            writeFile(src / "index.json", "{\"schemaVersion\":2,\"manifests\":" + std::string(400000, '[') +
                                              std::string(400000, ']') + "}");
        if (k == "typed-index") {
            nlohmann::json index = nlohmann::json::parse(readAll(src / "index.json"));
            index["manifests"][0]["digest"] = 5;
            writeFile(src / "index.json", index.dump());
        }
        if (k == "plain-dir") importPath = outside();
        if (k == "archive-not-tar") {
            importPath = root() / "not-a-tar.tar";
            writeFile(importPath, std::string(4096, '\x07'));
        }
        if (k == "archive-dotdot") {
            importPath = root() / "dotdot.tar";
            writeFile(importPath, makeTar({{"manifest.json", 'f', "[]"}, {"../outside/evil", 'f', "x"}}));
        }

        ImageStore store(storeDir());
        const std::size_t layersBefore = entriesIn(store.root() / "layers");
        auto r = importImage(store, importPath, "");
        QVERIFY2(!r.ok(), k.c_str());
        const std::string msg = r.error().message();
        qInfo("%s", msg.c_str());
        QVERIFY2(msg.find(expected.toStdString()) != std::string::npos, msg.c_str());
        QVERIFY2(msg.find('\n') == std::string::npos, msg.c_str());  // one line
        QCOMPARE(entriesIn(outside()), std::size_t(0));              // nothing written outside the store
        QVERIFY(!fs::exists(root() / "escaped"));
        QCOMPARE(entriesIn(store.root() / "tmp"), std::size_t(0));     // staging removed
        QVERIFY(!fs::exists(store.root() / "repositories/bad.json"));  // no manifest
        // Only the good lower layer may have been published (it is complete and verified).
        QVERIFY(entriesIn(store.root() / "layers") <= layersBefore + 1);
        std::error_code ec;
        for (const auto& l : fs::directory_iterator(store.root() / "layers", ec))
            QVERIFY2(!fs::exists(l.path() / "f"), l.path().c_str());  // no part of a bad layer
    }
};

QTEST_GUILESS_MAIN(TestImageImport)
#include "test_image_import.moc"

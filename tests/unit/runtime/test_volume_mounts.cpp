// -v as people type it (runtime/lifecycle/request.h), and the copy-up of an image's directory into
// a volume (runtime/tree_copy.h) on a tree made as an attacker would: symlinks aimed at the host,
// a FIFO, a device-like leftover, setuid bits, a read-only directory, a chain deeper than allowed.
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <QTemporaryDir>
#include <QTest>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "core/unique_fd.h"
#include "runtime/lifecycle/request.h"
#include "runtime/tree_copy.h"

using namespace juxta;
using namespace juxta::runtime;
namespace fs = std::filesystem;

namespace {

UniqueFd openDir(const fs::path& p) {
    return UniqueFd(::open(p.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
}

void writeFile(const fs::path& p, const std::string& text) {
    std::ofstream(p) << text;
}

std::string readLink(const fs::path& p) {
    std::error_code ec;
    return fs::read_symlink(p, ec).string();
}

}  // namespace

class TestVolumeMounts : public QObject {
    Q_OBJECT
  private slots:
    void volumeFlagForms_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("source");
        QTest::addColumn<QString>("destination");
        QTest::addColumn<bool>("readOnly");
        QTest::addColumn<bool>("copyUp");
        QTest::newRow("anonymous") << "/data"
                                   << ""
                                   << "/data" << false << true;
        QTest::newRow("anonymous ro") << "/data:ro"
                                      << ""
                                      << "/data" << true << true;
        QTest::newRow("named") << "pgdata:/var/lib/db"
                               << "pgdata"
                               << "/var/lib/db" << false << true;
        QTest::newRow("named options") << "cache:/c:ro,nocopy"
                                       << "cache"
                                       << "/c" << true << false;
        QTest::newRow("bind") << "/srv/www:/www:ro"
                              << "/srv/www"
                              << "/www" << true << false;
        QTest::newRow("rw wins last") << "v1:/x:ro,rw"
                                      << "v1"
                                      << "/x" << false << true;
    }
    void volumeFlagForms() {
        QFETCH(QString, text);
        auto v = parseVolumeFlag(text.toStdString());
        QVERIFY2(v.ok(), v ? "" : v.error().message().c_str());
        QTEST(QString::fromStdString(v->source), "source");
        QTEST(QString::fromStdString(v->destination), "destination");
        QTEST(v->readOnly, "readOnly");
        QTEST(v->copyUp, "copyUp");
    }
    void badVolumeFlags_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("why");
        QTest::newRow("relative") << "data"
                                  << "must be absolute";
        QTest::newRow("relative target") << "v:data"
                                         << "must be absolute";
        QTest::newRow("four parts") << "a:/b:ro:x"
                                    << "expected [SOURCE:]/PATH[:OPTIONS]";
        QTest::newRow("bad name") << "../etc:/x"
                                  << "neither an absolute host path nor a volume name";
        QTest::newRow("empty source") << ":/x"
                                      << "the source is empty";
        QTest::newRow("unknown option") << "v:/x:exec"
                                        << "unknown option 'exec'";
        QTest::newRow("selinux") << "v:/x:Z"
                                 << "SELinux";
        QTest::newRow("nocopy bind") << "/srv:/x:nocopy"
                                     << "nocopy is for volumes";
    }
    void badVolumeFlags() {
        QFETCH(QString, text);
        QFETCH(QString, why);
        auto v = parseVolumeFlag(text.toStdString());
        QVERIFY(!v.ok());
        QVERIFY2(QString::fromStdString(v.error().message()).contains(why), v.error().message().c_str());
    }

    // What an image has is copied as it is: bytes, modes (setuid too), times, symlinks as
    // symlinks (never followed: "passwd -> /etc/passwd" stays a link), a FIFO skipped, a
    // read-only directory filled before its mode is set.
    void copiesTheTreeWithoutFollowingIt() {
        QTemporaryDir tmp;
        const fs::path from = fs::path(tmp.path().toStdString()) / "image";
        const fs::path to = fs::path(tmp.path().toStdString()) / "volume";
        fs::create_directories(from / "conf" / "sub");
        fs::create_directory(to);
        writeFile(from / "conf" / "app.ini", "port=80\n");
        writeFile(from / "run-me", "#!/bin/sh\n");
        ::chmod((from / "run-me").c_str(), 04755);
        fs::create_symlink("/etc/passwd", from / "passwd");
        fs::create_symlink("/", from / "host-root");
        fs::create_symlink("../../..", from / "conf" / "up");
        QCOMPARE(::mkfifo((from / "pipe").c_str(), 0644), 0);
        writeFile(from / "conf" / "sub" / "deep", "x");
        ::chmod((from / "conf" / "sub").c_str(), 0555);
        const timespec old[2] = {{1000000000, 0}, {1000000000, 0}};
        QCOMPARE(::utimensat(AT_FDCWD, (from / "conf" / "app.ini").c_str(), old, 0), 0);

        UniqueFd f = openDir(from), t = openDir(to);
        auto copied = copyTree(f.get(), t.get());
        QVERIFY2(copied.ok(), copied ? "" : copied.error().message().c_str());
        QCOMPARE(copied->files, std::uint64_t(3));
        QCOMPARE(copied->symlinks, std::uint64_t(3));
        QCOMPARE(copied->directories, std::uint64_t(2));
        QCOMPARE(copied->skipped, std::uint64_t(1));
        QVERIFY(fs::is_symlink(to / "passwd"));
        QCOMPARE(readLink(to / "passwd"), std::string("/etc/passwd"));
        QCOMPARE(readLink(to / "host-root"), std::string("/"));
        QCOMPARE(readLink(to / "conf" / "up"), std::string("../../.."));
        QVERIFY(!fs::exists(to / "pipe"));
        struct stat st {};
        QCOMPARE(::stat((to / "run-me").c_str(), &st), 0);
        QCOMPARE(st.st_mode & 07777, mode_t(04755));
        QCOMPARE(::stat((to / "conf" / "sub").c_str(), &st), 0);
        QCOMPARE(st.st_mode & 07777, mode_t(0555));
        QVERIFY(fs::exists(to / "conf" / "sub" / "deep"));
        QCOMPARE(::stat((to / "conf" / "app.ini").c_str(), &st), 0);
        QCOMPARE(st.st_mtim.tv_sec, time_t(1000000000));
        std::ifstream in(to / "conf" / "app.ini");
        std::string text((std::istreambuf_iterator<char>(in)), {});
        QCOMPARE(text, std::string("port=80\n"));
        auto empty = isEmptyDirectory(t.get());
        QVERIFY(empty.ok() && !*empty);
        ::chmod((from / "conf" / "sub").c_str(), 0755);
    }

    // The attributes a file's use depends on come along — file capabilities (after the chown that
    // would clear them), ACLs, user.* — and trusted.* (overlayfs' own) never does.
    void extendedAttributesComeAlong() {
        QTemporaryDir tmp;
        const fs::path from = fs::path(tmp.path().toStdString()) / "image";
        const fs::path to = fs::path(tmp.path().toStdString()) / "volume";
        fs::create_directories(from / "dir");
        fs::create_directory(to);
        writeFile(from / "ping", "binary");
        // VFS_CAP_REVISION_2, effective, permitted = CAP_NET_RAW (13): as `setcap cap_net_raw+ep`.
        const unsigned char cap[20] = {0x01, 0x00, 0x00, 0x02, 0x00, 0x20, 0x00, 0x00};
        if (::setxattr((from / "ping").c_str(), "security.capability", cap, sizeof cap, 0) != 0)
            QSKIP("this filesystem takes no security.capability here");
        QCOMPARE(::setxattr((from / "dir").c_str(), "user.note", "kept", 4, 0), 0);
        QCOMPARE(::setxattr((from / "ping").c_str(), "trusted.overlay.opaque", "y", 1, 0), 0);
        UniqueFd f = openDir(from), t = openDir(to);
        auto copied = copyTree(f.get(), t.get());
        QVERIFY2(copied.ok(), copied ? "" : copied.error().message().c_str());
        unsigned char got[64] = {};
        QCOMPARE(::getxattr((to / "ping").c_str(), "security.capability", got, sizeof got),
                 ssize_t(sizeof cap));
        QVERIFY(std::memcmp(got, cap, sizeof cap) == 0);
        char note[8] = {};
        QCOMPARE(::getxattr((to / "dir").c_str(), "user.note", note, sizeof note), ssize_t(4));
        QCOMPARE(std::string(note, 4), std::string("kept"));
        QCOMPARE(::getxattr((to / "ping").c_str(), "trusted.overlay.opaque", note, sizeof note), ssize_t(-1));
    }

    // Hard links stay links: a file linked a thousand times is copied once (an image cannot
    // multiply its bytes on the host's disk through a volume).
    void hardLinksAreLinked() {
        QTemporaryDir tmp;
        const fs::path from = fs::path(tmp.path().toStdString()) / "image";
        const fs::path to = fs::path(tmp.path().toStdString()) / "volume";
        fs::create_directories(from / "links");
        fs::create_directory(to);
        writeFile(from / "big", std::string(1 << 20, 'x'));
        for (int i = 0; i < 1000; ++i) fs::create_hard_link(from / "big", from / "links" / std::to_string(i));
        UniqueFd f = openDir(from), t = openDir(to);
        auto copied = copyTree(f.get(), t.get());
        QVERIFY2(copied.ok(), copied ? "" : copied.error().message().c_str());
        QCOMPARE(copied->files, std::uint64_t(1));
        QCOMPARE(copied->hardLinks, std::uint64_t(1000));
        QCOMPARE(copied->bytes, std::uint64_t(1) << 20);
        QCOMPARE(fs::hard_link_count(to / "big"), std::uintmax_t(1001));
    }

    // The bounds: more entries than allowed (E2BIG), or a filesystem at its floor of free space
    // (ENOSPC); each stops the copy and leaves the volume as empty as it was.
    void boundsStopTheCopy() {
        QTemporaryDir tmp;
        const fs::path from = fs::path(tmp.path().toStdString()) / "image";
        const fs::path to = fs::path(tmp.path().toStdString()) / "volume";
        fs::create_directories(from / "d");
        fs::create_directory(to);
        for (int i = 0; i < 20; ++i) writeFile(from / "d" / std::to_string(i), "x");
        UniqueFd f = openDir(from), t = openDir(to);
        TreeCopyLimits few;
        few.maxEntries = 10;
        auto tooMany = copyTree(f.get(), t.get(), few);
        QVERIFY(!tooMany.ok());
        QCOMPARE(tooMany.error().code(), E2BIG);
        QVERIFY(*isEmptyDirectory(t.get()));
        TreeCopyLimits full;
        full.minFreeBytes = ~std::uint64_t(0);
        auto noSpace = copyTree(f.get(), t.get(), full);
        QVERIFY(!noSpace.ok());
        QCOMPARE(noSpace.error().code(), ENOSPC);
        QVERIFY(*isEmptyDirectory(t.get()));
    }

    // A chain of directories deeper than kMaxCopyDepth is refused by name, and what had been
    // copied before the refusal is gone: the volume is as empty as it was.
    void tooDeepIsRefusedAndNothingStays() {
        QTemporaryDir tmp;
        const fs::path from = fs::path(tmp.path().toStdString()) / "image";
        const fs::path to = fs::path(tmp.path().toStdString()) / "volume";
        fs::create_directories(from);
        fs::create_directory(to);
        writeFile(from / "a-first-file", "copied, then removed");
        UniqueFd dir = openDir(from);
        for (int i = 0; i <= kMaxCopyDepth + 1; ++i) {
            QCOMPARE(::mkdirat(dir.get(), "d", 0755), 0);
            dir = UniqueFd(::openat(dir.get(), "d", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
            QVERIFY(dir);
        }
        UniqueFd f = openDir(from), t = openDir(to);
        auto copied = copyTree(f.get(), t.get());
        QVERIFY(!copied.ok());
        QCOMPARE(copied.error().code(), ELOOP);
        QVERIFY2(copied.error().message().find("deeper than") != std::string::npos,
                 copied.error().message().c_str());
        auto empty = isEmptyDirectory(t.get());
        QVERIFY(empty.ok() && *empty);
    }
};

QTEST_GUILESS_MAIN(TestVolumeMounts)
#include "test_volume_mounts.moc"

// Rootless id mapping: subuid/subgid parsing and the plan made from them (no privileges needed;
// the maps themselves are written in tests/integration/runtime/test_rootless.cpp).
#include <unistd.h>

#include <QTemporaryDir>
#include <QTest>
#include <filesystem>
#include <fstream>

#include "runtime/overlay.h"
#include "runtime/user_namespace.h"

using namespace juxta::runtime;
namespace fs = std::filesystem;

class TestUserNamespace : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

    fs::path file(const char* name, const std::string& text) {
        const fs::path p = fs::path(dir_.path().toStdString()) / name;
        std::ofstream(p) << text;
        return p;
    }

  private slots:
    void rangesByNameOrUid() {
        const fs::path f = file("subuid",
                                "alice:100000:65536\n"
                                "bob:165536:65536\n"
                                "1234:231072:1000\n"
                                "broken line\n"
                                "carol:x:10\n"
                                "alice:400000:10\n");
        auto alice = subordinateRanges(f, "alice", 1000);
        QCOMPARE(alice.size(), std::size_t(2));
        QCOMPARE(alice[0].outside, 100000u);
        QCOMPARE(alice[0].count, 65536u);
        QCOMPARE(alice[1].outside, 400000u);
        auto byUid = subordinateRanges(f, "dave", 1234);
        QCOMPARE(byUid.size(), std::size_t(1));
        QCOMPARE(byUid[0].outside, 231072u);
        QVERIFY(subordinateRanges(f, "carol", 1001).empty());  // a malformed line is skipped
        QVERIFY(subordinateRanges(f, "eve", 1002).empty());
        QVERIFY(subordinateRanges(dir_.path().toStdString() + "/missing", "alice", 1000).empty());
    }

    void withoutARangeOnlyTheCallerIsMapped() {
        const fs::path none = file("empty", "");
        const IdMapping m = planIdMapping(none, none);
        QVERIFY(!m.subordinate);
        QCOMPARE(m.uids.size(), std::size_t(1));
        QCOMPARE(m.uids[0].inside, 0u);
        QCOMPARE(m.uids[0].outside, uint32_t(::geteuid()));
        QCOMPARE(m.uids[0].count, 1u);
        QVERIFY(m.mapsUid(0));
        QVERIFY(!m.mapsUid(1));
        QVERIFY2(m.describe().find(" only (no range for ") != std::string::npos, m.describe().c_str());
    }

    void aRangeMapsOneToSixtyFiveThousand() {
        const std::string line = std::to_string(::geteuid()) + ":500000:70000\n";
        const IdMapping m = planIdMapping(file("subuid2", line), file("subgid2", line));
        if (!fs::exists("/usr/bin/newuidmap") && !fs::exists("/bin/newuidmap")) {
            QVERIFY(!m.subordinate);
            QVERIFY2(m.why.find("uidmap") != std::string::npos, m.why.c_str());
            return;
        }
        QVERIFY(m.subordinate);
        QCOMPARE(m.uids.size(), std::size_t(2));
        QCOMPARE(m.uids[1].inside, 1u);
        QCOMPARE(m.uids[1].outside, 500000u);
        QCOMPARE(m.uids[1].count, 65535u);  // capped: ids 1..65535 inside
        QVERIFY(m.mapsUid(65535));
        QVERIFY(!m.mapsUid(65536));
        QVERIFY(m.mapsGid(1000));
        QVERIFY2(m.describe().find("1..65535 → 500000..565534") != std::string::npos, m.describe().c_str());
    }

    void rootlessOverlayUsesUserXattrs() {
        QVERIFY(overlayOptions({"/l/a"}, "/u", "/w", true)->ends_with(",userxattr"));
        QVERIFY(overlayOptions({"/l/a"}, "/u", "/w")->find("userxattr") == std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestUserNamespace)
#include "test_user_namespace.moc"

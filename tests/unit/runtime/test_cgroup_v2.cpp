// The cgroup v2 backend over a cgroup v2 tree laid out in a temporary directory: the files the
// kernel would create, with contents the test controls, and what the backend writes back.
#include <QTemporaryDir>
#include <QTest>
#include <filesystem>
#include <fstream>

#include "runtime/cgroup.h"
#include "runtime/cgroup_files.h"
#include "runtime/cgroup_none.h"
#include "runtime/cgroup_v1.h"
#include "runtime/cgroup_v2.h"

using namespace juxta;
using namespace juxta::runtime;
namespace fs = std::filesystem;

namespace {

void put(const fs::path& file, const std::string& content) {
    fs::create_directories(file.parent_path());
    std::ofstream(file) << content;
}

std::string get(const fs::path& file) {
    return *juxta::readFile(file);
}

// What the kernel shows at the root, at juxta/ and at juxta/<id>/ (interface files only).
void layOutTree(const fs::path& root, const std::string& id, const std::string& controllers) {
    for (const fs::path& dir : {root, root / "juxta", root / "juxta" / id}) {
        put(dir / "cgroup.controllers", controllers + "\n");
        put(dir / "cgroup.subtree_control", "");
        put(dir / "cgroup.procs", "");
    }
    const fs::path c = root / "juxta" / id;
    for (const char* f :
         {"memory.max", "memory.swap.max", "cpu.max", "cpu.weight", "pids.max", "cgroup.freeze"})
        put(c / f, "");
    put(c / "cpu.stat", "usage_usec 2500\nuser_usec 2000\nsystem_usec 500\n");
    put(c / "memory.current", "1048576\n");
    put(c / "memory.peak", "4194304\n");
    put(c / "memory.events", "low 0\nhigh 0\nmax 3\noom 1\noom_kill 1\n");
    put(c / "pids.current", "3\n");
    put(c / "io.stat",
        "8:0 rbytes=4096 wbytes=8192 rios=1 wios=2 dbytes=0 dios=0\n"
        "8:16 rbytes=100 wbytes=0 rios=1 wios=0 dbytes=0 dios=0\n");
    put(c / "cgroup.events", "populated 1\nfrozen 1\n");
}

}  // namespace

class TestCgroupV2 : public QObject {
    Q_OBJECT
  private slots:
    // The null backend of a rootless container: no limits, no pause (with the reason), stats
    // from what the container measures, nothing to destroy; never made by createCgroup().
    void noCgroupHoldsNothingAndSaysWhy() {
        int measured = 0;
        NoCgroup none("web", [&]() -> Result<CgroupStats> {
            ++measured;
            CgroupStats s;
            s.memoryCurrent = 4096;
            s.fromProcesses = true;
            return s;
        });
        QCOMPARE(none.version(), CgroupVersion::None);
        QVERIFY(none.setLimits({}).ok());
        Limits limits;
        limits.pidsMax = 10;
        auto refused = none.setLimits(limits);
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().code(), EINVAL);
        QVERIFY(refused.error().message().find("web") != std::string::npos);
        for (Status st : {none.freeze(), none.thaw()}) {
            QVERIFY(!st.ok());
            QCOMPARE(st.error().code(), ENOTSUP);
            QVERIFY(st.error().message().find("web") != std::string::npos);
        }
        auto stats = none.stats();
        QVERIFY(stats.ok());
        QCOMPARE(measured, 1);
        QCOMPARE(stats->memoryCurrent, int64_t(4096));
        QVERIFY(none.join(0).ok());
        QVERIFY(none.selfJoinFiles().empty());
        QCOMPARE(none.directoryFd(), -1);
        QVERIFY(none.destroy().ok());
        QTemporaryDir tmp;
        auto made = createCgroup("c0", tmp.path().toStdString(), CgroupVersion::None);
        QVERIFY(!made.ok());
        QCOMPARE(made.error().code(), EINVAL);
    }

    void createEnablesControllersAndAppliesLimits() {
        QTemporaryDir tmp;
        const fs::path root = tmp.path().toStdString();
        layOutTree(root, "c1", "cpuset cpu io memory hugetlb pids");
        auto cg = CgroupV2::create("c1", root);
        QVERIFY2(cg.ok(), cg.ok() ? "" : cg.error().message().c_str());
        QCOMPARE((*cg)->version(), CgroupVersion::V2);
        QVERIFY((*cg)->directoryFd() >= 0);  // for clone3(CLONE_INTO_CGROUP)
        // Each controller enabled with its own write; the fake file keeps the last one.
        QCOMPARE(get(root / "juxta" / "cgroup.subtree_control"), std::string("+io"));

        Limits limits;
        limits.memoryBytes = 256 << 20;
        limits.cpus = 1.5;
        limits.cpuWeight = 200;
        limits.pidsMax = 128;
        QVERIFY((*cg)->setLimits(limits).ok());
        const fs::path c = root / "juxta" / "c1";
        QCOMPARE(get(c / "memory.max"), std::string("268435456"));
        QCOMPARE(get(c / "memory.swap.max"), std::string("0"));
        QCOMPARE(get(c / "cpu.max"), std::string("150000 100000"));
        QCOMPARE(get(c / "cpu.weight"), std::string("200"));
        QCOMPARE(get(c / "pids.max"), std::string("128"));
        QCOMPARE((*cg)->selfJoinFiles(), std::vector<fs::path>{c / "cgroup.procs"});
        QVERIFY((*cg)->join(4242).ok());
        QCOMPARE(get(c / "cgroup.procs"), std::string("4242"));
    }
    void statsAreParsed() {
        QTemporaryDir tmp;
        const fs::path root = tmp.path().toStdString();
        layOutTree(root, "c2", "cpu io memory pids");
        auto cg = CgroupV2::create("c2", root);
        QVERIFY(cg.ok());
        auto s = (*cg)->stats();
        QVERIFY(s.ok());
        QCOMPARE(s->cpuUsageNs, int64_t(2'500'000));
        QCOMPARE(s->memoryCurrent, int64_t(1 << 20));
        QCOMPARE(s->memoryPeak, int64_t(4 << 20));
        QCOMPARE(s->pids, int64_t(3));
        QCOMPARE(s->ioReadBytes, int64_t(4196));
        QCOMPARE(s->ioWriteBytes, int64_t(8192));
        QCOMPARE(s->oomKills, int64_t(1));
    }
    void freezeWritesAndWaitsForFrozen() {
        QTemporaryDir tmp;
        const fs::path root = tmp.path().toStdString();
        layOutTree(root, "c3", "cpu io memory pids");
        auto cg = CgroupV2::create("c3", root);
        QVERIFY(cg.ok());
        const fs::path c = root / "juxta" / "c3";
        QVERIFY((*cg)->freeze().ok());
        QCOMPARE(get(c / "cgroup.freeze"), std::string("1"));
        QVERIFY((*cg)->thaw().ok());
        QCOMPARE(get(c / "cgroup.freeze"), std::string("0"));
        put(c / "cgroup.events", "populated 1\nfrozen 0\n");  // tasks that never stop
        auto st = (*cg)->freeze();
        QVERIFY(!st.ok());
        QCOMPARE(st.error().code(), ETIMEDOUT);
    }
    void missingControllerIsReportedNotIgnored() {
        // This build machine's unified hierarchy: every controller is bound to v1.
        QTemporaryDir tmp;
        const fs::path root = tmp.path().toStdString();
        layOutTree(root, "c4", "hugetlb");
        auto cg = CgroupV2::create("c4", root);
        QVERIFY(cg.ok());
        Limits limits;
        limits.memoryBytes = 64 << 20;
        auto st = (*cg)->setLimits(limits);
        QVERIFY(!st.ok());
        QVERIFY2(QString::fromStdString(st.error().message()).contains("memory controller is not available"),
                 st.error().message().c_str());
        QVERIFY((*cg)->setLimits(Limits{}).ok());  // no limits asked: nothing needed
    }
    void destroyRemovesTheDirectory() {
        QTemporaryDir tmp;
        const fs::path root = tmp.path().toStdString();
        layOutTree(root, "c5", "memory pids");
        auto cg = CgroupV2::create("c5", root);
        QVERIFY(cg.ok());
        const fs::path c = root / "juxta" / "c5";
        for (const auto& e : fs::directory_iterator(c)) fs::remove(e.path());  // cgroupfs has no real files
        QVERIFY((*cg)->destroy().ok());
        QVERIFY(!fs::exists(c));
        QVERIFY((*cg)->destroy().ok());  // twice is fine
    }
    void versionDetection() {
        QTemporaryDir tmp;
        const fs::path root = tmp.path().toStdString();
        QVERIFY(!detectCgroupVersion(root).ok());
        fs::create_directories(root / "memory");
        QCOMPARE(*detectCgroupVersion(root), CgroupVersion::V1);
        if (fs::exists("/sys/fs/cgroup/cgroup.controllers"))
            QCOMPARE(*detectCgroupVersion("/sys/fs/cgroup"), CgroupVersion::V2);
        else if (fs::exists("/sys/fs/cgroup/unified/cgroup.controllers"))
            QCOMPARE(*detectCgroupVersion("/sys/fs/cgroup/unified"), CgroupVersion::V2);
    }
    void v1SharesFromWeight() {
        QCOMPARE(cpuSharesFromWeight(1), int64_t(2));
        QCOMPARE(cpuSharesFromWeight(100), int64_t(2597));  // runc's conversion of the default weight
        QCOMPARE(cpuSharesFromWeight(10000), int64_t(262144));
    }
};

QTEST_GUILESS_MAIN(TestCgroupV2)
#include "test_cgroup_v2.moc"

// The host probe on fake trees (proc/, sys/, dev/ under a temp dir): each KVM kind and cgroup layout
// is recognised and described with what to do, and so is a root that is no mount point (a fake
// tree's root is a plain directory, as a chroot's may be); and on this real host.
#include <sys/wait.h>
#include <unistd.h>

#include <QTemporaryDir>
#include <QTest>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/host_root.h"
#include "metrics/host_probe.h"

using namespace juxta;
namespace fs = std::filesystem;

namespace {

const char* kV1Mounts =
    "31 23 0:28 / /sys/fs/cgroup rw - tmpfs tmpfs rw,mode=755\n"
    "32 31 0:29 / /sys/fs/cgroup/cpu,cpuacct rw - cgroup cgroup rw,cpu,cpuacct\n"
    "35 31 0:32 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n"
    "39 31 0:36 / /sys/fs/cgroup/pids rw - cgroup cgroup rw,pids\n"
    "40 31 0:37 / /sys/fs/cgroup/systemd rw - cgroup cgroup rw,xattr,name=systemd\n";
const char* kUnifiedMount = "41 31 0:38 / /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw\n";
const char* kV2Mount = "30 23 0:27 / /sys/fs/cgroup rw,nosuid - cgroup2 cgroup2 rw,nsdelegate\n";

struct FakeHost {
    QTemporaryDir dir;
    fs::path root() const { return dir.path().toStdString(); }
    void write(const std::string& rel, const std::string& text) {
        fs::create_directories((root() / rel).parent_path());
        std::ofstream(root() / rel) << text;
    }
    FakeHost(const std::string& cpuFlags, const std::string& mountinfo) {
        write("proc/cpuinfo", "processor\t: 0\nmodel name\t: Test CPU\nflags\t\t: fpu " + cpuFlags +
                                  " sse\n\n"
                                  "processor\t: 1\nmodel name\t: Test CPU\nflags\t\t: fpu " +
                                  cpuFlags + " sse\n");
        write("proc/meminfo", "MemTotal: 1024 kB\nMemAvailable: 512 kB\n");
        write("proc/self/mountinfo", mountinfo);
        write("proc/filesystems", "nodev\tcgroup2\nnodev\toverlay\n");
        write("proc/sys/user/max_user_namespaces", "100\n");
    }
};

QString kind(KvmKind k) {
    return QString::fromStdString(toString(k));
}
QString kind(const HostCapabilities& c) {
    return kind(c.kvm);
}

}  // namespace

class TestHostProbe : public QObject {
    Q_OBJECT
  private slots:
    void noDevKvmIsAbsent() {
        FakeHost h("vmx", kV1Mounts);
        auto c = probeHost(h.root());
        QCOMPARE(kind(c.kvm), kind(KvmKind::Absent));
        QVERIFY(c.kvmDetail.find("enable virtualization") != std::string::npos);
        QCOMPARE(c.cpuCount, 2);
        QCOMPARE(c.cpuModel, std::string("Test CPU"));
        QCOMPARE(c.memoryTotal, 1024.0 * 1024);
    }
    void vmxIsHardware() {
        FakeHost h("vmx", kV1Mounts);
        h.write("dev/kvm", "");
        auto c = probeHost(h.root());
        QCOMPARE(kind(c.kvm), kind(KvmKind::Hardware));
        QCOMPARE(c.kvmVendor, std::string("Intel VT-x"));
        QVERIFY(c.stockGuestsBoot);
    }
    void svmIsHardware() {
        FakeHost h("svm", kV2Mount);
        h.write("dev/kvm", "");
        QCOMPARE(probeHost(h.root()).kvmVendor, std::string("AMD-V"));
    }
    void pvmModuleIsPvmAndSaysStockGuestsCannotBoot() {
        FakeHost h("", kV1Mounts);
        h.write("dev/kvm", "");
        fs::create_directories(h.root() / "sys/module/kvm_pvm");
        auto c = probeHost(h.root());
        QCOMPARE(kind(c.kvm), kind(KvmKind::Pvm));
        QVERIFY(!c.stockGuestsBoot);
        QVERIFY(c.kvmDetail.find("stock Linux guests") != std::string::npos);
    }
    void unopenableDevKvmIsNoPermission() {
        FakeHost h("vmx", kV1Mounts);
        h.write("dev/kvm", "");
        fs::permissions(h.root() / "dev/kvm", fs::perms::owner_read | fs::perms::owner_write);
        if (geteuid() != 0) {
            fs::permissions(h.root() / "dev/kvm", fs::perms::none);
            QCOMPARE(kind(probeHost(h.root())), kind(KvmKind::NoPermission));
            return;
        }
        // Root opens anything: probe as nobody in a child, like a user outside group kvm.
        fs::permissions(h.root(), fs::perms::all, fs::perm_options::add);
        for (fs::path p = h.root(); p != p.root_path(); p = p.parent_path())
            fs::permissions(p, fs::perms::others_exec, fs::perm_options::add);
        fs::permissions(h.root() / "dev", fs::perms::all, fs::perm_options::add);
        int pipeFd[2];
        QVERIFY(pipe(pipeFd) == 0);
        pid_t pid = fork();
        if (pid == 0) {
            if (setgid(65534) != 0 || setuid(65534) != 0) _exit(3);
            auto c = probeHost(h.root());
            bool ok = c.kvm == KvmKind::NoPermission && c.kvmDetail.find("group kvm") != std::string::npos;
            _exit(ok ? 0 : 1);
        }
        int status = 0;
        waitpid(pid, &status, 0);
        QVERIFY(WIFEXITED(status));
        QCOMPARE(WEXITSTATUS(status), 0);
    }
    void cgroupLayouts_data() {
        QTest::addColumn<QString>("mountinfo");
        QTest::addColumn<int>("mode");
        QTest::addColumn<QString>("controllersOn");
        QTest::newRow("v1") << QString(kV1Mounts) << int(CgroupMode::V1) << "v1";
        QTest::newRow("v2") << QString(kV2Mount) << int(CgroupMode::V2) << "v2";
        QTest::newRow("hybrid") << QString(kV1Mounts) + kUnifiedMount << int(CgroupMode::Hybrid) << "v1";
        QTest::newRow("none") << QString("22 1 0:21 / /proc rw - proc proc rw\n") << int(CgroupMode::None)
                              << "none";
    }
    void cgroupLayouts() {
        QFETCH(QString, mountinfo);
        QFETCH(int, mode);
        QFETCH(QString, controllersOn);
        FakeHost h("vmx", mountinfo.toStdString());
        h.write("sys/fs/cgroup/cgroup.controllers", "cpu memory pids\n");
        h.write("sys/fs/cgroup/unified/cgroup.controllers", "hugetlb\n");
        auto c = probeHost(h.root());
        QCOMPARE(int(c.cgroupMode), mode);
        QCOMPARE(QString::fromStdString(c.cgroupControllersOn), controllersOn);
        if (c.cgroupMode == CgroupMode::V2)
            QCOMPARE(c.cgroupV2Controllers, (std::vector<std::string>{"cpu", "memory", "pids"}));
        if (c.cgroupMode == CgroupMode::V1 || c.cgroupMode == CgroupMode::Hybrid)
            QCOMPARE(c.cgroupV1Controllers, (std::vector<std::string>{"cpu", "cpuacct", "memory", "pids"}));
        if (c.cgroupMode == CgroupMode::Hybrid)
            QCOMPARE(c.cgroupV2Controllers, std::vector<std::string>{"hugetlb"});
    }
    void missingPiecesBecomeWarnings() {
        FakeHost h("", "");
        h.write("proc/filesystems", "nodev\tproc\n");
        h.write("proc/sys/user/max_user_namespaces", "0\n");
        auto c = probeHost(h.root());
        QVERIFY(!c.overlayfs);
        QVERIFY(!c.tun);
        QVERIFY(!c.userNamespaces);
        QVERIFY(c.warnings.size() >= 4);  // kvm, cgroups, overlayfs, tun
    }
    void mountRootsAreToldFromPlainDirectories() {
        if (fs::exists("/proc/self"))
            QCOMPARE(isMountRoot("/proc").value(), true);  // procfs is mounted there
        QTemporaryDir plain;
        auto r = isMountRoot(plain.path().toStdString());
        QVERIFY2(r.ok(), r.ok() ? "" : r.error().message().c_str());
        QVERIFY(!*r);
        auto missing = isMountRoot("/nonexistent/juxta");
        QVERIFY(!missing.ok());
        QVERIFY(missing.error().message().find("/nonexistent/juxta") != std::string::npos);
    }
    void rootThatIsNoMountPointIsReported() {
        FakeHost h("vmx", kV1Mounts);  // its root is a plain temporary directory
        auto c = probeHost(h.root());
        QVERIFY(!c.rootIsMountPoint);
        QVERIFY(c.rootMountDetail.find(kRootNotAMountPoint) != std::string::npos);
        QVERIFY(std::find(c.warnings.begin(), c.warnings.end(), c.rootMountDetail) != c.warnings.end());
        auto j = nlohmann::json::parse(toJson(c));
        QCOMPARE(j["root_filesystem"]["mount_point"].get<bool>(), false);
        QCOMPARE(j["root_filesystem"]["detail"].get<std::string>(), c.rootMountDetail);
    }
    void mountErrorNamesTheChrootOnlyWhenThatIsTheCause() {
        QCOMPARE(rootMountError("make mounts private", EPERM).message(),
                 std::string("make mounts private: Operation not permitted"));
        const Error e = rootMountError("make mounts private", EINVAL);
        QCOMPARE(e.code(), EINVAL);
        const bool plainRoot = !isMountRoot("/").value();  // this suite itself may run in a chroot
        QCOMPARE(e.message().find(kRootNotAMountPoint) != std::string::npos, plainRoot);
        if (!plainRoot) QCOMPARE(e.message(), std::string("make mounts private: Invalid argument"));
    }
    void thisHostAsJson() {
        auto j = nlohmann::json::parse(toJson(probeHost()));
        QVERIFY(j.contains("kvm") && j["kvm"].contains("kind"));
        const bool pvm = fs::exists("/sys/module/kvm_pvm");
        const bool devKvm = fs::exists("/dev/kvm");
        if (pvm && devKvm && geteuid() == 0)
            QCOMPARE(j["kvm"]["kind"].get<std::string>(), std::string("pvm"));
        if (!devKvm) QCOMPARE(j["kvm"]["kind"].get<std::string>(), std::string("absent"));
        QVERIFY(j["cpu"]["count"].get<int>() >= 1);
        QCOMPARE(j["root_filesystem"]["mount_point"].get<bool>(), isMountRoot("/").value());
    }
};

QTEST_GUILESS_MAIN(TestHostProbe)
#include "test_host_probe.moc"

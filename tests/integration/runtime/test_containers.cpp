// Real containers from the runtime's API: isolation, hardening, limits, overlay, lifecycle, and
// nothing left behind.
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <QTest>
#include <filesystem>
#include <fstream>
#include <thread>

#include "container_fixture.h"
#include "runtime/capabilities.h"

using namespace juxta;
using namespace juxta::runtime;
namespace fs = std::filesystem;

namespace {

QString q(const std::string& s) {
    return QString::fromStdString(s);
}

std::vector<std::string> sh(const std::string& script) {
    return {"sh", "-c", script};
}

}  // namespace

class TestContainers : public QObject {
    Q_OBJECT
    testing::ContainerFixture fx;
    std::vector<std::string> ids;  // every container started, checked for leftovers at the end

    ContainerSpec spec(const std::string& script) {
        ContainerSpec s = fx.spec(sh(script));
        ids.push_back(s.id);
        return s;
    }

  private slots:
    void initTestCase() {
        if (auto why = fx.setUp(); !why.empty()) QSKIP(why.c_str());
    }

    void pidOneHostnameAndNoHostProcesses() {
        ContainerSpec s = spec("echo pid=$$; hostname; ls /proc | grep -c '^[0-9]'");
        s.hostname = "box-one";
        auto r = fx.run(s);
        QCOMPARE(r.exit.code, 0);
        const QStringList lines = q(r.output).split('\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.value(0), QString("pid=1"));
        QCOMPARE(lines.value(1), QString("box-one"));
        QVERIFY2(lines.value(2).toInt() <= 4, r.output.c_str());  // sh, ls, grep: no host processes
    }

    void filesystemAndDevices() {
        auto r =
            fx.run(spec("cat /proc/self/mountinfo; ls /dev; ls /sys/class/net; cat /proc/kcore | wc -c; "
                        "ls /sys/firmware | wc -l; test -c /dev/null && echo null-ok"));
        QCOMPARE(r.exit.code, 0);
        const QString out = q(r.output);
        QVERIFY2(out.contains(QRegularExpression(" / / \\S+ - overlay overlay ")), qPrintable(out));
        QVERIFY(out.contains(QRegularExpression(" /proc/sys ro,")));
        if (fs::exists("/proc/sysrq-trigger"))  // absent on kernels without CONFIG_MAGIC_SYSRQ
            QVERIFY(out.contains(QRegularExpression(" /proc/sysrq-trigger ro,")));
        QVERIFY(out.contains(QRegularExpression(" /sys ro,")));
        QVERIFY(out.contains(QRegularExpression(" /dev/pts .* - devpts ")));
        QVERIFY(!out.contains(" /work "));  // nothing of the host's tree
        for (const char* node : {"null", "zero", "full", "random", "urandom", "tty", "ptmx", "pts", "shm"})
            QVERIFY2(out.contains(QRegularExpression(QString("\\n%1\\n").arg(node))), node);
        QVERIFY(out.contains("\nlo\n"));  // the network namespace has loopback only
        QVERIFY(!out.contains("eth0"));
        QVERIFY(out.contains("null-ok"));
        const QStringList lines = out.split('\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.value(lines.size() - 3), QString("0"));  // /proc/kcore masked
        QCOMPARE(lines.value(lines.size() - 2), QString("0"));  // /sys/firmware masked
    }

    void capabilitiesSeccompAndNoNewPrivs() {
        auto r = fx.run(spec("grep -E '^(CapBnd|CapEff|CapAmb|NoNewPrivs|Seccomp):' /proc/self/status"));
        QCOMPARE(r.exit.code, 0);
        const QString out = q(r.output);
        const QString docker = QString("%1").arg(dockerDefaultCapabilities().bits, 16, 16, QChar('0'));
        QVERIFY2(out.contains("CapBnd:\t" + docker), qPrintable(out));
        QVERIFY(out.contains("CapEff:\t" + docker));
        QVERIFY(out.contains("CapAmb:\t0000000000000000"));
        QVERIFY(out.contains("NoNewPrivs:\t1"));
        QVERIFY(out.contains("Seccomp:\t2"));
    }

    void mountRebootAndSysrqAreDenied() {
        // 'h' only prints sysrq help to the kernel log, in case the write were ever let through.
        auto r =
            fx.run(spec("mount -t tmpfs none /mnt; echo mount=$?; reboot -f; echo reboot=$?; "
                        "echo h > /proc/sysrq-trigger; echo sysrq=$?; "
                        "echo x > /proc/sys/kernel/domainname; echo sysctl=$?; "
                        "unshare -n true; echo unshare=$?; mknod /tmp/sda b 8 0 && head -c1 /tmp/sda; "
                        "echo blockdev=$?"));
        const QString out = q(r.output);
        QVERIFY2(out.contains("mount=255") || out.contains("mount=1"), qPrintable(out));
        QVERIFY2(out.contains("Operation not permitted"), qPrintable(out));
        QVERIFY(!out.contains("reboot=0"));
        QVERIFY(out.contains("sysrq=1") || out.contains("sysrq=2"));
        QVERIFY(out.contains("Read-only file system"));  // /proc/sys (and /proc/sysrq-trigger where present)
        QVERIFY(!out.contains("sysctl=0"));
        QVERIFY(!out.contains("unshare=0"));
        QVERIFY2(!out.contains("blockdev=0"),
                 qPrintable(out));  // mknod allowed, access denied (devices cgroup)
    }

    void seccompAllowsWhatDockerAllowsOnly() {
        // The probe (static, read-only bind mount) makes each call; busybox's sh runs it.
        ContainerSpec s = spec("/probe/seccomp-probe && echo sh=ok");
        const std::filesystem::path probe = SECCOMP_PROBE;
        s.mounts.push_back({MountSpec::Kind::Bind, probe.parent_path(), "/probe", true, {}});
        auto r = fx.run(s);
        QCOMPARE(r.exit.code, 0);
        const QStringList lines = q(r.output).split('\n', Qt::SkipEmptyParts);
        const QStringList expected = {
            // not on the list, or not with these arguments: EPERM from the filter
            "nr1000=EPERM", "kexec_file_load=EPERM", "open_tree=EPERM", "clone_newuser=EPERM",
            "unshare_newuser=EPERM", "socket_vsock=EPERM", "socket_vsock_high_bits=EPERM", "socket_alg=EPERM",
            "personality_0x1000000=EPERM", "io_uring_setup=EPERM",
            // allowed: ordinary calls reach the kernel
            "socket_unix=ok", "personality_query=ok", "getrandom=ok", "statmount=EFAULT", "thread=ok",
            "sh=ok"};
        for (const QString& line : expected)
            QVERIFY2(lines.contains(line), qPrintable(line + " in:\n" + q(r.output)));
    }

    void memoryLimitOomKillsAndReports() {
        ContainerSpec s = spec("tail /dev/zero");  // buffers a line that never ends
        s.limits.memoryBytes = 16 << 20;
        auto r = fx.run(s);
        QVERIFY2(r.exit.oomKilled, qPrintable(q(r.exit.describe() + " " + r.output)));
        QCOMPARE(r.exit.signal, SIGKILL);
        QCOMPARE(r.exit.shellCode(), 137);
        QCOMPARE(q(r.exit.describe()), QString("OOM-killed (memory limit)"));
    }

    void pidsLimitIsEnforced() {
        ContainerSpec s = spec("for i in 1 2 3 4 5 6 7 8; do sleep 2 & done; echo spawned");
        s.limits.pidsMax = 4;
        auto r = fx.run(s);
        QVERIFY2(q(r.output).contains("can't fork"), qPrintable(q(r.output)));
    }

    void overlayWritesStayInTheUpperDirAndLowerLayersAreShared() {
        ContainerSpec writer =
            spec("echo hello > /etc/written; rm /etc/hosts; grep lowerdir /proc/self/mountinfo");
        writer.upperDir = fx.dataDir() / "containers" / writer.id / "upper";
        writer.workDir = fx.dataDir() / "containers" / writer.id / "work";
        auto w = fx.run(writer);
        QCOMPARE(w.exit.code, 0);
        const fs::path lower = fx.busybox().layerDirs[0];
        QVERIFY(q(w.output).contains("lowerdir=" + q(lower.string())));
        std::ifstream written(writer.upperDir / "etc/written");
        std::string line;
        QVERIFY(std::getline(written, line) && line == "hello");
        struct stat st {};
        QVERIFY(lstat((writer.upperDir / "etc/hosts").c_str(), &st) == 0 && S_ISCHR(st.st_mode));  // whiteout
        QVERIFY(!fs::exists(lower / "etc/written"));  // the shared layer is untouched
        QVERIFY(fs::exists(lower / "etc/hosts"));

        auto other = fx.run(spec("cat /etc/written; cat /etc/hosts; grep lowerdir /proc/self/mountinfo"));
        QVERIFY(!q(other.output).contains("hello"));
        QVERIFY(q(other.output).contains("localhost"));
        QVERIFY(q(other.output).contains("lowerdir=" + q(lower.string())));  // the same lower layer
        fs::remove_all(fx.dataDir() / "containers" / writer.id);
    }

    void readOnlyRootAndUser() {
        ContainerSpec s = spec(
            "touch /x; echo root=$?; touch /dev/shm/x; echo shm=$?; id -u; id -g; "
            "grep CapEff /proc/self/status");
        s.readOnlyRoot = true;
        s.uid = 65534;
        s.gid = 65534;
        auto r = fx.run(s);
        const QString out = q(r.output);
        QVERIFY2(out.contains("root=1"), qPrintable(out));
        QVERIFY(out.contains("shm=0"));
        QVERIFY(out.contains("\n65534\n65534\n"));
        QVERIFY(out.contains("CapEff:\t0000000000000000"));  // a non-root user keeps no capabilities
    }

    void exitCodesAndSignals() {
        QCOMPARE(fx.run(spec("exit 7")).exit.code, 7);
        auto c = Container::start(spec("sleep 30"));
        QVERIFY(c.ok());
        QVERIFY((*c)->running());
        QVERIFY((*c)->kill(SIGKILL).ok());
        auto e = (*c)->wait();
        QVERIFY(e.ok());
        QCOMPARE(e->signal, SIGKILL);
        QVERIFY(!e->oomKilled);
        QCOMPARE(e->shellCode(), 137);
        QVERIFY((*c)->cleanup().ok());
    }

    void pauseReallyStopsCpuUse() {
        auto c = Container::start(spec("while :; do :; done"));
        QVERIFY(c.ok());
        Container& box = **c;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        QVERIFY(box.pause().ok());
        const int64_t frozen = box.stats()->cpuUsageNs;
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        QCOMPARE(box.stats()->cpuUsageNs, frozen);
        QVERIFY(box.resume().ok());
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        QVERIFY(box.stats()->cpuUsageNs > frozen + 50'000'000);  // running again: > 50 ms of CPU in 300 ms
        auto s = box.stats();
        QVERIFY(s->memoryCurrent > 0);
        QCOMPARE(s->pids, int64_t(1));
        QVERIFY(box.cleanup().ok());
    }

    void cgroupV2ForRealWhereAHybridHostHasIt() {
        // Hybrid hosts (like the build machine) mount an empty cgroup2 hierarchy beside the v1
        // controllers: enough for the v2 path itself — clone3(CLONE_INTO_CGROUP), the cgroup
        // namespace at clone, cgroup.freeze, cgroup.kill — without limits.
        const fs::path unified = "/sys/fs/cgroup/unified";
        if (!fs::exists(unified / "cgroup.controllers"))
            QSKIP("no hybrid cgroup2 mount at /sys/fs/cgroup/unified");
        StartOptions options;
        options.cgroupRoot = unified;
        ContainerSpec s = spec("while :; do :; done");
        auto c = Container::start(s, options);
        QVERIFY2(c.ok(), c.ok() ? "" : c.error().message().c_str());
        Container& box = **c;
        QCOMPARE(box.cgroup().version(), CgroupVersion::V2);
        const fs::path dir = unified / "juxta" / s.id;
        std::ifstream procs(dir / "cgroup.procs");
        pid_t inside = 0;
        QVERIFY(procs >> inside);
        QCOMPARE(inside, box.pid());  // started inside its cgroup, no migration
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        QVERIFY(box.pause().ok());
        const int64_t frozen = box.stats()->cpuUsageNs;
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        QCOMPARE(box.stats()->cpuUsageNs, frozen);
        QVERIFY(box.resume().ok());
        QVERIFY(box.cleanup().ok());
        QVERIFY(!fs::exists(dir));

        auto r =
            fx.run(spec("cat /proc/self/cgroup; mknod /tmp/sda b 8 0 && head -c1 /tmp/sda; echo blockdev=$?; "
                        "head -c 3 /dev/zero | wc -c"),
                   options);
        QVERIFY2(q(r.output).contains("0::/"), r.output.c_str());
        QVERIFY(!q(r.output).contains("/juxta"));  // the cgroup namespace hides the host's path
        // The BPF device program (the only device policy here: v1's devices cgroup is not joined).
        QVERIFY2(q(r.output).contains("Operation not permitted") && !q(r.output).contains("blockdev=0"),
                 r.output.c_str());
        QVERIFY(q(r.output).contains("\n3\n"));  // the standard nodes still work
    }

    void timelineRecordsEveryPhase() {
        auto r = fx.run(spec("true"));
        QStringList names;
        for (const auto& p : r.timeline.phases()) names << q(p.name);
        const QStringList expected = {
            "prepare",       "cgroup_created",   "seccomp_compiled", "clone",
            "cgroup_joined", "namespaces_ready", "rootfs_mounted",   "pivot_root",
            "masked_paths",  "capabilities",     "seccomp_loaded",   "exec_prepared",
            "exec"};
        QCOMPARE(names, expected);
        int64_t last = r.timeline.originNs();
        for (const auto& p : r.timeline.phases()) {  // child timestamps interleave with the parent's in order
            QVERIFY(p.startNs >= last - 1);
            QVERIFY(p.endNs >= p.startNs);
            last = p.endNs;
        }
        QVERIFY(q(r.timeline.toJson()).contains("\"pivot_root\""));
    }

    void startErrorsComeBackFromTheChild() {
        ContainerSpec s = spec("true");
        s.args = {"/no/such/program"};
        auto c = Container::start(s);
        QVERIFY(!c.ok());
        const QString message = q(c.error().message());
        QVERIFY2(message.contains("container init: exec /no/such/program: No such file or directory"),
                 qPrintable(message));
        QCOMPARE(c.error().code(), ENOENT);
        ContainerSpec cwd = spec("true");
        cwd.cwd = "/nonexistent";
        auto d = Container::start(cwd);
        QVERIFY(!d.ok());
        QVERIFY2(q(d.error().message()).contains("chdir /nonexistent"), qPrintable(q(d.error().message())));
    }

    void cleanupTestCase() {
        // Nothing of any container above is left: cgroups, mounts, state directories.
        for (const auto& id : ids) {
            const auto left = fx.leftovers(id);
            QVERIFY2(left.empty(), left.empty() ? "" : left.front().c_str());
        }
        QVERIFY(!fs::exists(fx.runtimeDir() / "containers") || fs::is_empty(fx.runtimeDir() / "containers"));
    }
};

QTEST_GUILESS_MAIN(TestContainers)
#include "test_containers.moc"

// Rootless containers end to end: as root, the test creates an unprivileged user, gives it (or
// not) a range in /etc/subuid and /etc/subgid, and runs juxtactl as that user with its state in
// the user's own XDG directories. Root is needed to create the user and switch to it (CI runs
// as root); the files under /etc are restored afterwards.
#include <linux/magic.h>
#include <pwd.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "container_fixture.h"
#include "images/busybox_image.h"
#include "runtime/process_stats.h"
#include "support/image_builder.h"

using namespace juxta;
using namespace juxta::testing;
namespace fs = std::filesystem;

namespace {

constexpr const char* kUser = "juxta-rootless-test";
constexpr uint32_t kSubStart = 300000;  // the range the subordinate variant gives the user

std::string readAll(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), {});
}

void writeAll(const fs::path& file, const std::string& text) {
    std::ofstream(file, std::ios::binary | std::ios::trunc) << text;
}

// The file without the user's lines, plus `extra`.
std::string withoutUser(const std::string& text, const std::string& extra) {
    std::string out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        if (line.rfind(std::string(kUser) + ":", 0) != 0) out += line + "\n";
    return out + extra;
}

}  // namespace

class TestRootless : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    fs::path bin_, home_;
    uid_t uid_ = 0;
    gid_t gid_ = 0;
    std::string savedSubuid_, savedSubgid_;
    bool etcSaved_ = false;

    fs::path dataDir() const { return home_ / "data/juxta"; }
    fs::path runtimeDir() const { return home_ / "run/juxta"; }

    // juxtactl run as the user: its own HOME and XDG dirs, nothing else from root's environment.
    ProgramRun asUser(const QStringList& args, const QStringList& env = {}) {
        const QString home = QString::fromStdString(home_.string());
        QStringList argv = {"-u",
                            kUser,
                            "--",
                            "env",
                            "-i",
                            "HOME=" + home,
                            "PATH=/usr/bin:/bin",
                            "XDG_DATA_HOME=" + home + "/data",
                            "XDG_RUNTIME_DIR=" + home + "/run",
                            "XDG_STATE_HOME=" + home + "/state"};
        argv += env;
        argv << QString::fromStdString((bin_ / "juxtactl").string());
        argv += args;
        return runProgram("runuser", argv);
    }
    // A shell command as the user (to prove what it can and cannot touch).
    int shellAsUser(const QString& command) {
        return runProgram("runuser", {"-u", kUser, "--", "sh", "-c", command}).code;
    }

    void setSubordinateRange(bool give) {
        const std::string line =
            give ? std::string(kUser) + ":" + std::to_string(kSubStart) + ":65536\n" : "";
        writeAll("/etc/subuid", withoutUser(savedSubuid_, line));
        writeAll("/etc/subgid", withoutUser(savedSubgid_, line));
    }

    // Processes the user still runs (monitors, containers), after up to 5 s for them to go.
    std::vector<std::string> userProcesses() {
        std::vector<std::string> found;
        for (int attempt = 0; attempt < 50; ++attempt) {
            found.clear();
            for (const auto& e : fs::directory_iterator("/proc")) {
                struct stat st {};
                const std::string name = e.path().filename().string();
                if (std::isdigit(static_cast<unsigned char>(name[0])) && ::stat(e.path().c_str(), &st) == 0 &&
                    st.st_uid == uid_)
                    found.push_back(name + " " + readAll(e.path() / "comm"));
            }
            if (found.empty()) break;
            QTest::qWait(100);
        }
        return found;
    }

    void checkNothingLeft() {
        const fs::path containers = runtimeDir() / "containers";
        QVERIFY2(!fs::exists(containers) || fs::is_empty(containers), containers.c_str());
        QVERIFY(!fs::exists(dataDir() / "containers") || fs::is_empty(dataDir() / "containers"));
        QVERIFY(fs::is_empty(runtimeDir() / "mnt"));
        const fs::path logs = home_ / "state/juxta/containers";
        QVERIFY2(!fs::exists(logs) || fs::is_empty(logs), logs.c_str());
        const auto left = userProcesses();
        QVERIFY2(left.empty(), left.empty() ? "" : left.front().c_str());
    }

    nlohmann::json psJson() {
        auto ps = asUser({"ps", "-a", "--json"});
        if (ps.code != 0) return nlohmann::json::array();
        return nlohmann::json::parse(ps.out.toStdString());
    }

    QString statusOf(const std::string& name) {
        for (const auto& c : psJson())
            if (c.value("name", "") == name) return QString::fromStdString(c.value("status", ""));
        return {};
    }

  private slots:
    void initTestCase() {
        if (::geteuid() != 0)
            QSKIP("needs root: it creates the unprivileged user it runs as (CI runs as root)");
        QVERIFY(tmp_.isValid());
        savedSubuid_ = readAll("/etc/subuid");
        savedSubgid_ = readAll("/etc/subgid");
        etcSaved_ = true;
        if (!::getpwnam(kUser)) QCOMPARE(runProgram("useradd", {"-m", "-s", "/bin/sh", kUser}).code, 0);
        const passwd* pw = ::getpwnam(kUser);
        QVERIFY(pw);
        uid_ = pw->pw_uid;
        gid_ = pw->pw_gid;
        QVERIFY2(userProcesses().empty(), "the test user already runs processes");
        // The build dir may not be traversable by the user: the binaries go to a dir of the test's own.
        const fs::path root = tmp_.path().toStdString();
        fs::permissions(root, fs::perms(0755));
        bin_ = root / "bin";
        fs::create_directories(bin_);
        const fs::path built = fs::path(JUXTACTL).parent_path();
        for (const char* program : {"juxtactl", "juxta-monitor"})
            fs::copy_file(built / program, bin_ / program);
        home_ = root / "home";
        fs::create_directories(home_);
        QCOMPARE(::chown(home_.c_str(), uid_, gid_), 0);
    }

    void cleanupTestCase() {
        if (!etcSaved_) return;
        writeAll("/etc/subuid", savedSubuid_);
        writeAll("/etc/subgid", savedSubgid_);
    }

    void rootInsideIsTheUser_data() {
        QTest::addColumn<bool>("subordinate");
        QTest::newRow("subuid range") << true;
        QTest::newRow("no subuid range") << false;
    }
    void rootInsideIsTheUser() {
        QFETCH(bool, subordinate);
        setSubordinateRange(subordinate);
        auto r = asUser({"run", "--rm", "--name", "box", "busybox", "--", "sh", "-c",
                         "id -u; id -g; cat /proc/self/uid_map /proc/self/gid_map; echo pid $$; hostname"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QStringList lines = r.out.split('\n', Qt::SkipEmptyParts);
        const int maps = subordinate ? 2 : 1;
        QCOMPARE(lines.size(), 2 + 2 * maps + 2);
        QCOMPARE(lines[0], QString("0"));
        QCOMPARE(lines[1], QString("0"));
        QCOMPARE(lines[2].simplified(), QString("0 %1 1").arg(uid_));
        QCOMPARE(lines[2 + maps].simplified(), QString("0 %1 1").arg(gid_));
        if (subordinate) {
            QCOMPARE(lines[3].simplified(), QString("1 %1 65535").arg(kSubStart));
            QCOMPARE(lines[5].simplified(), QString("1 %1 65535").arg(kSubStart));
        }
        QCOMPARE(lines[2 + 2 * maps], QString("pid 1"));
        QCOMPARE(lines[3 + 2 * maps], QString("box"));
        // exec joins the container's user namespace (and copes with setgroups denied).
        QCOMPARE(asUser({"create", "--name", "joined", "busybox", "--", "sleep", "30"}).code, 0);
        QCOMPARE(asUser({"start", "joined"}).code, 0);
        // ps says how the ids are mapped.
        const std::string mapping = psJson()[0].value("user_namespace", "");
        QVERIFY2(
            mapping.find(subordinate ? "(newuidmap/newgidmap)" : " only (no range for") != std::string::npos,
            mapping.c_str());
        auto exec = asUser({"exec", "joined", "--", "sh", "-c", "id -u; cat /proc/self/uid_map | wc -l"});
        QVERIFY2(exec.code == 0, qPrintable(exec.err));
        QCOMPARE(exec.out, QString("0\n%1\n").arg(maps));
        QCOMPARE(asUser({"rm", "-f", "joined"}).code, 0);
        checkNothingLeft();
    }

    void exitCodesAndIsolation() {
        setSubordinateRange(true);
        QCOMPARE(asUser({"run", "--rm", "busybox", "--", "sh", "-c", "exit 7"}).code, 7);
        // No host process is visible; /dev holds the standard nodes (bound from the host) and works.
        auto r = asUser({"run", "--rm", "busybox", "--", "sh", "-c",
                         "echo /proc/[0-9]*; head -c 4 /dev/zero | wc -c; echo x > /dev/null && echo ok"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(r.out, QString("/proc/1\n4\nok\n"));
        // Hardening holds inside the user namespace too: seccomp denies mount, /proc/sys is read-only.
        auto mount = asUser({"run", "--rm", "busybox", "--", "mount", "-t", "tmpfs", "t", "/tmp"});
        QVERIFY(mount.code != 0);
        QVERIFY2(mount.err.contains("permission denied", Qt::CaseInsensitive), qPrintable(mount.err));
        auto sysctl = asUser({"run", "--rm", "busybox", "--", "sh", "-c", "echo 1 > /proc/sys/kernel/panic"});
        QVERIFY(sysctl.code != 0);
        QVERIFY2(sysctl.err.contains("Read-only file system"), qPrintable(sysctl.err));
        checkNothingLeft();
    }

    // Volumes as the user: a named one, filled from the image's /etc (copy-up inside the user
    // namespace), written to and kept; the user's own directory bound read-only.
    void volumesAsTheUser() {
        setSubordinateRange(true);
        auto named = asUser({"run", "--rm", "-v", "conf:/etc", "busybox", "--", "sh", "-c",
                             "ls /etc | grep -c . ; echo mine > /etc/mine"});
        QVERIFY2(named.code == 0 && named.out.trimmed().toInt() > 0, qPrintable(named.out + named.err));
        QCOMPARE(readAll(dataDir() / "volumes" / "conf" / "_data" / "mine"), std::string("mine\n"));
        QCOMPARE(shellAsUser(QString("mkdir -p %1/share && echo shared > %1/share/f").arg(home_.c_str())), 0);
        auto bound = asUser({"run", "--rm", "-v", QString("%1/share:/mnt:ro").arg(home_.c_str()), "busybox",
                             "--", "sh", "-c", "cat /mnt/f; touch /mnt/g"});
        QVERIFY2(bound.code != 0 && bound.out == "shared\n", qPrintable(bound.out + bound.err));
        QVERIFY(!fs::exists(home_ / "share" / "g"));
        QCOMPARE(asUser({"volume", "rm", "conf"}).code, 0);
        checkNothingLeft();
    }

    void overlayWritesStayInTheUpperDirOwnedByTheUser() {
        setSubordinateRange(true);
        auto created =
            asUser({"create", "--name", "writer", "busybox", "--", "sh", "-c",
                    "echo data > /written; rm /bin/true; mkdir -p /made/deep; echo y > /made/deep/f; "
                    "chown -R 1000:1000 /made; chmod 700 /made"});
        QVERIFY2(created.code == 0, qPrintable(created.err));
        const std::string id = created.out.trimmed().toStdString();
        QCOMPARE(asUser({"start", "writer"}).code, 0);
        QTRY_COMPARE_WITH_TIMEOUT(statusOf("writer"), QString("exited 0"), 5000);
        const fs::path upper = dataDir() / "containers" / id / "upper";
        QCOMPARE(readAll(upper / "written"), std::string("data\n"));
        struct stat st {};
        QCOMPARE(::stat((upper / "written").c_str(), &st), 0);
        QCOMPARE(st.st_uid, uid_);  // root inside is the user outside
        // Another user inside is a subordinate id outside: the user cannot remove that on its own.
        QCOMPARE(::stat((upper / "made").c_str(), &st), 0);
        QCOMPARE(st.st_uid, uid_t(kSubStart + 999));
        QVERIFY(shellAsUser(QString::fromStdString("rm -rf " + (upper / "made").string())) != 0);
        QVERIFY(::lstat((upper / "bin/true").c_str(), &st) == 0 && S_ISCHR(st.st_mode));  // a whiteout
        // The image's layer is untouched.
        const fs::path layers = dataDir() / "images/layers";
        for (const auto& layer : fs::directory_iterator(layers)) {
            QVERIFY(!fs::exists(layer.path() / "written"));
            QCOMPARE(::lstat((layer.path() / "bin/true").c_str(), &st), 0);
            QVERIFY(!S_ISCHR(st.st_mode));
        }
        QCOMPARE(asUser({"rm", "writer"}).code, 0);
        checkNothingLeft();
    }

    void whatAUserCannotHaveIsRefusedUpFront() {
        setSubordinateRange(true);
        auto memory = asUser({"run", "--rm", "--memory", "64M", "busybox", "true"});
        QCOMPARE(memory.code, 1);
        // Why depends on the host: v1 cannot be delegated; v2 could be, but Juxta does not yet.
        struct statfs cgroupFs {};
        const bool v2 = ::statfs("/sys/fs/cgroup", &cgroupFs) == 0 && cgroupFs.f_type == CGROUP2_SUPER_MAGIC;
        const char* why =
            v2 ? "does not use a delegated cgroup v2 subtree" : "cgroup v1 (this host) cannot be delegated";
        QVERIFY2(memory.err.contains(why) && memory.err.contains("run as root"), qPrintable(memory.err));
        auto created = asUser({"create", "--pids", "10", "busybox", "true"});
        QCOMPARE(created.code, 1);
        QVERIFY2(created.err.contains("--memory, --cpus and --pids need a cgroup"), qPrintable(created.err));
        auto bridge = asUser({"run", "--rm", "--net", "bridge", "busybox", "true"});
        QCOMPARE(bridge.code, 1);
        QVERIFY2(bridge.err.contains("--net bridge needs root"), qPrintable(bridge.err));
        auto publish = asUser({"create", "--net", "bridge", "--publish", "18090:80", "busybox", "true"});
        QCOMPARE(publish.code, 1);
        QVERIFY2(publish.err.contains("--net bridge needs root"), qPrintable(publish.err));
        QVERIFY(psJson().empty());
        checkNothingLeft();
    }

    void detachedLifecycleLeavesNothing() {
        setSubordinateRange(true);
        QCOMPARE(asUser({"create", "--name", "svc", "busybox", "--", "sh", "-c",
                         "echo started; trap 'exit 0' TERM; while :; do sleep 1; done"})
                     .code,
                 0);
        QCOMPARE(asUser({"start", "svc"}).code, 0);
        QCOMPARE(statusOf("svc"), QString("running"));
        const pid_t init = psJson()[0].value("pid", 0);
        auto exec = asUser({"exec", "svc", "--", "sh", "-c", "id -u; echo $$"});
        QVERIFY2(exec.code == 0, qPrintable(exec.err));
        QVERIFY2(exec.out.startsWith("0\n"), qPrintable(exec.out));
        QCOMPARE(asUser({"exec", "svc", "--", "sh", "-c", "exit 4"}).code, 4);
        QTRY_VERIFY_WITH_TIMEOUT(asUser({"logs", "svc"}).out == "started\n", 3000);

        // Without a cgroup, the figures come from its processes; what only a cgroup knows is unavailable.
        auto stats = runtime::processTreeStats(init);
        QVERIFY2(stats.ok(), stats ? "" : stats.error().message().c_str());
        QVERIFY(stats->fromProcesses);
        QVERIFY(stats->pids >= 2);  // sh and its sleep
        QVERIFY(stats->memoryCurrent > 0);
        QCOMPARE(stats->memoryPeak, runtime::CgroupStats::kUnavailable);
        QCOMPARE(stats->oomKills, runtime::CgroupStats::kUnavailable);

        auto pause = asUser({"pause", "svc"});
        QCOMPARE(pause.code, 1);
        QVERIFY2(pause.err.contains("no freezer"), qPrintable(pause.err));
        QCOMPARE(asUser({"stop", "svc"}).code, 0);
        QCOMPARE(statusOf("svc"), QString("exited 0"));
        QCOMPARE(asUser({"rm", "svc"}).code, 0);
        QVERIFY(psJson().empty());
        checkNothingLeft();
    }

    void importedImageWithWhiteoutsRuns() {
        setSubordinateRange(true);
        std::ifstream in(images::hostBusybox(), std::ios::binary);
        const std::string busybox((std::istreambuf_iterator<char>(in)), {});
        std::vector<TarEntry> lower = {{"bin/", 'd', "", 0755},  {"bin/busybox", 'f', busybox, 0755},
                                       {"etc/", 'd', "", 0755},  {"etc/secret", 'f', "hidden\n"},
                                       {"data/", 'd', "", 0755}, {"data/old", 'f', "old\n"},
                                       {"proc/", 'd', "", 0755}, {"sys/", 'd', "", 0755},
                                       {"dev/", 'd', "", 0755},  {"tmp/", 'd', "", 01777}};
        for (const char* applet : {"sh", "ls", "test", "echo"})
            lower.push_back({std::string("bin/") + applet, 'l', "", 0777, "busybox"});
        const std::vector<TarEntry> upper = {{"etc/.wh.secret", 'f'},
                                             {"data/", 'd', "", 0755},
                                             {"data/.wh..wh..opq", 'f'},
                                             {"data/new", 'f', "new\n"}};
        OciLayoutBuilder oci(fs::path(tmp_.path().toStdString()) / "layout");
        oci.addLayer(makeLayer(lower, Compression::Gzip));
        oci.addLayer(makeLayer(upper));
        oci.config = {{"Env", {"PATH=/bin"}},
                      {"Cmd", {"sh", "-c", "ls /data; test -e /etc/secret || echo hidden"}}};
        oci.write("example.org/wh:1");
        for (const auto& e : fs::recursive_directory_iterator(oci.dir()))
            fs::permissions(e.path(), fs::perms(0755));
        fs::permissions(oci.dir(), fs::perms(0755));

        auto imported = asUser({"image", "import", QString::fromStdString(oci.dir().string())});
        QVERIFY2(imported.code == 0, qPrintable(imported.err));
        auto run = asUser({"run", "--rm", "wh-1"});
        QVERIFY2(run.code == 0, qPrintable(run.err));
        QCOMPARE(run.out, QString("new\nhidden\n"));

        // The image's User: a subordinate id inside; without a range, refused with the reason.
        OciLayoutBuilder asUid(fs::path(tmp_.path().toStdString()) / "layout-user");
        asUid.addLayer(makeLayer(lower, Compression::Gzip));
        asUid.config = {
            {"Env", {"PATH=/bin"}}, {"User", "1000:1000"}, {"Cmd", {"sh", "-c", "echo $(id -u):$(id -g)"}}};
        asUid.write("example.org/uid:1");
        for (const auto& e : fs::recursive_directory_iterator(asUid.dir()))
            fs::permissions(e.path(), fs::perms(0755));
        fs::permissions(asUid.dir(), fs::perms(0755));
        QCOMPARE(asUser({"image", "import", QString::fromStdString(asUid.dir().string())}).code, 0);
        auto mapped = asUser({"run", "--rm", "uid-1"});
        QVERIFY2(mapped.code == 0, qPrintable(mapped.err));
        QCOMPARE(mapped.out, QString("1000:1000\n"));
        setSubordinateRange(false);
        auto unmapped = asUser({"run", "--rm", "uid-1"});
        QCOMPARE(unmapped.code, 1);
        QVERIFY2(unmapped.err.contains("user 1000 does not exist in this rootless container") &&
                     unmapped.err.contains("no range for"),
                 qPrintable(unmapped.err));
        checkNothingLeft();
    }

    // Issue 12's symlink attacks, run by the user (test_hostile_images runs them as root): an image
    // whose /proc or /dev points out of its root is refused by name, and nothing is read or made
    // outside the root.
    void hostileSymlinksAreRefusedForAUserToo() {
        setSubordinateRange(true);
        std::ifstream in(images::hostBusybox(), std::ios::binary);
        const std::string busybox((std::istreambuf_iterator<char>(in)), {});
        const fs::path marker = home_ / "escaped";
        int n = 0;
        for (const auto& [link, target] : std::vector<std::pair<std::string, std::string>>{
                 {"proc", "/"}, {"proc", "../../../../.."}, {"dev", "/"}, {"dev", "/proc/self/cwd"}}) {
            std::vector<TarEntry> entries = {{"bin/", 'd', "", 0755},
                                             {"bin/busybox", 'f', busybox, 0755},
                                             {"etc/", 'd', "", 0755},
                                             {"sys/", 'd', "", 0755},
                                             {"tmp/", 'd', "", 01777}};
            entries.push_back({link == "proc" ? "dev/" : "proc/", 'd', "", 0755});
            entries.push_back({link, 'l', "", 0777, target});
            for (const char* applet : {"sh", "cat", "touch"})
                entries.push_back({std::string("bin/") + applet, 'l', "", 0777, "busybox"});
            const std::string name = "hostile" + std::to_string(n++);
            OciLayoutBuilder oci(fs::path(tmp_.path().toStdString()) / ("layout-" + name));
            oci.addLayer(makeLayer(entries, Compression::Gzip));
            oci.config = {{"Env", {"PATH=/bin"}},
                          {"Cmd", {"sh", "-c", "cat /../etc/shadow; touch /.." + marker.string()}}};
            oci.write("example.org/" + name + ":1");
            for (const auto& e : fs::recursive_directory_iterator(oci.dir()))
                fs::permissions(e.path(), fs::perms(0755));
            fs::permissions(oci.dir(), fs::perms(0755));
            auto imported = asUser({"image", "import", QString::fromStdString(oci.dir().string())});
            QVERIFY2(imported.code == 0, qPrintable(imported.err));
            auto run = asUser({"run", "--rm", QString::fromStdString(name + "-1")});
            QVERIFY2(run.code != 0, qPrintable(run.out));
            const QString refusal =
                QString::fromStdString("/" + link + " is a symlink in the image — refused");
            QVERIFY2(run.err.contains(refusal), qPrintable(run.err));
            QVERIFY2(!run.out.contains("root:"), "the container read the host's /etc/shadow");
            QVERIFY2(!fs::exists(marker), "the container wrote outside its root");
            // /dev's nodes, had they followed the link: in / or in juxtactl's working directory (ours).
            for (const fs::path& dir : {fs::path("/"), fs::current_path()})
                for (const char* node : {"null", "zero", "ptmx", "pts", "shm"})
                    QVERIFY2(!fs::exists(dir / node),
                             qPrintable(QString::fromStdString((dir / node).string())));
            QCOMPARE(asUser({"image", "rm", QString::fromStdString(name + "-1")}).code, 0);
        }
        checkNothingLeft();
    }

    void theUserCannotReachRootsContainers() {
        // Root's container, in state dirs of the test's own laid out as root's are.
        const fs::path rootState = fs::path(tmp_.path().toStdString()) / "root-state";
        const QStringList rootEnv = {
            "JUXTA_DATA_DIR=" + QString::fromStdString((rootState / "data").string()),
            "JUXTA_RUNTIME_DIR=" + QString::fromStdString((rootState / "run").string()),
            "JUXTA_STATE_DIR=" + QString::fromStdString((rootState / "state").string())};
        const QString juxtactl = QString::fromStdString((bin_ / "juxtactl").string());
        auto asRoot = [&](QStringList args) {
            return runProgram("env", rootEnv + (QStringList{juxtactl} + args));
        };
        auto created = asRoot({"create", "--name", "roots", "busybox", "--", "sleep", "60"});
        QVERIFY2(created.code == 0, qPrintable(created.err));
        const QString id = created.out.trimmed();
        QCOMPARE(asRoot({"start", "roots"}).code, 0);

        const QString data = QString::fromStdString((rootState / "data/containers").string()) + "/" + id;
        const QString run = QString::fromStdString((rootState / "run/containers").string()) + "/" + id;
        const QString log =
            QString::fromStdString((rootState / "state/containers").string()) + "/" + id + ".log";
        QVERIFY(shellAsUser("cat " + data + "/container.json") != 0);
        QVERIFY(shellAsUser("cat " + run + "/state.json") != 0);
        QVERIFY(shellAsUser("cat " + log) != 0);
        QVERIFY(shellAsUser("touch " + data + "/upper/x") != 0);
        // Pointed at root's dirs, the user's juxtactl can neither stop nor remove it.
        auto stop = asUser({"stop", id}, rootEnv);
        QVERIFY(stop.code != 0);
        QVERIFY(asUser({"rm", "-f", id}, rootEnv).code != 0);
        const auto rootPs = nlohmann::json::parse(asRoot({"ps", "--json"}).out.toStdString());
        QCOMPARE(rootPs.size(), std::size_t(1));
        QCOMPARE(rootPs[0].value("status", ""), std::string("running"));
        QCOMPARE(asRoot({"rm", "-f", "roots"}).code, 0);
    }
};

QTEST_GUILESS_MAIN(TestRootless)
#include "test_rootless.moc"

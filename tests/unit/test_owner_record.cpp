// Owner records (core/owner_record.h) and keepers (core/keeper.h) with real processes: a record
// reads back as written, a torn last line names nothing, a dead owner is told from a live one
// (and from a recycled pid), an ended child not yet reaped keeps its identity, a VM record whose monitor died
// is reclaimed (vmm/lifecycle/vm_prune.h) and a keeper kills what it watches when its owner dies.
#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <QTemporaryDir>
#include <QTest>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/keeper.h"
#include "core/owner_record.h"
#include "vmm/lifecycle/vm_prune.h"
#include "vmm/lifecycle/vm_state.h"

using namespace juxta;
namespace fs = std::filesystem;

namespace {

pid_t spawnSleep() {
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::execlp("sleep", "sleep", "60", nullptr);
        ::_exit(127);
    }
    return pid;
}

// The signal that ended the child, 0 if it exited.
int reap(pid_t pid) {
    int status = 0;
    ::waitpid(pid, &status, 0);
    return WIFSIGNALED(status) ? WTERMSIG(status) : 0;
}

}  // namespace

class TestOwnerRecord : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    fs::path root() const { return dir_.path().toStdString(); }

  private slots:
    void initTestCase() {
        qputenv("JUXTA_RUNTIME_DIR", QByteArray::fromStdString((root() / "run").string()));
    }

    void aRecordReadsBackAsWrittenAndATornLineNamesNothing() {
        const fs::path file = root() / "a" / "resources";
        auto record = OwnerRecord::create(file);
        QVERIFY(record.ok());
        QVERIFY(record->note("cgroup", "/sys/fs/cgroup").ok());
        QVERIFY(record->note("veth").ok());
        QCOMPARE(fs::status(file).permissions() & fs::perms::all,
                 fs::perms::owner_read | fs::perms::owner_write);
        std::ofstream(file, std::ios::app) << "socket /half";  // a write cut short: no newline
        auto read = readOwnerRecord(file);
        QVERIFY(read.ok());
        QCOMPARE(read->owner.pid, ::getpid());
        QVERIFY(isAlive(read->owner));
        QCOMPARE(read->entries.size(), std::size_t(2));
        QCOMPARE(read->entries[0].first, std::string("cgroup"));
        QCOMPARE(read->entries[0].second, std::string("/sys/fs/cgroup"));
        QCOMPARE(read->entries[1].first, std::string("veth"));
        record->remove();
        QVERIFY(!fs::exists(file.parent_path()));
        QCOMPARE(readOwnerRecord(file).error().code(), ENOENT);
    }

    void aRecordWithoutItsOwnerIsRefused() {
        const fs::path file = root() / "b" / "resources";
        fs::create_directories(file.parent_path());
        std::ofstream(file) << "veth\nowner 1 2\n";
        QCOMPARE(readOwnerRecord(file).error().code(), EINVAL);
        std::ofstream(file) << "owner 12x 5\n";
        QCOMPARE(readOwnerRecord(file).error().code(), EINVAL);
    }

    void aDeadOrRecycledOwnerIsNotAlive() {
        auto self = identityOf(::getpid());
        QVERIFY(self && isAlive(*self));
        QVERIFY(!isAlive({self->pid, self->startTime + 1}));  // the same pid, another process
        const pid_t child = spawnSleep();
        auto identity = identityOf(child);
        QVERIFY(identity && isAlive(*identity));
        ::kill(child, SIGKILL);
        reap(child);
        QVERIFY(!isAlive(*identity));
        QCOMPARE(parseIdentity(toString(*identity))->startTime, identity->startTime);
    }

    void anEndedChildNotYetReapedIsStillNamedByItsParent() {
        // A container's init can run `true` to its end before the starting thread gets a core to
        // record it (test_containers failed so in CI): the record must still name it.
        const pid_t child = spawnSleep();
        auto alive = identityOf(child);
        QVERIFY(alive);
        ::kill(child, SIGKILL);
        siginfo_t info{};
        QCOMPARE(::waitid(P_PID, id_t(child), &info, WEXITED | WNOWAIT), 0);  // a zombie, kept so
        QVERIFY(!identityOf(child));                                          // ended: owns nothing
        auto ended = identityOfUnreapedChild(child);
        QVERIFY(ended);
        QCOMPARE(ended->startTime, alive->startTime);
        QCOMPARE(reap(child), SIGKILL);
        QVERIFY(!identityOfUnreapedChild(child));  // reaped: no such process
    }

    void aVmWhoseMonitorDiedIsReclaimed() {
        const std::string id = "vm1";
        const fs::path api = vmm::vmStateDirOf(id) / "api.sock";
        const pid_t vmm = spawnSleep();  // stands where juxta-vmm ran: a process to kill
        const pid_t monitor = ::fork();
        if (monitor == 0) {
            auto record = OwnerRecord::create(vmm::vmStateDirOf(id) / vmm::vmResourceRecordName());
            if (!record || !record->note("socket", api.string()) ||
                !record->note("vmm", toString(*identityOf(vmm))))
                ::_exit(1);
            std::ofstream(api) << "";
            ::_exit(0);  // killed, as far as the record knows: it never removes it
        }
        QCOMPARE(reap(monitor), 0);
        QVERIFY(fs::exists(api));
        QVERIFY(vmm::reclaimVmIfOrphaned(id).ok());
        QCOMPARE(reap(vmm), SIGKILL);
        QVERIFY(!fs::exists(api));
        QVERIFY(!fs::exists(vmm::vmStateDirOf(id) / vmm::vmResourceRecordName()));
        QVERIFY(vmm::pruneVmOrphans().empty());  // nothing left to do
    }

    void aLiveMonitorsVmIsLeftAlone() {
        const std::string id = "vm2";
        const pid_t vmm = spawnSleep();
        auto record = OwnerRecord::create(vmm::vmStateDirOf(id) / vmm::vmResourceRecordName());
        QVERIFY(record.ok());
        QVERIFY(record->note("vmm", toString(*identityOf(vmm))).ok());
        QVERIFY(vmm::pruneVmOrphans().empty());
        QCOMPARE(::kill(vmm, 0), 0);
        record->remove();
        ::kill(vmm, SIGKILL);
        reap(vmm);
    }

    void aKeeperKillsWhatItWatchesWhenItsOwnerDies() {
        // owner --fork--> (sleep, keeper); the owner is killed: the keeper kills sleep.
        int report[2];
        QVERIFY(::pipe(report) == 0);
        const pid_t owner = ::fork();
        if (owner == 0) {
            const pid_t watched = spawnSleep();
            const int pidFd = int(::syscall(SYS_pidfd_open, watched, 0));
            auto keeper = Keeper::watch(pidFd);
            if (!keeper) ::_exit(1);
            (void)!::write(report[1], &watched, sizeof watched);
            ::pause();
            ::_exit(0);
        }
        ::close(report[1]);
        struct Reaper {  // a failed check returns early: the owner is killed all the same
            pid_t pid;
            ~Reaper() {
                if (pid > 0 && ::kill(pid, SIGKILL) == 0) ::waitpid(pid, nullptr, 0);
            }
        } reaper{owner};
        pid_t watched = 0;
        QCOMPARE(::read(report[0], &watched, sizeof watched), ssize_t(sizeof watched));
        ::close(report[0]);
        const int watchedFd = int(::syscall(SYS_pidfd_open, watched, 0));
        QVERIFY(watchedFd >= 0);
        // The keeper (the owner's other child) runs its own program from a sealed memfd, with only
        // stdio and its two fds, in a few pages — not a copy of its owner.
        std::ifstream childrenFile("/proc/" + std::to_string(owner) + "/task/" + std::to_string(owner) +
                                   "/children");
        std::vector<pid_t> children;
        for (pid_t c; childrenFile >> c;)
            if (c != watched) children.push_back(c);
        QCOMPARE(children.size(), std::size_t(1));
        const std::string keeperProc = "/proc/" + std::to_string(children[0]);
        std::error_code ec;  // a keeper already gone fails the check, never throws
        QTRY_VERIFY_WITH_TIMEOUT(
            fs::read_symlink(keeperProc + "/exe", ec).string().starts_with("/memfd:juxta-keeper"), 10000);
        std::size_t fds = 0;
        for ([[maybe_unused]] const auto& e : fs::directory_iterator(keeperProc + "/fd")) ++fds;
        QCOMPARE(fds, std::size_t(5));
        std::ifstream status(keeperProc + "/status");
        long rssKb = -1;
        for (std::string line; std::getline(status, line);)
            if (line.starts_with("VmRSS:")) rssKb = std::stol(line.substr(6));
        QVERIFY2(rssKb >= 0 && rssKb <= 256, std::to_string(rssKb).c_str());
        ::kill(owner, SIGKILL);
        QCOMPARE(reap(owner), SIGKILL);
        reaper.pid = -1;
        pollfd p{watchedFd, POLLIN, 0};
        QCOMPARE(::poll(&p, 1, 10000), 1);  // it ended (not a timing assertion: 10 s is "never")
        ::close(watchedFd);
    }
};

QTEST_GUILESS_MAIN(TestOwnerRecord)
#include "test_owner_record.moc"

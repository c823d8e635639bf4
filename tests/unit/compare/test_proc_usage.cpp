// What the harness reads about a process: its PSS is its own, never the caller's.
#include <sched.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <QtTest>
#include <vector>

#include "compare/proc_usage.h"

using namespace juxta::compare;

namespace {

int waitOnPipe(void* arg) {
    char byte = 0;
    [[maybe_unused]] auto n = ::read(*static_cast<int*>(arg), &byte, 1);
    ::_exit(0);
}

}  // namespace

class TestProcUsage : public QObject {
    Q_OBJECT

  private slots:
    void ourOwnPidIsOurs() {
        auto pss = pssBytes(::getpid());
        // Our own pid shares our memory: that is what the check is for; only a child counts.
        QVERIFY(!pss);
        QVERIFY(sharesOurMemory(::getpid()));
    }

    // A child in our address space (what posix_spawn's child is until its exec switches its mm)
    // has no PSS of its own; a forked child, with a copy of its own, has one.
    void aChildInOurMemoryHasNone() {
        int fds[2];
        QCOMPARE(::pipe(fds), 0);
        std::vector<char> stack(256 * 1024);
        const pid_t shared = ::clone(waitOnPipe, stack.data() + stack.size(), CLONE_VM | SIGCHLD, &fds[0]);
        QVERIFY(shared > 0);
        QVERIFY(sharesOurMemory(shared));
        QVERIFY(!pssBytes(shared));

        const pid_t own = ::fork();
        if (own == 0) waitOnPipe(&fds[0]);
        QVERIFY(own > 0);
        QVERIFY(!sharesOurMemory(own));
        auto pss = pssBytes(own);
        QVERIFY(pss);
        QVERIFY(*pss > 0);

        QCOMPARE(::write(fds[1], "xx", 2), ssize_t(2));
        QCOMPARE(::waitpid(shared, nullptr, 0), shared);
        QCOMPARE(::waitpid(own, nullptr, 0), own);
        ::close(fds[0]);
        ::close(fds[1]);
        QVERIFY(!pssBytes(own));  // gone: absent, not zero
    }

    void kbFieldReadsKilobytes() {
        const std::string text = "Rss:  200 kB\nPss_Anon: 7 kB\nPss:  123 kB\n";
        QCOMPARE(*kbField(text, "Pss"), 123.0 * 1024);
        QCOMPARE(*kbField(text, "Rss"), 200.0 * 1024);
        QVERIFY(!kbField(text, "Swap"));
    }
};

QTEST_GUILESS_MAIN(TestProcUsage)
#include "test_proc_usage.moc"

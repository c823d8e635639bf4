// juxta-keeper: what an instance's keeper (core/keeper.h) runs once forked — built without a C
// library, so the keeper holds a few pages of its own and none of its owner's (a fork that stayed a
// copy of the monitor kept every page the monitor wrote after it: a third of a MiB per instance).
//
// The fork that execs it leaves it fd 3, a pidfd of the kept process, and fd 4, the read end of a
// pipe whose write end only the owner holds; SIGINT, SIGQUIT, SIGHUP, SIGTERM and SIGPIPE ignored
// and no signal blocked (both outlive the exec). When fd 4 reads end-of-file (the owner died, or
// let go) it kills the kept process; when fd 3 turns readable (the process ended) it just exits.
#include "core/freestanding.h"

namespace {

using juxta::freestanding::sys;
namespace nr = juxta::freestanding::nr;

constexpr long kSetName = 15;      // PR_SET_NAME
constexpr short kReadable = 1;     // POLLIN
constexpr long kInterrupted = -4;  // -EINTR
constexpr long kKill = 9;          // SIGKILL

struct PollFd {
    int fd;
    short events;
    short revents;
};

}  // namespace

extern "C" [[noreturn]] void keeperMain(long*) {
    sys(nr::kPrctl, kSetName, reinterpret_cast<long>("juxta-keeper"));
    PollFd fds[2] = {{3, kReadable, 0}, {4, kReadable, 0}};
    for (;;) {
        const long n = sys(nr::kPpoll, reinterpret_cast<long>(fds), 2, 0, 0);
        if (n == kInterrupted) continue;
        if (n < 0) break;  // cannot watch any more: err on the side of the host
        if (fds[0].revents) juxta::freestanding::exitWith(0);  // the process ended by itself
        if (fds[1].revents) break;                             // the owner is gone (or let go)
    }
    sys(nr::kPidfdSendSignal, 3, kKill, 0, 0);  // ESRCH once reaped: harmless
    juxta::freestanding::exitWith(0);
}

JUXTA_FREESTANDING_ENTRY(keeperMain);

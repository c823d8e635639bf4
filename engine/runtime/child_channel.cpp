#include "runtime/child_channel.h"

#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <cstring>

namespace juxta::runtime {
namespace {

enum class Kind : uint32_t { Phase = 1, Error = 2, Fd = 3, Continue = 4 };

struct Message {
    Kind kind;
    int32_t code;     // errno for Error
    int64_t ns;       // CLOCK_MONOTONIC for Phase
    char text[1000];  // phase name or error message, NUL-terminated
};

bool sendMessage(int fd, Kind kind, int32_t code, int64_t ns, std::string_view text, int passFd = -1) {
    Message m{};
    m.kind = kind;
    m.code = code;
    m.ns = ns;
    const std::size_t n = std::min(text.size(), sizeof m.text - 1);
    std::memcpy(m.text, text.data(), n);
    iovec iov{&m, offsetof(Message, text) + n + 1};
    msghdr msg{};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
    if (passFd >= 0) {
        msg.msg_control = control;
        msg.msg_controllen = sizeof control;
        cmsghdr* c = CMSG_FIRSTHDR(&msg);
        c->cmsg_level = SOL_SOCKET;
        c->cmsg_type = SCM_RIGHTS;
        c->cmsg_len = CMSG_LEN(sizeof(int));
        std::memcpy(CMSG_DATA(c), &passFd, sizeof(int));
    }
    for (;;) {
        if (::sendmsg(fd, &msg, MSG_NOSIGNAL) >= 0) return true;
        if (errno != EINTR) return false;
    }
}

}  // namespace

Result<ChannelPair> makeChannel() {
    int fds[2];
    if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, fds) < 0)
        return Error::fromErrno("socketpair");
    return ChannelPair{UniqueFd(fds[0]), UniqueFd(fds[1])};
}

bool sendPhase(int fd, std::string_view name) {
    return sendMessage(fd, Kind::Phase, 0, monotonicNs(), name);
}
bool sendError(int fd, const Error& error) {
    return sendMessage(fd, Kind::Error, error.code(), 0, error.message());
}
bool sendFd(int fd, int fdToSend) {
    return sendMessage(fd, Kind::Fd, 0, 0, "", fdToSend);
}
bool waitContinue(int fd) {
    Message m{};
    for (;;) {
        const ssize_t n = ::recv(fd, &m, sizeof m, 0);
        if (n < 0 && errno == EINTR) continue;
        return n > 0 && m.kind == Kind::Continue;
    }
}

bool sendContinue(int fd) {
    return sendMessage(fd, Kind::Continue, 0, 0, "");
}

Result<ChildReport> readUntilExec(int fd, PhaseTimeline& timeline) {
    ChildReport report;
    bool execReached = false;
    for (;;) {
        Message m{};
        iovec iov{&m, sizeof m};
        alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
        msghdr msg{};
        msg.msg_iov = &iov;
        msg.msg_iovlen = 1;
        msg.msg_control = control;
        msg.msg_controllen = sizeof control;
        ssize_t n = ::recvmsg(fd, &msg, MSG_CMSG_CLOEXEC);
        if (n < 0) {
            if (errno == EINTR) continue;
            return Error::fromErrno("read from the container's init");
        }
        if (n == 0) {  // the child's end closed: on exec, or because it died
            if (!execReached) return Error(ECHILD, "the container's init exited before it could exec");
            return report;
        }
        m.text[sizeof m.text - 1] = '\0';
        switch (m.kind) {
            case Kind::Phase:
                timeline.mark(m.text, m.ns);
                execReached = std::string_view(m.text) == "exec_prepared";
                break;
            case Kind::Error:
                return Error(m.code, m.text);
            case Kind::Fd:
                for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c))
                    if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
                        int received = -1;
                        std::memcpy(&received, CMSG_DATA(c), sizeof(int));
                        report.ptyMaster.reset(received);
                    }
                break;
        }
    }
}

}  // namespace juxta::runtime

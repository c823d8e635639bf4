#include "runtime/child_channel.h"

#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <cstring>

#include "runtime/child_channel_wire.h"

namespace juxta::runtime {
namespace {

using Message = wire::Message;

enum class Kind : uint32_t {
    Phase = wire::kPhase,
    Error = wire::kError,
    Fd = wire::kFd,
    Continue = wire::kContinue,
    ExecFailed = wire::kExecFailed,
};

bool sendMessage(int fd, Kind kind, int32_t code, int64_t ns, std::string_view text, int passFd = -1) {
    Message m{};
    m.kind = static_cast<uint32_t>(kind);
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
        return n > 0 && m.kind == wire::kContinue;
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
        switch (static_cast<Kind>(m.kind)) {
            case Kind::Phase:
                timeline.mark(m.text, m.ns);
                execReached = std::string_view(m.text) == "exec_prepared";
                break;
            case Kind::Error:
                return Error(m.code, m.text);
            case Kind::ExecFailed:  // from the exec trampoline, which has no strerror
                return Error::fromErrno(m.text, m.code);
            case Kind::Continue:  // only ever sent to the child
                break;
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

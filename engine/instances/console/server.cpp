#include "instances/console/server.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <termios.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "core/paths.h"

namespace juxta::console {
namespace {

bool wouldBlock(int err) {
    return err == EAGAIN || err == EWOULDBLOCK || err == EINTR;
}

}  // namespace

Result<std::unique_ptr<ConsoleServer>> ConsoleServer::listen(const std::filesystem::path& path, int master) {
    const auto what = [&](const char* step) {
        return std::string(step) + " console socket " + path.string();
    };
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    if (path.native().size() >= sizeof addr.sun_path)
        return Error(ENAMETOOLONG, what("bind") + ": the path is too long for a Unix socket");
    std::memcpy(addr.sun_path, path.c_str(), path.native().size());
    if (auto dir = paths::ensureDir(path.parent_path()); !dir) return dir.error().wrap(what("create"));
    const int flags = ::fcntl(master, F_GETFL);
    if (flags < 0 || ::fcntl(master, F_SETFL, flags | O_NONBLOCK) < 0)
        return Error::fromErrno("console: make the pty master non-blocking");
    UniqueFd listener(::socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    if (!listener) return Error::fromErrno(what("create"));
    ::unlink(path.c_str());  // left by a monitor that crashed; a live one would still hold the container
    const mode_t oldMask = ::umask(0177);  // born 0600: no window in which others may connect
    const int bound = ::bind(listener.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof addr);
    const int bindErrno = errno;
    ::umask(oldMask);
    if (bound < 0) return Error::fromErrno(what("bind"), bindErrno);
    if (::listen(listener.get(), 16) < 0) {
        const Error e = Error::fromErrno(what("listen on"));
        ::unlink(path.c_str());
        return e;
    }
    return std::unique_ptr<ConsoleServer>(new ConsoleServer(path, std::move(listener), master));
}

ConsoleServer::ConsoleServer(std::filesystem::path path, UniqueFd listener, int master)
    : path_(std::move(path)), listener_(std::move(listener)), master_(master) {}

ConsoleServer::~ConsoleServer() {
    ::unlink(path_.c_str());
}

void ConsoleServer::preparePoll(std::vector<pollfd>& fds) {
    std::erase_if(clients_, [](const Client& c) { return c.closed; });
    polledClients_ = clients_.size();
    fds.push_back({clients_.size() < kMaxClients ? listener_.get() : -1, POLLIN, 0});
    fds.push_back({ptyInput_.empty() ? -1 : master_, POLLOUT, 0});
    const bool takeInput = ptyInput_.size() < kMaxPendingInput;
    for (const Client& c : clients_)
        fds.push_back({c.fd.get(), short((takeInput ? POLLIN : 0) | (c.out.empty() ? 0 : POLLOUT)), 0});
}

void ConsoleServer::handleEvents(const pollfd* fds) {
    if (fds[0].revents & POLLIN) acceptClients();
    if (fds[1].revents & POLLOUT)
        writePtyInput();
    else if (fds[1].revents)
        ptyInput_.clear();  // the pty hung up: what was typed has no reader left
    for (std::size_t i = 0; i < polledClients_; ++i) {
        const short ev = fds[2 + i].revents;
        Client& c = clients_[i];
        if (!c.closed && (ev & POLLOUT)) sendTo(c);
        if (!c.closed && (ev & (POLLIN | POLLHUP | POLLERR))) readFrom(c);
    }
}

void ConsoleServer::broadcast(std::string_view output) {
    for (Client& c : clients_) {
        if (c.closed) continue;
        if (c.out.size() + output.size() > kMaxBacklog) {
            c.closed = true;  // it stopped reading: let it go rather than hold the container
            continue;
        }
        c.out.append(output);
        sendTo(c);
    }
}

void ConsoleServer::flush() {
    for (Client& c : clients_)
        if (!c.closed && !c.out.empty()) sendTo(c);
}

void ConsoleServer::acceptClients() {
    while (clients_.size() < kMaxClients) {
        UniqueFd fd(::accept4(listener_.get(), nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC));
        if (!fd) return;  // EAGAIN: no one else is waiting (or EMFILE: they wait in the backlog)
        clients_.push_back({std::move(fd), {}, {}, false});
    }
}

void ConsoleServer::readFrom(Client& c) {
    char buf[65536];
    const ssize_t n = ::read(c.fd.get(), buf, sizeof buf);
    if (n < 0 && wouldBlock(errno)) return;
    if (n <= 0) {
        c.closed = true;  // hung up (its queued output has nowhere to go)
        return;
    }
    c.in.append(buf, std::size_t(n));
    std::vector<Frame> frames;
    auto used = decodeFrames(c.in, frames);
    if (!used) {
        c.closed = true;
        return;
    }
    for (const auto& frame : frames)
        if (!apply(frame)) {
            c.closed = true;
            return;
        }
    c.in.erase(0, *used);
}

void ConsoleServer::sendTo(Client& c) {
    while (!c.out.empty()) {
        const ssize_t n = ::send(c.fd.get(), c.out.data(), c.out.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n < 0 && wouldBlock(errno)) return;  // POLLOUT tells when it takes more
        if (n <= 0) {
            c.closed = true;
            return;
        }
        c.out.erase(0, std::size_t(n));
    }
}

bool ConsoleServer::apply(const Frame& frame) {
    switch (frame.type) {
        case kData:
            ptyInput_.append(frame.payload);
            writePtyInput();
            return true;
        case kResize: {
            auto size = decodeResize(frame.payload);
            if (!size) return false;
            winsize ws{};
            ws.ws_row = size->rows;
            ws.ws_col = size->cols;
            ::ioctl(master_, TIOCSWINSZ, &ws);  // the kernel signals SIGWINCH to the foreground group
            return true;
        }
        default:
            return true;  // a newer client's frame: skipped by its length
    }
}

void ConsoleServer::writePtyInput() {
    while (!ptyInput_.empty()) {
        const ssize_t n = ::write(master_, ptyInput_.data(), ptyInput_.size());
        if (n < 0 && wouldBlock(errno)) return;  // the workload is not reading: POLLOUT resumes
        if (n <= 0) {
            ptyInput_.clear();  // EIO: the pty has no reader left
            return;
        }
        ptyInput_.erase(0, std::size_t(n));
    }
}

void pumpUntilExit(int master, int pidFd, int logFd, ConsoleServer& server,
                   std::chrono::milliseconds waitForClient) {
    const auto holdUntil = std::chrono::steady_clock::now() + waitForClient;
    char buf[8192];
    const auto pass = [&](ssize_t n) {
        (void)!::write(logFd, buf, std::size_t(n));
        server.broadcast({buf, std::size_t(n)});
    };
    bool masterOpen = true;
    std::vector<pollfd> fds;
    for (;;) {
        const auto left =
            std::chrono::ceil<std::chrono::milliseconds>(holdUntil - std::chrono::steady_clock::now());
        if (server.clientCount() > 0) waitForClient = std::chrono::milliseconds(0);  // once in, never again
        const bool holding = waitForClient.count() > 0 && left.count() > 0;
        fds.assign({{masterOpen && !holding ? master : -1, POLLIN, 0}, {holding ? -1 : pidFd, POLLIN, 0}});
        server.preparePoll(fds);
        if (::poll(fds.data(), fds.size(), holding ? int(left.count()) : -1) < 0) {
            if (errno == EINTR) continue;
            return;
        }
        if (fds[0].revents & POLLIN) {
            const ssize_t n = ::read(master, buf, sizeof buf);
            if (n > 0)
                pass(n);
            else if (n == 0 || (errno != EAGAIN && errno != EINTR))
                masterOpen = false;  // EIO: no one holds the pty's other end any more
        } else if (fds[0].revents & (POLLHUP | POLLERR)) {
            masterOpen = false;
        }
        server.handleEvents(fds.data() + 2);
        if (fds[1].revents) break;
    }
    for (ssize_t n; masterOpen && (n = ::read(master, buf, sizeof buf)) > 0;) pass(n);  // non-blocking
    server.flush();
}

}  // namespace juxta::console

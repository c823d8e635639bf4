#include "runtime/port_relay.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <list>

#include "core/log.h"

namespace juxta::runtime {
namespace {

constexpr const char* kPublishForm = "use [IP:]HOSTPORT:PORT[/tcp], e.g. --publish 8080:80";
constexpr std::size_t kBufferBytes = 64 * 1024;  // per direction of a connection
constexpr std::size_t kMaxConnections = 1024;    // past it, new ones wait in the listen backlog

Result<uint16_t> parsePort(const std::string& text, const std::string& whole) {
    unsigned value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size())
        return Error(EINVAL,
                     "--publish " + whole + ": '" + text + "' is not a port number — " + kPublishForm);
    if (value == 0 || value > 65535)
        return Error(EINVAL, "--publish " + whole + ": port " + text + " is outside 1..65535");
    return uint16_t(value);
}

sockaddr_in socketAddress(Ipv4 ip, uint16_t port) {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = ip.address;
    return a;
}

// One direction of a relayed connection: bytes read from `from` wait in the buffer until `to`
// takes them; EOF from `from` becomes shutdown(to, SHUT_WR) once the buffer is empty.
struct Direction {
    int from = -1;
    int to = -1;
    std::vector<char> buffer = std::vector<char>(kBufferBytes);
    std::size_t begin = 0, end = 0;
    bool eof = false;
    bool done = false;  // EOF passed on

    bool wantsRead() const { return !eof && begin == end; }
    bool wantsWrite() const { return begin != end; }
    // False when the connection is broken.
    bool pump() {
        if (wantsRead()) {
            const ssize_t n = ::recv(from, buffer.data(), buffer.size(), 0);
            if (n > 0) begin = 0, end = std::size_t(n);
            if (n == 0) eof = true;
            if (n < 0 && errno != EAGAIN && errno != EINTR) return false;
        }
        while (wantsWrite()) {
            const ssize_t n = ::send(to, buffer.data() + begin, end - begin, MSG_NOSIGNAL);
            if (n < 0) return errno == EAGAIN || errno == EINTR;
            begin += std::size_t(n);
        }
        if (eof && !wantsWrite() && !done) {
            ::shutdown(to, SHUT_WR);
            done = true;
        }
        return true;
    }
};

struct Connection {
    UniqueFd client;
    UniqueFd upstream;  // to the container
    bool connected = false;
    Direction up, down;

    Connection(UniqueFd c, UniqueFd u) : client(std::move(c)), upstream(std::move(u)) {
        up.from = down.to = client.get();
        up.to = down.from = upstream.get();
    }
    short clientEvents() const {
        if (!connected) return 0;  // read nothing before the container side is there
        return short((up.wantsRead() ? POLLIN : 0) | (down.wantsWrite() ? POLLOUT : 0));
    }
    short upstreamEvents() const {
        if (!connected) return POLLOUT;  // the non-blocking connect completes
        return short((down.wantsRead() ? POLLIN : 0) | (up.wantsWrite() ? POLLOUT : 0));
    }
    // False when the connection is over (both directions done) or broken.
    bool advance() {
        if (!connected) {
            int error = 0;
            socklen_t size = sizeof error;
            if (::getsockopt(upstream.get(), SOL_SOCKET, SO_ERROR, &error, &size) < 0 || error != 0)
                return false;  // nothing listens on PORT in the container: the client sees its connection
                               // close
            connected = true;
        }
        return up.pump() && down.pump() && !(up.done && down.done);
    }
};

}  // namespace

Result<PublishedPort> parsePublishedPort(const std::string& text) {
    std::string rest = text;
    if (auto slash = rest.find('/'); slash != std::string::npos) {
        const std::string protocol = rest.substr(slash + 1);
        if (protocol != "tcp")
            return Error(EINVAL,
                         "--publish " + text + ": only tcp ports are published, not '" + protocol + "'");
        rest.resize(slash);
    }
    std::vector<std::string> parts;
    for (std::size_t start = 0;;) {
        const std::size_t colon = rest.find(':', start);
        parts.push_back(rest.substr(start, colon - start));
        if (colon == std::string::npos) break;
        start = colon + 1;
    }
    if (parts.size() < 2 || parts.size() > 3) return Error(EINVAL, "--publish " + text + ": " + kPublishForm);
    PublishedPort port;
    if (parts.size() == 3) {
        auto ip = Ipv4::parse(parts[0]);
        if (!ip)
            return Error(EINVAL, "--publish " + text + ": " + ip.error().message() + " — " + kPublishForm);
        port.hostIp = ip->toString();
    }
    auto hostPort = parsePort(parts[parts.size() - 2], text);
    if (!hostPort) return hostPort.error();
    auto containerPort = parsePort(parts.back(), text);
    if (!containerPort) return containerPort.error();
    port.hostPort = *hostPort;
    port.containerPort = *containerPort;
    return port;
}

Result<std::unique_ptr<PortRelay>> PortRelay::listen(const std::vector<PublishedPort>& ports) {
    std::unique_ptr<PortRelay> relay(new PortRelay());
    relay->stop_.reset(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
    if (!relay->stop_) return Error::fromErrno("publish ports: eventfd");
    for (const auto& p : ports) {
        const std::string where = "publish " + p.toString();
        auto ip = Ipv4::parse(p.hostIp);
        if (!ip) return ip.error().wrap(where);
        UniqueFd fd(::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
        if (!fd) return Error::fromErrno(where);
        // Rebinding right after a stop must not wait for TIME_WAIT; a live listener still refuses it.
        const int one = 1;
        ::setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        const sockaddr_in address = socketAddress(*ip, p.hostPort);
        if (::bind(fd.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address) < 0) {
            const int e = errno;
            if (e == EADDRINUSE)
                return Error(e, where + ": " + p.hostIp + ":" + std::to_string(p.hostPort) +
                                    " is in use — stop what listens there or publish another host port");
            if (e == EADDRNOTAVAIL)
                return Error(e, where + ": " + p.hostIp + " is not an address of this host");
            errno = e;
            return Error::fromErrno(where);
        }
        if (::listen(fd.get(), SOMAXCONN) < 0) return Error::fromErrno(where);
        relay->listeners_.push_back({std::move(fd), p.containerPort});
    }
    return relay;
}

Status PortRelay::start(Ipv4 target) {
    try {
        thread_ = std::thread([this, target] { run(target); });
    } catch (const std::system_error& e) {
        return Error(e.code().value(), std::string("publish ports: start the relay thread: ") + e.what());
    }
    return {};
}

PortRelay::~PortRelay() {
    if (!thread_.joinable()) return;
    const uint64_t one = 1;
    (void)!::write(stop_.get(), &one, sizeof one);
    thread_.join();
}

void PortRelay::run(Ipv4 target) {
    std::list<Connection> connections;  // stable addresses while the poll set refers to them
    std::vector<pollfd> fds;
    // Out of fds (or memory) to accept with: the pending connection stays readable, so the
    // listeners rest for a second, or until a connection closes, instead of spinning.
    bool starved = false;
    for (;;) {
        fds.clear();
        fds.push_back({stop_.get(), POLLIN, 0});
        const bool accepting = connections.size() < kMaxConnections && !starved;
        for (const auto& l : listeners_) fds.push_back({accepting ? l.fd.get() : -1, POLLIN, 0});
        // A side with nothing to do is left out (fd -1), so its POLLHUP cannot spin the loop.
        for (const auto& c : connections) {
            const short client = c.clientEvents(), upstream = c.upstreamEvents();
            fds.push_back({client ? c.client.get() : -1, client, 0});
            fds.push_back({upstream ? c.upstream.get() : -1, upstream, 0});
        }
        const int ready = ::poll(fds.data(), fds.size(), starved ? 1000 : -1);
        if (ready == 0) starved = false;
        if (ready < 0) {
            if (errno == EINTR) continue;
            log::get("runtime")->error("port relay: poll: {}", std::strerror(errno));
            return;
        }
        if (fds[0].revents) return;
        std::size_t i = 1 + listeners_.size();
        for (auto c = connections.begin(); c != connections.end(); i += 2) {
            const bool woken = fds[i].revents || fds[i + 1].revents;
            const bool broken = (fds[i].revents | fds[i + 1].revents) & POLLERR;
            if (woken && (broken || !c->advance())) {
                c = connections.erase(c);
                starved = false;
            } else {
                ++c;
            }
        }
        for (std::size_t l = 0; l < listeners_.size(); ++l) {
            if (!fds[1 + l].revents) continue;
            UniqueFd client(
                ::accept4(listeners_[l].fd.get(), nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC));
            if (!client) {  // EAGAIN, or a connection reset before it was accepted, or starved
                if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) starved = true;
                continue;
            }
            UniqueFd upstream(::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
            if (!upstream) {
                starved = true;  // the accepted client closes; others wait in the backlog
                continue;
            }
            const sockaddr_in to = socketAddress(target, listeners_[l].containerPort);
            if (::connect(upstream.get(), reinterpret_cast<const sockaddr*>(&to), sizeof to) < 0 &&
                errno != EINPROGRESS)
                continue;
            connections.emplace_back(std::move(client), std::move(upstream));
        }
    }
}

}  // namespace juxta::runtime

#include "support/tcp_relay.h"

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>

namespace juxta::testing {
namespace {

sockaddr_in loopback(int port) {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(std::uint16_t(port));
    return a;
}

// Writes all of it; false when the peer is gone.
bool sendAll(int fd, const char* data, std::size_t n) {
    while (n > 0) {
        const ssize_t w = ::send(fd, data, n, MSG_NOSIGNAL);
        if (w <= 0) return false;
        data += w;
        n -= std::size_t(w);
    }
    return true;
}

}  // namespace

TcpRelay::~TcpRelay() {
    stopping_ = true;
    if (listener_ >= 0) ::shutdown(listener_, SHUT_RDWR);
    if (acceptor_.joinable()) acceptor_.join();
    for (auto& t : connections_) t.join();
    if (listener_ >= 0) ::close(listener_);
}

int TcpRelay::start(int upstreamPort) {
    upstream_ = upstreamPort;
    listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a = loopback(0);
    socklen_t len = sizeof a;
    if (::bind(listener_, reinterpret_cast<sockaddr*>(&a), sizeof a) < 0 || ::listen(listener_, 16) < 0 ||
        ::getsockname(listener_, reinterpret_cast<sockaddr*>(&a), &len) < 0)
        return 0;
    acceptor_ = std::thread([this] { serve(); });
    return ntohs(a.sin_port);
}

void TcpRelay::serve() {
    while (!stopping_) {
        pollfd p{listener_, POLLIN, 0};
        if (::poll(&p, 1, 100) <= 0) continue;
        const int client = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
        if (client < 0) continue;
        connections_.emplace_back([this, client] { relay(client); });
    }
}

void TcpRelay::relay(int client) {
    const int server = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a = loopback(upstream_);
    if (::connect(server, reinterpret_cast<sockaddr*>(&a), sizeof a) < 0) {
        ::close(server);
        ::close(client);
        return;
    }
    std::uint64_t fromServer = 0;
    const auto began = std::chrono::steady_clock::now();
    char buffer[64 << 10];
    bool open = true;
    while (open && !stopping_) {
        pollfd p[2] = {{client, POLLIN, 0}, {server, POLLIN, 0}};
        if (::poll(p, 2, 100) <= 0) continue;
        for (int i = 0; i < 2 && open; ++i) {
            if (!(p[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
            const int from = p[i].fd, to = i == 0 ? server : client;
            const ssize_t n = ::recv(from, buffer, sizeof buffer, 0);
            if (n <= 0) {
                open = false;
                break;
            }
            std::size_t pass = std::size_t(n);
            if (i == 1) {
                const std::uint64_t cut = cutAfter_.load();
                if (cut > 0 && fromServer + pass > cut) {  // this connection is the one to drop
                    pass = std::size_t(cut - fromServer);
                    cutAfter_ = 0;
                    ++cuts_;
                    open = false;
                }
                fromServer += pass;
                fromServer_ += pass;
            }
            if (!sendAll(to, buffer, pass)) open = false;
            if (const std::uint64_t rate = rate_.load(); i == 1 && rate > 0) {  // no faster than the rate
                const auto due = began + std::chrono::microseconds(fromServer * 1'000'000 / rate);
                std::this_thread::sleep_until(due);
            }
        }
    }
    ::close(server);
    ::close(client);
}

}  // namespace juxta::testing

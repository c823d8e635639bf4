// net: TCP round trips over 127.0.0.1 inside the instance — an echo thread and a client, Nagle
// off, one message of --bytes each way per round. A loopback that is down (a fresh VM whose init
// did not bring it up) is brought up first when the workload may (root in its own namespace).
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "bench/workloads/workload.h"

namespace juxta::workloads {
namespace {

bool transfer(int fd, char* data, std::size_t n, bool send) {
    while (n > 0) {
        const ssize_t r = send ? ::write(fd, data, n) : ::read(fd, data, n);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) return false;
        data += r, n -= std::size_t(r);
    }
    return true;
}

void setNoDelay(int fd) {
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

}  // namespace

bool loopbackUp(bool& broughtUp) {
    const int s = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (s < 0) return false;
    ifreq ifr{};
    std::strncpy(ifr.ifr_name, "lo", IFNAMSIZ - 1);
    bool up = ::ioctl(s, SIOCGIFFLAGS, &ifr) == 0 && (ifr.ifr_flags & IFF_UP);
    if (!up) {
        ifr.ifr_flags |= IFF_UP;
        up = broughtUp = ::ioctl(s, SIOCSIFFLAGS, &ifr) == 0;
    }
    ::close(s);
    return up;
}

Output runNet(const Params& p) {
    int64_t rounds = 0, bytes = 0;
    std::string error;
    if (!p.positive("rounds", rounds, error) || !p.positive("bytes", bytes, error))
        return Output::failure(error);
    if (bytes > (1 << 20)) return Output::failure("--bytes " + std::to_string(bytes) + ": at most 1048576");
    bool broughtUp = false;
    if (!loopbackUp(broughtUp))
        return Output::failure("the loopback interface is down and cannot be brought up");

    const int listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (listener < 0 || ::bind(listener, (sockaddr*)&addr, sizeof addr) != 0 || ::listen(listener, 1) != 0 ||
        ::getsockname(listener, (sockaddr*)&addr, &len) != 0)
        return Output::failure(std::string("listen on 127.0.0.1: ") + std::strerror(errno));

    std::thread echo([&] {
        const int fd = ::accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd < 0) return;
        setNoDelay(fd);
        std::vector<char> buf(static_cast<std::size_t>(bytes));
        for (int64_t i = 0; i < rounds; ++i)
            if (!transfer(fd, buf.data(), buf.size(), false) || !transfer(fd, buf.data(), buf.size(), true))
                break;
        ::close(fd);
    });
    const int client = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    bool ok = client >= 0 && ::connect(client, (sockaddr*)&addr, sizeof addr) == 0;
    const std::string connectError = ok ? "" : std::string("connect to 127.0.0.1: ") + std::strerror(errno);
    double seconds = 0;
    if (ok) {
        setNoDelay(client);
        std::vector<char> buf(std::size_t(bytes), 'j');
        const int64_t start = monotonicNs();
        for (int64_t i = 0; ok && i < rounds; ++i)
            ok = transfer(client, buf.data(), buf.size(), true) &&
                 transfer(client, buf.data(), buf.size(), false);
        seconds = secondsSince(start);
    }
    if (client >= 0) ::close(client);
    ::shutdown(listener, SHUT_RDWR);  // wakes an accept that never got its client
    echo.join();
    ::close(listener);
    if (!connectError.empty()) return Output::failure(connectError);
    if (!ok) return Output::failure("the echo connection broke off");
    Output o;
    o.add("rounds", double(rounds));
    o.add("round_trip_us", seconds * 1e6 / double(rounds));
    o.add("loopback_brought_up", broughtUp ? 1.0 : 0.0);
    return o;
}

}  // namespace juxta::workloads

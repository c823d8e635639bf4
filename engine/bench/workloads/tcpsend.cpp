// tcpsend: streams to a TCP sink for a fixed time in large writes and reports what the path
// carried, from the connect to the peer's end of the stream (so every byte was taken). It is what
// a VM's network card costs guest -> host (engine/bench/vm_vs_qemu: juxta-vmm's virtio-net against
// QEMU's, same guest; the bench is the sink). tcprecv is the other way: it connects to a source that
// streams for a time of its own choosing and closes, and reports what it read, from the connect to
// the end of the stream (host -> guest).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include "bench/workloads/workload.h"

namespace juxta::workloads {

namespace {

// A stream to --host:--port: its socket, or -1 with `error` set.
int connectToPeer(const Params& p, std::string& error) {
    int64_t port = 0;
    if (!p.positive("port", port, error)) return -1;
    if (port > 65535) {
        error = "--port " + std::to_string(port) + ": 1 to 65535";
        return -1;
    }
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(uint16_t(port));
    if (::inet_pton(AF_INET, p.text("host").c_str(), &to.sin_addr) != 1) {
        error = "--host " + p.text("host") + ": give an IPv4 address";
        return -1;
    }
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        error = std::string("socket: ") + std::strerror(errno);
        return -1;
    }
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&to), sizeof to) != 0) {
        error = "connect to " + p.text("host") + ":" + std::to_string(port) + ": " + std::strerror(errno);
        ::close(fd);
        return -1;
    }
    return fd;
}

// What a stream carried, closing it: its bytes and MB/s from `startNs` (the connect) to now.
Output streamed(int fd, double bytes, int64_t startNs) {
    const double elapsed = secondsSince(startNs);
    ::close(fd);
    Output o;
    o.add("bytes", bytes);
    o.add("mb_per_s", bytes / 1e6 / elapsed);
    return o;
}

}  // namespace

Output runTcpsend(const Params& p) {
    int64_t seconds = 0, kib = 0;
    std::string error;
    if (!p.positive("seconds", seconds, error) || !p.positive("kib", kib, error))
        return Output::failure(error);
    const int64_t start = monotonicNs();
    const int fd = connectToPeer(p, error);
    if (fd < 0) return Output::failure(error);
    std::vector<char> chunk(std::size_t(std::min<int64_t>(kib, 16384)) << 10, 'x');
    const int64_t until = start + seconds * 1'000'000'000;
    double bytes = 0;
    while (monotonicNs() < until) {
        const ssize_t n = ::write(fd, chunk.data(), chunk.size());
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            const std::string why = std::strerror(errno);
            ::close(fd);
            return Output::failure("write: " + why);
        }
        bytes += double(n);
    }
    // The peer closes once it has read everything: its end is the stream's end.
    ::shutdown(fd, SHUT_WR);
    char sink[256];
    while (::read(fd, sink, sizeof sink) > 0) {
    }
    return streamed(fd, bytes, start);
}

Output runTcprecv(const Params& p) {
    std::string error;
    const int64_t start = monotonicNs();
    const int fd = connectToPeer(p, error);
    if (fd < 0) return Output::failure(error);
    std::vector<char> buffer(1 << 20);
    double bytes = 0;
    for (;;) {
        const ssize_t n = ::read(fd, buffer.data(), buffer.size());
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            const std::string why = std::strerror(errno);
            ::close(fd);
            return Output::failure("read: " + why);
        }
        if (n == 0) break;
        bytes += double(n);
    }
    return streamed(fd, bytes, start);
}

}  // namespace juxta::workloads

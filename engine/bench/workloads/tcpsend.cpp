// tcpsend: streams to a TCP sink for a fixed time in large writes and reports what the path
// carried, from the connect to the peer's end of the stream (so every byte was taken). It is what
// a VM's network card costs guest -> host (engine/bench/vm_vs_qemu: juxta-vmm's virtio-net against
// QEMU's, same guest; the bench is the sink).
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

Output runTcpsend(const Params& p) {
    int64_t port = 0, seconds = 0, kib = 0;
    std::string error;
    if (!p.positive("port", port, error) || !p.positive("seconds", seconds, error) ||
        !p.positive("kib", kib, error))
        return Output::failure(error);
    if (port > 65535) return Output::failure("--port " + std::to_string(port) + ": 1 to 65535");
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(uint16_t(port));
    if (::inet_pton(AF_INET, p.text("host").c_str(), &to.sin_addr) != 1)
        return Output::failure("--host " + p.text("host") + ": give an IPv4 address");
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return Output::failure(std::string("socket: ") + std::strerror(errno));
    const int64_t start = monotonicNs();
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&to), sizeof to) != 0) {
        const std::string why = std::strerror(errno);
        ::close(fd);
        return Output::failure("connect to " + p.text("host") + ":" + std::to_string(port) + ": " + why);
    }
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
    const double elapsed = secondsSince(start);
    ::close(fd);
    Output o;
    o.add("bytes", bytes);
    o.add("mb_per_s", bytes / 1e6 / elapsed);
    return o;
}

}  // namespace juxta::workloads

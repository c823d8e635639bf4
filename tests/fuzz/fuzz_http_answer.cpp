// A web service's answer to the compose scenario's load (compare/http_load.h), all of it the input's:
// written into one end of a socket pair and read back as the load reads each answer — a status, or
// nothing when it is malformed or over the bounds; never a crash, never a wait past the input's end.
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>

#include "compare/http_load.h"
#include "core/timeline.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    size = std::min<size_t>(size, 64 << 10);  // fits the socket's buffer: written whole before it is read
    int sv[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) return 0;
    const int buffer = 1 << 20;
    ::setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &buffer, sizeof buffer);
    for (size_t done = 0; done < size;) {
        const ssize_t n = ::write(sv[0], data + done, size - done);
        if (n <= 0) break;
        done += size_t(n);
    }
    ::shutdown(sv[0], SHUT_WR);  // the end of the input is the end of the connection
    (void)juxta::compare::readHttpAnswer(sv[1], juxta::monotonicNs() + 2'000'000'000);
    ::close(sv[0]);
    ::close(sv[1]);
    return 0;
}

// fileio: write N MiB in 1 MiB chunks and fsync (the write figure includes the flush), drop the
// file from the page cache and read it back, then the latency of small write+fsync pairs. The
// file lives in --dir (default /tmp) and is removed; the filesystem type is reported because it
// decides the figures (a container writes to its overlay, the tiny-linux VM to its tmpfs).
#include <fcntl.h>
#include <sys/statfs.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include "bench/workloads/workload.h"

namespace juxta::workloads {
namespace {

std::string filesystemName(const std::string& dir) {
    struct statfs s {};
    if (::statfs(dir.c_str(), &s) != 0) return "unknown";
    switch (static_cast<unsigned long>(s.f_type)) {
        case 0x01021994:
            return "tmpfs";
        case 0x794c7630:
            return "overlay";
        case 0xef53:
            return "ext4";
        case 0x58465342:
            return "xfs";
        case 0x9123683e:
            return "btrfs";
        case 0x858458f6:
            return "ramfs";
        default:
            return "other";
    }
}

std::string failed(const std::string& what) {
    return what + ": " + std::strerror(errno);
}

bool writeAll(int fd, const char* data, std::size_t n) {
    while (n > 0) {
        const ssize_t w = ::write(fd, data, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return false;
        data += w, n -= std::size_t(w);
    }
    return true;
}

}  // namespace

Output runFileio(const Params& p) {
    int64_t mib = 0, syncs = 0;
    std::string error;
    if (!p.positive("mib", mib, error) || !p.positive("syncs", syncs, error)) return Output::failure(error);
    const std::string dir = p.text("dir");
    const std::string path = dir + "/juxta-workload-fileio." + std::to_string(::getpid());
    std::vector<char> chunk(1 << 20);
    for (std::size_t i = 0; i < chunk.size(); ++i) chunk[i] = char(i * 131 + 7);

    int fd = ::open(path.c_str(), O_CREAT | O_TRUNC | O_RDWR | O_CLOEXEC, 0600);
    if (fd < 0) return Output::failure(failed("create " + path + " (choose a writable --dir)"));
    auto fail = [&](const std::string& what) {
        const std::string message = failed(what + " " + path);
        ::close(fd);
        ::unlink(path.c_str());
        return Output::failure(message);
    };
    int64_t start = monotonicNs();
    for (int64_t i = 0; i < mib; ++i)
        if (!writeAll(fd, chunk.data(), chunk.size())) return fail("write");
    if (::fsync(fd) != 0) return fail("fsync");
    const double writeS = secondsSince(start);

    (void)::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);  // clean pages go: the read hits the device
    start = monotonicNs();
    uint64_t sum = 0;
    if (::lseek(fd, 0, SEEK_SET) != 0) return fail("seek");
    for (ssize_t r; (r = ::read(fd, chunk.data(), chunk.size())) != 0;) {
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) return fail("read");
        sum += uint64_t(static_cast<unsigned char>(chunk[std::size_t(r) - 1]));
    }
    const double readS = secondsSince(start);

    std::vector<double> latencies;
    for (int64_t i = 0; i < syncs; ++i) {
        const int64_t t = monotonicNs();
        if (!writeAll(fd, chunk.data(), 4096) || ::fsync(fd) != 0) return fail("write+fsync");
        latencies.push_back(secondsSince(t) * 1e6);
    }
    std::sort(latencies.begin(), latencies.end());
    ::close(fd);
    ::unlink(path.c_str());

    const double mb = double(mib) * double(1 << 20) / 1e6;
    Output o;
    o.add("filesystem", filesystemName(dir));
    o.add("bytes", double(mib) * double(1 << 20));
    o.add("write_mb_per_s", mb / writeS);
    o.add("read_mb_per_s", mb / readS);
    o.add("fsync_us", latencies[latencies.size() / 2]);  // the median pair
    o.add("checksum", double(sum));
    return o;
}

}  // namespace juxta::workloads

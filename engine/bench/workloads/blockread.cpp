// blockread: reads a block device (or file) with O_DIRECT, past every page cache of the reader:
// sequentially in 1 MiB requests, then 4 KiB requests at random offsets for a fixed time, one at a
// time (queue depth 1) or from `depth` threads at once (as many requests in flight) — throughput
// and IOPS of the device path itself. It is what a VM's virtio-blk disk costs
// (engine/bench/vm_vs_qemu: juxta-vmm's disk against QEMU's, same image).
#include <fcntl.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "bench/workloads/workload.h"

namespace juxta::workloads {

Output runBlockread(const Params& p) {
    int64_t mib = 0, seconds = 0, depth = 0;
    std::string error;
    if (!p.positive("mib", mib, error) || !p.positive("seconds", seconds, error) ||
        !p.positive("depth", depth, error))
        return Output::failure(error);
    if (depth > 256) return Output::failure("--depth: at most 256");
    const std::string device = p.text("device");
    const int fd = ::open(device.c_str(), O_RDONLY | O_DIRECT | O_CLOEXEC);
    if (fd < 0) return Output::failure("open " + device + ": " + std::strerror(errno));
    uint64_t size = 0;
    struct stat st {};
    if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
        size = uint64_t(st.st_size);
    else if (::ioctl(fd, BLKGETSIZE64, &size) != 0)
        size = 0;
    const uint64_t bytes = std::min<uint64_t>(uint64_t(mib) << 20, size / (1 << 20) * (1 << 20));
    if (bytes < (1 << 20)) {
        ::close(fd);
        return Output::failure(device + " is smaller than 1 MiB");
    }
    void* buffer = nullptr;
    if (::posix_memalign(&buffer, 4096, 1 << 20) != 0) {
        ::close(fd);
        return Output::failure("out of memory");
    }
    auto* data = static_cast<char*>(buffer);
    const auto fail = [&](const std::string& what) {
        const std::string message = what + " " + device + ": " + std::strerror(errno);
        std::free(buffer);
        ::close(fd);
        return Output::failure(message);
    };
    int64_t start = monotonicNs();
    uint64_t sum = 0;
    for (uint64_t at = 0; at < bytes; at += 1 << 20) {
        if (::pread(fd, data, 1 << 20, off_t(at)) != (1 << 20)) return fail("read");
        sum += uint64_t(static_cast<unsigned char>(data[4095]));
    }
    const double seqS = secondsSince(start);

    // Each reader its own buffer (4 KiB of the 1 MiB one) and its own sequence of offsets.
    const uint64_t blocks = size / 4096;
    std::atomic<uint64_t> reads{0}, checksum{0};
    std::atomic<int> failedErrno{0};
    start = monotonicNs();
    const int64_t end = start + seconds * 1000000000;
    const auto reader = [&](int64_t index) {
        char* mine = data + (index % 256) * 4096;
        uint64_t state = 0x9e3779b97f4a7c15ull * uint64_t(index + 1), done = 0, own = 0;
        while (monotonicNs() < end && !failedErrno.load(std::memory_order_relaxed)) {
            for (int i = 0; i < 64; ++i) {
                state = splitmix(state + 1);
                if (::pread(fd, mine, 4096, off_t(state % blocks * 4096)) != 4096) {
                    failedErrno = errno ? errno : EIO;
                    break;
                }
                own += uint64_t(static_cast<unsigned char>(mine[7]));
                ++done;
            }
        }
        reads += done;
        checksum += own;
    };
    std::vector<std::thread> readers;
    for (int64_t i = 1; i < depth; ++i) readers.emplace_back(reader, i);
    reader(0);
    for (std::thread& t : readers) t.join();
    const double randS = secondsSince(start);
    sum += checksum;
    if (failedErrno) {
        errno = failedErrno;
        return fail("random read");
    }
    std::free(buffer);
    ::close(fd);
    Output o;
    o.add("bytes", double(bytes));
    o.add("seq_read_mb_per_s", double(bytes) / 1e6 / seqS);
    o.add("rand_read_iops", double(reads) / randS);
    o.add("depth", double(depth));
    o.add("checksum", double(sum));
    return o;
}

}  // namespace juxta::workloads

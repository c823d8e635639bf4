// blockread: reads a block device (or file) with O_DIRECT, past every page cache of the reader:
// sequentially in 1 MiB requests, then 4 KiB requests at random offsets one at a time (queue
// depth 1) for a fixed time — throughput and IOPS of the device path itself. It is what a VM's
// virtio-blk disk costs (engine/bench/vm_vs_qemu: juxta-vmm's disk against QEMU's, same image).
#include <fcntl.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>

#include "bench/workloads/workload.h"

namespace juxta::workloads {

Output runBlockread(const Params& p) {
    int64_t mib = 0, seconds = 0;
    std::string error;
    if (!p.positive("mib", mib, error) || !p.positive("seconds", seconds, error))
        return Output::failure(error);
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

    const uint64_t blocks = size / 4096;
    uint64_t state = 0x9e3779b97f4a7c15ull, reads = 0;
    start = monotonicNs();
    const int64_t end = start + seconds * 1000000000;
    while (monotonicNs() < end) {
        for (int i = 0; i < 64; ++i) {
            state = splitmix(state + 1);
            if (::pread(fd, data, 4096, off_t(state % blocks * 4096)) != 4096) return fail("random read");
            sum += uint64_t(static_cast<unsigned char>(data[7]));
            ++reads;
        }
    }
    const double randS = secondsSince(start);
    std::free(buffer);
    ::close(fd);
    Output o;
    o.add("bytes", double(bytes));
    o.add("seq_read_mb_per_s", double(bytes) / 1e6 / seqS);
    o.add("rand_read_iops", double(reads) / randS);
    o.add("checksum", double(sum));
    return o;
}

}  // namespace juxta::workloads

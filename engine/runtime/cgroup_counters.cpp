#include "runtime/cgroup_counters.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>

#include "runtime/cgroup_files.h"

namespace juxta::runtime {
namespace {

namespace fs = std::filesystem;

// The first of the directories that holds `name`, opened for reading; none: an invalid fd.
UniqueFd openIn(const std::vector<fs::path>& dirs, const char* name) {
    for (const fs::path& d : dirs)
        if (int fd = ::open((d / name).c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW); fd >= 0)
            return UniqueFd(fd);
    return {};
}

int64_t number(std::string_view text) {
    int64_t v = 0;
    std::from_chars(text.data(), text.data() + text.size(), v);
    return v;
}

}  // namespace

Result<CgroupCounters> CgroupCounters::open(const Cgroup& cgroup) {
    if (cgroup.version() == CgroupVersion::None)
        return Error(ENOTSUP, "no cgroup: the counters come from the container's processes");
    std::vector<fs::path> dirs;
    for (const fs::path& f : cgroup.selfJoinFiles()) dirs.push_back(f.parent_path());
    CgroupCounters c;
    c.version_ = cgroup.version();
    const bool v1 = c.version_ == CgroupVersion::V1;
    c.cpu_ = openIn(dirs, v1 ? "cpuacct.usage" : "cpu.stat");
    c.memory_ = openIn(dirs, v1 ? "memory.usage_in_bytes" : "memory.current");
    c.io_ = openIn(dirs, v1 ? "blkio.throttle.io_service_bytes" : "io.stat");
    if (!c.cpu_ && !c.memory_) return Error(ENOENT, "the cgroup has neither CPU nor memory counters");
    c.buffer_.resize(64 * 1024);  // io files grow with the host's devices; bounded all the same
    return c;
}

// One pread from the start: the kernel hands a cgroup file's whole text to a buffer that holds it.
Result<std::string_view> CgroupCounters::readAll(int fd) {
    for (;;) {
        const ssize_t n = ::pread(fd, buffer_.data(), buffer_.size(), 0);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return Error::fromErrno("read a cgroup counter");
        return std::string_view(buffer_.data(), std::size_t(n));
    }
}

Result<CgroupStats> CgroupCounters::read() {
    CgroupStats s;
    const bool v1 = version_ == CgroupVersion::V1;
    if (cpu_) {
        auto text = readAll(cpu_.get());
        if (!text) return text.error();
        s.cpuUsageNs = v1 ? number(*text) : cgroupfs::keyedValue(*text, "usage_usec") * 1000;
    }
    if (memory_) {
        auto text = readAll(memory_.get());
        if (!text) return text.error();
        s.memoryCurrent = number(*text);
    }
    if (io_) {
        auto text = readAll(io_.get());
        if (!text) return text.error();
        const cgroupfs::IoBytes io = v1 ? cgroupfs::ioBytesV1(*text) : cgroupfs::ioBytesV2(*text);
        s.ioReadBytes = io.read;
        s.ioWriteBytes = io.written;
    }
    return s;
}

}  // namespace juxta::runtime

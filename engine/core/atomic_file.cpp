#include "core/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <string>

namespace juxta {

Status writeFileAtomically(const std::filesystem::path& target, std::string_view content, int mode,
                           Durability durability) {
    const bool durable = durability == Durability::Durable;
    const std::filesystem::path dir = target.parent_path();
    std::string tmpl = (dir / ("." + target.filename().string() + ".XXXXXX")).string();
    const int fd = ::mkostemp(tmpl.data(), O_CLOEXEC);
    if (fd < 0) return Error::fromErrno("create a temp file in " + dir.string());
    auto failed = [&](const char* what) {
        const int err = errno;
        ::close(fd);
        ::unlink(tmpl.c_str());
        return Status(Error::fromErrno(std::string(what) + " " + target.string(), err));
    };
    std::size_t done = 0;
    while (done < content.size()) {
        ssize_t n = ::write(fd, content.data() + done, content.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return failed("write");
        done += std::size_t(n);
    }
    if (::fchmod(fd, mode_t(mode)) < 0) return failed("chmod");
    if (durable && ::fsync(fd) < 0) return failed("fsync");
    ::close(fd);
    if (::rename(tmpl.c_str(), target.c_str()) < 0) {
        const int err = errno;
        ::unlink(tmpl.c_str());
        return Error::fromErrno("rename into " + target.string(), err);
    }
    if (int dfd = durable ? ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1; dfd >= 0) {
        ::fsync(dfd);
        ::close(dfd);
    }
    return {};
}

}  // namespace juxta

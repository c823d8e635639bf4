#include "core/sealed_exe.h"

#include <elf.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "core/unique_fd.h"

extern char** environ;

namespace juxta {
namespace {

// Set for the copy, so it can still name the file it was copied from.
constexpr const char* kOriginalVar = "JUXTA_SEALED_FROM";
constexpr unsigned kSeals = F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE;

bool isSealed(int fd) {
    const int seals = ::fcntl(fd, F_GET_SEALS);
    return seals >= 0 && (static_cast<unsigned>(seals) & kSeals) == kSeals;
}

#ifndef MFD_EXEC
#define MFD_EXEC 0x0010U  // Linux 6.3; Debian 12's headers predate it
#endif

Result<UniqueFd> makeMemfd(const char* name) {
    // Kernels with vm.memfd_noexec want the intent said; older ones reject the flag.
    long fd = ::syscall(SYS_memfd_create, name, MFD_CLOEXEC | MFD_ALLOW_SEALING | MFD_EXEC);
    if (fd < 0 && errno == EINVAL) fd = ::syscall(SYS_memfd_create, name, MFD_CLOEXEC | MFD_ALLOW_SEALING);
    if (fd < 0) return Error::fromErrno("create the sealed copy of the program");
    return UniqueFd(static_cast<int>(fd));
}

// How much of the program the copy needs: up to the end of the last segment the program headers
// name. What follows (section headers, symbols, debug info: most of a RelWithDebInfo build) is
// never loaded, and copying it on every container start would cost milliseconds.
off_t loadedExtent(int fd, off_t fileSize, Elf64_Ehdr& header) {
    if (::pread(fd, &header, sizeof header, 0) != sizeof header) return fileSize;
    if (std::memcmp(header.e_ident, ELFMAG, SELFMAG) != 0 || header.e_ident[EI_CLASS] != ELFCLASS64 ||
        header.e_phentsize != sizeof(Elf64_Phdr) || header.e_phnum == 0 || header.e_phnum > 256)
        return fileSize;
    std::vector<Elf64_Phdr> segments(header.e_phnum);
    const auto bytes = static_cast<ssize_t>(segments.size() * sizeof(Elf64_Phdr));
    if (::pread(fd, segments.data(), static_cast<size_t>(bytes), static_cast<off_t>(header.e_phoff)) != bytes)
        return fileSize;
    auto end = static_cast<uint64_t>(header.e_phoff) + static_cast<uint64_t>(bytes);
    for (const auto& s : segments) end = std::max<uint64_t>(end, s.p_offset + s.p_filesz);
    return end < static_cast<uint64_t>(fileSize) ? static_cast<off_t>(end) : fileSize;
}

}  // namespace

Result<UniqueFd> sealedMemfdOf(const char* name, const void* data, std::size_t size) {
    auto fd = makeMemfd(name);
    if (!fd) return fd.error();
    for (std::size_t done = 0; done < size;) {
        const ssize_t n = ::write(fd->get(), static_cast<const char*>(data) + done, size - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return Error::fromErrno(std::string("write ") + name, n < 0 ? errno : EIO);
        done += static_cast<std::size_t>(n);
    }
    if (::fcntl(fd->get(), F_ADD_SEALS, kSeals) < 0) return Error::fromErrno(std::string("seal ") + name);
    return fd;
}

bool runningFromSealedCopy() {
    UniqueFd exe(::open("/proc/self/exe", O_RDONLY | O_CLOEXEC));
    return exe && isSealed(exe.get());
}

Status reexecFromSealedCopy(char** argv) {
    UniqueFd exe(::open("/proc/self/exe", O_RDONLY | O_CLOEXEC));
    if (!exe) return Error::fromErrno("open /proc/self/exe");
    if (isSealed(exe.get())) return {};
    struct stat st {};
    if (::fstat(exe.get(), &st) < 0) return Error::fromErrno("stat /proc/self/exe");
    auto copy = makeMemfd("juxta-sealed");
    if (!copy) return copy.error();
    Elf64_Ehdr header{};
    const off_t extent = loadedExtent(exe.get(), st.st_size, header);
    for (off_t done = 0; done < extent;) {
        const ssize_t n = ::sendfile(copy->get(), exe.get(), nullptr, static_cast<size_t>(extent - done));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return Error::fromErrno("copy the program into its sealed copy", n < 0 ? errno : EIO);
        done += n;
    }
    if (extent < st.st_size) {  // the section headers were left behind: say there are none
        header.e_shoff = 0;
        header.e_shnum = 0;
        header.e_shstrndx = SHN_UNDEF;
        if (::pwrite(copy->get(), &header, sizeof header, 0) != sizeof header)
            return Error::fromErrno("write the sealed copy's header");
    }
    if (::fcntl(copy->get(), F_ADD_SEALS, kSeals) < 0) return Error::fromErrno("seal the program's copy");
    const auto original = selfExecutable();
    ::setenv(kOriginalVar, original.c_str(), 1);
    ::syscall(SYS_execveat, copy->get(), "", argv, environ, AT_EMPTY_PATH);
    const int err = errno;
    ::unsetenv(kOriginalVar);
    return Error::fromErrno("run the program's sealed copy", err);
}

std::filesystem::path selfExecutable() {
    if (const char* original = std::getenv(kOriginalVar); original && *original && runningFromSealedCopy())
        return original;
    std::error_code ec;
    return std::filesystem::read_symlink("/proc/self/exe", ec);
}

}  // namespace juxta

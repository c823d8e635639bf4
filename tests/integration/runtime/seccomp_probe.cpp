// Runs inside a container (static, bind-mounted in): makes each syscall the seccomp tests ask
// about and prints "name=ok" or "name=<errno name>", one a line, for the test to compare.
#include <fcntl.h>
#include <linux/io_uring.h>
#include <sched.h>
#include <signal.h>
#include <sys/personality.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <thread>

namespace {

void report(const char* name, long rc) {
    std::printf("%s=%s\n", name, rc >= 0 ? "ok" : strerrorname_np(errno));
}

// A socket call with the family in the full 64-bit register, as the filter sees it.
long rawSocket(uint64_t family) {
    return syscall(SYS_socket, family, SOCK_STREAM, 0);
}

}  // namespace

int main() {
    report("nr1000", syscall(1000, 0, 0, 0));
    report("kexec_file_load", syscall(SYS_kexec_file_load, -1, -1, 0, nullptr, 0));
    report("open_tree", syscall(SYS_open_tree, AT_FDCWD, "/", 0));
    const long child = syscall(SYS_clone, CLONE_NEWUSER | SIGCHLD, nullptr, nullptr, nullptr, nullptr);
    if (child == 0) _exit(0);  // let through: the child must not report too
    report("clone_newuser", child);
    report("unshare_newuser", unshare(CLONE_NEWUSER));
    report("socket_vsock", rawSocket(AF_VSOCK));
    report("socket_vsock_high_bits", rawSocket((uint64_t(1) << 32) | AF_VSOCK));
    report("socket_alg", rawSocket(AF_ALG));
    report("socket_unix", rawSocket(AF_UNIX));
    report("personality_0x1000000", personality(0x1000000));
    report("personality_query", personality(0xffffffff));
    io_uring_params params{};
    report("io_uring_setup", syscall(SYS_io_uring_setup, 1, &params));
    char buf[16];
    report("getrandom", getrandom(buf, sizeof buf, 0));
    // statmount is allowed by number (newer than Debian 12's libseccomp): a null request is EFAULT.
    report("statmount", syscall(457, nullptr, nullptr, 0, 0));
    int counted = 0;
    std::thread worker([&] { counted = 42; });  // glibc tries clone3 (ENOSYS), then clone
    worker.join();
    std::printf("thread=%s\n", counted == 42 ? "ok" : "failed");
    return 0;
}

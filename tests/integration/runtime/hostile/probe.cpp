// hostile-probe: what an attacker's image runs inside a container (static, so it needs nothing of
// the image). Each mode tries one escape and prints what it got; the tests read that and, more
// to the point, check the host afterwards.
//   hostile-probe tiocsti TEXT        push TEXT into the terminal on stdin (TIOCSTI)
//   hostile-probe hunt SECONDS OUT    watch /proc for a process whose exe is not one of ours
//                                     (juxtactl's exec child), keep its exe and try to write it
#include <dirent.h>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace {

int tiocsti(const char* text) {
    for (const char* c = text; *c; ++c)
        if (::ioctl(STDIN_FILENO, TIOCSTI, c) < 0) {
            std::printf("tiocsti: %s\n", std::strerror(errno));
            return 1;
        }
    std::printf("tiocsti: injected\n");
    return 0;
}

double now() {
    timespec ts{};
    ::clock_gettime(CLOCK_MONOTONIC, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
}

// Tries, until `deadline`, to open the kept exe for writing (ETXTBSY while it runs) and write.
std::string tryWrite(int kept, double deadline) {
    const std::string path = "/proc/self/fd/" + std::to_string(kept);
    std::string last = "never tried";
    while (now() < deadline) {
        const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
        if (fd >= 0) {
            const ssize_t n = ::pwrite(fd, "PWNED", 5, 0);
            const int err = errno;
            ::close(fd);
            if (n == 5) return "WROTE the exe";
            last = std::string("write: ") + std::strerror(err);
            break;
        }
        last = std::string("open for writing: ") + std::strerror(errno);
        if (errno != ETXTBSY) break;
        ::usleep(2000);
    }
    return last;
}

int hunt(double seconds, const char* out) {
    struct stat self {};
    ::stat("/proc/self/exe", &self);
    const double deadline = now() + seconds;
    std::string report;
    int foreign = 0, kept = 0;
    const std::string live = std::string(out) + ".live";  // what it has kept so far, for the test to poll
    while (now() < deadline) {
        DIR* proc = ::opendir("/proc");
        if (!proc) break;
        while (dirent* e = ::readdir(proc)) {
            const int pid = std::atoi(e->d_name);
            if (pid <= 1 || pid == ::getpid()) continue;
            const std::string exe = "/proc/" + std::string(e->d_name) + "/exe";
            struct stat st {};
            if (::stat(exe.c_str(), &st) == 0 && st.st_ino == self.st_ino && st.st_dev == self.st_dev)
                continue;
            const int fd = ::open(exe.c_str(), O_PATH | O_CLOEXEC);
            if (fd < 0) {
                if (errno == EACCES || errno == EPERM) ++foreign;  // there, but not ours to open
                continue;
            }
            char target[256] = {};
            ::readlink(exe.c_str(), target, sizeof target - 1);
            // Programs of the image (busybox, sh) are not the prize; anything else is.
            if (std::strstr(target, "busybox") || std::strstr(target, "hostile-probe")) {
                ::close(fd);
                continue;
            }
            ++kept;
            const std::string line = std::string("kept ") + target + "\n";
            if (FILE* f = std::fopen(live.c_str(), "a")) {
                std::fputs(line.c_str(), f);
                std::fclose(f);
            }
            report += std::string("kept ") + target + ": " + tryWrite(fd, deadline) + "\n";
            ::close(fd);
        }
        ::closedir(proc);
        ::usleep(200);
    }
    report += "refused " + std::to_string(foreign) + " kept " + std::to_string(kept) + "\n";
    if (FILE* f = std::fopen(out, "w")) {
        std::fputs(report.c_str(), f);
        std::fclose(f);
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc == 3 && !std::strcmp(argv[1], "tiocsti")) return tiocsti(argv[2]);
    if (argc == 4 && !std::strcmp(argv[1], "hunt")) return hunt(std::atof(argv[2]), argv[3]);
    std::fprintf(stderr, "usage: hostile-probe tiocsti TEXT | hunt SECONDS OUT\n");
    return 2;
}

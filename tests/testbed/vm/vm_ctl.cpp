// vm_ctl SOCKET REQUEST — sends one request line to juxta-vmm's control socket and prints the
// answer line; the VM end-to-end tests use it inside L1, where no socket client is at hand.
// Exit status: 0 answered, 1 no answer (the socket is not there yet, or the VMM went away).
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <string>

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: vm_ctl SOCKET '{\"cmd\":\"status\"}'\n");
        return 2;
    }
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::strncpy(addr.sun_path, argv[1], sizeof(addr.sun_path) - 1);
    int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) < 0) return 1;
    const std::string request = std::string(argv[2]) + "\n";
    if (::write(fd, request.data(), request.size()) != ssize_t(request.size())) return 1;
    std::string answer;
    char c;
    while (::read(fd, &c, 1) == 1 && c != '\n') answer.push_back(c);
    if (answer.empty()) return 1;
    std::printf("%s\n", answer.c_str());
    return 0;
}

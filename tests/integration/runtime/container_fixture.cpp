#include "container_fixture.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <QTest>
#include <fstream>

#include "core/unique_fd.h"
#include "images/image_store.h"
#include "instances/definition_store.h"
#include "runtime/layout.h"

namespace juxta::testing {
namespace fs = std::filesystem;

std::string ContainerFixture::setUp() {
    if (geteuid() != 0)
        return "needs root: containers create namespaces, mounts and cgroups (CI runs as root)";
    if (!state_.isValid()) return "no temporary directory";
    state_.useHere();
    auto store = images::ImageStore::atDefaultLocation();
    auto image = store.resolve("busybox");
    if (!image) return "no busybox image: " + image.error().message();
    busybox_ = *image;
    return {};
}

runtime::ContainerSpec ContainerFixture::spec(std::vector<std::string> args) const {
    runtime::ContainerSpec s;
    s.id = instances::newId();
    s.name = "test-" + s.id;
    s.layers = busybox_.layerDirs;
    s.mountBase = runtime::containerPaths(s.id, true).mountBase;
    s.args = std::move(args);
    return s;
}

ContainerFixture::Run ContainerFixture::run(const runtime::ContainerSpec& spec,
                                            runtime::StartOptions options) const {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) < 0) qFatal("pipe");
    options.stdoutFd = options.stderrFd = fds[1];
    auto c = runtime::Container::start(spec, options);
    close(fds[1]);
    Run r;
    if (!c) {
        close(fds[0]);
        QTest::qFail(c.error().message().c_str(), __FILE__, __LINE__);
        return r;
    }
    char buf[4096];
    for (ssize_t n; (n = read(fds[0], buf, sizeof buf)) > 0;) r.output.append(buf, std::size_t(n));
    close(fds[0]);
    auto exit = (*c)->wait();
    if (exit) r.exit = *exit;
    r.timeline = (*c)->timeline();
    if (auto st = (*c)->cleanup(); !st) QTest::qFail(st.error().message().c_str(), __FILE__, __LINE__);
    return r;
}

std::string ContainerFixture::httpGet(const std::string& address, int port, const std::string& path) {
    UniqueFd sock(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(uint16_t(port));
    ::inet_pton(AF_INET, address.c_str(), &to.sin_addr);
    if (::connect(sock.get(), reinterpret_cast<sockaddr*>(&to), sizeof to) < 0) return "connect failed";
    const std::string request = "GET " + path + " HTTP/1.0\r\n\r\n";
    if (::write(sock.get(), request.data(), request.size()) != ssize_t(request.size())) return "write failed";
    ::shutdown(sock.get(), SHUT_WR);
    std::string reply;
    char buf[4096];
    for (ssize_t n; (n = ::read(sock.get(), buf, sizeof buf)) > 0;) reply.append(buf, std::size_t(n));
    return reply;
}

std::vector<std::string> ContainerFixture::leftovers(const std::string& id) const {
    std::vector<std::string> found;
    std::error_code ec;
    for (const auto& hierarchy : fs::directory_iterator("/sys/fs/cgroup", ec))
        if (fs::exists(hierarchy.path() / "juxta" / id))
            found.push_back((hierarchy.path() / "juxta" / id).string());
    std::ifstream mountinfo("/proc/self/mountinfo");
    for (std::string line; std::getline(mountinfo, line);)
        if (line.find(root().string()) != std::string::npos || line.find(id) != std::string::npos)
            found.push_back("mount: " + line);
    if (fs::exists(runtimeDir() / "containers" / id))
        found.push_back((runtimeDir() / "containers" / id).string());
    return found;
}

}  // namespace juxta::testing

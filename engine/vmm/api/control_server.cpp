#include "vmm/api/control_server.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>

#include "core/log.h"
#include "core/timeline.h"
#include "vmm/agent/agent_channel.h"
#include "vmm/api/protocol.h"
#include "vmm/boot_timeline.h"
#include "vmm/guarded_thread.h"
#include "vmm/machine.h"
#include "vmm/stats.h"

namespace juxta::vmm {

namespace {

constexpr size_t kMaxRequest = 64 * 1024;

// Of a graceful stop's grace, the guest's services get four fifths after their stop signal (at most
// all but a second); the rest is the guest's own end — its sync of what they wrote, its power-off —
// before the VMM forces it.
uint32_t serviceGraceMs(uint32_t graceMs) {
    if (graceMs <= 2000) return std::max<uint32_t>(1, graceMs / 2);
    return std::min(graceMs - 1000, graceMs - graceMs / 5);
}

class MachineTarget : public ControlTarget {
  public:
    MachineTarget(Machine& machine, BootTimeline& timeline, AgentChannel& agent)
        : machine_(machine), timeline_(timeline), agent_(agent) {}
    nlohmann::json status() override {
        const char* state = machine_.waitForStop(0) ? "stopped" : machine_.paused() ? "paused" : "running";
        return {{"state", state},
                {"vcpus", machine_.vcpuCount()},
                {"memory_mib", machine_.memory().totalSize() >> 20},
                {"uptime_ms", double(monotonicNs() - timeline_.snapshot().originNs()) / 1e6}};
    }
    Status pause() override { return machine_.pause(); }
    Status resume() override { return machine_.resume(); }
    ~MachineTarget() override {
        if (forcer_.joinable()) forcer_.join();
    }
    Status stop(uint32_t graceMs) override {
        if (graceMs == 0) {
            machine_.requestStop(StopKind::Requested, "stopped through the control socket");
            return {};
        }
        if (forcer_.joinable()) return Error(EALREADY, "a graceful stop is already under way");
        agent_.send(powerOffLine(serviceGraceMs(graceMs)));
        forcer_ = guardedThread(
            "graceful stop",
            [this, graceMs] {
                if (!machine_.waitForStop(int(graceMs)))
                    machine_.requestStop(StopKind::Requested,
                                         "stopped through the control socket: the guest did not "
                                         "power off within " +
                                             std::to_string(graceMs) + " ms");
            },
            [this](const std::string& why) { machine_.requestStop(StopKind::InternalError, why); });
        return {};
    }
    nlohmann::json stats() override { return statsToJson(machine_.stats(), processRssBytes()); }
    nlohmann::json timings() override { return nlohmann::json::parse(timeline_.toJson()); }
    nlohmann::json agent(int waitMs) override {
        if (waitMs > 0) agent_.waitReady(waitMs);
        return agent_.state();
    }
    Result<nlohmann::json> exec(const ExecRequest& request) override { return agent_.exec(request); }
    Status hosts(const std::string& lines) override { return agent_.hosts(lines); }

  private:
    Machine& machine_;
    BootTimeline& timeline_;
    AgentChannel& agent_;
    std::thread forcer_;  // forces a graceful stop that took too long
};

// The socket's path, for the fatal-signal handler: a crash must not leave a stale api.sock.
char gSocketPath[sizeof(sockaddr_un::sun_path)];

void removeSocketAndDie(int sig) {
    if (gSocketPath[0]) ::unlink(gSocketPath);
    ::signal(sig, SIG_DFL);
    ::raise(sig);
}

void removeSocketOnFatalSignals(const std::string& path) {
    std::memcpy(gSocketPath, path.c_str(), path.size() + 1);
    for (int sig : {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT}) {
        struct sigaction action {};
        action.sa_handler = removeSocketAndDie;
        sigemptyset(&action.sa_mask);
        action.sa_flags = SA_RESETHAND;
        ::sigaction(sig, &action, nullptr);
    }
}

// Only the VMM's own user (and root) may drive the VM.
Status checkPeer(int fd) {
    ucred peer{};
    socklen_t size = sizeof(peer);
    if (::getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &peer, &size) < 0) return Error::fromErrno("SO_PEERCRED");
    if (peer.uid != 0 && peer.uid != ::geteuid())
        return Error(EPERM, "uid " + std::to_string(peer.uid) + " may not control this VM (only uid " +
                                std::to_string(::geteuid()) + " and root may)");
    return {};
}

bool writeAll(int fd, const std::string& text) {
    size_t done = 0;
    while (done < text.size()) {
        ssize_t n = ::send(fd, text.data() + done, text.size() - done, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        done += size_t(n);
    }
    return true;
}

}  // namespace

Result<std::unique_ptr<ControlServer>> ControlServer::start(const std::string& path, Machine& machine,
                                                            BootTimeline& timeline, AgentChannel& agent) {
    sockaddr_un addr{};
    if (path.size() >= sizeof(addr.sun_path))
        return Error(ENAMETOOLONG, path + ": longer than a Unix socket path may be");
    UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (!fd.valid()) return Error::fromErrno("socket");
    addr.sun_family = AF_UNIX;
    std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
    ::unlink(path.c_str());  // a stale socket from a crashed run
    if (::bind(fd.get(), reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) < 0)
        return Error::fromErrno("bind " + path);
    // From here on the path is ours to remove, whichever way this ends.
    std::unique_ptr<ControlServer> server(new ControlServer(
        path, std::move(fd), UniqueFd(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)),
        std::make_unique<MachineTarget>(machine, timeline, agent),
        [&machine](const std::string& why) { machine.requestStop(StopKind::InternalError, why); }));
    removeSocketOnFatalSignals(path);
    // Not the umask's mode: the peer check below is the guard, this keeps others from even trying.
    if (::chmod(path.c_str(), 0600) < 0) return Error::fromErrno("chmod " + path);
    if (::listen(server->listener_.get(), 8) < 0) return Error::fromErrno("listen " + path);
    if (!server->wake_.valid()) return Error::fromErrno("eventfd");
    server->thread_ = guardedThread(
        "control socket", [s = server.get()] { s->serve(); }, server->failure_);
    return server;
}

ControlServer::ControlServer(std::string path, UniqueFd listener, UniqueFd wake,
                             std::unique_ptr<ControlTarget> target, Failure failure)
    : path_(std::move(path)),
      listener_(std::move(listener)),
      wake_(std::move(wake)),
      target_(std::move(target)),
      failure_(std::move(failure)) {}

ControlServer::~ControlServer() {
    stop();
}

void ControlServer::stop() {
    if (thread_.joinable()) {
        uint64_t one = 1;
        (void)!::write(wake_.get(), &one, sizeof(one));
        thread_.join();
    }
    for (std::thread& worker : workers_) worker.join();  // the agent channel is closed: they return
    workers_.clear();
    if (!path_.empty()) ::unlink(path_.c_str());
    path_.clear();
    gSocketPath[0] = '\0';
}

bool ControlServer::answer(int fd, const std::string& line) {
    std::string response = handleControlRequest(line, *target_) + "\n";
    std::scoped_lock lock(sendMutex_);
    return writeAll(fd, response);
}

// The worker writes to its own duplicate of the socket, so a client that hangs up meanwhile
// cannot make it write to a reused descriptor.
void ControlServer::answerLater(int fd, std::string line) {
    int own = ::fcntl(fd, F_DUPFD_CLOEXEC, 0);
    if (own < 0) return;
    workers_.push_back(guardedThread(
        "control socket exec",
        [this, own, line = std::move(line)] {
            answer(own, line);
            ::close(own);
        },
        failure_));
}

void ControlServer::serve() {
    std::map<int, std::string> clients;  // fd -> bytes of an unfinished line
    for (;;) {
        std::vector<pollfd> fds{{wake_.get(), POLLIN, 0}, {listener_.get(), POLLIN, 0}};
        for (auto& [fd, _] : clients) fds.push_back({fd, POLLIN, 0});
        if (::poll(fds.data(), fds.size(), -1) < 0) {
            if (errno == EINTR) continue;
            break;
        }
        if (fds[0].revents) break;
        if (fds[1].revents & POLLIN) {
            int client = ::accept4(listener_.get(), nullptr, nullptr, SOCK_CLOEXEC);
            if (Status peer = client >= 0 ? checkPeer(client) : Status(); !peer) {
                log::get("vmm")->warn("control socket: refused a connection: {}", peer.error().message());
                writeAll(client,
                         nlohmann::json{{"ok", false}, {"error", peer.error().message()}}.dump() + "\n");
                ::close(client);
            } else if (client >= 0) {
                clients[client];
            }
        }
        for (size_t i = 2; i < fds.size(); ++i) {
            if (!fds[i].revents) continue;
            int fd = fds[i].fd;
            char buffer[4096];
            ssize_t n = ::recv(fd, buffer, sizeof(buffer), 0);
            bool keep = n > 0;
            std::string& pending = clients[fd];
            if (keep) pending.append(buffer, size_t(n));
            for (size_t nl; keep && (nl = pending.find('\n')) != std::string::npos;) {
                std::string line = pending.substr(0, nl);
                pending.erase(0, nl + 1);
                if (isLongRequest(line))
                    answerLater(fd, std::move(line));
                else
                    keep = answer(fd, line);
            }
            if (keep && pending.size() > kMaxRequest) {  // said once, then the connection ends
                writeAll(fd, nlohmann::json{{"ok", false},
                                            {"error", "request longer than " + std::to_string(kMaxRequest) +
                                                          " bytes without a newline"}}
                                     .dump() +
                                 "\n");
                keep = false;
            }
            if (!keep) {
                ::close(fd);
                clients.erase(fd);
            }
        }
    }
    for (auto& [fd, _] : clients) ::close(fd);
}

}  // namespace juxta::vmm

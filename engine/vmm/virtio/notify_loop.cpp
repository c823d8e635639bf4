#include "vmm/virtio/notify_loop.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

#include "vmm/guarded_thread.h"

namespace juxta::vmm::virtio {
namespace {

Result<UniqueFd> makeEventFd() {
    UniqueFd fd(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
    if (!fd) return Error::fromErrno("eventfd");
    return fd;
}

// Takes the eventfd's count (it is non-blocking: nothing there is nothing done).
bool drain(int fd) {
    uint64_t count = 0;
    return ::read(fd, &count, sizeof(count)) == sizeof(count);
}

}  // namespace

Result<std::unique_ptr<NotifyLoop>> NotifyLoop::create(std::shared_ptr<MmioTransport> transport,
                                                       std::size_t queues, std::string name) {
    std::vector<UniqueFd> queueFds;
    for (std::size_t i = 0; i < queues; ++i) {
        auto fd = makeEventFd();
        if (!fd) return fd.error();
        queueFds.push_back(std::move(*fd));
    }
    auto stopFd = makeEventFd();
    if (!stopFd) return stopFd.error();
    return std::unique_ptr<NotifyLoop>(
        new NotifyLoop(std::move(transport), std::move(queueFds), std::move(*stopFd), std::move(name)));
}

NotifyLoop::~NotifyLoop() {
    stop();
}

void NotifyLoop::start(std::function<void(const std::string&)> onFailure) {
    thread_ = guardedThread(
        name_, [this] { run(); }, std::move(onFailure));
}

void NotifyLoop::stop() {
    if (!thread_.joinable()) return;
    const uint64_t one = 1;
    [[maybe_unused]] ssize_t n = ::write(stopFd_.get(), &one, sizeof(one));  // one write cannot overflow it
    thread_.join();
}

void NotifyLoop::run() {
    std::vector<pollfd> fds;
    for (const UniqueFd& fd : queueFds_) fds.push_back({fd.get(), POLLIN, 0});
    fds.push_back({stopFd_.get(), POLLIN, 0});
    const std::size_t queues = queueFds_.size(), stop = queues;
    fds.push_back({-1, POLLIN, 0});  // the device's own descriptor, when it has one and wants it
    for (;;) {
        fds.back().fd = transport_->pollFd();
        if (::poll(fds.data(), fds.size(), -1) < 0) {
            if (errno == EINTR) continue;
            throw std::system_error(errno, std::generic_category(), "poll");
        }
        if (fds[stop].revents) return;
        if (fds.back().fd >= 0 && fds.back().revents & (POLLERR | POLLHUP | POLLNVAL)) {
            transport_->starve();  // a tap gone bad: not polled again until the driver notifies
        } else if (fds.back().fd >= 0 && fds.back().revents) {
            const std::size_t q = transport_->pollQueue();
            if (q < queues && transport_->notify(uint32_t(q))) {
                const uint64_t one = 1;
                [[maybe_unused]] ssize_t n = ::write(fds[q].fd, &one, sizeof(one));
            }
        }
        for (std::size_t i = 0; i < queues; ++i)
            if (fds[i].revents && drain(fds[i].fd) && transport_->notify(uint32_t(i))) {
                // More is waiting: signal ourselves and poll again — a stop, another queue and the
                // vCPUs' register accesses get their turn between batches.
                const uint64_t one = 1;
                [[maybe_unused]] ssize_t n = ::write(fds[i].fd, &one, sizeof(one));
            }
    }
}

}  // namespace juxta::vmm::virtio

#pragma once
// The thread that does a virtio device's work. KVM signals one eventfd per queue when the driver
// writes that queue's index to QueueNotify (an ioeventfd: the vCPU does not even leave the guest);
// this thread waits on them and on its own stop eventfd and runs the device through its transport.
// So a disk read never runs on a vCPU thread, and a slow device never stalls the guest's CPUs.
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "core/error.h"
#include "core/unique_fd.h"
#include "vmm/virtio/mmio.h"

namespace juxta::vmm::virtio {

class NotifyLoop {
  public:
    // One eventfd per queue (queueFds(), for KVM_IOEVENTFD) and the stop eventfd.
    static Result<std::unique_ptr<NotifyLoop>> create(std::shared_ptr<MmioTransport> transport,
                                                      std::size_t queues, std::string name);
    ~NotifyLoop();  // stops and joins

    const std::vector<UniqueFd>& queueFds() const { return queueFds_; }
    // `onFailure`: what an exception in the device's work does (the VM ends with it).
    void start(std::function<void(const std::string&)> onFailure);
    void stop();

  private:
    NotifyLoop(std::shared_ptr<MmioTransport> transport, std::vector<UniqueFd> queueFds, UniqueFd stopFd,
               std::string name)
        : transport_(std::move(transport)),
          queueFds_(std::move(queueFds)),
          stopFd_(std::move(stopFd)),
          name_(std::move(name)) {}
    void run();

    std::shared_ptr<MmioTransport> transport_;
    std::vector<UniqueFd> queueFds_;
    UniqueFd stopFd_;
    std::string name_;
    std::thread thread_;
};

}  // namespace juxta::vmm::virtio

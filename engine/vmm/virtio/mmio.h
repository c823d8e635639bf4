#pragma once
// The virtio-mmio transport (VIRTIO 1.2, section 4.2, "modern", Version 2) as a bus device: the
// register block a driver finds at a base address, in front of one device model. A pure state
// machine: registers in, queues and interrupts out, no KVM — so it is tested with the driver's
// register sequence written by hand.
//
// What the guest writes is checked as a hostile guest's would be: a register read or written at
// any width but 32 bits (or unaligned) is ignored (reads as zeros); features outside what the
// device offers, or without VIRTIO_F_VERSION_1, leave FEATURES_OK unset; queue registers are
// written only while the queue is not ready and features only before FEATURES_OK; a bad queue
// layout at DRIVER_OK, or a device that finds its queue broken, sets DEVICE_NEEDS_RESET and
// raises the configuration interrupt, and the device does nothing more until the driver resets it.
#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <vector>

#include "core/error.h"
#include "vmm/devices/bus.h"
#include "vmm/kvm/guest_memory.h"
#include "vmm/virtio/queue.h"

namespace juxta::vmm::virtio {

// Feature bits of the transport and the ring (6).
inline constexpr uint64_t kFeatureIndirectDesc = uint64_t(1) << 28;
inline constexpr uint64_t kFeatureEventIdx = uint64_t(1) << 29;
inline constexpr uint64_t kFeatureVersion1 = uint64_t(1) << 32;

// Device status bits (2.1).
inline constexpr uint32_t kStatusAcknowledge = 1, kStatusDriver = 2, kStatusDriverOk = 4,
                          kStatusFeaturesOk = 8, kStatusNeedsReset = 64, kStatusFailed = 128;

// Interrupt status bits (4.2.2).
inline constexpr uint32_t kInterruptUsedBuffer = 1, kInterruptConfigChange = 2;

// The size of the register block; the device's configuration space starts at 0x100.
inline constexpr uint64_t kMmioSize = 0x1000;
// QueueNotify: the driver writes a queue's index there (an ioeventfd per queue catches it in KVM).
inline constexpr uint64_t kQueueNotifyOffset = 0x050;

class MmioTransport;

// A device model behind a transport: what it is, what it offers, and its work.
class VirtioDevice {
  public:
    virtual ~VirtioDevice() = default;
    virtual uint32_t deviceId() const = 0;        // 5.x: 2 block, 1 network, 19 socket
    virtual uint64_t deviceFeatures() const = 0;  // its own bits; the transport adds its own
    virtual std::size_t queueCount() const = 0;
    virtual uint16_t queueMaxSize() const { return 256; }
    // Its configuration space (reads past its end are zeros; writes it does not take are ignored).
    virtual void readConfig(uint64_t offset, std::span<uint8_t> data) const = 0;
    virtual void writeConfig(uint64_t, std::span<const uint8_t>) {}
    // DRIVER_OK: the queues are set up. `features` were negotiated.
    virtual void activate(uint64_t features) = 0;
    // The driver notified queue `index`: the device takes what it made available — at most a
    // bounded batch, so that a guest that keeps its queue full holds the transport's lock (and its
    // vCPUs' register accesses) for a bounded time. True: more is waiting, call again. An error
    // when the queue is broken (the transport then sets DEVICE_NEEDS_RESET).
    virtual Result<bool> process(std::size_t index, SplitQueue& queue, MmioTransport& transport) = 0;
    // The driver reset the device (status 0): forget everything the activation gave.
    virtual void reset() {}
    // The transport found a queue broken (DEVICE_NEEDS_RESET): nothing is served until a reset.
    virtual void broken() {}
    // A descriptor the device's thread also waits on (a tap: frames for the guest), or -1 — asked
    // before every wait, so a device without room for more says -1 until the driver adds some.
    // When it is readable the device's thread notifies queue pollQueue() on its behalf.
    virtual int pollFd() const { return -1; }
    virtual std::size_t pollQueue() const { return 0; }
    // Its descriptor failed (POLLERR, POLLHUP): not waited on again until the driver notifies.
    virtual void starve() {}
    // For the VM's statistics: what kind of device ("block", "net", "vsock") and its counters
    // ("read_bytes", ...), read from another thread.
    virtual const char* kind() const = 0;
    virtual std::vector<std::pair<const char*, uint64_t>> counters() const { return {}; }
};

// What a device's process() does for a queue the driver fills and the device empties: takes up to
// `batch` chains, hands each to `serve` (which returns the bytes it wrote into the chain, or an
// error that breaks the queue), returns them used, and interrupts the driver once. When the queue
// runs dry it asks for the next notification (EVENT_IDX: avail_event past what was taken) and
// looks once more, so a chain made available meanwhile — without a notification, as the driver
// saw none wanted — is not left behind. True: the batch was full and more may wait.
Result<bool> serveBatch(SplitQueue& queue, MmioTransport& transport, int batch,
                        const std::function<Result<uint32_t>(const Chain&)>& serve);

class MmioTransport : public BusDevice {
  public:
    // `interrupt` raises the device's interrupt line (an irqfd); it is called from the thread
    // that runs the device's work.
    MmioTransport(GuestMemory& memory, std::shared_ptr<VirtioDevice> device, std::function<void()> interrupt);

    // Register accesses come from vCPU threads, queue work from the device's own thread (notify):
    // one lock keeps them apart; the interrupt status and its acknowledgement need none.
    void read(uint64_t offset, std::span<uint8_t> data) override;
    void write(uint64_t offset, std::span<const uint8_t> data) override;
    // The driver notified queue `index` through its ioeventfd: the device takes a batch of what
    // was made available. True: more is waiting (the caller lets go and calls again).
    bool notify(uint32_t index);
    // The device's own descriptor for its thread to wait on (-1: none now), and its queue.
    // -1 too while the device is not running (no DRIVER_OK, or broken): nothing would take from it.
    int pollFd() const;
    std::size_t pollQueue() const { return device_->pollQueue(); }
    void starve() { device_->starve(); }

    // The device returned buffers: interrupt the driver (when its queue says it wants one).
    // Called by the device from within process().
    void usedBuffers(SplitQueue& queue);
    uint32_t status() const {
        std::scoped_lock lock(mutex_);
        return status_;
    }

  private:
    struct QueueRegs {
        uint16_t num = 0;
        bool ready = false;
        uint64_t desc = 0, driver = 0, device = 0;
    };
    bool notifyLocked(uint32_t index);
    uint32_t readRegister(uint64_t offset) const;
    void writeRegister(uint64_t offset, uint32_t value);
    void writeStatus(uint32_t value);
    void reset();
    void fail(const Error& error);
    uint64_t offeredFeatures() const;
    QueueRegs* selected();

    GuestMemory& memory_;
    std::shared_ptr<VirtioDevice> device_;
    std::function<void()> interrupt_;
    mutable std::mutex mutex_;  // everything below but interruptStatus_
    uint32_t status_ = 0;
    uint32_t deviceFeaturesSel_ = 0, driverFeaturesSel_ = 0, queueSel_ = 0;
    uint64_t driverFeatures_ = 0;
    std::atomic<uint32_t> interruptStatus_{0};
    uint32_t configGeneration_ = 0;
    std::vector<QueueRegs> queueRegs_;
    std::vector<std::optional<SplitQueue>> queues_;  // made at DRIVER_OK from ready queues
};

}  // namespace juxta::vmm::virtio

#pragma once
// virtio-blk (VIRTIO 1.2, section 5.2): a raw image file as the guest's disk, read-write or
// read-only, one request queue. Requests are checked as a hostile guest's: a header that is not
// there, data that is not a whole number of 512-byte sectors, a sector range past the end of the
// disk, a write to a read-only disk — each gets its status (IOERR or UNSUPP) in the guest's status
// byte, and the device goes on; a chain with no room for the status byte breaks the queue
// (DEVICE_NEEDS_RESET). Data moves with one preadv/pwritev per request straight between the file
// and the chain's buffers, each checked to lie in guest RAM (GuestMemory::slice); the header and
// the status byte go through GuestMemory's checked copies. Two VMs never write one image: a writable disk
// holds an exclusive lock on its file (flock), a read-only one a shared lock.
//
// Reads, writes and flushes go to the kernel through an io_uring (Debian's liburing): the device's
// thread (NotifyLoop) checks a batch of requests and submits them without waiting, so a guest with
// many requests in flight has as many in the host's block layer; the ring's completions (an
// eventfd, the device's pollFd) wake the same thread, which writes each status byte and returns the
// chain. Requests complete in any order, as virtio-blk allows; a flush waits for every request
// submitted before it (IOSQE_IO_DRAIN). A reset, a broken queue and the device's end wait for what
// is in flight: no completion ever lands after the queue it came from is gone. Where io_uring is
// not to be had (a kernel or a sandbox that refuses it) the device says so once and serves each
// request in turn with preadv/pwritev/fdatasync instead.
#include <sys/uio.h>

#include <atomic>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "core/error.h"
#include "core/unique_fd.h"
#include "vmm/virtio/mmio.h"

namespace juxta::vmm::virtio {

struct DiskOptions {
    std::filesystem::path file;
    bool readOnly = false;
};

class BlockDevice final : public VirtioDevice {
  public:
    // Opens and locks the image: a missing file, a directory, one that is not a whole number of
    // sectors, or one another VM writes — each one clear error before any VM starts.
    static Result<std::shared_ptr<BlockDevice>> open(GuestMemory& memory, const DiskOptions& options);

    uint32_t deviceId() const override { return 2; }
    uint64_t deviceFeatures() const override;
    std::size_t queueCount() const override { return 1; }
    void readConfig(uint64_t offset, std::span<uint8_t> data) const override;
    void activate(uint64_t features) override { features_ = features; }
    Result<bool> process(std::size_t index, SplitQueue& queue, MmioTransport& transport) override;

    void reset() override;
    void broken() override;
    int pollFd() const override;
    std::size_t pollQueue() const override { return 0; }
    ~BlockDevice() override;

    const char* kind() const override { return "block"; }
    std::vector<std::pair<const char*, uint64_t>> counters() const override;

    uint64_t sectors() const { return sectors_; }
    bool readOnly() const { return readOnly_; }
    // What the guest did, for the VM's I/O graphs.
    uint64_t bytesRead() const { return bytesRead_.load(std::memory_order_relaxed); }
    uint64_t bytesWritten() const { return bytesWritten_.load(std::memory_order_relaxed); }
    // Whether requests go through an io_uring (false: one at a time, synchronously).
    bool asynchronous() const { return ring_ != nullptr; }
    // Requests submitted and not yet completed.
    std::size_t inFlight() const;

  private:
    struct Ring;
    BlockDevice(GuestMemory& memory, UniqueFd fd, uint64_t sectors, bool readOnly, std::string id);
    // One request, checked; returns the bytes written into the chain's writable buffers (its
    // status byte included) — or, with `ring`, nullopt when it went to the ring instead.
    Result<std::optional<uint32_t>> start(const Chain& chain, Ring* ring);
    Result<uint32_t> serve(const Chain& chain);  // start() without a ring
    // The status byte (the chain's last writable byte) and the bytes written in all.
    Result<uint32_t> finish(const Chain& chain, uint8_t status, uint64_t dataWritten);
    // Takes the ring's completions: each chain's status, then the chain back to the driver.
    Result<bool> reap(SplitQueue& queue);
    void waitForInFlight();
    Result<std::vector<iovec>> dataVectors(const Chain& chain, bool writable, uint64_t skip,
                                           uint64_t length) const;
    bool transfer(std::vector<iovec>& iov, uint64_t offset, bool toGuest);

    GuestMemory& memory_;
    UniqueFd fd_;
    uint64_t sectors_;
    bool readOnly_;
    std::string id_;  // GET_ID: at most 20 bytes
    uint64_t features_ = 0;
    std::unique_ptr<Ring> ring_;  // null: synchronous I/O
    // Read by the VM's statistics thread.
    std::atomic<uint64_t> bytesRead_{0}, bytesWritten_{0}, reads_{0}, writes_{0}, flushes_{0};
};

}  // namespace juxta::vmm::virtio

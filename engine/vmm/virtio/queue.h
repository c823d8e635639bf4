#pragma once
// A virtio split virtqueue (VIRTIO 1.2, section 2.7) as the device side sees it: the driver's
// descriptor table, available ring and used ring, all in guest memory that the guest may rewrite at
// any moment. Everything is read by copy through GuestMemory's bounds-checked accessors, never by
// a pointer the guest could move; every descriptor is checked before a device sees it:
//
//   - the rings lie in guest RAM, aligned as the spec says, the size a power of two up to 32768;
//   - the driver never makes more available than the queue holds;
//   - a head and every `next` index is inside its table; a chain has at most as many descriptors
//     as its table (so a loop ends as an error, never as a hang);
//   - each buffer lies inside guest RAM without wrapping; the total of a chain fits 32 bits;
//   - device-writable buffers come after the readable ones (2.7.4.2);
//   - an indirect table (VIRTIO_F_INDIRECT_DESC, 2.7.5.3) only when negotiated, never with NEXT,
//     never nested, a whole number of descriptors, inside guest RAM.
//
// A violation is an Error (EPROTO): the device then marks itself DEVICE_NEEDS_RESET and stops
// using the queue. With VIRTIO_F_EVENT_IDX (2.7.10) interrupts are suppressed through used_event
// and notifications through avail_event; without it, through the flags.
//
// Not thread-safe: one device thread owns a queue.
#include <cstdint>
#include <optional>
#include <vector>

#include "core/error.h"
#include "vmm/kvm/guest_address.h"
#include "vmm/kvm/guest_memory.h"

namespace juxta::vmm::virtio {

inline constexpr uint16_t kMaxQueueSize = 32768;

// What the driver wrote into the transport's queue registers.
struct QueueLayout {
    uint16_t size = 0;
    GuestAddress descTable;
    GuestAddress availRing;
    GuestAddress usedRing;
};

// One buffer of a chain: guest RAM the device reads from (the driver's request) or writes to.
struct Buffer {
    GuestAddress addr;
    uint32_t len = 0;
    bool deviceWritable = false;
};

// A chain the driver made available: the head's index (what goes back in the used ring) and its
// buffers in order, readable ones first.
struct Chain {
    uint16_t head = 0;
    std::vector<Buffer> buffers;
    uint32_t readableBytes = 0;
    uint32_t writableBytes = 0;
};

class SplitQueue {
  public:
    // Checks the layout against guest memory (EINVAL when it does not fit): a driver that sets
    // QUEUE_READY on a bad layout gets DEVICE_NEEDS_RESET.
    static Result<SplitQueue> create(GuestMemory& memory, const QueueLayout& layout, bool indirect,
                                     bool eventIdx);

    uint16_t size() const { return layout_.size; }

    // The next chain the driver made available, nullopt when there is none.
    Result<std::optional<Chain>> pop();
    // pop(), and when there is nothing: turns notifications on and looks once more, so a chain the
    // driver made available meanwhile (seeing no notification wanted) is not left behind.
    // nullopt: none, and the driver will notify when it adds one.
    Result<std::optional<Chain>> popOrArm();
    // Gives the chain pop() returned last back, untouched: the next pop() returns it again (a
    // receive buffer taken when no frame was there after all).
    void undoPop() { --nextAvail_; }
    // Returns a chain's head to the driver with the bytes the device wrote into it.
    Status pushUsed(uint16_t head, uint32_t written);
    // After pushUsed()s: whether the driver asked to be interrupted for them (since the last call).
    Result<bool> needsInterrupt();
    // Tells the driver whether the device wants notifications (off while it drains the queue).
    Status enableNotifications(bool on);

  private:
    SplitQueue(GuestMemory& memory, const QueueLayout& layout, bool indirect, bool eventIdx)
        : memory_(&memory), layout_(layout), indirect_(indirect), eventIdx_(eventIdx) {}
    Status walk(uint16_t head, Chain& chain) const;

    GuestMemory* memory_;
    QueueLayout layout_;
    bool indirect_;
    bool eventIdx_;
    uint16_t nextAvail_ = 0;      // the driver's avail idx we have consumed up to
    uint16_t nextUsed_ = 0;       // our used idx
    uint16_t signalledUsed_ = 0;  // used idx at the last needsInterrupt()
};

}  // namespace juxta::vmm::virtio

#include "vmm/virtio/queue.h"

#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <string>

namespace juxta::vmm::virtio {
namespace {

// The ring formats (2.7.5, 2.7.6, 2.7.8), little-endian as x86 is.
struct Descriptor {
    uint64_t addr;
    uint32_t len;
    uint16_t flags;
    uint16_t next;
};
static_assert(sizeof(Descriptor) == 16);
struct UsedElement {
    uint32_t id;
    uint32_t len;
};
static_assert(sizeof(UsedElement) == 8);

constexpr uint16_t kDescNext = 1, kDescWrite = 2, kDescIndirect = 4;
constexpr uint16_t kAvailNoInterrupt = 1;  // VIRTQ_AVAIL_F_NO_INTERRUPT
constexpr uint16_t kUsedNoNotify = 1;      // VIRTQ_USED_F_NO_NOTIFY

std::string hex(uint64_t v) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(v));
    return buf;
}

Error broken(const std::string& what) {
    return Error(EPROTO, "virtqueue: " + what);
}

// [addr, addr + len) inside guest RAM, without wrapping.
bool inRam(const GuestMemory& memory, GuestAddress addr, uint64_t len) {
    return addr.raw() + len >= addr.raw() && memory.contains(addr, len == 0 ? 1 : len);
}

// Where the rings' fields are.
GuestAddress availIdx(const QueueLayout& q) {
    return q.availRing + 2;
}
GuestAddress availEntry(const QueueLayout& q, uint16_t i) {
    return q.availRing + 4 + 2 * uint64_t(i % q.size);
}
GuestAddress usedEvent(const QueueLayout& q) {  // in the available ring, after its entries
    return q.availRing + 4 + 2 * uint64_t(q.size);
}
GuestAddress usedIdx(const QueueLayout& q) {
    return q.usedRing + 2;
}
GuestAddress usedEntry(const QueueLayout& q, uint16_t i) {
    return q.usedRing + 4 + 8 * uint64_t(i % q.size);
}
GuestAddress availEvent(const QueueLayout& q) {  // in the used ring, after its entries
    return q.usedRing + 4 + 8 * uint64_t(q.size);
}

}  // namespace

Result<SplitQueue> SplitQueue::create(GuestMemory& memory, const QueueLayout& q, bool indirect,
                                      bool eventIdx) {
    if (q.size == 0 || q.size > kMaxQueueSize || (q.size & (q.size - 1)) != 0)
        return Error(EINVAL,
                     "virtqueue: size " + std::to_string(q.size) + " is not a power of two up to 32768");
    const uint64_t n = q.size;
    const struct {
        const char* name;
        GuestAddress at;
        uint64_t bytes;
        uint64_t align;
    } parts[] = {{"descriptor table", q.descTable, 16 * n, 16},
                 {"available ring", q.availRing, 6 + 2 * n, 2},
                 {"used ring", q.usedRing, 6 + 8 * n, 4}};
    for (const auto& p : parts) {
        if (p.at.raw() % p.align != 0)
            return Error(EINVAL, std::string("virtqueue: the ") + p.name + " at " + hex(p.at.raw()) +
                                     " is not aligned to " + std::to_string(p.align));
        if (!inRam(memory, p.at, p.bytes))
            return Error(EINVAL, std::string("virtqueue: the ") + p.name + " at " + hex(p.at.raw()) + " (" +
                                     std::to_string(p.bytes) + " bytes) is not in guest RAM");
    }
    return SplitQueue(memory, q, indirect, eventIdx);
}

Result<std::optional<Chain>> SplitQueue::popOrArm() {
    auto popped = pop();
    if (!popped || popped->has_value()) return popped;
    if (Status st = enableNotifications(true); !st) return st.error();
    return pop();
}

Result<std::optional<Chain>> SplitQueue::pop() {
    auto idx = memory_->readObj<uint16_t>(availIdx(layout_));
    if (!idx) return idx.error();
    // The ring's entries are read after its index (the driver wrote them before it).
    std::atomic_thread_fence(std::memory_order_acquire);
    const uint16_t pending = uint16_t(*idx - nextAvail_);
    if (pending == 0) return std::optional<Chain>();
    if (pending > layout_.size)
        return broken("the driver made " + std::to_string(pending) + " buffers available in a queue of " +
                      std::to_string(layout_.size));
    auto head = memory_->readObj<uint16_t>(availEntry(layout_, nextAvail_));
    if (!head) return head.error();
    ++nextAvail_;
    Chain chain;
    chain.head = *head;
    if (Status st = walk(*head, chain); !st) return st.error();
    return std::optional<Chain>(std::move(chain));
}

Status SplitQueue::walk(uint16_t head, Chain& chain) const {
    GuestAddress table = layout_.descTable;
    uint32_t tableSize = layout_.size;
    bool inIndirect = false, sawWritable = false;
    uint64_t total = 0;
    uint32_t count = 0;
    for (uint32_t i = head;;) {
        if (i >= tableSize)
            return broken("descriptor " + std::to_string(i) + " is outside its table of " +
                          std::to_string(tableSize) + (inIndirect ? " (indirect)" : ""));
        if (++count > tableSize)
            return broken("a chain from " + std::to_string(head) + " is longer than its table (" +
                          std::to_string(tableSize) + "): a loop");
        auto d = memory_->readObj<Descriptor>(table + 16 * uint64_t(i));
        if (!d) return d.error();
        if (d->flags & kDescIndirect) {
            if (!indirect_)
                return broken("an indirect descriptor, and VIRTIO_F_INDIRECT_DESC was not negotiated");
            if (inIndirect) return broken("an indirect descriptor inside an indirect table");
            if (d->flags & kDescNext) return broken("an indirect descriptor with NEXT set");
            if (d->len == 0 || d->len % 16 != 0 || d->len / 16 > kMaxQueueSize)
                return broken("an indirect table of " + std::to_string(d->len) + " bytes");
            if (!inRam(*memory_, GuestAddress(d->addr), d->len))
                return broken("an indirect table at " + hex(d->addr) + " outside guest RAM");
            table = GuestAddress(d->addr);
            tableSize = d->len / 16;
            inIndirect = true;
            count = 0;
            i = 0;
            continue;
        }
        if (!inRam(*memory_, GuestAddress(d->addr), d->len))
            return broken("a buffer at " + hex(d->addr) + " of " + std::to_string(d->len) +
                          " bytes outside guest RAM");
        const bool writable = d->flags & kDescWrite;
        if (!writable && sawWritable) return broken("a device-readable buffer after a device-writable one");
        sawWritable = sawWritable || writable;
        total += d->len;
        if (total > UINT32_MAX) return broken("a chain of more than 4 GiB");
        chain.buffers.push_back({GuestAddress(d->addr), d->len, writable});
        (writable ? chain.writableBytes : chain.readableBytes) += d->len;
        if (!(d->flags & kDescNext)) return {};
        i = d->next;
    }
}

Status SplitQueue::pushUsed(uint16_t head, uint32_t written) {
    if (head >= layout_.size) return Error(EINVAL, "virtqueue: no descriptor " + std::to_string(head));
    if (Status st = memory_->writeObj(usedEntry(layout_, nextUsed_), UsedElement{head, written}); !st)
        return st;
    // The entry is in place before the index that shows it.
    std::atomic_thread_fence(std::memory_order_release);
    ++nextUsed_;
    return memory_->writeObj(usedIdx(layout_), nextUsed_);
}

Result<bool> SplitQueue::needsInterrupt() {
    // The used index is written before the driver's wish is read (2.7.10's full barrier).
    std::atomic_thread_fence(std::memory_order_seq_cst);
    const uint16_t before = signalledUsed_, now = nextUsed_;
    signalledUsed_ = now;
    if (before == now) return false;
    if (eventIdx_) {
        auto event = memory_->readObj<uint16_t>(usedEvent(layout_));
        if (!event) return event.error();
        // vring_need_event: the driver's used_event lies in (before, now].
        return uint16_t(now - *event - 1) < uint16_t(now - before);
    }
    auto flags = memory_->readObj<uint16_t>(layout_.availRing);
    if (!flags) return flags.error();
    return (*flags & kAvailNoInterrupt) == 0;
}

Status SplitQueue::enableNotifications(bool on) {
    Status st = eventIdx_ ? (on ? memory_->writeObj(availEvent(layout_), nextAvail_) : Status())
                          : memory_->writeObj(layout_.usedRing, uint16_t(on ? 0 : kUsedNoNotify));
    // Then the caller looks at the available ring again: what came before this was seen misses no
    // notification.
    std::atomic_thread_fence(std::memory_order_seq_cst);
    return st;
}

}  // namespace juxta::vmm::virtio

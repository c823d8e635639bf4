// A guest driver's virtqueue, entirely the fuzzer's: the descriptor table, both rings and the
// buffers they point at are its bytes, the queue size and features its first byte. The device side
// (vmm/virtio/queue.h) pops every chain it is offered and returns it, until the queue is empty or
// broken; it must never read or write outside guest RAM, never loop, never crash.
#include <cstdint>
#include <cstring>

#include "fuzz_support.h"
#include "vmm/kvm/guest_memory.h"
#include "vmm/virtio/queue.h"

using namespace juxta::vmm;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    constexpr uint64_t kRam = 64 << 10;  // rings and buffers: what the input fills
    static GuestMemory memory = [] {
        auto m = GuestMemory::create({{GuestAddress(0), kRam}});
        if (!m) std::abort();
        return std::move(*m);
    }();
    if (size < 1) return 0;
    const uint8_t control = data[0];
    (void)memory.fill(GuestAddress(0), kRam, 0);
    (void)memory.write(GuestAddress(0), {data + 1, std::min<size_t>(size - 1, kRam)});
    // Size 1 to 32768, the rings where a driver would put them (the larger sizes do not fit: refused).
    const uint16_t queueSize = uint16_t(1u << (control & 0x0f));
    const virtio::QueueLayout layout{
        queueSize, GuestAddress(0), GuestAddress(16 * uint64_t(queueSize)),
        GuestAddress((16 * uint64_t(queueSize) + 6 + 2 * queueSize + 3) & ~3ull)};
    auto queue = virtio::SplitQueue::create(memory, layout, control & 0x10, control & 0x20);
    if (!queue) return 0;
    for (int i = 0; i < 2 * queueSize + 2; ++i) {
        auto popped = queue->pop();
        if (!popped || !popped->has_value()) break;
        (void)queue->pushUsed((*popped)->head, (*popped)->writableBytes);
        (void)queue->needsInterrupt();
    }
    (void)queue->enableNotifications(control & 0x40);
    return 0;
}

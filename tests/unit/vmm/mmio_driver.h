#pragma once
// What Linux's virtio-mmio driver does to a device, for the device models' tests (no KVM): its
// register reads and writes, and bringing the device up (VIRTIO 1.2, 3.1.1) — ACKNOWLEDGE, DRIVER,
// the features it takes, FEATURES_OK, its queues' sizes and rings, DRIVER_OK (on whatever status the
// device kept: one that refused the features stays without FEATURES_OK).
#include <cstdint>
#include <cstring>
#include <initializer_list>

#include "vmm/virtio/mmio.h"

namespace juxta::vmm::virtio::driver {

inline uint32_t readRegister(MmioTransport& transport, uint64_t offset) {
    uint8_t b[4];
    transport.read(offset, b);
    uint32_t v;
    std::memcpy(&v, b, 4);
    return v;
}

inline void writeRegister(MmioTransport& transport, uint64_t offset, uint32_t value) {
    uint8_t b[4];
    std::memcpy(b, &value, 4);
    transport.write(offset, b);
}

// One queue's layout, before DRIVER_OK.
struct QueueSetup {
    uint32_t index = 0;
    uint16_t size = 0;
    GuestAddress desc, avail, used;
};

inline void bringUp(MmioTransport& transport, uint64_t features, std::initializer_list<QueueSetup> queues) {
    writeRegister(transport, 0x070, kStatusAcknowledge);
    writeRegister(transport, 0x070, kStatusAcknowledge | kStatusDriver);
    writeRegister(transport, 0x024, 0);
    writeRegister(transport, 0x020, uint32_t(features));
    writeRegister(transport, 0x024, 1);
    writeRegister(transport, 0x020, uint32_t(features >> 32));
    writeRegister(transport, 0x070, kStatusAcknowledge | kStatusDriver | kStatusFeaturesOk);
    for (const QueueSetup& q : queues) {
        writeRegister(transport, 0x030, q.index);
        writeRegister(transport, 0x038, q.size);
        writeRegister(transport, 0x080, uint32_t(q.desc.raw()));
        writeRegister(transport, 0x084, uint32_t(q.desc.raw() >> 32));
        writeRegister(transport, 0x090, uint32_t(q.avail.raw()));
        writeRegister(transport, 0x0a0, uint32_t(q.used.raw()));
        writeRegister(transport, 0x044, 1);
    }
    writeRegister(transport, 0x070, readRegister(transport, 0x070) | kStatusDriverOk);
}

inline void bringUp(MmioTransport& transport, uint64_t features, uint32_t queue, uint16_t size,
                    GuestAddress desc, GuestAddress avail, GuestAddress used) {
    bringUp(transport, features, {QueueSetup{queue, size, desc, avail, used}});
}

}  // namespace juxta::vmm::virtio::driver

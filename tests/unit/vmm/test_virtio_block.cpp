// virtio-mmio (vmm/virtio/mmio.h) and virtio-blk (vmm/virtio/block.h) driven through their
// registers and rings as Linux's drivers do — and as a hostile guest would: features never
// offered, a queue outside RAM, a looping chain, requests past the disk's end or of half a sector,
// writes to a read-only disk; many requests in flight at once through the io_uring. A real image
// file on the host is the disk; no KVM.
#include <poll.h>
#include <sys/stat.h>

#include <QTemporaryDir>
#include <QtTest>
#include <array>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "mmio_driver.h"
#include "vmm/kvm/guest_memory.h"
#include "vmm/virtio/block.h"
#include "vmm/virtio/mmio.h"

using namespace juxta;
using namespace juxta::vmm;
using namespace juxta::vmm::virtio;
namespace fs = std::filesystem;

namespace {

constexpr uint64_t kRam = 1 << 20;
constexpr uint16_t kNext = 1, kWrite = 2;
constexpr GuestAddress kDesc(0x1000), kAvail(0x2000), kUsed(0x3000);
constexpr GuestAddress kHeader(0x10000), kData(0x20000), kStatus(0x30000);

GuestMemory ram() {
    auto m = GuestMemory::create({{GuestAddress(0), kRam}});
    if (!m) qFatal("%s", m.error().message().c_str());
    return std::move(*m);
}

// A guest with one virtio-blk device at its transport, and Linux's driver's moves.
struct Guest {
    GuestMemory memory = ram();
    std::shared_ptr<BlockDevice> disk;
    std::unique_ptr<MmioTransport> transport;
    int interrupts = 0;
    uint16_t availIdx = 0;

    uint32_t reg(uint64_t offset) { return driver::readRegister(*transport, offset); }
    void setReg(uint64_t offset, uint32_t v) { driver::writeRegister(*transport, offset, v); }
    bool attach(const fs::path& file, bool readOnly = false) {
        auto d = BlockDevice::open(memory, {file, readOnly});
        if (!d) {
            qWarning("%s", d.error().message().c_str());
            return false;
        }
        disk = *d;
        transport = std::make_unique<MmioTransport>(memory, disk, [this] { ++interrupts; });
        return true;
    }
    // 3.1.1: reset, ACKNOWLEDGE, DRIVER, features, FEATURES_OK, the queue, DRIVER_OK.
    void initialise(uint64_t features = kFeatureVersion1, uint16_t size = 8, GuestAddress desc = kDesc) {
        setReg(0x070, 0);
        availIdx = 0;  // the rings start afresh, as a driver's do after a reset
        QVERIFY(memory.fill(kAvail, 0x100, 0).ok() && memory.fill(kUsed, 0x100, 0).ok());
        driver::bringUp(*transport, features, 0, size, desc, kAvail, kUsed);
    }
    void desc(uint16_t i, GuestAddress addr, uint32_t len, uint16_t flags, uint16_t next = 0) {
        QVERIFY(memory.writeObj(kDesc + 16 * uint64_t(i), addr.raw()).ok());
        QVERIFY(memory.writeObj(kDesc + 16 * uint64_t(i) + 8, len).ok());
        QVERIFY(memory.writeObj(kDesc + 16 * uint64_t(i) + 12, flags).ok());
        QVERIFY(memory.writeObj(kDesc + 16 * uint64_t(i) + 14, next).ok());
    }
    void offer(uint16_t head) {
        QVERIFY(memory.writeObj(kAvail + 4 + 2 * uint64_t(availIdx % 8), head).ok());
        QVERIFY(memory.writeObj(kAvail + 2, ++availIdx).ok());
        setReg(0x050, 0);  // QueueNotify
        settle();
    }
    // What the device's thread does for it: waits on the ring's completions (the device's pollFd)
    // and lets the device take them — their status bytes written, their chains back in the used ring.
    void settle() {
        for (int i = 0; i < 1000 && disk->inFlight() > 0; ++i) {
            pollfd p{transport->pollFd(), POLLIN, 0};
            if (p.fd < 0) break;
            (void)::poll(&p, 1, 1000);
            (void)transport->notify(0);
        }
    }
    // One request: header, `dataLen` bytes of data (device-writable for IN and GET_ID), status.
    // Returns the status byte the device wrote (0xff: it wrote none).
    uint8_t request(uint32_t type, uint64_t sector, uint32_t dataLen) {
        if (!memory.writeObj(kHeader, type) || !memory.writeObj(kHeader + 8, sector) ||
            !memory.writeObj(kStatus, uint8_t(0xff)))
            qFatal("cannot write the request");
        const bool deviceWrites = type == 0 || type == 8;
        desc(0, kHeader, 16, kNext, 1);
        if (dataLen) {
            desc(1, kData, dataLen, uint16_t(kNext | (deviceWrites ? kWrite : 0)), 2);
            desc(2, kStatus, 1, kWrite);
        } else {
            desc(1, kStatus, 1, kWrite);
        }
        offer(0);
        return *memory.readObj<uint8_t>(kStatus);
    }
};

fs::path makeImage(const QTemporaryDir& dir, const char* name, std::size_t bytes) {
    const fs::path p = fs::path(dir.path().toStdString()) / name;
    std::ofstream(p, std::ios::binary) << std::string(bytes, '\0');
    return p;
}

}  // namespace

class TestVirtioBlock : public QObject {
    Q_OBJECT
  private slots:
    void theDriverFindsADisk() {
        QTemporaryDir dir;
        Guest g;
        QVERIFY(g.attach(makeImage(dir, "disk.raw", 64 * 512)));
        QCOMPARE(g.reg(0x000), uint32_t(0x74726976));  // "virt"
        QCOMPARE(g.reg(0x004), uint32_t(2));           // modern
        QCOMPARE(g.reg(0x008), uint32_t(2));           // a block device
        g.setReg(0x014, 1);
        QVERIFY(g.reg(0x010) & 1);  // VIRTIO_F_VERSION_1 (bit 32)
        g.initialise(kFeatureVersion1 | (1u << 9));
        QCOMPARE(g.reg(0x070), kStatusAcknowledge | kStatusDriver | kStatusFeaturesOk | kStatusDriverOk);
        uint8_t capacity[8];
        g.transport->read(0x100, capacity);
        uint64_t sectors;
        std::memcpy(&sectors, capacity, 8);
        QCOMPARE(sectors, uint64_t(64));
        // Registers are 32-bit: a byte read of the magic is zeros, a byte write of the status nothing.
        uint8_t one[1] = {0xff};
        g.transport->read(0x000, one);
        QCOMPARE(one[0], uint8_t(0));
        g.transport->write(0x070, std::span<const uint8_t>(one, 1));
        QVERIFY(g.reg(0x070) & kStatusDriverOk);
    }

    void writeThenReadBack() {
        QTemporaryDir dir;
        const fs::path image = makeImage(dir, "disk.raw", 64 * 512);
        Guest g;
        QVERIFY(g.attach(image));
        g.initialise(kFeatureVersion1 | kFeatureEventIdx | kFeatureIndirectDesc);
        std::string sector(512, 'j');
        sector.replace(0, 5, "hello");
        QVERIFY(g.memory.write(kData, {reinterpret_cast<const uint8_t*>(sector.data()), 512}).ok());
        QCOMPARE(g.request(1, 3, 512), uint8_t(0));  // OUT, sector 3
        std::ifstream in(image, std::ios::binary);
        in.seekg(3 * 512);
        std::string onDisk(512, '\0');
        in.read(onDisk.data(), 512);
        QCOMPARE(onDisk, sector);
        QVERIFY(g.memory.fill(kData, 512, 0).ok());
        QCOMPARE(g.request(0, 3, 512), uint8_t(0));  // IN, sector 3
        std::string back(512, '\0');
        QVERIFY(g.memory.read(kData, {reinterpret_cast<uint8_t*>(back.data()), 512}).ok());
        QCOMPARE(back, sector);
        QCOMPARE(*g.memory.readObj<uint32_t>(kUsed + 4 + 8 * 1 + 4), uint32_t(513));  // data + status
        QCOMPARE(g.disk->bytesWritten(), uint64_t(512));
        QCOMPARE(g.disk->bytesRead(), uint64_t(512));
        QCOMPARE(g.request(4, 0, 0), uint8_t(0));   // FLUSH
        QCOMPARE(g.request(8, 0, 20), uint8_t(0));  // GET_ID: the same for every disk, not the file's name
        QCOMPARE(
            std::string(reinterpret_cast<const char*>(&*g.memory.readObj<std::array<char, 8>>(kData)), 8),
            std::string("juxta-di"));
        QVERIFY(g.interrupts > 0);
        QVERIFY(g.reg(0x060) & kInterruptUsedBuffer);
        g.setReg(0x064, kInterruptUsedBuffer);  // acknowledged
        QCOMPARE(g.reg(0x060), uint32_t(0));
    }

    // A full queue is served a batch at a time: the notify loop's call returns "more" after 32 and
    // lets go of the transport's lock in between (a guest cannot hold its vCPUs' register accesses
    // or a stop for a whole queue's worth of I/O); the rest comes with the next call.
    void aFullQueueIsServedInBatches() {
        QTemporaryDir dir;
        Guest g;
        QVERIFY(g.attach(makeImage(dir, "disk.raw", 8 * 512)));
        g.initialise(kFeatureVersion1, 64);
        constexpr uint16_t kRequests = 40;
        for (uint16_t i = 0; i < kRequests; ++i) {  // status-only chains: each gets IOERR (no header)
            g.desc(i, GuestAddress(0x8000 + i), 1, kWrite);
            QVERIFY(g.memory.writeObj(kAvail + 4 + 2 * uint64_t(i), i).ok());
        }
        QVERIFY(g.memory.writeObj(kAvail + 2, kRequests).ok());
        QVERIFY(g.transport->notify(0));  // more is waiting
        QCOMPARE(*g.memory.readObj<uint16_t>(kUsed + 2), uint16_t(32));
        QVERIFY(!g.transport->notify(0));
        QCOMPARE(*g.memory.readObj<uint16_t>(kUsed + 2), kRequests);
        QCOMPARE(*g.memory.readObj<uint8_t>(GuestAddress(0x8000 + kRequests - 1)), uint8_t(1));  // IOERR
        // A QueueNotify that reaches the transport (no ioeventfd) serves the whole queue at once.
        for (uint16_t i = 0; i < kRequests; ++i)
            QVERIFY(g.memory.writeObj(kAvail + 4 + 2 * uint64_t((kRequests + i) % 64), i).ok());
        QVERIFY(g.memory.writeObj(kAvail + 2, uint16_t(2 * kRequests)).ok());
        g.setReg(0x050, 0);
        QCOMPARE(*g.memory.readObj<uint16_t>(kUsed + 2), uint16_t(2 * kRequests));
    }

    // With VIRTIO_F_EVENT_IDX a driver notifies only when avail_event says the device wants it (Linux's
    // vring_need_event): requests made while the device is busy, and every one after, are served.
    void eventIndexDriversAreServedToo() {
        QTemporaryDir dir;
        Guest g;
        QVERIFY(g.attach(makeImage(dir, "disk.raw", 64 * 512)));
        g.initialise(kFeatureVersion1 | kFeatureEventIdx);
        const GuestAddress availEvent = kUsed + 4 + 8 * 8;
        for (uint16_t i = 0; i < 6; ++i) {
            // Each request its own three descriptors, its own status byte.
            const uint16_t head = uint16_t((3 * i) % 8);
            QVERIFY(g.memory.writeObj(kHeader + 16 * uint64_t(i), uint32_t(0)).ok());
            QVERIFY(g.memory.writeObj(kHeader + 16 * uint64_t(i) + 8, uint64_t(i)).ok());
            QVERIFY(g.memory.writeObj(kStatus + i, uint8_t(0xff)).ok());
            g.desc(head, kHeader + 16 * uint64_t(i), 16, kNext, uint16_t((head + 1) % 8));
            g.desc(uint16_t((head + 1) % 8), kData + 512 * uint64_t(i), 512, kNext | kWrite,
                   uint16_t((head + 2) % 8));
            g.desc(uint16_t((head + 2) % 8), kStatus + i, 1, kWrite);
            const uint16_t old = g.availIdx;
            QVERIFY(g.memory.writeObj(kAvail + 4 + 2 * uint64_t(g.availIdx % 8), head).ok());
            QVERIFY(g.memory.writeObj(kAvail + 2, ++g.availIdx).ok());
            const uint16_t event = *g.memory.readObj<uint16_t>(availEvent);
            if (uint16_t(g.availIdx - event - 1) < uint16_t(g.availIdx - old)) g.setReg(0x050, 0);
            g.settle();
            QCOMPARE(*g.memory.readObj<uint8_t>(kStatus + i), uint8_t(0));  // served: its status is OK
        }
        QCOMPARE(*g.memory.readObj<uint16_t>(kUsed + 2), uint16_t(6));
    }

    // Many requests at once go to the kernel together (io_uring) and come back in whatever order
    // they complete, each with its own status and data; a flush after writes covers them; a reset
    // with requests in flight waits for them, and the device serves again after it.
    void requestsInFlightTogether() {
        QTemporaryDir dir;
        const fs::path image = makeImage(dir, "disk.raw", 64 * 512);
        {
            std::fstream f(image, std::ios::in | std::ios::out | std::ios::binary);
            for (int sector = 0; sector < 64; ++sector) f << std::string(512, char('A' + sector % 26));
        }
        Guest g;
        QVERIFY(g.attach(image));
        QVERIFY2(g.disk->asynchronous(), "no io_uring on this kernel");
        g.initialise(kFeatureVersion1, 64);
        constexpr uint16_t kRequests = 16;
        const auto offerAll = [&](uint32_t type) {
            for (uint16_t i = 0; i < kRequests; ++i) {  // request i: sector 3i, its own buffers
                const uint16_t head = uint16_t(3 * i);
                QVERIFY(g.memory.writeObj(kHeader + 16 * uint64_t(i), type).ok());
                QVERIFY(g.memory.writeObj(kHeader + 16 * uint64_t(i) + 8, uint64_t(3 * i)).ok());
                QVERIFY(g.memory.writeObj(kStatus + i, uint8_t(0xff)).ok());
                g.desc(head, kHeader + 16 * uint64_t(i), 16, kNext, uint16_t(head + 1));
                g.desc(uint16_t(head + 1), kData + 512 * uint64_t(i), 512,
                       uint16_t(kNext | (type == 0 ? kWrite : 0)), uint16_t(head + 2));
                g.desc(uint16_t(head + 2), kStatus + i, 1, kWrite);
                QVERIFY(g.memory.writeObj(kAvail + 4 + 2 * uint64_t(g.availIdx % 64), head).ok());
                QVERIFY(g.memory.writeObj(kAvail + 2, ++g.availIdx).ok());
            }
        };
        offerAll(0);  // reads
        QVERIFY(!g.transport->notify(0));
        g.settle();
        QCOMPARE(g.disk->inFlight(), std::size_t(0));
        QCOMPARE(*g.memory.readObj<uint16_t>(kUsed + 2), kRequests);
        for (uint16_t i = 0; i < kRequests; ++i) {
            QCOMPARE(*g.memory.readObj<uint8_t>(kStatus + i), uint8_t(0));
            QCOMPARE(*g.memory.readObj<char>(kData + 512 * uint64_t(i) + 511), char('A' + (3 * i) % 26));
        }
        for (uint16_t i = 0; i < kRequests; ++i)  // every used entry names one of the heads, with 513 bytes
            QCOMPARE(*g.memory.readObj<uint32_t>(kUsed + 4 + 8 * uint64_t(i) + 4), uint32_t(513));
        QCOMPARE(g.disk->bytesRead(), uint64_t(kRequests) * 512);

        QVERIFY(g.memory.fill(kData, 512 * kRequests, 'w').ok());
        offerAll(1);  // writes, then a flush
        QVERIFY(!g.transport->notify(0));
        g.settle();
        QCOMPARE(g.request(4, 0, 0), uint8_t(0));
        for (uint16_t i = 0; i < kRequests; ++i)
            QCOMPARE(*g.memory.readObj<uint8_t>(kStatus + i), uint8_t(0));
        std::ifstream in(image, std::ios::binary);
        in.seekg(3 * 7 * 512);
        QCOMPARE(char(in.get()), 'w');
        QCOMPARE(g.disk->bytesWritten(), uint64_t(kRequests) * 512);

        g.initialise(kFeatureVersion1, 64);
        offerAll(0);
        QVERIFY(!g.transport->notify(0));
        g.setReg(0x070, 0);  // a reset, whatever is in flight
        QCOMPARE(g.disk->inFlight(), std::size_t(0));
        g.initialise(kFeatureVersion1, 64);
        QCOMPARE(g.request(0, 5, 512), uint8_t(0));
        QCOMPARE(*g.memory.readObj<char>(kData + 511), char('A' + 5));
    }

    void badRequestsGetTheirStatusAndTheDiskGoesOn() {
        QTemporaryDir dir;
        Guest g;
        QVERIFY(g.attach(makeImage(dir, "disk.raw", 8 * 512)));
        g.initialise();
        QCOMPARE(g.request(0, 8, 512), uint8_t(1));             // past the end: IOERR
        QCOMPARE(g.request(0, 7, 1024), uint8_t(1));            // runs past the end
        QCOMPARE(g.request(0, ~uint64_t(0), 512), uint8_t(1));  // a sector number that wraps
        QCOMPARE(g.request(1, 0, 100), uint8_t(1));             // not whole sectors
        QCOMPARE(g.request(99, 0, 0), uint8_t(2));              // UNSUPP
        QCOMPARE(g.request(0, 7, 512), uint8_t(0));             // and still serves the last sector
        QVERIFY(!(g.reg(0x070) & kStatusNeedsReset));

        Guest ro;
        QTemporaryDir dir2;
        QVERIFY(ro.attach(makeImage(dir2, "ro.raw", 8 * 512), /*readOnly=*/true));
        QVERIFY(ro.reg(0x010) & (1u << 5));  // VIRTIO_BLK_F_RO offered
        ro.initialise();
        QCOMPARE(ro.request(1, 0, 512), uint8_t(1));  // a write to a read-only disk: IOERR
        QCOMPARE(ro.request(0, 0, 512), uint8_t(0));
    }

    void aHostileDriverBreaksOnlyItsDevice() {
        QTemporaryDir dir;
        const fs::path image = makeImage(dir, "disk.raw", 8 * 512);
        // Features never offered, or without VERSION_1: FEATURES_OK does not stick.
        Guest g;
        QVERIFY(g.attach(image));
        g.initialise(kFeatureVersion1 | (uint64_t(1) << 40));
        QVERIFY(!(g.reg(0x070) & kStatusFeaturesOk));
        QVERIFY(!(g.reg(0x070) & kStatusDriverOk));
        g.initialise(uint64_t(1) << 9);
        QVERIFY(!(g.reg(0x070) & kStatusFeaturesOk));
        // A queue larger than QueueNumMax said: DEVICE_NEEDS_RESET.
        g.initialise(kFeatureVersion1, 512);
        QVERIFY(g.reg(0x070) & kStatusNeedsReset);
        // A queue outside guest RAM at DRIVER_OK: DEVICE_NEEDS_RESET, and a configuration interrupt.
        g.initialise(kFeatureVersion1, 8, GuestAddress(kRam - 16));
        QVERIFY(g.reg(0x070) & kStatusNeedsReset);
        QVERIFY(g.reg(0x060) & kInterruptConfigChange);
        // A looping chain: the same, and the device ignores the queue until it is reset.
        g.initialise();
        QVERIFY(!(g.reg(0x070) & kStatusNeedsReset));
        g.desc(0, kHeader, 16, kNext, 1);
        g.desc(1, kStatus, 1, kNext | kWrite, 0);
        g.offer(0);
        QVERIFY(g.reg(0x070) & kStatusNeedsReset);
        const int before = g.interrupts;
        g.offer(0);
        QCOMPARE(g.interrupts, before);
        g.initialise();  // a reset makes it new
        QCOMPARE(g.request(0, 0, 512), uint8_t(0));
        // A request with no room for its status byte cannot fail by its status: the queue breaks.
        g.desc(0, kHeader, 16, 0);
        g.offer(0);
        QVERIFY(g.reg(0x070) & kStatusNeedsReset);
    }

    void disksThatCannotBe() {
        QTemporaryDir dir;
        GuestMemory memory = ram();
        const auto refused = [&](const fs::path& file, bool readOnly, int code, const char* says) {
            auto d = BlockDevice::open(memory, {file, readOnly});
            QVERIFY(!d);
            QCOMPARE(d.error().code(), code);
            QVERIFY2(d.error().message().find(says) != std::string::npos, d.error().message().c_str());
        };
        refused(fs::path(dir.path().toStdString()) / "none.raw", false, ENOENT, "none.raw");
        refused(fs::path(dir.path().toStdString()), false, EISDIR, "is a directory");
        refused(makeImage(dir, "odd.raw", 1000), false, EINVAL, "whole number of 512-byte sectors");
        const fs::path fifo = fs::path(dir.path().toStdString()) / "fifo.raw";
        QCOMPARE(::mkfifo(fifo.c_str(), 0600), 0);
        refused(fifo, true, EINVAL, "not a regular file");  // and the open did not hang on it
        const fs::path shared = makeImage(dir, "shared.raw", 4096);
        auto writer = BlockDevice::open(memory, {shared, false});
        QVERIFY(writer.ok());
        refused(shared, false, EBUSY, "in use by another VM");
        refused(shared, true, EBUSY, "in use by another VM that writes it");
        writer->reset();
        auto reader1 = BlockDevice::open(memory, {shared, true});
        auto reader2 = BlockDevice::open(memory, {shared, true});
        QVERIFY(reader1.ok() && reader2.ok());  // readers share it
        refused(shared, false, EBUSY, "in use by another VM");
    }
};

QTEST_GUILESS_MAIN(TestVirtioBlock)
#include "test_virtio_block.moc"

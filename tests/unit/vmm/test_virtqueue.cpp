// The split virtqueue (vmm/virtio/queue.h) driven as a guest driver would, and as a hostile one
// would: rings written by hand into guest memory, no KVM. Each violation is one EPROTO error that
// names it; nothing reads outside guest RAM (the accessors are bounds-checked, ASan in the checked
// build) and no ring makes it loop.
#include <QtTest>
#include <cstring>

#include "vmm/kvm/guest_memory.h"
#include "vmm/virtio/queue.h"

using namespace juxta;
using namespace juxta::vmm;
using namespace juxta::vmm::virtio;

namespace {

constexpr uint64_t kRam = 1 << 20;
constexpr uint16_t kNext = 1, kWrite = 2, kIndirect = 4;

GuestMemory ram() {
    auto m = GuestMemory::create({{GuestAddress(0), kRam}});
    if (!m) qFatal("%s", m.error().message().c_str());
    return std::move(*m);
}

// A driver's side of one queue of `size` at fixed places in 1 MiB of guest RAM.
struct Driver {
    GuestMemory memory = ram();
    QueueLayout layout;
    uint16_t availIdx = 0;

    explicit Driver(uint16_t size = 8) {
        layout.size = size;
        layout.descTable = GuestAddress(0x1000);
        layout.availRing = GuestAddress(0x1000 + 16 * uint64_t(size));
        layout.usedRing = GuestAddress(0x8000 + 16 * uint64_t(size));
    }
    void desc(GuestAddress table, uint16_t i, uint64_t addr, uint32_t len, uint16_t flags,
              uint16_t next = 0) {
        const uint8_t raw[16] = {};
        QVERIFY(memory.write(table + 16 * uint64_t(i), raw).ok());
        QVERIFY(memory.writeObj(table + 16 * uint64_t(i), addr).ok());
        QVERIFY(memory.writeObj(table + 16 * uint64_t(i) + 8, len).ok());
        QVERIFY(memory.writeObj(table + 16 * uint64_t(i) + 12, flags).ok());
        QVERIFY(memory.writeObj(table + 16 * uint64_t(i) + 14, next).ok());
    }
    void desc(uint16_t i, uint64_t addr, uint32_t len, uint16_t flags, uint16_t next = 0) {
        desc(layout.descTable, i, addr, len, flags, next);
    }
    // Makes the chain at `head` available.
    void offer(uint16_t head) {
        QVERIFY(memory.writeObj(layout.availRing + 4 + 2 * uint64_t(availIdx % layout.size), head).ok());
        ++availIdx;
        QVERIFY(memory.writeObj(layout.availRing + 2, availIdx).ok());
    }
    void setAvailIdx(uint16_t idx) { QVERIFY(memory.writeObj(layout.availRing + 2, idx).ok()); }
    void setUsedEvent(uint16_t e) {
        QVERIFY(memory.writeObj(layout.availRing + 4 + 2 * uint64_t(layout.size), e).ok());
    }
    uint16_t usedIdx() const { return *memory.readObj<uint16_t>(layout.usedRing + 2); }
    std::pair<uint32_t, uint32_t> usedEntry(uint16_t i) const {
        const GuestAddress at = layout.usedRing + 4 + 8 * uint64_t(i % layout.size);
        return {*memory.readObj<uint32_t>(at), *memory.readObj<uint32_t>(at + 4)};
    }
    SplitQueue queue(bool indirect = false, bool eventIdx = false) {
        auto q = SplitQueue::create(memory, layout, indirect, eventIdx);
        if (!q) qFatal("%s", q.error().message().c_str());
        return std::move(*q);
    }
};

// The one error a hostile chain must give.
void expectBroken(SplitQueue& q, const char* says) {
    auto popped = q.pop();
    QVERIFY2(!popped, "a hostile chain was accepted");
    QCOMPARE(popped.error().code(), EPROTO);
    QVERIFY2(popped.error().message().find(says) != std::string::npos, popped.error().message().c_str());
}

}  // namespace

class TestVirtqueue : public QObject {
    Q_OBJECT
  private slots:
    void aRequestAndItsReplyGoRoundTheRings() {
        Driver d;
        d.desc(0, 0x20000, 64, kNext, 5);  // the request: readable
        d.desc(5, 0x30000, 512, kWrite);   // room for the reply
        d.offer(0);
        auto q = d.queue();
        auto popped = q.pop();
        QVERIFY2(popped.ok(), popped ? "" : popped.error().message().c_str());
        QVERIFY(popped->has_value());
        const Chain& c = **popped;
        QCOMPARE(c.head, uint16_t(0));
        QCOMPARE(c.buffers.size(), std::size_t(2));
        QCOMPARE(c.buffers[0].addr.raw(), uint64_t(0x20000));
        QVERIFY(!c.buffers[0].deviceWritable && c.buffers[1].deviceWritable);
        QCOMPARE(c.readableBytes, uint32_t(64));
        QCOMPARE(c.writableBytes, uint32_t(512));
        QVERIFY(!q.pop()->has_value());  // nothing more
        QVERIFY(q.pushUsed(c.head, 100).ok());
        QCOMPARE(d.usedIdx(), uint16_t(1));
        QCOMPARE(d.usedEntry(0), std::make_pair(uint32_t(0), uint32_t(100)));
        QVERIFY(*q.needsInterrupt());   // no flags: every used buffer interrupts
        QVERIFY(!*q.needsInterrupt());  // nothing new since
    }

    void theIndicesWrapAround() {
        Driver d(4);
        d.desc(1, 0x20000, 8, 0);
        auto q = d.queue();
        for (int round = 0; round < 70000; ++round) {  // past 65535: the 16-bit indices wrap
            d.offer(1);
            auto popped = q.pop();
            QVERIFY(popped.ok() && popped->has_value());
            QVERIFY(q.pushUsed((*popped)->head, 0).ok());
        }
        QCOMPARE(d.usedIdx(), uint16_t(70000 % 65536));
    }

    void indirectTablesWhenNegotiated() {
        Driver d;
        const GuestAddress table(0x40000);
        d.desc(table, 0, 0x20000, 16, kNext, 1);
        d.desc(table, 1, 0x21000, 4096, kNext | kWrite, 2);
        d.desc(table, 2, 0x22000, 1, kWrite);
        d.desc(3, table.raw(), 3 * 16, kIndirect);
        d.offer(3);
        auto q = d.queue(/*indirect=*/true);
        auto popped = q.pop();
        QVERIFY2(popped.ok(), popped ? "" : popped.error().message().c_str());
        QCOMPARE((*popped)->head, uint16_t(3));
        QCOMPARE((*popped)->buffers.size(), std::size_t(3));
        QCOMPARE((*popped)->writableBytes, uint32_t(4097));

        Driver plain;
        plain.desc(0, table.raw(), 16, kIndirect);
        plain.offer(0);
        auto notNegotiated = plain.queue(/*indirect=*/false);
        expectBroken(notNegotiated, "was not negotiated");
    }

    void hostileChainsAreRefused_data() {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("says");
        QTest::newRow("loop") << 0 << "a loop";
        QTest::newRow("next outside the table") << 1 << "outside its table";
        QTest::newRow("head outside the table") << 2 << "outside its table";
        QTest::newRow("buffer outside RAM") << 3 << "outside guest RAM";
        QTest::newRow("buffer wrapping around") << 4 << "outside guest RAM";
        QTest::newRow("readable after writable") << 5 << "after a device-writable";
        QTest::newRow("nested indirect") << 6 << "inside an indirect table";
        QTest::newRow("indirect with next") << 7 << "with NEXT";
        QTest::newRow("indirect of odd size") << 8 << "an indirect table of 20 bytes";
        QTest::newRow("indirect outside RAM") << 9 << "outside guest RAM";
        QTest::newRow("more available than the queue") << 10 << "buffers available in a queue of 8";
        QTest::newRow("over 4 GiB") << 11 << "more than 4 GiB";
        QTest::newRow("loop in an indirect table") << 12 << "a loop";
    }
    void hostileChainsAreRefused() {
        QFETCH(int, kind);
        QFETCH(QString, says);
        Driver d;
        const GuestAddress table(0x40000);
        uint16_t head = 0;
        switch (kind) {
            case 0:
                d.desc(0, 0x20000, 8, kNext, 1), d.desc(1, 0x20000, 8, kNext, 0);
                break;
            case 1:
                d.desc(0, 0x20000, 8, kNext, 8);
                break;
            case 2:
                head = 9;
                break;
            case 3:
                d.desc(0, kRam - 4, 8, 0);
                break;
            case 4:
                d.desc(0, ~uint64_t(0) - 2, 16, 0);
                break;
            case 5:
                d.desc(0, 0x20000, 8, kNext | kWrite, 1), d.desc(1, 0x21000, 8, 0);
                break;
            case 6:
                d.desc(table, 0, 0x41000, 16, kIndirect), d.desc(0, table.raw(), 16, kIndirect);
                break;
            case 7:
                d.desc(0, table.raw(), 16, kIndirect | kNext, 1);
                break;
            case 8:
                d.desc(0, table.raw(), 20, kIndirect);
                break;
            case 9:
                d.desc(0, kRam - 16, 32, kIndirect);
                break;
            case 10:
                d.desc(0, 0x20000, 8, 0), d.offer(0), d.setAvailIdx(9);
                break;
            case 11:
                // 1 MiB of RAM cannot hold 4 GiB: the same megabyte, many times, in an indirect table.
                for (uint16_t i = 0; i < 4097; ++i)
                    d.desc(GuestAddress(0x80000), i, 0, uint32_t(kRam), kNext, uint16_t(i + 1));
                d.desc(0, 0x80000, 4097 * 16, kIndirect);
                break;
            case 12:
                d.desc(table, 0, 0x20000, 8, kNext, 1), d.desc(table, 1, 0x20000, 8, kNext, 0);
                d.desc(0, table.raw(), 2 * 16, kIndirect);
                break;
        }
        if (kind != 10) d.offer(head);
        auto q = d.queue(/*indirect=*/true);
        expectBroken(q, says.toStdString().c_str());
    }

    void badLayoutsAreRefused() {
        GuestMemory memory = ram();
        const auto refused = [&](QueueLayout l, const char* says) {
            auto q = SplitQueue::create(memory, l, false, false);
            QVERIFY(!q);
            QCOMPARE(q.error().code(), EINVAL);
            QVERIFY2(q.error().message().find(says) != std::string::npos, q.error().message().c_str());
        };
        const QueueLayout good{8, GuestAddress(0x1000), GuestAddress(0x2000), GuestAddress(0x3000)};
        QVERIFY(SplitQueue::create(memory, good, false, false).ok());
        QueueLayout l = good;
        l.size = 6;
        refused(l, "not a power of two");
        l = good;
        l.size = 0;
        refused(l, "not a power of two");
        l = good;
        l.descTable = GuestAddress(0x1008);
        refused(l, "not aligned to 16");
        l = good;
        l.usedRing = GuestAddress(0x3002);
        refused(l, "not aligned to 4");
        l = good;
        l.availRing = GuestAddress(kRam - 8);
        refused(l, "not in guest RAM");
        l = good;
        l.size = kMaxQueueSize;  // 512 KiB of descriptors, 4 KiB before the end of RAM
        l.descTable = GuestAddress(kRam - 0x1000);
        refused(l, "not in guest RAM");
    }

    // VIRTIO_F_EVENT_IDX: the driver asks for an interrupt when the used index passes used_event,
    // and the device asks for notifications through avail_event.
    void eventIndexSuppresses() {
        Driver d;
        d.desc(0, 0x20000, 8, 0);
        auto q = d.queue(false, /*eventIdx=*/true);
        d.setUsedEvent(2);  // "interrupt me once the third buffer is used"
        for (int i = 0; i < 3; ++i) {
            d.offer(0);
            auto popped = q.pop();
            QVERIFY(popped.ok() && popped->has_value());
            QVERIFY(q.pushUsed(0, 0).ok());
            QCOMPARE(*q.needsInterrupt(), i == 2);
        }
        QVERIFY(q.enableNotifications(true).ok());
        QCOMPARE(*d.memory.readObj<uint16_t>(d.layout.usedRing + 4 + 8 * 8), uint16_t(3));  // avail_event

        Driver flags;
        flags.desc(0, 0x20000, 8, 0);
        auto f = flags.queue();
        QVERIFY(flags.memory.writeObj(flags.layout.availRing, uint16_t(1)).ok());  // NO_INTERRUPT
        flags.offer(0);
        QVERIFY(f.pop()->has_value());
        QVERIFY(f.pushUsed(0, 0).ok());
        QVERIFY(!*f.needsInterrupt());
        QVERIFY(f.enableNotifications(false).ok());
        QCOMPARE(*flags.memory.readObj<uint16_t>(flags.layout.usedRing), uint16_t(1));  // NO_NOTIFY
    }
};

QTEST_GUILESS_MAIN(TestVirtqueue)
#include "test_virtqueue.moc"

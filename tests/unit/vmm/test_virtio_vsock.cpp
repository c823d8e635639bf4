// virtio-vsock (vmm/virtio/vsock.h) driven through its registers and rings as Linux's
// vmw_vsock_virtio_transport does — and as a hostile guest would: connections to ports nobody
// listens on, packets that claim another CID, lengths their chains do not hold, no receive buffers
// at all, credit it never gives. The agent channel's side is the sink and send(); no KVM.
#include <poll.h>

#include <QtTest>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "mmio_driver.h"
#include "vmm/kvm/guest_memory.h"
#include "vmm/virtio/mmio.h"
#include "vmm/virtio/vsock.h"

using namespace juxta;
using namespace juxta::vmm;
using namespace juxta::vmm::virtio;

namespace {

constexpr uint64_t kRam = 1 << 20;
constexpr uint16_t kSize = 16, kSlots = 8, kNext = 1,
                   kWrite = 2;  // receive buffers: 8, of 2 descriptors at most
constexpr GuestAddress kRxDesc(0x1000), kRxAvail(0x2000), kRxUsed(0x3000);
constexpr GuestAddress kTxDesc(0x4000), kTxAvail(0x5000), kTxUsed(0x6000);
constexpr GuestAddress kRxBuffers(0x40000), kTxPackets(0x80000);
constexpr uint32_t kGuestPort = 1000;  // the agent binds a reserved port

struct Packet {
    VsockHeader header;
    std::string payload;
};

VsockHeader fromGuest(uint16_t op, uint32_t srcPort = kGuestPort, uint32_t dstPort = kAgentVsockPort) {
    VsockHeader h;
    h.srcCid = kVsockGuestCid;
    h.dstCid = kVsockHostCid;
    h.srcPort = srcPort;
    h.dstPort = dstPort;
    h.type = vsock::kTypeStream;
    h.op = op;
    h.bufAlloc = 256 << 10;
    return h;
}

// A guest with one vsock device and Linux's driver's moves on its receive and transmit queues.
struct Guest {
    GuestMemory memory = [] {
        auto m = GuestMemory::create({{GuestAddress(0), kRam}});
        if (!m) qFatal("%s", m.error().message().c_str());
        return std::move(*m);
    }();
    std::string received;  // what the sink got
    int lost = 0;          // connections the device said ended
    std::shared_ptr<VsockDevice> device;
    std::unique_ptr<MmioTransport> transport;
    uint16_t rxAvail = 0, rxUsedSeen = 0, txAvail = 0;

    Guest() {
        auto d = VsockDevice::create(
            memory, kVsockGuestCid, kAgentVsockPort,
            [this](std::span<const uint8_t> b) {
                received.append(reinterpret_cast<const char*>(b.data()), b.size());
            },
            [this] { ++lost; });
        if (!d) qFatal("%s", d.error().message().c_str());
        device = *d;
        transport = std::make_unique<MmioTransport>(memory, device, [] {});
        driver::bringUp(*transport, kFeatureVersion1,
                        {{0, kSize, kRxDesc, kRxAvail, kRxUsed}, {1, kSize, kTxDesc, kTxAvail, kTxUsed}});
    }
    uint32_t status() { return driver::readRegister(*transport, 0x070); }

    bool desc(GuestAddress table, uint16_t i, GuestAddress a, uint32_t len, uint16_t flags, uint16_t next) {
        return memory.writeObj(table + 16 * uint64_t(i), a.raw()).ok() &&
               memory.writeObj(table + 16 * uint64_t(i) + 8, len).ok() &&
               memory.writeObj(table + 16 * uint64_t(i) + 12, flags).ok() &&
               memory.writeObj(table + 16 * uint64_t(i) + 14, next).ok();
    }
    // `count` receive buffers of `room` bytes each (header and payload in one, as Linux 6.3+; or
    // split after the header, as 6.1).
    void giveBuffers(int count, uint32_t room = kVsockHeaderSize + 4096, bool split = false) {
        for (int i = 0; i < count; ++i) {
            const uint16_t slot = uint16_t(rxAvail % kSlots);  // its descriptors: slot and slot + 8
            const GuestAddress at = kRxBuffers + uint64_t(slot) * 0x8000;
            if (split)
                QVERIFY(desc(kRxDesc, slot, at, kVsockHeaderSize, kWrite | kNext, uint16_t(slot + kSlots)) &&
                        desc(kRxDesc, uint16_t(slot + kSlots), at + kVsockHeaderSize,
                             room - uint32_t(kVsockHeaderSize), kWrite, 0));
            else
                QVERIFY(desc(kRxDesc, slot, at, room, kWrite, 0));
            QVERIFY(memory.writeObj(kRxAvail + 4 + 2 * uint64_t(rxAvail % kSize), slot).ok());
            QVERIFY(memory.writeObj(kRxAvail + 2, ++rxAvail).ok());
        }
        driver::writeRegister(*transport, 0x050, 0);
    }
    // One packet on the transmit queue: its header (of `len` if given) and payload, split after
    // the header when `split`.
    void send(VsockHeader h, const std::string& payload = {}, bool split = true) {
        if (h.len == 0) h.len = uint32_t(payload.size());
        const auto header = encodeVsockHeader(h);
        std::vector<uint8_t> bytes(header.begin(), header.end());
        bytes.insert(bytes.end(), payload.begin(), payload.end());
        QVERIFY(memory.write(kTxPackets, bytes).ok());
        if (split && !payload.empty())
            QVERIFY(desc(kTxDesc, 0, kTxPackets, kVsockHeaderSize, kNext, 1) &&
                    desc(kTxDesc, 1, kTxPackets + kVsockHeaderSize, uint32_t(payload.size()), 0, 0));
        else
            QVERIFY(desc(kTxDesc, 0, kTxPackets, uint32_t(bytes.size()), 0, 0));
        QVERIFY(memory.writeObj(kTxAvail + 4 + 2 * uint64_t(txAvail % kSize), uint16_t(0)).ok());
        QVERIFY(memory.writeObj(kTxAvail + 2, ++txAvail).ok());
        driver::writeRegister(*transport, 0x050, 1);
    }
    // What the device's thread would do when its wake-up descriptor is readable.
    void pump() {
        for (int i = 0; i < 64; ++i) {
            const int fd = transport->pollFd();
            if (fd < 0) return;
            pollfd p{fd, POLLIN, 0};
            if (::poll(&p, 1, 0) != 1) return;
            if (!transport->notify(0) && ::poll(&p, 1, 0) != 1) return;
        }
    }
    // The packets the device put in the receive queue since the last call.
    std::vector<Packet> packets() {
        pump();
        std::vector<Packet> out;
        const uint16_t used = *memory.readObj<uint16_t>(kRxUsed + 2);
        for (; rxUsedSeen != used; ++rxUsedSeen) {
            const uint64_t e = kRxUsed.raw() + 4 + 8 * uint64_t(rxUsedSeen % kSize);
            const uint32_t id = *memory.readObj<uint32_t>(GuestAddress(e));
            const uint32_t len = *memory.readObj<uint32_t>(GuestAddress(e + 4));
            std::vector<uint8_t> bytes(len);
            const GuestAddress at = kRxBuffers + uint64_t(id % kSlots) * 0x8000;
            if (len < kVsockHeaderSize || !memory.read(at, bytes).ok()) {
                qWarning("a used receive buffer of %u bytes", len);
                continue;
            }
            Packet p;
            p.header =
                decodeVsockHeader(std::span<const uint8_t, kVsockHeaderSize>(bytes.data(), kVsockHeaderSize));
            p.payload.assign(bytes.begin() + kVsockHeaderSize, bytes.end());
            out.push_back(std::move(p));
        }
        return out;
    }
    // REQUEST from the agent's socket, and the device's RESPONSE.
    bool connect(uint32_t port = kGuestPort) {
        send(fromGuest(vsock::kOpRequest, port));
        auto got = packets();
        return got.size() == 1 && got[0].header.op == vsock::kOpResponse && got[0].header.dstPort == port &&
               device->connected();
    }
};

uint64_t counter(const VsockDevice& d, const char* name) {
    for (const auto& [k, v] : d.counters())
        if (std::strcmp(k, name) == 0) return v;
    return ~uint64_t(0);
}

}  // namespace

class TestVirtioVsock : public QObject {
    Q_OBJECT

  private slots:
    void theHeaderIsLittleEndian44Bytes() {
        VsockHeader h = fromGuest(vsock::kOpRw);
        h.len = 0x01020304;
        h.fwdCnt = 0xa0b0c0d0;
        const auto b = encodeVsockHeader(h);
        QCOMPARE(b[0], uint8_t(kVsockGuestCid));
        QCOMPARE(b[8], uint8_t(kVsockHostCid));
        QCOMPARE(b[24], uint8_t(0x04));
        QCOMPARE(b[30], uint8_t(vsock::kOpRw));
        QCOMPARE(b[43], uint8_t(0xa0));
        const VsockHeader back = decodeVsockHeader(b);
        QCOMPARE(back.len, h.len);
        QCOMPARE(back.fwdCnt, h.fwdCnt);
        QCOMPARE(back.srcPort, kGuestPort);
    }

    void theDriverFindsASocketDeviceWithItsCid() {
        Guest g;
        QCOMPARE(driver::readRegister(*g.transport, 0x008), uint32_t(19));
        QVERIFY(g.status() & kStatusDriverOk);
        uint8_t cid[8];
        g.transport->read(0x100, cid);
        QCOMPARE(cid[0], uint8_t(kVsockGuestCid));
        QCOMPARE(cid[1], uint8_t(0));
        QVERIFY(!VsockDevice::create(g.memory, 2, kAgentVsockPort, {}));  // the host's CID is not a guest's
        // Not yet connected: nothing to send on.
        const std::string line = "x\n";
        QVERIFY(!g.device->send(std::span(reinterpret_cast<const uint8_t*>(line.data()), line.size())));
    }

    void theAgentConnectsAndBothWaysCarryLines() {
        Guest g;
        g.giveBuffers(4, kVsockHeaderSize + 4096, /*split=*/true);
        QVERIFY(g.connect());
        g.send(fromGuest(vsock::kOpRw), "{\"event\":\"ready\"}\n");
        QCOMPARE(g.received, std::string("{\"event\":\"ready\"}\n"));
        const std::string request = "{\"op\":\"run\",\"id\":1}\n";
        QVERIFY(g.device->send(std::span(reinterpret_cast<const uint8_t*>(request.data()), request.size())));
        auto got = g.packets();
        QCOMPARE(got.size(), std::size_t(1));
        QCOMPARE(got[0].header.op, vsock::kOpRw);
        QCOMPARE(got[0].header.srcCid, kVsockHostCid);
        QCOMPARE(got[0].header.dstCid, kVsockGuestCid);
        QCOMPARE(got[0].header.srcPort, kAgentVsockPort);
        QCOMPARE(got[0].header.dstPort, kGuestPort);
        QCOMPARE(got[0].header.type, vsock::kTypeStream);
        QCOMPARE(got[0].header.len, uint32_t(request.size()));
        QCOMPARE(got[0].header.fwdCnt, uint32_t(18));  // what it took from the guest
        QVERIFY(got[0].header.bufAlloc > 0);
        QCOMPARE(got[0].payload, request);
        QCOMPARE(counter(*g.device, "tx_bytes"), uint64_t(18));
        QCOMPARE(counter(*g.device, "rx_bytes"), uint64_t(request.size()));
        QCOMPARE(counter(*g.device, "connections"), uint64_t(1));
    }

    void aPortNobodyListensOnIsRefused() {
        Guest g;
        g.giveBuffers(8);
        g.send(fromGuest(vsock::kOpRequest, kGuestPort, 22));
        VsockHeader seqpacket = fromGuest(vsock::kOpRequest);
        seqpacket.type = 2;
        g.send(seqpacket);
        g.send(fromGuest(vsock::kOpRw), "no connection");  // data on no connection
        g.send(fromGuest(vsock::kOpRst));                  // never answered
        // Any user of the guest, from an unreserved port: not the agent's channel.
        g.send(fromGuest(vsock::kOpRequest, 49152));
        auto got = g.packets();
        QCOMPARE(got.size(), std::size_t(4));
        for (const Packet& p : got) QCOMPARE(p.header.op, vsock::kOpRst);
        QCOMPARE(got[0].header.srcPort, uint32_t(22));  // from the port it asked for
        QCOMPARE(got[3].header.dstPort, uint32_t(49152));
        QVERIFY(!g.device->connected());
        QVERIFY(g.received.empty());
    }

    void anotherCidIsAForgeryAndGetsNothing() {
        Guest g;
        g.giveBuffers(4);
        QVERIFY(g.connect());
        VsockHeader other = fromGuest(vsock::kOpRw);
        other.srcCid = 4;  // another VM's
        g.send(other, "spoofed");
        VsockHeader hypervisor = fromGuest(vsock::kOpRequest, 50000);
        hypervisor.dstCid = 0;
        g.send(hypervisor);
        QVERIFY(g.packets().empty());
        QVERIFY(g.received.empty());
        QVERIFY(g.device->connected());  // the real connection is untouched
        QCOMPARE(counter(*g.device, "dropped"), uint64_t(2));
    }

    void dataWaitsForTheGuestsCreditAndTheBuffersSize() {
        Guest g;
        g.giveBuffers(8, kVsockHeaderSize + 8);  // 8 payload bytes a buffer
        VsockHeader request = fromGuest(vsock::kOpRequest);
        request.bufAlloc = 12;  // the guest takes 12 bytes before it must consume
        g.send(request);
        QCOMPARE(g.packets().size(), std::size_t(1));
        const std::string data(30, 'd');
        QVERIFY(g.device->send(std::span(reinterpret_cast<const uint8_t*>(data.data()), data.size())));
        auto got = g.packets();
        // 8 + 4 bytes (its credit, in buffers of 8), then a request for more credit — once.
        QCOMPARE(got.size(), std::size_t(3));
        QCOMPARE(got[0].header.len, uint32_t(8));
        QCOMPARE(got[1].header.len, uint32_t(4));
        QCOMPARE(got[2].header.op, vsock::kOpCreditRequest);
        QVERIFY(g.packets().empty());
        VsockHeader update = fromGuest(vsock::kOpCreditUpdate);
        update.bufAlloc = 12;
        update.fwdCnt = 12;  // it consumed everything
        g.send(update);
        got = g.packets();
        QCOMPARE(got.size(), std::size_t(3));
        QCOMPARE(got[0].header.len + got[1].header.len, uint32_t(12));
        QCOMPARE(got[2].header.op, vsock::kOpCreditRequest);
        // A guest that claims to have consumed more than it got has no credit at all (its count
        // runs ahead of ours: as if it held everything); told the truth, it gets the rest.
        g.giveBuffers(8, kVsockHeaderSize + 8);
        update.fwdCnt = 1000;
        g.send(update);
        got = g.packets();
        QCOMPARE(got.size(), std::size_t(1));
        QCOMPARE(got[0].header.op, vsock::kOpCreditRequest);
        update.fwdCnt = 24;
        g.send(update);
        got = g.packets();
        QCOMPARE(got.size(), std::size_t(1));
        QCOMPARE(got[0].header.len, uint32_t(6));  // the rest of the 30
        QCOMPARE(got[0].payload, std::string(6, 'd'));
    }

    void theDeviceCreditsBackWhatItConsumed() {
        Guest g;
        g.giveBuffers(8);
        QVERIFY(g.connect());
        const std::string chunk(60000, 'a');
        for (int i = 0; i < 3; ++i) g.send(fromGuest(vsock::kOpRw), chunk, false);
        QCOMPARE(g.received.size(), std::size_t(180000));
        auto got = g.packets();
        QVERIFY(!got.empty());
        QCOMPARE(got.back().header.op, vsock::kOpCreditUpdate);
        QVERIFY(got.back().header.fwdCnt >= 120000u);
    }

    void garbageInTheRingsBreaksTheDeviceNotTheVmm() {
        {
            Guest g;  // a transmit chain shorter than a header
            VsockHeader h = fromGuest(vsock::kOpRequest);
            const auto header = encodeVsockHeader(h);
            QVERIFY(g.memory.write(kTxPackets, header).ok());
            QVERIFY(g.desc(kTxDesc, 0, kTxPackets, 20, 0, 0));
            QVERIFY(g.memory.writeObj(kTxAvail + 4, uint16_t(0)).ok());
            QVERIFY(g.memory.writeObj(kTxAvail + 2, uint16_t(1)).ok());
            driver::writeRegister(*g.transport, 0x050, 1);
            QVERIFY(g.status() & kStatusNeedsReset);
        }
        {
            Guest g;  // a receive chain the device would have to read from
            QVERIFY(g.desc(kRxDesc, 0, kRxBuffers, 4096, 0, 0));
            QVERIFY(g.memory.writeObj(kRxAvail + 4, uint16_t(0)).ok());
            QVERIFY(g.memory.writeObj(kRxAvail + 2, uint16_t(1)).ok());
            g.send(fromGuest(vsock::kOpRequest));  // an answer to put there
            g.pump();
            QVERIFY(g.status() & kStatusNeedsReset);
        }
        {
            Guest g;  // a length its chain does not hold: dropped, and its connection reset
            g.giveBuffers(4);
            QVERIFY(g.connect());
            VsockHeader h = fromGuest(vsock::kOpRw);
            h.len = 1 << 20;
            g.send(h, "short");
            auto got = g.packets();
            QCOMPARE(got.size(), std::size_t(1));
            QCOMPARE(got[0].header.op, vsock::kOpRst);
            QVERIFY(!g.device->connected());
            QVERIFY(g.received.empty());
            QVERIFY(!(g.status() & kStatusNeedsReset));
        }
    }

    void aGuestThatNeverGivesBuffersGetsBoundedAnswers() {
        Guest g;
        for (int i = 0; i < 600; ++i) g.send(fromGuest(vsock::kOpRequest, kGuestPort, 7));
        g.pump();
        QCOMPARE(counter(*g.device, "dropped"), uint64_t(600 - 256));
        int answers = 0;
        for (int round = 0; round < 64; ++round) {
            g.giveBuffers(8);
            const int got = int(g.packets().size());
            answers += got;
            if (got < 8) break;
        }
        QCOMPARE(answers, 256);
        QVERIFY(!(g.status() & kStatusNeedsReset));
    }

    void aLiveChannelIsNotTakenByAnotherSocket() {
        Guest g;
        g.giveBuffers(8);
        QVERIFY(g.connect());
        // Another privileged socket of the guest while the agent's connection lives: refused.
        g.send(fromGuest(vsock::kOpRequest, kGuestPort + 1));
        auto got = g.packets();
        QCOMPARE(got.size(), std::size_t(1));
        QCOMPARE(got[0].header.op, vsock::kOpRst);
        QCOMPARE(got[0].header.dstPort, kGuestPort + 1);
        const std::string line = "x\n";
        QVERIFY(g.device->send(std::span(reinterpret_cast<const uint8_t*>(line.data()), line.size())));
        got = g.packets();
        QCOMPARE(got.size(), std::size_t(1));
        QCOMPARE(got[0].header.dstPort, kGuestPort);  // still the agent's
        g.send(fromGuest(vsock::kOpRw, kGuestPort + 1), "forged");
        QCOMPARE(g.packets().size(), std::size_t(1));  // its RST
        QVERIFY(g.received.empty());
        QCOMPARE(g.lost, 0);
        // The agent's socket closes (the host reset it, say): the next one is taken.
        g.send(fromGuest(vsock::kOpRst));
        QCOMPARE(g.lost, 1);
        QVERIFY(g.connect(kGuestPort + 1));
    }

    void theConnectionsOwnAnswersAreNeverCrowdedOut() {
        Guest g;  // no receive buffers: 600 refusals wait (256 of them) — then the agent connects
        for (int i = 0; i < 600; ++i) g.send(fromGuest(vsock::kOpRequest, kGuestPort, 7));
        g.send(fromGuest(vsock::kOpRequest));
        g.giveBuffers(8);
        auto got = g.packets();
        QVERIFY(!got.empty());
        QCOMPARE(got[0].header.op, vsock::kOpResponse);  // before the refusals
        QVERIFY(g.device->connected());
    }

    void aStalledGuestIsAskedForCreditOnce() {
        Guest g;
        g.giveBuffers(8);
        VsockHeader request = fromGuest(vsock::kOpRequest);
        request.bufAlloc = 4;
        g.send(request);
        QCOMPARE(g.packets().size(), std::size_t(1));
        const std::string data(10, 'd');
        QVERIFY(g.device->send(std::span(reinterpret_cast<const uint8_t*>(data.data()), data.size())));
        auto got = g.packets();
        QCOMPARE(got.size(), std::size_t(2));  // 4 bytes, then the request
        QCOMPARE(got[1].header.op, vsock::kOpCreditRequest);
        // The guest answers with the same credit (it has not read yet), again and again: no
        // request-update ping-pong.
        VsockHeader same = fromGuest(vsock::kOpCreditUpdate);
        same.bufAlloc = 4;
        for (int i = 0; i < 5; ++i) {
            g.send(same);
            QVERIFY(g.packets().empty());
        }
    }

    // The fuzzer's seed for this device (tests/fuzz/corpus/fuzz_virtio_mmio/vsock-agent-connects:
    // 8 KiB of guest RAM with both rings and the agent's REQUEST and first line, then the driver's
    // register writes) really brings the device up and connects — so fuzz_virtio_mmio starts its
    // mutations from a working vsock and not from a device the driver never reached.
    void theFuzzersSeedConnects() {
        const char* data = std::getenv("JUXTA_TEST_DATA");
        QVERIFY(data);
        std::ifstream in(std::string(data) + "/../fuzz/corpus/fuzz_virtio_mmio/vsock-agent-connects",
                         std::ios::binary);
        const std::string seed((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        QVERIFY(seed.size() > 8192);
        auto memory = GuestMemory::create({{GuestAddress(0), 64 << 10}});
        QVERIFY(memory.ok());
        QVERIFY(memory->write(GuestAddress(0), std::span(reinterpret_cast<const uint8_t*>(seed.data()), 8192))
                    .ok());
        std::string received;
        auto device =
            VsockDevice::create(*memory, kVsockGuestCid, kAgentVsockPort, [&](std::span<const uint8_t> b) {
                received.append(reinterpret_cast<const char*>(b.data()), b.size());
            });
        QVERIFY(device.ok());
        MmioTransport transport(*memory, *device, [] {});
        for (std::size_t at = 8192; at + 9 <= seed.size(); at += 9) {  // kind 5: a 4-byte write
            QCOMPARE(uint8_t(seed[at]), uint8_t(5));
            uint32_t offset, value;
            std::memcpy(&offset, seed.data() + at + 1, 4);
            std::memcpy(&value, seed.data() + at + 5, 4);
            driver::writeRegister(transport, offset, value);
        }
        QVERIFY((*device)->connected());
        QCOMPARE(received, std::string("ready\n"));
        QCOMPARE(*memory->readObj<uint16_t>(GuestAddress(0x180 + 2)), uint16_t(1));  // its RESPONSE
    }

    void shutdownResetAndBreakageEndTheConnection() {
        Guest g;
        g.giveBuffers(8);
        QVERIFY(g.connect());
        VsockHeader bye = fromGuest(vsock::kOpShutdown);
        bye.flags = 3;
        g.send(bye);
        auto got = g.packets();
        QCOMPARE(got.size(), std::size_t(1));
        QCOMPARE(got[0].header.op, vsock::kOpRst);
        QVERIFY(!g.device->connected());
        QCOMPARE(g.lost, 1);  // the owner hears: what it sent may not have arrived
        QVERIFY(g.connect(kGuestPort + 2));
        driver::writeRegister(*g.transport, 0x070, 0);  // the driver resets the device
        QVERIFY(!g.device->connected());
        QCOMPARE(g.lost, 2);
        QCOMPARE(g.transport->pollFd(), -1);
        const std::string line = "x\n";
        QVERIFY(!g.device->send(std::span(reinterpret_cast<const uint8_t*>(line.data()), line.size())));
        // A device whose queue broke: no connection, nothing accepted to send.
        Guest h;
        h.giveBuffers(8);
        QVERIFY(h.connect());
        QVERIFY(h.desc(kTxDesc, 0, kTxPackets, 20, 0, 0));  // too short for a header
        QVERIFY(h.memory.writeObj(kTxAvail + 4 + 2 * uint64_t(h.txAvail % kSize), uint16_t(0)).ok());
        QVERIFY(h.memory.writeObj(kTxAvail + 2, ++h.txAvail).ok());
        driver::writeRegister(*h.transport, 0x050, 1);
        QVERIFY(h.status() & kStatusNeedsReset);
        QCOMPARE(h.lost, 1);
        QVERIFY(!h.device->send(std::span(reinterpret_cast<const uint8_t*>(line.data()), line.size())));
    }
};

QTEST_GUILESS_MAIN(TestVirtioVsock)
#include "test_virtio_vsock.moc"

#include "vmm/virtio/vsock.h"

#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "core/log.h"

namespace juxta::vmm::virtio {
namespace {

constexpr std::size_t kQueueRx = 0, kQueueTx = 1;
constexpr int kBatch = 32;
// What we advertise as our receive buffer: we consume as packets arrive, so this only paces the
// guest between our credit updates.
constexpr uint32_t kBufAlloc = 256 << 10;
// Linux's largest packet (VIRTIO_VSOCK_MAX_PKT_BUF_SIZE): a longer one is the guest's lie.
constexpr uint32_t kMaxPayload = 64 << 10;
// Control packets waiting for receive buffers: a guest that sends without ever giving any gets
// no more answers than this (the rest are dropped, as a wire drops them).
constexpr std::size_t kMaxControl = 256;

template <typename T>
void put(uint8_t* at, T value) {
    for (std::size_t i = 0; i < sizeof(T); ++i) at[i] = uint8_t(uint64_t(value) >> (8 * i));
}

template <typename T>
T get(const uint8_t* at) {
    uint64_t v = 0;
    for (std::size_t i = 0; i < sizeof(T); ++i) v |= uint64_t(at[i]) << (8 * i);
    return T(v);
}

// Copies `out.size()` bytes from the chain's readable buffers, starting `offset` bytes in.
Status gather(GuestMemory& memory, const Chain& chain, uint64_t offset, std::span<uint8_t> out) {
    uint64_t done = 0;
    for (const Buffer& b : chain.buffers) {
        if (done == out.size()) break;
        if (b.deviceWritable) break;
        if (offset >= b.len) {
            offset -= b.len;
            continue;
        }
        const uint64_t n = std::min<uint64_t>(b.len - offset, out.size() - done);
        if (Status s = memory.read(b.addr + offset, out.subspan(std::size_t(done), std::size_t(n))); !s)
            return s;
        done += n;
        offset = 0;
    }
    return {};
}

// Writes `parts` one after the other into the chain's writable buffers (which hold them all).
Status scatter(GuestMemory& memory, const Chain& chain,
               std::initializer_list<std::span<const uint8_t>> parts) {
    auto buffer = chain.buffers.begin();
    uint64_t used = 0;  // of *buffer
    for (std::span<const uint8_t> part : parts) {
        while (!part.empty()) {
            while (buffer != chain.buffers.end() && (!buffer->deviceWritable || used == buffer->len)) {
                ++buffer;
                used = 0;
            }
            if (buffer == chain.buffers.end())
                return Error(EPROTO, "virtio-vsock: a receive chain too short");
            const uint64_t n = std::min<uint64_t>(buffer->len - used, part.size());
            if (Status s = memory.write(buffer->addr + used, part.first(std::size_t(n))); !s) return s;
            used += n;
            part = part.subspan(std::size_t(n));
        }
    }
    return {};
}

}  // namespace

std::array<uint8_t, kVsockHeaderSize> encodeVsockHeader(const VsockHeader& h) {
    std::array<uint8_t, kVsockHeaderSize> b{};
    put(&b[0], h.srcCid);
    put(&b[8], h.dstCid);
    put(&b[16], h.srcPort);
    put(&b[20], h.dstPort);
    put(&b[24], h.len);
    put(&b[28], h.type);
    put(&b[30], h.op);
    put(&b[32], h.flags);
    put(&b[36], h.bufAlloc);
    put(&b[40], h.fwdCnt);
    return b;
}

VsockHeader decodeVsockHeader(std::span<const uint8_t, kVsockHeaderSize> b) {
    VsockHeader h;
    h.srcCid = get<uint64_t>(&b[0]);
    h.dstCid = get<uint64_t>(&b[8]);
    h.srcPort = get<uint32_t>(&b[16]);
    h.dstPort = get<uint32_t>(&b[20]);
    h.len = get<uint32_t>(&b[24]);
    h.type = get<uint16_t>(&b[28]);
    h.op = get<uint16_t>(&b[30]);
    h.flags = get<uint32_t>(&b[32]);
    h.bufAlloc = get<uint32_t>(&b[36]);
    h.fwdCnt = get<uint32_t>(&b[40]);
    return h;
}

Result<std::shared_ptr<VsockDevice>> VsockDevice::create(GuestMemory& memory, uint64_t guestCid,
                                                         uint32_t port, Sink sink,
                                                         std::function<void()> lost) {
    // 0-2 are the hypervisor's, the local and the host's; all ones is "any"; the spec's CIDs are 32 bits.
    if (guestCid < 3 || guestCid >= 0xffffffffu)
        return Error(EINVAL, "virtio-vsock: guest CID " + std::to_string(guestCid) + " (3 up to 2^32-2)");
    UniqueFd wake(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
    if (!wake) return Error::fromErrno("virtio-vsock: eventfd");
    return std::shared_ptr<VsockDevice>(
        new VsockDevice(memory, guestCid, port, std::move(sink), std::move(lost), std::move(wake)));
}

void VsockDevice::readConfig(uint64_t offset, std::span<uint8_t> data) const {
    for (std::size_t i = 0; i < data.size(); ++i)  // le64 guest_cid, then nothing
        data[i] = offset + i < 8 ? uint8_t(guestCid_ >> (8 * (offset + i))) : 0;
}

void VsockDevice::activate(uint64_t) {
    rxStarved_ = false;
    active_ = true;
}

void VsockDevice::reset() {
    active_ = false;
    bool had;
    {
        std::scoped_lock lock(mutex_);
        had = connection_.has_value();
        connection_.reset();  // the guest's sockets went with its driver
        replies_.clear();
    }
    if (had && lost_) lost_();
}

std::vector<std::pair<const char*, uint64_t>> VsockDevice::counters() const {
    return {{"rx_bytes", rxBytes_.load(std::memory_order_relaxed)},
            {"tx_bytes", txBytes_.load(std::memory_order_relaxed)},
            {"connections", connections_.load(std::memory_order_relaxed)},
            {"resets", resets_.load(std::memory_order_relaxed)},
            {"dropped", dropped_.load(std::memory_order_relaxed)}};
}

bool VsockDevice::connected() const {
    std::scoped_lock lock(mutex_);
    return connection_.has_value();
}

void VsockDevice::wake() {
    const uint64_t one = 1;
    [[maybe_unused]] ssize_t n = ::write(wake_.get(), &one, sizeof(one));  // saturated is still readable
}

bool VsockDevice::send(std::span<const uint8_t> bytes) {
    {
        std::scoped_lock lock(mutex_);
        if (!active_ || !connection_) return false;
        connection_->outbox.append(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    }
    wake();
    return true;
}

void VsockDevice::queueReply(uint16_t op, uint32_t peerPort, uint32_t from) {
    if (replies_.size() >= kMaxControl) {
        ++dropped_;
        return;
    }
    VsockHeader h;
    h.srcCid = kVsockHostCid;
    h.dstCid = guestCid_;
    h.srcPort = from;
    h.dstPort = peerPort;
    h.type = vsock::kTypeStream;
    h.op = op;
    replies_.push_back(h);
}

Result<bool> VsockDevice::process(std::size_t index, SplitQueue& queue, MmioTransport& transport) {
    if (index == kQueueTx) return transmit(queue, transport);
    if (index == kQueueRx) return receive(queue, transport);
    return false;  // the event queue: the driver's buffers stay there unused
}

bool VsockDevice::handle(const VsockHeader& h, std::span<const uint8_t> payload, std::string& deliver) {
    using namespace vsock;
    // Only the guest's own address, to ours: another CID is a forgery (nothing to answer).
    if (h.srcCid != guestCid_ || h.dstCid != kVsockHostCid) {
        ++dropped_;
        return false;
    }
    const bool ours =
        connection_ && h.dstPort == port_ && h.srcPort == connection_->peerPort && h.type == kTypeStream;
    if (h.op == kOpRequest && !ours) {
        // Not the port, not a stream, not from a reserved port, or a channel already taken.
        if (h.dstPort != port_ || h.type != kTypeStream || h.srcPort >= kVsockReservedPorts || connection_) {
            ++resets_;
            reply(h, kOpRst);
            return false;
        }
        connection_ = Connection{};
        connection_->peerPort = h.srcPort;
        connection_->peerBufAlloc = h.bufAlloc;
        connection_->peerFwdCnt = h.fwdCnt;
        ++connections_;
        return false;
    }
    if (!ours) {  // a packet for no connection of ours: reset it (an RST is never answered)
        ++dropped_;
        if (h.op != kOpRst) {
            ++resets_;
            reply(h, kOpRst);
        }
        return false;
    }
    Connection& c = *connection_;
    if (h.bufAlloc != c.peerBufAlloc || h.fwdCnt != c.peerFwdCnt) c.creditRequested = false;  // it moved
    c.peerBufAlloc = h.bufAlloc;
    c.peerFwdCnt = h.fwdCnt;
    switch (h.op) {
        case kOpRequest:  // the same socket asking again (its RESPONSE was not seen yet)
            c.respond = true;
            return false;
        case kOpRw:
            deliver.append(reinterpret_cast<const char*>(payload.data()), payload.size());
            c.rxCnt += uint32_t(payload.size());
            txBytes_ += payload.size();
            // Our receive buffer is empty again at once: say so before the guest runs out of credit.
            if (c.rxCnt - c.toldFwdCnt >= kBufAlloc / 2) c.creditUpdate = true;
            return false;
        case kOpCreditUpdate:
            return false;  // its credit, taken above; what was waiting for it goes out on the next wake
        case kOpCreditRequest:
            c.creditUpdate = true;
            return false;
        default:  // SHUTDOWN (the agent closed its socket; a half close too), RST, RESPONSE (we never asked)
            if (h.op != kOpRst) reply(h, kOpRst);
            ++resets_;
            connection_.reset();
            return true;
    }
}

Result<bool> VsockDevice::transmit(SplitQueue& queue, MmioTransport& transport) {
    std::string deliver;
    bool lost = false;
    auto more = serveBatch(queue, transport, kBatch, [&](const Chain& chain) -> Result<uint32_t> {
        if (chain.writableBytes != 0 || chain.readableBytes < kVsockHeaderSize)
            return Error(EPROTO, "virtio-vsock: a transmit chain that is not a header and its payload");
        std::array<uint8_t, kVsockHeaderSize> raw;
        if (Status s = gather(memory_, chain, 0, raw); !s) return s.error();
        const VsockHeader h = decodeVsockHeader(raw);
        std::scoped_lock lock(mutex_);
        if (h.len > chain.readableBytes - kVsockHeaderSize || h.len > kMaxPayload ||
            (h.len != 0 && h.op != vsock::kOpRw)) {
            // A length its chain does not hold, or payload where none belongs: the guest's garbage.
            ++dropped_;
            if (connection_ && h.srcCid == guestCid_ && h.srcPort == connection_->peerPort) {
                ++resets_;
                queueReply(vsock::kOpRst, connection_->peerPort, port_);
                connection_.reset();
                lost = true;
            }
            return 0;
        }
        std::vector<uint8_t> payload(h.len);
        if (Status s = gather(memory_, chain, kVsockHeaderSize, payload); !s) return s.error();
        lost = handle(h, payload, deliver) || lost;
        return 0;
    });
    bool answers;
    {
        std::scoped_lock lock(mutex_);
        answers = pendingForGuest();
    }
    if (answers) wake();  // the receive queue's turn (another queue: the device's thread runs it)
    if (!deliver.empty() && sink_)
        sink_(std::span(reinterpret_cast<const uint8_t*>(deliver.data()), deliver.size()));
    if (lost && lost_) lost_();
    return more;
}

bool VsockDevice::pendingForGuest() const {
    return !replies_.empty() || (connection_ && (connection_->respond || connection_->creditUpdate ||
                                                 !connection_->outbox.empty()));
}

std::optional<std::pair<VsockHeader, std::string>> VsockDevice::nextPacket(uint32_t room) {
    std::optional<std::pair<VsockHeader, std::string>> out;
    const auto fromConnection = [this](uint16_t op) {
        VsockHeader h;
        h.srcCid = kVsockHostCid;
        h.dstCid = guestCid_;
        h.srcPort = port_;
        h.dstPort = connection_->peerPort;
        h.type = vsock::kTypeStream;
        h.op = op;
        // Every packet of the connection tells the guest our buffer and what we consumed.
        h.bufAlloc = kBufAlloc;
        h.fwdCnt = connection_->rxCnt;
        connection_->toldFwdCnt = connection_->rxCnt;
        connection_->creditUpdate = false;  // this one tells it
        return h;
    };
    if (connection_ && connection_->respond) {
        connection_->respond = false;
        out.emplace(fromConnection(vsock::kOpResponse), std::string());
    } else if (connection_ && connection_->creditUpdate) {
        out.emplace(fromConnection(vsock::kOpCreditUpdate), std::string());
    } else if (!replies_.empty()) {
        out.emplace(replies_.front(), std::string());
        replies_.pop_front();
    } else if (connection_ && !connection_->outbox.empty()) {
        Connection& c = *connection_;
        // What the guest still has room for; a guest whose fwd_cnt runs ahead of what it got
        // (a lie) has none.
        const uint32_t inFlight = c.txCnt - c.peerFwdCnt;
        const uint32_t credit = inFlight > c.peerBufAlloc ? 0 : c.peerBufAlloc - inFlight;
        const std::size_t n = std::min<std::size_t>({c.outbox.size(), credit, room, kMaxPayload});
        if (n == 0) {
            if (credit != 0 || c.creditRequested) return out;
            c.creditRequested = true;  // asked once; not again until its credit moves
            out.emplace(fromConnection(vsock::kOpCreditRequest), std::string());
        } else {
            VsockHeader h = fromConnection(vsock::kOpRw);
            h.len = uint32_t(n);
            out.emplace(h, c.outbox.substr(0, n));
            c.outbox.erase(0, n);
            c.txCnt += uint32_t(n);
        }
    }
    return out;
}

Result<bool> VsockDevice::receive(SplitQueue& queue, MmioTransport& transport) {
    uint64_t drained;
    [[maybe_unused]] ssize_t r = ::read(wake_.get(), &drained, sizeof(drained));  // woken: now at work
    rxStarved_ = false;
    bool used = false;
    for (int sent = 0;; ++sent) {
        if (sent == kBatch) {
            if (used) transport.usedBuffers(queue);
            return true;
        }
        {
            std::scoped_lock lock(mutex_);
            if (!pendingForGuest()) break;
        }
        auto popped = queue.popOrArm();
        if (!popped) return popped.error();
        if (!popped->has_value()) {
            // No buffer: wait for the driver to add some (it notifies this queue then).
            rxStarved_ = true;
            break;
        }
        const Chain& chain = **popped;
        if (chain.readableBytes != 0 || chain.writableBytes < kVsockHeaderSize)
            return Error(EPROTO, "virtio-vsock: a receive chain that is not writable room for a header");
        std::optional<std::pair<VsockHeader, std::string>> packet;
        {
            std::scoped_lock lock(mutex_);
            packet = nextPacket(chain.writableBytes - uint32_t(kVsockHeaderSize));
        }
        if (!packet) {  // data without credit: the chain goes back for later
            queue.undoPop();
            break;
        }
        const auto header = encodeVsockHeader(packet->first);
        const std::span<const uint8_t> payload(reinterpret_cast<const uint8_t*>(packet->second.data()),
                                               packet->second.size());
        if (Status s = scatter(memory_, chain, {header, payload}); !s) return s.error();
        if (Status s = queue.pushUsed(chain.head, uint32_t(kVsockHeaderSize + payload.size())); !s)
            return s.error();
        rxBytes_ += payload.size();
        used = true;
    }
    if (used) transport.usedBuffers(queue);
    return false;
}

}  // namespace juxta::vmm::virtio

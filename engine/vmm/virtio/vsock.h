#pragma once
// virtio-vsock (VIRTIO 1.2, section 5.10) as the guest agent's channel, served by the VMM itself:
// the guest's AF_VSOCK stream to the host (CID 2) on one port reaches the VMM's agent channel, as
// Firecracker's device does without vhost — no host kernel module, no CID shared with other VMs on
// the host, and the packets a hostile guest writes are parsed here, where the unit tests and the
// fuzzer reach them. One connection at a time, from a reserved port of the guest's (below 1024:
// only a process with CAP_NET_BIND_SERVICE in the guest binds one — the agent, not a service's
// unprivileged user, who would otherwise take the agent's channel and answer for it); while it
// lives, a request from any other port is refused (RST), so not even a privileged process of the
// guest takes a live channel; a connection from an unreserved port, to any other port, or of
// another type, is refused too.
//
//   transmit (queue 1): each chain is a 44-byte header and its payload; REQUEST to the port is
//     answered RESPONSE, RW's payload goes to the sink, SHUTDOWN and RST end the connection (and
//     the owner hears of it: what it sent may not have arrived), CREDIT_REQUEST gets CREDIT_UPDATE;
//     a packet that claims another source CID, or another host CID, is dropped; one whose payload
//     its chain does not hold is dropped and its connection reset;
//   receive (queue 0): the device's packets for the guest — the connection's own answers first
//     (RESPONSE, CREDIT_UPDATE: state of the connection, never dropped), then replies to other
//     ports (RST; at most 256 wait, the rest are dropped), then what send() queued, in RW packets
//     no larger than the guest's buffers nor its credit (the space it advertised minus what it has
//     not consumed yet; one CREDIT_REQUEST when that is none, not again until the credit moves);
//   event (queue 2): never used (its one event is for live migration).
// The device consumes what the guest sends as it arrives, so it advertises a fixed buffer and
// credits everything back (CREDIT_UPDATE once half of it was consumed since the last packet told).
// A chain of the wrong direction or too short for a header breaks the queue (DEVICE_NEEDS_RESET);
// a broken or reset device has no connection, and send() says so.
#include <array>
#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <span>
#include <string>

#include "core/error.h"
#include "core/unique_fd.h"
#include "vmm/virtio/mmio.h"

namespace juxta::vmm::virtio {

inline constexpr uint64_t kVsockHostCid = 2;
inline constexpr uint64_t kVsockGuestCid = 3;          // the device's own: no other VM shares this space
inline constexpr uint32_t kAgentVsockPort = 1024;      // guest/agent/protocol.h's
inline constexpr uint32_t kVsockReservedPorts = 1024;  // a guest's ports below this need privilege

// The packet header (5.10.6), as it lies in guest memory (little-endian, packed: 44 bytes).
struct VsockHeader {
    uint64_t srcCid = 0, dstCid = 0;
    uint32_t srcPort = 0, dstPort = 0, len = 0;
    uint16_t type = 0, op = 0;
    uint32_t flags = 0, bufAlloc = 0, fwdCnt = 0;
};
inline constexpr std::size_t kVsockHeaderSize = 44;
std::array<uint8_t, kVsockHeaderSize> encodeVsockHeader(const VsockHeader& h);
VsockHeader decodeVsockHeader(std::span<const uint8_t, kVsockHeaderSize> bytes);

namespace vsock {
inline constexpr uint16_t kTypeStream = 1;
inline constexpr uint16_t kOpRequest = 1, kOpResponse = 2, kOpRst = 3, kOpShutdown = 4, kOpRw = 5,
                          kOpCreditUpdate = 6, kOpCreditRequest = 7;
}  // namespace vsock

class VsockDevice final : public VirtioDevice {
  public:
    // What the guest sent on the connection, called on the device's thread (the device's own lock
    // not held; the transport's is): the agent channel's input.
    using Sink = std::function<void(std::span<const uint8_t>)>;
    // Listens on host port `port` for guest `guestCid` (3 and up). `lost` is called (no lock of
    // the device's held) when a connection ends: what was sent on it may not have arrived.
    static Result<std::shared_ptr<VsockDevice>> create(GuestMemory& memory, uint64_t guestCid, uint32_t port,
                                                       Sink sink, std::function<void()> lost = {});

    // From any thread: queues `bytes` for the guest on the connection and wakes the device's
    // thread. False (nothing queued) while the guest has no connection.
    bool send(std::span<const uint8_t> bytes);
    bool connected() const;

    uint32_t deviceId() const override { return 19; }
    uint64_t deviceFeatures() const override { return 0; }  // stream sockets only
    std::size_t queueCount() const override { return 3; }
    void readConfig(uint64_t offset, std::span<uint8_t> data) const override;
    void activate(uint64_t) override;
    void reset() override;
    void broken() override { reset(); }
    Result<bool> process(std::size_t index, SplitQueue& queue, MmioTransport& transport) override;
    const char* kind() const override { return "vsock"; }
    std::vector<std::pair<const char*, uint64_t>> counters() const override;
    // Its wake-up eventfd (send() and the transmit queue's answers write it), while the driver is
    // there and has receive buffers.
    int pollFd() const override { return active_ && !rxStarved_ ? wake_.get() : -1; }
    void starve() override { rxStarved_ = true; }
    std::size_t pollQueue() const override { return 0; }

  private:
    struct Connection {
        uint32_t peerPort = 0;
        uint32_t peerBufAlloc = 0, peerFwdCnt = 0;  // the guest's last word on its receive buffer
        uint32_t txCnt = 0;                         // payload bytes sent to the guest
        uint32_t rxCnt = 0;                         // payload bytes taken from the guest (= our fwd_cnt)
        uint32_t toldFwdCnt = 0;                    // the fwd_cnt our last packet carried
        bool respond = true;                        // RESPONSE owed
        bool creditUpdate = false;                  // CREDIT_UPDATE owed
        bool creditRequested = false;               // asked; not again until its credit moves
        std::string outbox;                         // for the guest, not sent yet
    };

    VsockDevice(GuestMemory& memory, uint64_t guestCid, uint32_t port, Sink sink, std::function<void()> lost,
                UniqueFd wake)
        : memory_(memory),
          guestCid_(guestCid),
          port_(port),
          sink_(std::move(sink)),
          lost_(std::move(lost)),
          wake_(std::move(wake)) {}
    Result<bool> transmit(SplitQueue& queue, MmioTransport& transport);
    Result<bool> receive(SplitQueue& queue, MmioTransport& transport);
    // One packet from the guest (its header and payload read out of guest memory), under mutex_;
    // the payload for the sink, if any, is appended to `deliver`. True: the connection ended.
    bool handle(const VsockHeader& h, std::span<const uint8_t> payload, std::string& deliver);
    // A reply to a port that is not the connection's (RST), from `from`; bounded.
    void queueReply(uint16_t op, uint32_t peerPort, uint32_t from);
    void reply(const VsockHeader& to, uint16_t op) { queueReply(op, to.srcPort, to.dstPort); }
    // Whether anything waits for the guest (replies, the connection's answers, data); under mutex_.
    bool pendingForGuest() const;
    // The next packet for the guest that fits `room` payload bytes (nullopt: nothing to send now).
    std::optional<std::pair<VsockHeader, std::string>> nextPacket(uint32_t room);
    void wake();

    GuestMemory& memory_;
    const uint64_t guestCid_;
    const uint32_t port_;
    Sink sink_;
    std::function<void()> lost_;
    UniqueFd wake_;

    mutable std::mutex mutex_;  // what both the device's thread and send() touch
    std::optional<Connection> connection_;
    std::deque<VsockHeader> replies_;  // RSTs to other ports: after the connection's answers, before data

    std::atomic<bool> active_{false};
    std::atomic<bool> rxStarved_{false};
    std::atomic<uint64_t> rxBytes_{0}, txBytes_{0}, connections_{0}, resets_{0}, dropped_{0};
};

}  // namespace juxta::vmm::virtio

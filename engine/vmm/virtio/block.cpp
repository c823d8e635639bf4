#include "vmm/virtio/block.h"

#include <fcntl.h>
#include <liburing.h>
#include <sys/eventfd.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <vector>

#include "core/log.h"

namespace juxta::vmm::virtio {
namespace {

constexpr uint64_t kSector = 512;
constexpr uint32_t kRequestIn = 0, kRequestOut = 1, kRequestFlush = 4, kRequestGetId = 8;
constexpr uint8_t kStatusOk = 0, kStatusIoErr = 1, kStatusUnsupported = 2;
// Requests taken from the queue per call (the transport's lock is let go in between), and the
// ring's size: one entry per request the largest queue can have in flight.
constexpr int kBatch = 32;
constexpr unsigned kRingEntries = 256;
constexpr uint64_t kFeatureSegMax = 1u << 2, kFeatureReadOnly = 1u << 5, kFeatureBlockSize = 1u << 6,
                   kFeatureFlush = 1u << 9;

struct RequestHeader {
    uint32_t type;
    uint32_t reserved;
    uint64_t sector;
};
static_assert(sizeof(RequestHeader) == 16);

// Copies between host bytes and the chain's buffers of one direction, `skip` bytes into them.
template <typename Copy>
Status forEachPiece(const Chain& chain, bool writable, uint64_t skip, uint64_t length, Copy copy) {
    uint64_t done = 0;
    for (const Buffer& b : chain.buffers) {
        if (b.deviceWritable != writable || done == length) continue;
        if (skip >= b.len) {
            skip -= b.len;
            continue;
        }
        const uint64_t n = std::min<uint64_t>(b.len - skip, length - done);
        if (Status st = copy(b.addr + skip, done, n); !st) return st;
        done += n;
        skip = 0;
    }
    return done == length ? Status() : Status(Error(EIO, "the chain is shorter than the request"));
}

// Drops the first `n` bytes of `iov` (what a short transfer moved).
void advance(std::vector<iovec>& iov, std::size_t n) {
    std::size_t whole = 0;
    while (whole < iov.size() && n >= iov[whole].iov_len) n -= iov[whole++].iov_len;
    iov.erase(iov.begin(), iov.begin() + std::ptrdiff_t(whole));
    if (!iov.empty() && n) {
        iov[0].iov_base = static_cast<uint8_t*>(iov[0].iov_base) + n;
        iov[0].iov_len -= n;
    }
}

}  // namespace

// The io_uring, the eventfd its completions signal, and one slot per request in flight: the chain
// (its status byte is written when the request completes) and the vectors the kernel moves data
// through. Slots never move: the kernel holds their vectors' addresses.
struct BlockDevice::Ring {
    struct Slot {
        Chain chain;
        std::vector<iovec> iov;
        uint64_t offset = 0, bytes = 0;
        uint32_t type = 0;
    };
    io_uring uring{};
    bool up = false;
    UniqueFd event;
    std::vector<Slot> slots;
    std::vector<uint32_t> free;  // slot indices
    unsigned prepared = 0;       // entries prepared since the last submit

    ~Ring() {
        if (up) io_uring_queue_exit(&uring);
    }

    // Null where io_uring cannot be had: the reason, once per VMM.
    static std::unique_ptr<Ring> make() {
        auto ring = std::make_unique<Ring>();
        int rc = io_uring_queue_init(kRingEntries, &ring->uring, 0);
        if (rc == 0) {
            ring->up = true;
            ring->event = UniqueFd(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
            rc = !ring->event ? -errno : io_uring_register_eventfd(&ring->uring, ring->event.get());
        }
        if (rc < 0) {
            static std::atomic<bool> said{false};
            if (!said.exchange(true))
                log::get("vmm")->warn("virtio-blk: no io_uring ({}): requests are served one at a time",
                                      std::strerror(-rc));
            return nullptr;
        }
        ring->slots.resize(kRingEntries);
        for (uint32_t i = kRingEntries; i > 0; --i) ring->free.push_back(i - 1);
        return ring;
    }

    void submit() {
        if (prepared == 0) return;
        // Nothing is lost when it fails: the entries stay in the ring and go with the next submit.
        if (io_uring_submit(&uring) >= 0) prepared = 0;
    }
};

BlockDevice::BlockDevice(GuestMemory& memory, UniqueFd fd, uint64_t sectors, bool readOnly, std::string id)
    : memory_(memory),
      fd_(std::move(fd)),
      sectors_(sectors),
      readOnly_(readOnly),
      id_(std::move(id)),
      ring_(Ring::make()) {}

BlockDevice::~BlockDevice() {
    waitForInFlight();
}

std::size_t BlockDevice::inFlight() const {
    return ring_ ? ring_->slots.size() - ring_->free.size() : 0;
}

int BlockDevice::pollFd() const {
    return ring_ ? ring_->event.get() : -1;
}

void BlockDevice::reset() {
    waitForInFlight();
    features_ = 0;
}

void BlockDevice::broken() {
    waitForInFlight();
}

// Every request in flight completes before the queue it came from goes (a reset, a broken queue,
// the device's end): its data has moved, its chain is dropped without a status — the driver has
// given the queue up.
void BlockDevice::waitForInFlight() {
    if (!ring_) return;
    ring_->submit();
    while (inFlight() > 0) {
        io_uring_cqe* cqe = nullptr;
        const int rc = io_uring_wait_cqe(&ring_->uring, &cqe);
        if (rc == -EINTR) continue;
        if (rc < 0) {  // the ring itself failed: nothing more comes from it
            log::get("vmm")->warn("virtio-blk: waiting for requests in flight: {}", std::strerror(-rc));
            return;
        }
        const uint64_t index = cqe->user_data;
        io_uring_cqe_seen(&ring_->uring, cqe);
        if (index < ring_->slots.size()) {
            ring_->slots[index] = {};
            ring_->free.push_back(uint32_t(index));
        }
    }
}

// The chain's buffers of one direction, `skip` bytes in, `length` bytes long, as host memory:
// every piece checked to lie in guest RAM (GuestMemory::slice). At most a queue's worth of pieces.
Result<std::vector<iovec>> BlockDevice::dataVectors(const Chain& chain, bool writable, uint64_t skip,
                                                    uint64_t length) const {
    std::vector<iovec> iov;
    const Status st = forEachPiece(chain, writable, skip, length, [&](GuestAddress at, uint64_t, uint64_t n) {
        auto bytes = memory_.slice(at, n);
        if (!bytes) return Status(bytes.error());
        iov.push_back({bytes->data(), bytes->size()});
        return Status();
    });
    if (!st) return st.error();
    return iov;
}

// preadv/pwritev of the whole request at `offset`, continued after a short transfer, IOV_MAX
// pieces at a time; false on an error or an end of file inside the disk.
bool BlockDevice::transfer(std::vector<iovec>& iov, uint64_t offset, bool toGuest) {
    while (!iov.empty()) {
        const int count = int(std::min<std::size_t>(iov.size(), IOV_MAX));
        const ssize_t n = toGuest ? ::preadv(fd_.get(), iov.data(), count, off_t(offset))
                                  : ::pwritev(fd_.get(), iov.data(), count, off_t(offset));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        offset += uint64_t(n);
        advance(iov, std::size_t(n));
    }
    return true;
}

Result<std::shared_ptr<BlockDevice>> BlockDevice::open(GuestMemory& memory, const DiskOptions& o) {
    const std::string name = o.file.string();
    // Non-blocking: a FIFO put where the image was cannot hang the open (it is refused below).
    UniqueFd fd(::open(name.c_str(), (o.readOnly ? O_RDONLY : O_RDWR) | O_CLOEXEC | O_NOCTTY | O_NONBLOCK));
    if (!fd && errno == EISDIR) return Error(EISDIR, "disk " + name + " is a directory, not a disk image");
    if (!fd) return Error::fromErrno("disk " + name);
    struct stat st {};
    if (::fstat(fd.get(), &st) < 0) return Error::fromErrno("disk " + name);
    if (S_ISDIR(st.st_mode)) return Error(EISDIR, "disk " + name + " is a directory, not a disk image");
    if (!S_ISREG(st.st_mode))
        return Error(EINVAL, "disk " + name + " is not a regular file (a raw disk image)");
    if (st.st_size == 0 || uint64_t(st.st_size) % kSector != 0)
        return Error(EINVAL, "disk " + name + " is " + std::to_string(st.st_size) +
                                 " bytes: a raw image is a whole number of 512-byte sectors");
    // Two VMs never write one disk; any number may read one that none writes.
    if (::flock(fd.get(), (o.readOnly ? LOCK_SH : LOCK_EX) | LOCK_NB) < 0)
        return errno == EWOULDBLOCK ? Error(EBUSY, "disk " + name + " is in use by another VM" +
                                                       (o.readOnly ? " that writes it" : ""))
                                    : Error::fromErrno("lock disk " + name);
    ::fcntl(fd.get(), F_SETFL, 0);  // a regular file: blocking I/O from here
    // GET_ID: the same for every disk — the host's file names are not the guest's business.
    std::string id = "juxta-disk";
    return std::shared_ptr<BlockDevice>(
        new BlockDevice(memory, std::move(fd), uint64_t(st.st_size) / kSector, o.readOnly, std::move(id)));
}

std::vector<std::pair<const char*, uint64_t>> BlockDevice::counters() const {
    return {{"read_bytes", bytesRead()},
            {"write_bytes", bytesWritten()},
            {"reads", reads_.load(std::memory_order_relaxed)},
            {"writes", writes_.load(std::memory_order_relaxed)},
            {"flushes", flushes_.load(std::memory_order_relaxed)}};
}

uint64_t BlockDevice::deviceFeatures() const {
    return kFeatureSegMax | kFeatureBlockSize | kFeatureFlush | (readOnly_ ? kFeatureReadOnly : 0);
}

void BlockDevice::readConfig(uint64_t offset, std::span<uint8_t> data) const {
    // capacity (le64) at 0, size_max at 8, seg_max at 12, geometry at 16, blk_size at 20 (5.2.4).
    uint8_t config[24] = {};
    std::memcpy(config, &sectors_, 8);
    const uint32_t segMax = queueMaxSize() - 2, blockSize = kSector;
    std::memcpy(config + 12, &segMax, 4);
    std::memcpy(config + 20, &blockSize, 4);
    for (std::size_t i = 0; i < data.size(); ++i)
        data[i] = offset + i < sizeof config ? config[offset + i] : 0;
}

// Without a ring: a batch at a time (serveBatch), each request served before the next. With one:
// the completions first (their chains back to the driver), then up to a batch of new requests
// checked and submitted — as many as there are free slots; the ring's eventfd calls again when
// more complete. True: the batch was full and more may wait.
Result<bool> BlockDevice::process(std::size_t, SplitQueue& queue, MmioTransport& transport) {
    if (!ring_)
        return serveBatch(queue, transport, kBatch, [this](const Chain& chain) { return serve(chain); });
    auto reaped = reap(queue);
    if (!reaped) return reaped.error();
    bool used = *reaped, more = false;
    // What was prepared goes to the kernel whatever ends the batch, an error included.
    const Status taken = [&]() -> Status {
        for (int count = 0; !ring_->free.empty(); ++count) {
            if (count == kBatch) {
                more = true;
                break;
            }
            auto popped = queue.popOrArm();
            if (!popped) return popped.error();
            if (!popped->has_value()) break;
            auto written = start(**popped, ring_.get());
            if (!written) return written.error();
            if (!written->has_value()) continue;  // in the ring
            if (Status st = queue.pushUsed((*popped)->head, **written); !st) return st;
            used = true;
        }
        return {};
    }();
    ring_->submit();
    if (!taken) return taken.error();
    if (used) transport.usedBuffers(queue);
    return more;
}

// The eventfd is emptied first: a completion that lands after it wakes the device's thread again.
Result<bool> BlockDevice::reap(SplitQueue& queue) {
    uint64_t count = 0;
    [[maybe_unused]] ssize_t n = ::read(ring_->event.get(), &count, sizeof count);
    bool used = false;
    io_uring_cqe* cqe = nullptr;
    while (io_uring_peek_cqe(&ring_->uring, &cqe) == 0) {
        const uint64_t index = cqe->user_data;
        const int res = cqe->res;
        io_uring_cqe_seen(&ring_->uring, cqe);
        if (index >= ring_->slots.size()) continue;  // not one of ours (cannot happen)
        Ring::Slot slot = std::move(ring_->slots[index]);
        ring_->slots[index] = {};
        ring_->free.push_back(uint32_t(index));
        uint8_t status = kStatusIoErr;
        uint64_t written = 0;
        if (slot.type == kRequestFlush) {
            status = res == 0 ? kStatusOk : kStatusIoErr;
        } else if (res >= 0) {
            const bool toGuest = slot.type == kRequestIn;
            bool whole = uint64_t(res) == slot.bytes;
            if (!whole && uint64_t(res) < slot.bytes) {  // a short transfer: the rest in turn
                advance(slot.iov, std::size_t(res));
                whole = transfer(slot.iov, slot.offset + uint64_t(res), toGuest);
            }
            if (whole) {
                status = kStatusOk;
                (toGuest ? bytesRead_ : bytesWritten_) += slot.bytes;
                ++(toGuest ? reads_ : writes_);
                written = toGuest ? slot.bytes : 0;
            }
        }
        auto total = finish(slot.chain, status, written);
        if (!total) return total.error();
        if (Status st = queue.pushUsed(slot.chain.head, *total); !st) return st.error();
        used = true;
    }
    return used;
}

Result<uint32_t> BlockDevice::finish(const Chain& chain, uint8_t status, uint64_t dataWritten) {
    const Status st =
        forEachPiece(chain, true, chain.writableBytes - 1, 1,
                     [&](GuestAddress at, uint64_t, uint64_t) { return memory_.writeObj(at, status); });
    if (!st) return st.error();
    return uint32_t(dataWritten + 1);
}

Result<uint32_t> BlockDevice::serve(const Chain& chain) {
    auto written = start(chain, nullptr);
    if (!written) return written.error();
    return **written;  // without a ring every request is done here
}

Result<std::optional<uint32_t>> BlockDevice::start(const Chain& chain, Ring* ring) {
    // The status byte is the chain's last writable byte: without one the request cannot even fail.
    if (chain.writableBytes == 0) return Error(EPROTO, "virtio-blk: a request with no room for its status");
    const uint64_t room = chain.writableBytes - 1;  // for data the device writes (IN, GET_ID)
    const auto answer = [&](uint8_t status, uint64_t dataWritten) -> Result<std::optional<uint32_t>> {
        auto total = finish(chain, status, dataWritten);
        if (!total) return total.error();
        return std::optional<uint32_t>(*total);
    };
    RequestHeader h{};
    if (chain.readableBytes < sizeof h) return answer(kStatusIoErr, 0);
    if (Status st = forEachPiece(chain, false, 0, sizeof h,
                                 [&](GuestAddress at, uint64_t done, uint64_t n) {
                                     return memory_.read(at, {reinterpret_cast<uint8_t*>(&h) + done, n});
                                 });
        !st)
        return answer(kStatusIoErr, 0);
    // The data of a read or write: whole sectors, inside the disk.
    const auto inDisk = [&](uint64_t bytes) {
        return bytes % kSector == 0 && h.sector <= sectors_ && bytes / kSector <= sectors_ - h.sector;
    };
    // Into the ring: a slot keeps the chain and the vectors until the completion.
    const auto submit = [&](std::vector<iovec> iov, uint64_t offset, uint64_t bytes) {
        const uint32_t index = ring->free.back();
        ring->free.pop_back();
        Ring::Slot& slot = ring->slots[index];
        slot = {chain, std::move(iov), offset, bytes, h.type};
        // Never null: the ring has an entry for every slot, and each batch is submitted.
        io_uring_sqe* sqe = io_uring_get_sqe(&ring->uring);
        if (h.type == kRequestIn)
            io_uring_prep_readv(sqe, fd_.get(), slot.iov.data(), unsigned(slot.iov.size()), offset);
        else if (h.type == kRequestOut)
            io_uring_prep_writev(sqe, fd_.get(), slot.iov.data(), unsigned(slot.iov.size()), offset);
        else {  // a flush: after every request submitted before it
            io_uring_prep_fsync(sqe, fd_.get(), IORING_FSYNC_DATASYNC);
            sqe->flags |= IOSQE_IO_DRAIN;
        }
        sqe->user_data = index;
        ++ring->prepared;
        return Result<std::optional<uint32_t>>(std::optional<uint32_t>());
    };
    const auto queued = [&](const std::vector<iovec>& iov, uint64_t bytes) {
        return ring && bytes > 0 && iov.size() <= IOV_MAX;
    };
    switch (h.type) {
        case kRequestIn: {
            if (!inDisk(room)) return answer(kStatusIoErr, 0);
            auto iov = dataVectors(chain, true, 0, room);
            if (!iov) return answer(kStatusIoErr, 0);
            if (queued(*iov, room)) return submit(std::move(*iov), h.sector * kSector, room);
            if (!transfer(*iov, h.sector * kSector, /*toGuest=*/true)) return answer(kStatusIoErr, 0);
            bytesRead_ += room;
            ++reads_;
            return answer(kStatusOk, room);
        }
        case kRequestOut: {
            const uint64_t data = chain.readableBytes - sizeof h;
            if (readOnly_ || !inDisk(data)) return answer(kStatusIoErr, 0);
            auto iov = dataVectors(chain, false, sizeof h, data);
            if (!iov) return answer(kStatusIoErr, 0);
            if (queued(*iov, data)) return submit(std::move(*iov), h.sector * kSector, data);
            if (!transfer(*iov, h.sector * kSector, /*toGuest=*/false)) return answer(kStatusIoErr, 0);
            bytesWritten_ += data;
            ++writes_;
            return answer(kStatusOk, 0);
        }
        case kRequestFlush:
            ++flushes_;
            if (readOnly_) return answer(kStatusOk, 0);
            if (ring) return submit({}, 0, 0);
            return answer(::fdatasync(fd_.get()) == 0 ? kStatusOk : kStatusIoErr, 0);
        case kRequestGetId: {
            uint8_t id[20] = {};
            std::memcpy(id, id_.data(), std::min(id_.size(), sizeof id));
            const uint64_t n = std::min<uint64_t>(room, sizeof id);
            if (!forEachPiece(chain, true, 0, n, [&](GuestAddress to, uint64_t done, uint64_t len) {
                    return memory_.write(to, {id + done, len});
                }))
                return answer(kStatusIoErr, 0);
            return answer(kStatusOk, n);
        }
        default:
            return answer(kStatusUnsupported, 0);
    }
}

}  // namespace juxta::vmm::virtio

#include "vmm/virtio/block.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <vector>

namespace juxta::vmm::virtio {
namespace {

constexpr uint64_t kSector = 512;
constexpr uint32_t kRequestIn = 0, kRequestOut = 1, kRequestFlush = 4, kRequestGetId = 8;
constexpr uint8_t kStatusOk = 0, kStatusIoErr = 1, kStatusUnsupported = 2;
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

}  // namespace

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
    std::size_t first = 0;
    while (first < iov.size()) {
        const int count = int(std::min<std::size_t>(iov.size() - first, IOV_MAX));
        const ssize_t n = toGuest ? ::preadv(fd_.get(), &iov[first], count, off_t(offset))
                                  : ::pwritev(fd_.get(), &iov[first], count, off_t(offset));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        offset += uint64_t(n);
        for (std::size_t left = std::size_t(n); left > 0 && first < iov.size();) {
            const std::size_t step = std::min(left, iov[first].iov_len);
            iov[first].iov_base = static_cast<uint8_t*>(iov[first].iov_base) + step;
            iov[first].iov_len -= step;
            left -= step;
            if (iov[first].iov_len == 0) ++first;
        }
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

// Requests a batch at a time (serveBatch): the notify loop calls again, after letting go of the
// transport's lock, while more wait.
Result<bool> BlockDevice::process(std::size_t, SplitQueue& queue, MmioTransport& transport) {
    return serveBatch(queue, transport, 32, [this](const Chain& chain) { return serve(chain); });
}

Result<uint32_t> BlockDevice::serve(const Chain& chain) {
    // The status byte is the chain's last writable byte: without one the request cannot even fail.
    if (chain.writableBytes == 0) return Error(EPROTO, "virtio-blk: a request with no room for its status");
    const uint64_t room = chain.writableBytes - 1;  // for data the device writes (IN, GET_ID)
    const auto finish = [&](uint8_t status, uint64_t dataWritten) -> Result<uint32_t> {
        const Status st =
            forEachPiece(chain, true, chain.writableBytes - 1, 1,
                         [&](GuestAddress at, uint64_t, uint64_t) { return memory_.writeObj(at, status); });
        if (!st) return st.error();
        return uint32_t(dataWritten + 1);
    };
    RequestHeader h{};
    if (chain.readableBytes < sizeof h) return finish(kStatusIoErr, 0);
    if (Status st = forEachPiece(chain, false, 0, sizeof h,
                                 [&](GuestAddress at, uint64_t done, uint64_t n) {
                                     return memory_.read(at, {reinterpret_cast<uint8_t*>(&h) + done, n});
                                 });
        !st)
        return finish(kStatusIoErr, 0);
    // The data of a read or write: whole sectors, inside the disk.
    const auto inDisk = [&](uint64_t bytes) {
        return bytes % kSector == 0 && h.sector <= sectors_ && bytes / kSector <= sectors_ - h.sector;
    };
    switch (h.type) {
        case kRequestIn: {
            if (!inDisk(room)) return finish(kStatusIoErr, 0);
            auto iov = dataVectors(chain, true, 0, room);
            if (!iov || !transfer(*iov, h.sector * kSector, /*toGuest=*/true)) return finish(kStatusIoErr, 0);
            bytesRead_ += room;
            ++reads_;
            return finish(kStatusOk, room);
        }
        case kRequestOut: {
            const uint64_t data = chain.readableBytes - sizeof h;
            if (readOnly_ || !inDisk(data)) return finish(kStatusIoErr, 0);
            auto iov = dataVectors(chain, false, sizeof h, data);
            if (!iov || !transfer(*iov, h.sector * kSector, /*toGuest=*/false))
                return finish(kStatusIoErr, 0);
            bytesWritten_ += data;
            ++writes_;
            return finish(kStatusOk, 0);
        }
        case kRequestFlush:
            ++flushes_;
            return finish(readOnly_ || ::fdatasync(fd_.get()) == 0 ? kStatusOk : kStatusIoErr, 0);
        case kRequestGetId: {
            uint8_t id[20] = {};
            std::memcpy(id, id_.data(), std::min(id_.size(), sizeof id));
            const uint64_t n = std::min<uint64_t>(room, sizeof id);
            if (!forEachPiece(chain, true, 0, n, [&](GuestAddress to, uint64_t done, uint64_t len) {
                    return memory_.write(to, {id + done, len});
                }))
                return finish(kStatusIoErr, 0);
            return finish(kStatusOk, n);
        }
        default:
            return finish(kStatusUnsupported, 0);
    }
}

}  // namespace juxta::vmm::virtio

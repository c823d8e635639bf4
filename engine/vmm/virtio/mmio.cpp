#include "vmm/virtio/mmio.h"

#include <cstring>

#include "core/log.h"

namespace juxta::vmm::virtio {
namespace {

// The registers (4.2.2).
enum : uint64_t {
    kMagicValue = 0x000,
    kVersion = 0x004,
    kDeviceId = 0x008,
    kVendorId = 0x00c,
    kDeviceFeatures = 0x010,
    kDeviceFeaturesSel = 0x014,
    kDriverFeatures = 0x020,
    kDriverFeaturesSel = 0x024,
    kQueueSel = 0x030,
    kQueueNumMax = 0x034,
    kQueueNum = 0x038,
    kQueueReady = 0x044,
    kQueueNotify = 0x050,
    kInterruptStatus = 0x060,
    kInterruptAck = 0x064,
    kStatus = 0x070,
    kQueueDescLow = 0x080,
    kQueueDescHigh = 0x084,
    kQueueDriverLow = 0x090,
    kQueueDriverHigh = 0x094,
    kQueueDeviceLow = 0x0a0,
    kQueueDeviceHigh = 0x0a4,
    kConfigGeneration = 0x0fc,
    kConfig = 0x100,
};

constexpr uint32_t kMagic = 0x74726976;   // "virt"
constexpr uint32_t kVendor = 0x4a555854;  // "JUXT"

void setHalf(uint64_t& value, bool high, uint32_t half) {
    value = high ? (value & 0xffffffffull) | (uint64_t(half) << 32) : (value & ~0xffffffffull) | half;
}

}  // namespace

MmioTransport::MmioTransport(GuestMemory& memory, std::shared_ptr<VirtioDevice> device,
                             std::function<void()> interrupt)
    : memory_(memory), device_(std::move(device)), interrupt_(std::move(interrupt)) {
    queueRegs_.resize(device_->queueCount());
    queues_.resize(device_->queueCount());
}

uint64_t MmioTransport::offeredFeatures() const {
    return device_->deviceFeatures() | kFeatureVersion1 | kFeatureIndirectDesc | kFeatureEventIdx;
}

MmioTransport::QueueRegs* MmioTransport::selected() {
    return queueSel_ < queueRegs_.size() ? &queueRegs_[queueSel_] : nullptr;
}

void MmioTransport::read(uint64_t offset, std::span<uint8_t> data) {
    std::memset(data.data(), 0, data.size());
    if (offset == kInterruptStatus && data.size() == 4) {  // the driver's interrupt handler: no wait
        const uint32_t value = interruptStatus_.load();
        std::memcpy(data.data(), &value, 4);
        return;
    }
    std::scoped_lock lock(mutex_);
    if (offset >= kConfig) {
        device_->readConfig(offset - kConfig, data);
        return;
    }
    if (data.size() != 4 || offset % 4 != 0) return;  // registers are 32 bits wide, and aligned
    const uint32_t value = readRegister(offset);
    std::memcpy(data.data(), &value, 4);
}

void MmioTransport::write(uint64_t offset, std::span<const uint8_t> data) {
    if (offset >= kConfig) {
        std::scoped_lock lock(mutex_);
        if (status_ & kStatusDriverOk || status_ & kStatusDriver)
            device_->writeConfig(offset - kConfig, data);
        return;
    }
    if (data.size() != 4 || offset % 4 != 0) return;
    uint32_t value = 0;
    std::memcpy(&value, data.data(), 4);
    if (offset == kInterruptAck) {
        interruptStatus_.fetch_and(~value);
        return;
    }
    std::scoped_lock lock(mutex_);
    writeRegister(offset, value);
}

int MmioTransport::pollFd() const {
    std::scoped_lock lock(mutex_);
    const std::size_t q = device_->pollQueue();
    if (status_ & kStatusNeedsReset || !(status_ & kStatusDriverOk) || q >= queues_.size() || !queues_[q])
        return -1;
    return device_->pollFd();
}

bool MmioTransport::notify(uint32_t index) {
    std::scoped_lock lock(mutex_);
    return notifyLocked(index);
}

bool MmioTransport::notifyLocked(uint32_t index) {
    if (status_ & kStatusNeedsReset || !(status_ & kStatusDriverOk)) return false;
    if (index >= queues_.size() || !queues_[index]) return false;
    auto more = device_->process(index, *queues_[index], *this);
    if (!more) {
        device_->starve();
        fail(more.error());
        return false;
    }
    return *more;
}

uint32_t MmioTransport::readRegister(uint64_t offset) const {
    static_assert(kQueueNotify == kQueueNotifyOffset);
    const QueueRegs* q = queueSel_ < queueRegs_.size() ? &queueRegs_[queueSel_] : nullptr;
    switch (offset) {
        case kMagicValue:
            return kMagic;
        case kVersion:
            return 2;
        case kDeviceId:
            return device_->deviceId();
        case kVendorId:
            return kVendor;
        case kDeviceFeatures:
            return deviceFeaturesSel_ < 2 ? uint32_t(offeredFeatures() >> (32 * deviceFeaturesSel_)) : 0;
        case kQueueNumMax:
            return q ? device_->queueMaxSize() : 0;
        case kQueueReady:
            return q && q->ready ? 1 : 0;
        case kInterruptStatus:
            return interruptStatus_.load();
        case kStatus:
            return status_;
        case kConfigGeneration:
            return configGeneration_;
        default:
            return 0;  // write-only or unknown: reads as zero
    }
}

void MmioTransport::writeRegister(uint64_t offset, uint32_t value) {
    if (status_ & kStatusNeedsReset && offset != kStatus && offset != kInterruptAck) return;
    QueueRegs* q = selected();
    // A queue's registers are the driver's to write only while it is not ready, before DRIVER_OK.
    const bool queueWritable = q && !q->ready && !(status_ & kStatusDriverOk);
    const bool featuresWritable = !(status_ & kStatusFeaturesOk);
    switch (offset) {
        case kDeviceFeaturesSel:
            deviceFeaturesSel_ = value;
            break;
        case kDriverFeaturesSel:
            driverFeaturesSel_ = value;
            break;
        case kDriverFeatures:
            if (featuresWritable && driverFeaturesSel_ < 2)
                setHalf(driverFeatures_, driverFeaturesSel_ == 1, value);
            break;
        case kQueueSel:
            queueSel_ = value;
            break;
        case kQueueNum:
            if (queueWritable) q->num = uint16_t(std::min<uint32_t>(value, 0xffff));
            break;
        case kQueueReady:
            if (q && !(status_ & kStatusDriverOk)) q->ready = value == 1;
            break;
        case kQueueDescLow:
        case kQueueDescHigh:
            if (queueWritable) setHalf(q->desc, offset == kQueueDescHigh, value);
            break;
        case kQueueDriverLow:
        case kQueueDriverHigh:
            if (queueWritable) setHalf(q->driver, offset == kQueueDriverHigh, value);
            break;
        case kQueueDeviceLow:
        case kQueueDeviceHigh:
            if (queueWritable) setHalf(q->device, offset == kQueueDeviceHigh, value);
            break;
        case kQueueNotify:  // reached us (no ioeventfd: tests, fuzzers): the whole queue, batch by batch
            while (notifyLocked(value)) {
            }
            break;
        case kInterruptAck:
            interruptStatus_.fetch_and(~value);
            break;
        case kStatus:
            writeStatus(value);
            break;
        default:
            break;  // read-only or unknown: ignored
    }
}

void MmioTransport::writeStatus(uint32_t value) {
    if (value == 0) {
        reset();
        return;
    }
    if ((value & status_) != status_) return;  // bits are only ever added, until a reset
    const uint32_t added = value & ~status_;
    if (added & kStatusFeaturesOk) {
        // Only what was offered, and the modern interface: else FEATURES_OK stays unset (3.1.1).
        if ((driverFeatures_ & ~offeredFeatures()) != 0 || !(driverFeatures_ & kFeatureVersion1)) {
            status_ = value & ~kStatusFeaturesOk;
            return;
        }
    }
    if (added & kStatusDriverOk) {
        if (!(value & kStatusFeaturesOk)) {
            status_ = value & ~kStatusDriverOk;
            return;
        }
        status_ = value;
        for (std::size_t i = 0; i < queueRegs_.size(); ++i) {
            const QueueRegs& r = queueRegs_[i];
            if (!r.ready) continue;
            if (r.num > device_->queueMaxSize()) {  // more than QueueNumMax said: more work per notification
                fail(Error(EINVAL, "queue " + std::to_string(i) + ": size " + std::to_string(r.num) +
                                       " over the device's " + std::to_string(device_->queueMaxSize())));
                return;
            }
            auto q = SplitQueue::create(
                memory_, {r.num, GuestAddress(r.desc), GuestAddress(r.driver), GuestAddress(r.device)},
                driverFeatures_ & kFeatureIndirectDesc, driverFeatures_ & kFeatureEventIdx);
            if (!q) {
                fail(q.error().wrap("queue " + std::to_string(i)));
                return;
            }
            queues_[i].emplace(std::move(*q));
        }
        device_->activate(driverFeatures_);
        return;
    }
    status_ = value;
}

void MmioTransport::reset() {
    device_->reset();
    status_ = 0;
    deviceFeaturesSel_ = driverFeaturesSel_ = queueSel_ = 0;
    driverFeatures_ = 0;
    interruptStatus_ = 0;
    for (auto& r : queueRegs_) r = QueueRegs{};
    for (auto& q : queues_) q.reset();
}

void MmioTransport::fail(const Error& error) {
    log::get("vmm")->warn("virtio device {}: {} — it needs a reset", device_->deviceId(), error.message());
    status_ |= kStatusNeedsReset;
    for (auto& q : queues_) q.reset();
    device_->broken();
    ++configGeneration_;
    interruptStatus_.fetch_or(kInterruptConfigChange);
    interrupt_();
}

Result<bool> serveBatch(SplitQueue& queue, MmioTransport& transport, int batch,
                        const std::function<Result<uint32_t>(const Chain&)>& serve) {
    bool used = false, rearmed = false;
    for (int served = 0;;) {
        if (served == batch) {
            if (used) transport.usedBuffers(queue);
            return true;
        }
        auto popped = queue.pop();
        if (!popped) return popped.error();
        if (!popped->has_value()) {
            if (rearmed) break;
            if (Status st = queue.enableNotifications(true); !st) return st.error();
            rearmed = true;
            continue;
        }
        rearmed = false;
        auto written = serve(**popped);
        if (!written) return written.error();
        if (Status st = queue.pushUsed((*popped)->head, *written); !st) return st.error();
        used = true;
        ++served;
    }
    if (used) transport.usedBuffers(queue);
    return false;
}

void MmioTransport::usedBuffers(SplitQueue& queue) {
    auto wanted = queue.needsInterrupt();
    if (wanted && !*wanted) return;
    interruptStatus_.fetch_or(kInterruptUsedBuffer);
    interrupt_();
}

}  // namespace juxta::vmm::virtio

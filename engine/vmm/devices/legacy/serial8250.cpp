#include "vmm/devices/legacy/serial8250.h"

namespace juxta::vmm {

using namespace uart;

Serial8250::Serial8250(IrqLine irq, OutputSink output) : irq_(std::move(irq)), output_(std::move(output)) {}

void Serial8250::read(uint64_t offset, std::span<uint8_t> data) {
    if (data.empty()) return;
    data[0] = offset < kRegisterCount ? readRegister(uint8_t(offset)) : 0xff;
    for (size_t i = 1; i < data.size(); ++i) data[i] = 0;
}

void Serial8250::write(uint64_t offset, std::span<const uint8_t> data) {
    if (!data.empty() && offset < kRegisterCount) writeRegister(uint8_t(offset), data[0]);
}

size_t Serial8250::enqueueInput(std::span<const uint8_t> bytes) {
    size_t accepted = 0;
    for (uint8_t b : bytes) {
        if (rx_.size() >= kRxFifoSize) break;
        rx_.push_back(b);
        ++accepted;
    }
    updateIrq();
    return accepted;
}

uint8_t Serial8250::interruptIdentification() const {
    if ((ier_ & kIerRxData) && !rx_.empty()) return kIirRxData;
    if ((ier_ & kIerThrEmpty) && thrEmptyPending_) return kIirThrEmpty;
    return kIirNone;
}

void Serial8250::updateIrq() {
    // OUT2 gates the interrupt line on a PC; in loopback the line is disconnected.
    bool level = interruptIdentification() != kIirNone && (mcr_ & kMcrOut2) && !(mcr_ & kMcrLoop);
    if (level != irqLevel_) {
        irqLevel_ = level;
        if (irq_) irq_(level);
    }
}

uint8_t Serial8250::readRegister(uint8_t offset) {
    uint8_t value = 0;
    switch (offset) {
        case kData:
            if (lcr_ & kLcrDlab) return dll_;
            if (!rx_.empty()) {
                value = rx_.front();
                rx_.pop_front();
            }
            break;
        case kIer:
            return (lcr_ & kLcrDlab) ? dlm_ : ier_;
        case kIir:
            value = interruptIdentification() | kIirFifoEnabled;
            if (value == (kIirThrEmpty | kIirFifoEnabled)) thrEmptyPending_ = false;  // reading IIR acks THRE
            break;
        case kLcr:
            return lcr_;
        case kMcr:
            return mcr_;
        case kLsr:
            return uint8_t(kLsrThrEmpty | kLsrIdle | (rx_.empty() ? 0 : kLsrDataReady));
        case kMsr:
            if (mcr_ & kMcrLoop) {  // modem outputs wired back to its inputs
                return uint8_t(((mcr_ & kMcrRts) ? kMsrCts : 0) | ((mcr_ & kMcrDtr) ? kMsrDsr : 0) |
                               ((mcr_ & kMcrOut1) ? kMsrRi : 0) | ((mcr_ & kMcrOut2) ? kMsrDcd : 0));
            }
            return msr_;
        case kScr:
            return scr_;
    }
    updateIrq();
    return value;
}

void Serial8250::writeRegister(uint8_t offset, uint8_t value) {
    switch (offset) {
        case kData:
            if (lcr_ & kLcrDlab) {
                dll_ = value;
                return;
            }
            if (mcr_ & kMcrLoop) {
                if (rx_.size() < kRxFifoSize) rx_.push_back(value);
            } else if (output_) {
                output_(value);
            }
            thrEmptyPending_ = true;  // sent at once: THR is empty again
            break;
        case kIer:
            if (lcr_ & kLcrDlab) {
                dlm_ = value;
                return;
            }
            // Enabling THRE interrupts while THR is empty raises one at once, as a 16550 does.
            if ((value & kIerThrEmpty) && !(ier_ & kIerThrEmpty)) thrEmptyPending_ = true;
            ier_ = value & kIerMask;
            break;
        case kIir:  // FCR
            if (value & kFcrClearRx) rx_.clear();
            break;
        case kLcr:
            lcr_ = value;
            return;
        case kMcr:
            mcr_ = value & 0x1f;
            break;
        case kScr:
            scr_ = value;
            return;
        default:
            return;  // LSR and MSR are read-only
    }
    updateIrq();
}

}  // namespace juxta::vmm

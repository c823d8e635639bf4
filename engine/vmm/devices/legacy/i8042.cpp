#include "vmm/devices/legacy/i8042.h"

namespace juxta::vmm {

using namespace i8042;

void I8042::read(uint64_t offset, std::span<uint8_t> out) {
    if (out.empty()) return;
    uint8_t value = 0;
    if (offset == kCommandPort - kDataPort) {
        value = kStatusSystemFlag | (output_ ? kStatusOutputFull : 0) |
                (lastWasCommand_ ? kStatusLastWasCommand : 0);
    } else if (offset == 0 && output_) {
        value = *output_;
        output_.reset();
    }
    out[0] = value;
    for (size_t i = 1; i < out.size(); ++i) out[i] = 0;
}

void I8042::write(uint64_t offset, std::span<const uint8_t> in) {
    if (in.empty()) return;
    if (offset == kCommandPort - kDataPort)
        command(in[0]);
    else if (offset == 0)
        data(in[0]);
}

void I8042::reply(uint8_t value) {
    output_ = value;
}

void I8042::command(uint8_t cmd) {
    lastWasCommand_ = true;
    switch (cmd) {
        case kCmdReadControl:
            reply(control_);
            break;
        case kCmdWriteControl:
        case kCmdWriteOutputPort:
            pendingCmd_ = cmd;
            break;
        case kCmdSelfTest:
            reply(kSelfTestPassed);
            break;
        case kCmdInterfaceTest:
            reply(0x00);
            break;
        case kCmdReadOutputPort:
            reply(outputPort_);
            break;
        case kCmdPulseReset:
            if (onReset_) onReset_();
            break;
        default:
            break;  // enable/disable keyboard and aux, and the rest: accepted, no effect
    }
}

void I8042::data(uint8_t value) {
    lastWasCommand_ = false;
    if (!pendingCmd_) return;  // bytes for a keyboard that is not there
    uint8_t cmd = *pendingCmd_;
    pendingCmd_.reset();
    if (cmd == kCmdWriteControl) {
        control_ = value;
    } else if (cmd == kCmdWriteOutputPort) {
        outputPort_ = value;
        if (!(value & 0x01) && onReset_) onReset_();  // bit 0 low holds the CPU in reset
    }
}

}  // namespace juxta::vmm

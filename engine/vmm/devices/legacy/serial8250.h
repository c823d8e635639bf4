#pragma once
// An 8250/16550A UART as a pure state machine (after rust-vmm's vm-superio): registers in, bytes
// out through an output sink, the interrupt line through an IRQ callback. It knows nothing of
// KVM or files, so tests drive it by reading and writing registers and collecting a byte vector.
// Transmission is instant: THR is always empty again by the time the guest looks.
#include <cstdint>
#include <deque>
#include <functional>
#include <span>

#include "vmm/devices/bus.h"

namespace juxta::vmm {

namespace uart {
// Register offsets from the base port (ttyS0 0x3f8, ttyS1 0x2f8).
inline constexpr uint8_t kData = 0;  // RBR (read) / THR (write); DLL when LCR.DLAB
inline constexpr uint8_t kIer = 1;   // interrupt enable; DLM when LCR.DLAB
inline constexpr uint8_t kIir = 2;   // interrupt identification (read) / FCR (write)
inline constexpr uint8_t kLcr = 3;   // line control
inline constexpr uint8_t kMcr = 4;   // modem control
inline constexpr uint8_t kLsr = 5;   // line status
inline constexpr uint8_t kMsr = 6;   // modem status
inline constexpr uint8_t kScr = 7;   // scratch
inline constexpr uint8_t kRegisterCount = 8;

inline constexpr uint8_t kIerRxData = 0x01;
inline constexpr uint8_t kIerThrEmpty = 0x02;
inline constexpr uint8_t kIerLineStatus = 0x04;
inline constexpr uint8_t kIerModemStatus = 0x08;
inline constexpr uint8_t kIerMask = 0x0f;

inline constexpr uint8_t kIirNone = 0x01;
inline constexpr uint8_t kIirThrEmpty = 0x02;
inline constexpr uint8_t kIirRxData = 0x04;
inline constexpr uint8_t kIirFifoEnabled = 0xc0;  // reads as a 16550A with working FIFOs

inline constexpr uint8_t kFcrEnableFifo = 0x01;
inline constexpr uint8_t kFcrClearRx = 0x02;

inline constexpr uint8_t kLcrDlab = 0x80;

inline constexpr uint8_t kMcrDtr = 0x01;
inline constexpr uint8_t kMcrRts = 0x02;
inline constexpr uint8_t kMcrOut1 = 0x04;
inline constexpr uint8_t kMcrOut2 = 0x08;
inline constexpr uint8_t kMcrLoop = 0x10;

inline constexpr uint8_t kLsrDataReady = 0x01;
inline constexpr uint8_t kLsrThrEmpty = 0x20;
inline constexpr uint8_t kLsrIdle = 0x40;

inline constexpr uint8_t kMsrCts = 0x10;
inline constexpr uint8_t kMsrDsr = 0x20;
inline constexpr uint8_t kMsrRi = 0x40;
inline constexpr uint8_t kMsrDcd = 0x80;

inline constexpr size_t kRxFifoSize = 64;
}  // namespace uart

class Serial8250 : public BusDevice {
  public:
    using IrqLine = std::function<void(bool level)>;  // called when the line's level changes
    using OutputSink = std::function<void(uint8_t byte)>;

    Serial8250(IrqLine irq, OutputSink output);

    void read(uint64_t offset, std::span<uint8_t> data) override;
    void write(uint64_t offset, std::span<const uint8_t> data) override;

    // Queues bytes for the guest to read (console input); returns how many fit in the FIFO.
    // Callers outside the bus hold mutex().
    size_t enqueueInput(std::span<const uint8_t> bytes);

    uint8_t readRegister(uint8_t offset);
    void writeRegister(uint8_t offset, uint8_t value);

  private:
    uint8_t interruptIdentification() const;
    void updateIrq();

    IrqLine irq_;
    OutputSink output_;
    std::deque<uint8_t> rx_;
    uint8_t ier_ = 0;
    uint8_t lcr_ = 0x03;  // 8N1
    uint8_t mcr_ = uart::kMcrOut2;
    uint8_t msr_ = uart::kMsrDsr | uart::kMsrCts | uart::kMsrDcd;
    uint8_t scr_ = 0;
    uint8_t dll_ = 0x0c;  // 9600 baud
    uint8_t dlm_ = 0;
    bool thrEmptyPending_ = false;  // THRE interrupt raised and not yet acknowledged
    bool irqLevel_ = false;
};

}  // namespace juxta::vmm

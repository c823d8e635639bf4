// The bus and the legacy devices as pure state machines: no KVM, registers in, bytes out.
#include <QtTest>
#include <vector>

#include "vmm/devices/bus.h"
#include "vmm/devices/legacy/acpi_pm.h"
#include "vmm/devices/legacy/i8042.h"
#include "vmm/devices/legacy/serial8250.h"

using namespace juxta::vmm;

namespace {
// Records what a device saw, to put on a bus.
class Recorder : public BusDevice {
  public:
    std::vector<std::pair<uint64_t, uint8_t>> writes;
    uint8_t answer = 0x42;
    void read(uint64_t, std::span<uint8_t> data) override {
        for (auto& b : data) b = answer;
    }
    void write(uint64_t offset, std::span<const uint8_t> data) override {
        writes.push_back({offset, data[0]});
    }
};

struct Uart {
    std::vector<uint8_t> out;
    std::vector<bool> irq;
    Serial8250 serial{[this](bool level) { irq.push_back(level); }, [this](uint8_t b) { out.push_back(b); }};
};
}  // namespace

class TestDevices : public QObject {
    Q_OBJECT
  private slots:
    void busRoutesByRangeWithOffsets() {
        Bus bus;
        auto a = std::make_shared<Recorder>();
        auto b = std::make_shared<Recorder>();
        QVERIFY(bus.insert(a, 0x3f8, 8).ok());
        QVERIFY(bus.insert(b, 0x2f8, 8).ok());
        uint8_t v = 7;
        QVERIFY(bus.write(0x3fd, std::span(&v, 1)));
        QVERIFY(bus.write(0x2f8, std::span(&v, 1)));
        QCOMPARE(a->writes.size(), size_t(1));
        QCOMPARE(a->writes[0].first, uint64_t(5));
        QCOMPARE(b->writes[0].first, uint64_t(0));
        uint8_t r = 0;
        QVERIFY(bus.read(0x3ff, std::span(&r, 1)));
        QCOMPARE(r, uint8_t(0x42));
        QVERIFY(!bus.read(0x400, std::span(&r, 1)));   // just past the end
        QVERIFY(!bus.write(0x3f7, std::span(&v, 1)));  // just before the start
    }

    void busRejectsOverlapsAndEmptyRanges() {
        Bus bus;
        auto d = std::make_shared<Recorder>();
        QVERIFY(bus.insert(d, 0x100, 0x10).ok());
        QVERIFY(!bus.insert(d, 0x10f, 1).ok());     // last byte
        QVERIFY(!bus.insert(d, 0xf8, 0x9).ok());    // runs into the start
        QVERIFY(!bus.insert(d, 0x0, 0x1000).ok());  // covers it
        QVERIFY(!bus.insert(d, 0x200, 0).ok());
        QVERIFY(!bus.insert(d, ~0ull - 1, 4).ok());  // wraps
        QVERIFY(bus.insert(d, 0x110, 1).ok());       // adjacent is fine
        QVERIFY(bus.insert(d, 0xff, 1).ok());
        QCOMPARE(bus.size(), size_t(3));
        auto e = bus.insert(d, 0x105, 2);
        QVERIFY(e.error().message().find("overlaps") != std::string::npos);
    }

    void serialTransmitsAndRaisesThrEmpty() {
        Uart u;
        u.serial.writeRegister(uart::kData, 'h');
        u.serial.writeRegister(uart::kData, 'i');
        QCOMPARE(u.out, (std::vector<uint8_t>{'h', 'i'}));
        QVERIFY(u.irq.empty());  // interrupts not enabled yet
        QCOMPARE(u.serial.readRegister(uart::kLsr) & (uart::kLsrThrEmpty | uart::kLsrIdle),
                 uart::kLsrThrEmpty | uart::kLsrIdle);
        // Enabling THRE interrupts with an empty THR raises the line at once, like a 16550.
        u.serial.writeRegister(uart::kIer, uart::kIerThrEmpty);
        QCOMPARE(u.irq, std::vector<bool>{true});
        QCOMPARE(u.serial.readRegister(uart::kIir), uint8_t(uart::kIirThrEmpty | uart::kIirFifoEnabled));
        QCOMPARE(u.irq, (std::vector<bool>{true, false}));  // reading IIR acknowledged it
        QCOMPARE(u.serial.readRegister(uart::kIir), uint8_t(uart::kIirNone | uart::kIirFifoEnabled));
        u.serial.writeRegister(uart::kData, '!');
        QCOMPARE(u.irq, (std::vector<bool>{true, false, true}));
    }

    void serialReceivesInput() {
        Uart u;
        u.serial.writeRegister(uart::kIer, uart::kIerRxData);
        QCOMPARE(u.serial.readRegister(uart::kLsr) & uart::kLsrDataReady, 0);
        const uint8_t in[] = {'o', 'k'};
        QCOMPARE(u.serial.enqueueInput(in), size_t(2));
        QCOMPARE(u.irq, std::vector<bool>{true});
        QCOMPARE(u.serial.readRegister(uart::kIir) & 0x0f, uart::kIirRxData);
        QCOMPARE(u.serial.readRegister(uart::kLsr) & uart::kLsrDataReady, uart::kLsrDataReady);
        QCOMPARE(u.serial.readRegister(uart::kData), uint8_t('o'));
        QCOMPARE(u.serial.readRegister(uart::kData), uint8_t('k'));
        QCOMPARE(u.serial.readRegister(uart::kLsr) & uart::kLsrDataReady, 0);
        QCOMPARE(u.irq, (std::vector<bool>{true, false}));
        std::vector<uint8_t> flood(100, 'x');
        QCOMPARE(u.serial.enqueueInput(flood), uart::kRxFifoSize);
    }

    void serialDivisorLatchAndScratch() {
        Uart u;
        u.serial.writeRegister(uart::kLcr, uart::kLcrDlab | 0x03);
        u.serial.writeRegister(uart::kData, 0x01);  // DLL: 115200 baud
        u.serial.writeRegister(uart::kIer, 0x00);   // DLM
        QCOMPARE(u.serial.readRegister(uart::kData), uint8_t(0x01));
        QVERIFY(u.out.empty());  // a divisor write is not a byte sent
        u.serial.writeRegister(uart::kLcr, 0x03);
        QCOMPARE(u.serial.readRegister(uart::kIer), uint8_t(0));
        u.serial.writeRegister(uart::kScr, 0x5a);
        QCOMPARE(u.serial.readRegister(uart::kScr), uint8_t(0x5a));
    }

    void serialLoopbackAsLinuxProbesIt() {
        // Linux's autoconfig: MCR = LOOP | OUT2 | RTS, expects MSR's top bits 0x90 (DCD | CTS).
        Uart u;
        u.serial.writeRegister(uart::kMcr, uart::kMcrLoop | uart::kMcrOut2 | uart::kMcrRts);
        QCOMPARE(u.serial.readRegister(uart::kMsr) & 0xf0, 0x90);
        u.serial.writeRegister(uart::kData, 'L');
        QVERIFY(u.out.empty());  // looped back, not sent
        QCOMPARE(u.serial.readRegister(uart::kData), uint8_t('L'));
        u.serial.writeRegister(uart::kMcr, uart::kMcrOut2);
        QCOMPARE(u.serial.readRegister(uart::kMsr), uint8_t(uart::kMsrDcd | uart::kMsrDsr | uart::kMsrCts));
    }

    void serialThroughTheBusUsesOffsets() {
        Bus bus;
        auto u = std::make_shared<Uart>();
        QVERIFY(bus.insert(std::shared_ptr<BusDevice>(u, &u->serial), 0x3f8, uart::kRegisterCount).ok());
        for (char c : std::string("abc")) {
            uint8_t b = uint8_t(c);
            QVERIFY(bus.write(0x3f8, std::span(&b, 1)));
        }
        QCOMPARE(std::string(u->out.begin(), u->out.end()), std::string("abc"));
        uint8_t lsr = 0;
        QVERIFY(bus.read(0x3f8 + uart::kLsr, std::span(&lsr, 1)));
        QVERIFY(lsr & uart::kLsrThrEmpty);
    }

    void i8042AnswersProbesAndResets() {
        int resets = 0;
        I8042 kbd([&] { ++resets; });
        auto cmd = [&](uint8_t c) { kbd.write(4, std::span(&c, 1)); };
        auto status = [&] {
            uint8_t s;
            kbd.read(4, std::span(&s, 1));
            return s;
        };
        auto data = [&] {
            uint8_t d;
            kbd.read(0, std::span(&d, 1));
            return d;
        };
        QCOMPARE(status() & i8042::kStatusOutputFull, 0);
        cmd(i8042::kCmdSelfTest);
        QCOMPARE(status() & i8042::kStatusOutputFull, i8042::kStatusOutputFull);
        QCOMPARE(data(), i8042::kSelfTestPassed);
        QCOMPARE(status() & i8042::kStatusOutputFull, 0);
        cmd(i8042::kCmdWriteControl);
        uint8_t ctr = 0x30;
        kbd.write(0, std::span(&ctr, 1));
        cmd(i8042::kCmdReadControl);
        QCOMPARE(data(), uint8_t(0x30));
        QCOMPARE(resets, 0);
        cmd(i8042::kCmdPulseReset);
        QCOMPARE(resets, 1);
        cmd(i8042::kCmdWriteOutputPort);
        uint8_t port = 0x00;  // bit 0 low: CPU held in reset
        kbd.write(0, std::span(&port, 1));
        QCOMPARE(resets, 2);
    }

    void acpiPowerControlsOnlyActOnTheirValues() {
        int offs = 0, resets = 0;
        AcpiPmControl pm([&] { ++offs; }, [&] { ++resets; });
        auto write = [&](uint8_t offset, uint8_t value) { pm.write(offset, std::span(&value, 1)); };
        write(acpi_pm::kSleepControl, acpi_pm::kSleepTypeS5 << acpi_pm::kSleepTypeShift);        // no SLP_EN
        write(acpi_pm::kSleepControl, (3 << acpi_pm::kSleepTypeShift) | acpi_pm::kSleepEnable);  // S3
        write(acpi_pm::kReset, 0x06);
        QCOMPARE(offs + resets, 0);
        write(acpi_pm::kSleepControl,
              (acpi_pm::kSleepTypeS5 << acpi_pm::kSleepTypeShift) | acpi_pm::kSleepEnable);
        QCOMPARE(offs, 1);
        write(acpi_pm::kReset, acpi_pm::kResetValue);
        QCOMPARE(resets, 1);
        uint8_t status = 0;
        pm.read(acpi_pm::kSleepStatus, std::span(&status, 1));
        QCOMPARE(status, acpi_pm::kWakeStatus);
    }
};

QTEST_APPLESS_MAIN(TestDevices)
#include "test_devices.moc"

// handleExit() driven with made-up exits: no KVM.
#include <linux/kvm.h>

#include <QtTest>

#include "vmm/devices/bus.h"
#include "vmm/devices/legacy/serial8250.h"
#include "vmm/exit.h"

using namespace juxta::vmm;

namespace {
class Counter : public BusDevice {
  public:
    std::vector<uint8_t> written;
    int reads = 0;
    void read(uint64_t offset, std::span<uint8_t> data) override {
        ++reads;
        for (size_t i = 0; i < data.size(); ++i) data[i] = uint8_t(offset + i);
    }
    void write(uint64_t, std::span<const uint8_t> data) override {
        written.insert(written.end(), data.begin(), data.end());
    }
};
}  // namespace

class TestExit : public QObject {
    Q_OBJECT
  private slots:
    void portWriteReachesTheDevice() {
        Bus io, mmio;
        std::vector<uint8_t> out;
        auto uart = std::make_shared<Serial8250>(Serial8250::IrqLine{}, [&](uint8_t b) { out.push_back(b); });
        QVERIFY(io.insert(uart, 0x3f8, 8).ok());
        uint8_t data[] = {'A'};
        ExitAction a = handleExit(IoExit{0x3f8, 1, 1, true, data}, io, mmio);
        QVERIFY(a.kind == ExitAction::Kind::Continue);
        QCOMPARE(out, std::vector<uint8_t>{'A'});
    }

    void repOutsGoesUnitByUnit() {
        Bus io, mmio;
        auto dev = std::make_shared<Counter>();
        QVERIFY(io.insert(dev, 0x80, 1).ok());
        uint8_t data[] = {1, 2, 3, 4};
        handleExit(IoExit{0x80, 1, 4, true, data}, io, mmio);
        QCOMPARE(dev->written, (std::vector<uint8_t>{1, 2, 3, 4}));
        uint8_t in[6] = {};
        handleExit(IoExit{0x80, 2, 3, false, in}, io, mmio);
        QCOMPARE(dev->reads, 3);
    }

    void unclaimedReadsAreAllOnesAndWritesIgnored() {
        Bus io, mmio;
        uint8_t port[4] = {0, 0, 0, 0};
        QVERIFY(handleExit(IoExit{0x99, 4, 1, false, port}, io, mmio).kind == ExitAction::Kind::Continue);
        QCOMPARE(port[0], uint8_t(0xff));
        QCOMPARE(port[3], uint8_t(0xff));
        uint8_t mem[8] = {};
        QVERIFY(handleExit(MmioExit{0xd0000000, false, mem}, io, mmio).kind == ExitAction::Kind::Continue);
        QCOMPARE(mem[7], uint8_t(0xff));
        QVERIFY(handleExit(MmioExit{0xd0000000, true, mem}, io, mmio).kind == ExitAction::Kind::Continue);
    }

    void mmioReadGetsDeviceData() {
        Bus io, mmio;
        auto dev = std::make_shared<Counter>();
        QVERIFY(mmio.insert(dev, 0xd0000000, 0x1000).ok());
        uint8_t mem[4] = {};
        handleExit(MmioExit{0xd0000010, false, mem}, io, mmio);
        QCOMPARE(mem[0], uint8_t(0x10));
        QCOMPARE(mem[3], uint8_t(0x13));
    }

    void stopsWithReasons_data() {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("reason");
        QTest::newRow("triple fault") << int(StopKind::TripleFault) << "triple fault";
        QTest::newRow("poweroff") << int(StopKind::PowerOff) << "powered off";
        QTest::newRow("reset") << int(StopKind::Reset) << "reset";
        QTest::newRow("crash") << int(StopKind::GuestCrash) << "crash";
        QTest::newRow("emulation") << int(StopKind::InternalError) << "emulation failed";
        QTest::newRow("fail entry") << int(StopKind::InternalError) << "hardware reason 7";
        QTest::newRow("unknown") << int(StopKind::InternalError) << "exit reason 99";
    }
    void stopsWithReasons() {
        QFETCH(int, kind);
        QFETCH(QString, reason);
        static const std::map<QString, VmExit> exits = {
            {"triple fault", ShutdownExit{}},
            {"poweroff", SystemEventExit{KVM_SYSTEM_EVENT_SHUTDOWN}},
            {"reset", SystemEventExit{KVM_SYSTEM_EVENT_RESET}},
            {"crash", SystemEventExit{KVM_SYSTEM_EVENT_CRASH}},
            {"emulation", InternalErrorExit{KVM_INTERNAL_ERROR_EMULATION}},
            {"fail entry", FailEntryExit{7}},
            {"unknown", UnknownExit{99}},
        };
        Bus io, mmio;
        ExitAction a = handleExit(exits.at(QTest::currentDataTag()), io, mmio);
        QVERIFY(a.kind == ExitAction::Kind::StopVm);
        QCOMPARE(int(a.stop), kind);
        QVERIFY2(a.reason.find(reason.toStdString()) != std::string::npos, a.reason.c_str());
    }

    void hltHaltsOnlyThisVcpuAndKicksContinue() {
        Bus io, mmio;
        QVERIFY(handleExit(HltExit{}, io, mmio).kind == ExitAction::Kind::VcpuHalted);
        QVERIFY(handleExit(InterruptedExit{}, io, mmio).kind == ExitAction::Kind::Continue);
    }

    void exitNamesAreStable() {
        QCOMPARE(std::string(exitName(IoExit{})), std::string("io"));
        QCOMPARE(std::string(exitName(MmioExit{})), std::string("mmio"));
        QCOMPARE(std::string(exitName(ShutdownExit{})), std::string("shutdown"));
        QCOMPARE(std::string(exitKindName(kExitKinds)), std::string("invalid"));
    }
};

QTEST_APPLESS_MAIN(TestExit)
#include "test_exit.moc"

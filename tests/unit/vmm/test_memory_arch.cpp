// Guest memory's bounds checks and the x86_64 tables (GDT, page tables, CPUID, e820, MP table).
#include <QtTest>
#include <cstring>
#include <tuple>

#include "vmm/arch/x86_64/acpi.h"
#include "vmm/arch/x86_64/cpu.h"
#include "vmm/arch/x86_64/e820.h"
#include "vmm/arch/x86_64/layout.h"
#include "vmm/arch/x86_64/mptable.h"
#include "vmm/arch/x86_64/regs.h"
#include "vmm/arch/x86_64/table_bytes.h"
#include "vmm/devices/legacy/acpi_pm.h"
#include "vmm/kvm/guest_memory.h"

using namespace juxta::vmm;

class TestMemoryArch : public QObject {
    Q_OBJECT
  private slots:
    void readWriteObjectsWithinBounds() {
        auto mem = GuestMemory::create({{GuestAddress(0), 0x10000}});
        QVERIFY(mem.ok());
        QVERIFY(mem->writeObj(GuestAddress(0x100), uint64_t(0x1122334455667788)).ok());
        auto v = mem->readObj<uint64_t>(GuestAddress(0x100));
        QVERIFY(v.ok());
        QCOMPARE(*v, uint64_t(0x1122334455667788));
        QVERIFY(mem->writeObj(GuestAddress(0xfff8), uint64_t(1)).ok());  // last 8 bytes
        auto past = mem->writeObj(GuestAddress(0xfffc), uint64_t(1));    // straddles the end
        QVERIFY(!past.ok());
        QVERIFY(past.error().message().find("outside guest RAM") != std::string::npos);
        QVERIFY(!mem->readObj<uint32_t>(GuestAddress(0x10000)).ok());
        QVERIFY(!mem->readObj<uint8_t>(GuestAddress(~0ull)).ok());
        QVERIFY(!mem->fill(GuestAddress(0x8000), 0x9000, 0).ok());
    }

    void accessMayNotCrossRegions() {
        auto mem = GuestMemory::create({{GuestAddress(0), 0x1000}, {GuestAddress(0x1000), 0x1000}});
        QVERIFY(mem.ok());
        QVERIFY(mem->contains(GuestAddress(0xffc), 4));
        QVERIFY(!mem->contains(GuestAddress(0xffc), 8));
        QVERIFY(mem->contains(GuestAddress(0x1000), 0x1000));
    }

    void rejectsBadRegions() {
        QVERIFY(!GuestMemory::create({{GuestAddress(0), 0}}).ok());
        QVERIFY(!GuestMemory::create({{GuestAddress(0x800), 0x1000}}).ok());
        QVERIFY(!GuestMemory::create({{GuestAddress(0), 0x2000}, {GuestAddress(0x1000), 0x1000}}).ok());
    }

    void residentBytesCountTouchedPages() {
        auto mem = GuestMemory::create({{GuestAddress(0), 64 << 20}});
        QVERIFY(mem.ok());
        uint64_t before = mem->residentBytes();
        for (uint64_t a = 0; a < (1 << 20); a += 4096)
            QVERIFY(mem->writeObj(GuestAddress(a), uint8_t(1)).ok());
        uint64_t after = mem->residentBytes();
        QVERIFY(after >= before + (1 << 20));
        QVERIFY(after < (8 << 20));  // MAP_NORESERVE: the rest is not backed
        QCOMPARE(mem->totalSize(), uint64_t(64) << 20);
    }

    void memoryRangesSkipTheDeviceGap() {
        auto small = x86::memoryRanges(256 << 20);
        QCOMPARE(small.size(), size_t(1));
        auto big = x86::memoryRanges(uint64_t(4) << 30);
        QCOMPARE(big.size(), size_t(2));
        QCOMPARE(big[0].end().raw(), x86::kMmioGapStart);
        QCOMPARE(big[1].start.raw(), x86::kMmioGapEnd);
        QCOMPARE(big[0].size + big[1].size, uint64_t(4) << 30);
    }

    void gdtEntriesMatchKnownEncodings() {
        // Flat 64-bit code and data descriptors as every boot loader writes them.
        QCOMPARE(x86::gdtEntry(0xa09b, 0, 0xfffff), uint64_t(0x00af9b000000ffff));
        QCOMPARE(x86::gdtEntry(0xc093, 0, 0xfffff), uint64_t(0x00cf93000000ffff));
        kvm_segment cs = x86::segmentFromGdt(x86::gdtEntry(0xa09b, 0, 0xfffff), 1);
        QCOMPARE(cs.selector, uint16_t(8));
        QCOMPARE(int(cs.l), 1);
        QCOMPARE(int(cs.db), 0);
        QCOMPARE(cs.limit, uint32_t(0xffffffff));
        QCOMPARE(int(cs.type), 0xb);
        QCOMPARE(int(cs.present), 1);
    }

    void longModeStateAndPageTables() {
        auto mem = GuestMemory::create(x86::memoryRanges(16 << 20));
        QVERIFY(mem.ok());
        QVERIFY(x86::writeBootTables(*mem, x86::CpuMode::Long64).ok());
        auto pml4 = mem->readObj<uint64_t>(GuestAddress(x86::kPml4));
        QCOMPARE(*pml4 & ~0xfffull, x86::kPdpt);
        // The 2 MiB page holding 0xd0000000 (device gap) is identity-mapped: PD 3, entry 128.
        auto pde = mem->readObj<uint64_t>(GuestAddress(x86::kPd + 3 * 0x1000 + 128 * 8));
        QCOMPARE(*pde & ~0xfffull, uint64_t(0xd0000000));
        QVERIFY(*pde & 0x80);  // huge page
        kvm_sregs s{};
        x86::setupSregs(s, x86::CpuMode::Long64);
        QCOMPARE(s.cr3, x86::kPml4);
        QVERIFY(s.cr0 & (1ull << 31));
        QVERIFY(s.efer & (1ull << 10));
        QCOMPARE(int(s.cs.l), 1);
        kvm_sregs p{};
        x86::setupSregs(p, x86::CpuMode::Protected32);
        QCOMPARE(int(p.cs.db), 1);
        QCOMPARE(int(p.cs.l), 0);
        QVERIFY(!(p.cr0 & (1ull << 31)));
        QCOMPARE(p.efer, uint64_t(0));
    }

    void cpuidHasTopologyAndKvmSignature() {
        kvm_cpuid_entry2 leaf1{};
        leaf1.function = 1;
        leaf1.ebx = 0x00000800;  // CLFLUSH size
        auto table = x86::vcpuCpuid({leaf1}, 3, 4);
        const kvm_cpuid_entry2* l1 = nullptr;
        const kvm_cpuid_entry2* sig = nullptr;
        for (const auto& e : table) {
            if (e.function == 1) l1 = &e;
            if (e.function == x86::kKvmCpuidSignature) sig = &e;
        }
        QVERIFY(l1 && sig);
        QCOMPARE(l1->ebx >> 24, uint32_t(3));
        QCOMPARE((l1->ebx >> 16) & 0xff, uint32_t(4));
        QCOMPARE(l1->ebx & 0xffff, uint32_t(0x800));
        QVERIFY(l1->ecx & (1u << 31));
        char name[13] = {};
        std::memcpy(name, &sig->ebx, 4);
        std::memcpy(name + 4, &sig->ecx, 4);
        std::memcpy(name + 8, &sig->edx, 4);
        QCOMPARE(QString(name), QString("KVMKVMKVM"));
        QCOMPARE(sig->eax, x86::kKvmCpuidFeatures);
    }

    void lapicLintsAreExtIntAndNmi() {
        kvm_lapic_state l{};
        x86::setupLapic(l);
        uint32_t lvt0, lvt1;
        std::memcpy(&lvt0, l.regs + 0x350, 4);
        std::memcpy(&lvt1, l.regs + 0x360, 4);
        QCOMPARE((lvt0 >> 8) & 7, uint32_t(7));
        QCOMPARE((lvt1 >> 8) & 7, uint32_t(4));
    }

    void e820CoversMemoryAndSkipsHoles() {
        auto map = x86::e820Map(256 << 20);
        uint64_t ram = 0;
        for (auto& e : map)
            if (e.type == x86::kE820Ram) ram += e.size;
        QCOMPARE(ram, (uint64_t(256) << 20) - (x86::kHimemStart - x86::kEbdaStart));
        QCOMPARE(map.back().addr + map.back().size, uint64_t(256) << 20);
        auto big = x86::e820Map(uint64_t(5) << 30);
        QCOMPARE(big.back().addr, x86::kMmioGapEnd);
        QCOMPARE(big.back().size, (uint64_t(5) << 30) - x86::kMmioGapStart);
    }

    void mpTableChecksumsAndEntries() {
        auto table = x86::buildMpTable(4);
        QVERIFY(table.ok());
        const auto& t = *table;
        QCOMPARE(std::string(t.begin(), t.begin() + 4), std::string("_MP_"));
        QCOMPARE(x86::byteSum(t.data(), 16), uint8_t(0));
        uint32_t configAt;
        std::memcpy(&configAt, t.data() + 4, 4);
        QCOMPARE(configAt, uint32_t(x86::kMpTableAddress + 16));
        QCOMPARE(std::string(t.begin() + 16, t.begin() + 20), std::string("PCMP"));
        uint16_t length, count;
        std::memcpy(&length, t.data() + 16 + 4, 2);
        std::memcpy(&count, t.data() + 16 + 34, 2);
        QCOMPARE(size_t(length), t.size() - 16);
        QCOMPARE(x86::byteSum(t.data() + 16, length), uint8_t(0));
        QCOMPARE(count, uint16_t(4 + 1 + 1 + 16 + 2));
        QCOMPARE(int(t[16 + 44]), 0);          // first entry: a processor
        QCOMPARE(int(t[16 + 44 + 3] & 2), 2);  // the BSP
        QVERIFY(!x86::buildMpTable(0).ok());
        QVERIFY(!x86::buildMpTable(1000).ok());
        QVERIFY(x86::buildMpTable(254).ok());
    }

    void acpiTablesChainAndChecksum() {
        const uint64_t base = x86::kAcpiAddress;
        auto blob = x86::buildAcpiTables(3, base);
        QVERIFY(blob.ok());
        const auto& b = *blob;
        auto u32 = [&](size_t at) {
            uint32_t v;
            std::memcpy(&v, b.data() + at, 4);
            return v;
        };
        auto u64 = [&](size_t at) {
            uint64_t v;
            std::memcpy(&v, b.data() + at, 8);
            return v;
        };
        auto table = [&](uint64_t address, const char* signature) {
            size_t at = size_t(address - base);
            if (std::string(b.begin() + at, b.begin() + at + 4) != signature)
                qFatal("no %s at %#zx", signature, at);
            if (x86::byteSum(b.data() + at, u32(at + 4)) != 0) qFatal("%s checksum", signature);
            return at;
        };
        QCOMPARE(std::string(b.begin(), b.begin() + 8), std::string("RSD PTR "));
        QCOMPARE(x86::byteSum(b.data(), 20), uint8_t(0));
        QCOMPARE(x86::byteSum(b.data(), 36), uint8_t(0));
        size_t xsdt = table(u64(24), "XSDT");
        QCOMPARE(u32(xsdt + 4), uint32_t(36 + 2 * 8));
        size_t fadt = table(u64(xsdt + 36), "FACP");
        QVERIFY(u32(fadt + 112) & (1u << 20));  // hardware-reduced
        QVERIFY(u32(fadt + 112) & (1u << 10));  // reset register supported
        QCOMPARE(int(b[fadt + 109]) & (1 << 5),
                 1 << 5);  // IA-PC boot flags: no CMOS RTC (no 0x70/0x71 polling)
        QCOMPARE(u64(fadt + 116 + 4), uint64_t(acpi_pm::kBasePort + acpi_pm::kReset));
        QCOMPARE(int(b[fadt + 128]), int(acpi_pm::kResetValue));
        QCOMPARE(int(b[fadt + 244]), 1);  // sleep control register: system I/O
        QCOMPARE(u64(fadt + 244 + 4), uint64_t(acpi_pm::kBasePort + acpi_pm::kSleepControl));
        QCOMPARE(u64(fadt + 256 + 4), uint64_t(acpi_pm::kBasePort + acpi_pm::kSleepStatus));
        size_t dsdt = table(u64(fadt + 140), "DSDT");
        const uint8_t s5[] = {0x08, '_', 'S', '5', '_', 0x12, 0x04, 0x01, 0x0a, acpi_pm::kSleepTypeS5};
        QVERIFY(std::memcmp(b.data() + dsdt + 36, s5, sizeof(s5)) == 0);
        // Then Scope (\_SB) with COM1 and COM2 as PNP0501 devices, each with its port and IRQ.
        const std::string aml(reinterpret_cast<const char*>(b.data() + dsdt + 36 + sizeof(s5)),
                              u32(dsdt + 4) - 36 - sizeof(s5));
        QCOMPARE(aml.substr(0, 1), std::string("\x10"));
        QCOMPARE(aml.substr(3, 5), std::string("\\_SB_"));
        QCOMPARE(size_t(uint8_t(aml[1]) & 0x0f) + (size_t(uint8_t(aml[2])) << 4),
                 aml.size() - 1);  // PkgLength
        for (auto [name, io, irq] :
             {std::tuple{"COM1", "\x47\x01\xf8\x03\xf8\x03\x00\x08", "\x22\x10\x00"},
              std::tuple{"COM2", "\x47\x01\xf8\x02\xf8\x02\x00\x08", "\x22\x08\x00"}}) {
            const size_t at = aml.find(name);
            QVERIFY2(at != std::string::npos, name);
            QCOMPARE(aml.substr(at + 4, 10), std::string("\x08_HID\x0c\x41\xd0\x05\x01", 10));
            QVERIFY2(aml.find(std::string(io, 8), at) != std::string::npos, name);
            QVERIFY2(aml.find(std::string(irq, 3), at) != std::string::npos, name);
        }
        size_t madt = table(u64(xsdt + 44), "APIC");
        QCOMPARE(u32(madt + 36), x86::kLapicAddress);
        int lapics = 0, ioapics = 0;
        for (size_t at = madt + 44; at < madt + u32(madt + 4); at += b[at + 1]) {
            if (b[at] == 0) {
                QCOMPARE(int(b[at + 3]), lapics++);  // APIC IDs 0..n-1, enabled
                QCOMPARE(u32(at + 4), uint32_t(1));
            }
            if (b[at] == 1) ++ioapics;
        }
        QCOMPARE(lapics, 3);
        QCOMPARE(ioapics, 1);
        QVERIFY(!x86::buildAcpiTables(0).ok());
        QVERIFY(x86::buildAcpiTables(254)->size() <= x86::kAcpiRoom);
    }

    // virtio-mmio devices in the DSDT, as Linux's virtio_mmio driver finds them (LNRO0005): each
    // with its register block and its edge-triggered interrupt; the Scope's length still right.
    void acpiDeclaresVirtioMmioDevices() {
        std::vector<x86::VirtioMmioSlot> devices;
        for (std::size_t i = 0; i < x86::kMaxVirtioDevices; ++i)
            devices.push_back(
                {x86::kVirtioMmioBase + i * x86::kVirtioMmioStride, x86::kVirtioFirstIrq + uint32_t(i)});
        auto blob = x86::buildAcpiTables(2, x86::kAcpiAddress, devices);
        QVERIFY2(blob.ok(), blob ? "" : blob.error().message().c_str());
        QVERIFY(blob->size() <= x86::kAcpiRoom);
        const std::string all(blob->begin(), blob->end());
        const std::size_t dsdt = all.find("DSDT");
        QVERIFY(dsdt != std::string::npos);
        uint32_t length;
        std::memcpy(&length, all.data() + dsdt + 4, 4);
        QCOMPARE(x86::byteSum(blob->data() + dsdt, length), uint8_t(0));
        const std::string aml = all.substr(dsdt, length);
        const std::size_t scope = aml.find("\x10");
        QVERIFY(scope != std::string::npos);
        QCOMPARE(std::size_t(uint8_t(aml[scope + 1]) & 0x0f) + (std::size_t(uint8_t(aml[scope + 2])) << 4),
                 aml.size() - scope - 1);  // PkgLength, two bytes now
        for (std::size_t i = 0; i < devices.size(); ++i) {
            const char hex[] = "0123456789ABCDEF";
            const std::string name = std::string("VR") + hex[i >> 4] + hex[i & 15];
            const std::size_t at = aml.find(name);
            QVERIFY2(at != std::string::npos, name.c_str());
            QCOMPARE(aml.substr(at + 4, 15), std::string("\x08_HID\x0dLNRO0005\x00", 15));
            std::string memory("\x86\x09\x00\x01", 4), irq("\x89\x06\x00\x03\x01", 5);
            for (int b = 0; b < 4; ++b) memory += char(uint8_t(devices[i].base >> (8 * b)));
            memory += std::string("\x00\x10\x00\x00", 4);  // 4 KiB
            for (int b = 0; b < 4; ++b) irq += char(uint8_t(devices[i].irq >> (8 * b)));
            QVERIFY2(aml.find(memory, at) != std::string::npos, name.c_str());
            QVERIFY2(aml.find(irq, at) != std::string::npos, name.c_str());
        }
        devices.push_back({0xd0100000, 30});
        QVERIFY(!x86::buildAcpiTables(2, x86::kAcpiAddress, devices).ok());
    }
};

QTEST_APPLESS_MAIN(TestMemoryArch)
#include "test_memory_arch.moc"

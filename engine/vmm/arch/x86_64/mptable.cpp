#include "vmm/arch/x86_64/mptable.h"

#include <cerrno>
#include <cstddef>
#include <cstring>

#include "vmm/arch/x86_64/table_bytes.h"
#include "vmm/config.h"

namespace juxta::vmm::x86 {

namespace {

#pragma pack(push, 1)
struct MpFloatingPointer {
    char signature[4];  // "_MP_"
    uint32_t physPtr;
    uint8_t length;  // in 16-byte units
    uint8_t specRev;
    uint8_t checksum;
    uint8_t feature[5];
};
struct MpConfigHeader {
    char signature[4];  // "PCMP"
    uint16_t length;
    uint8_t specRev;
    uint8_t checksum;
    char oem[8];
    char product[12];
    uint32_t oemPtr;
    uint16_t oemSize;
    uint16_t entryCount;
    uint32_t lapicAddress;
    uint16_t extLength;
    uint8_t extChecksum;
    uint8_t reserved;
};
struct MpProcessor {
    uint8_t type, apicId, apicVersion, flags;
    uint32_t signature, featureFlags, reserved[2];
};
struct MpBus {
    uint8_t type, busId;
    char busType[6];
};
struct MpIoapic {
    uint8_t type, apicId, apicVersion, flags;
    uint32_t address;
};
struct MpInterrupt {  // I/O and local interrupt assignment entries share this layout
    uint8_t type, irqType;
    uint16_t irqFlags;
    uint8_t srcBus, srcIrq, dstApic, dstPin;
};
#pragma pack(pop)
static_assert(sizeof(MpFloatingPointer) == 16 && sizeof(MpConfigHeader) == 44 && sizeof(MpProcessor) == 20);
static_assert(sizeof(MpBus) == 8 && sizeof(MpIoapic) == 8 && sizeof(MpInterrupt) == 8);

constexpr uint8_t kEntryProcessor = 0, kEntryBus = 1, kEntryIoapic = 2, kEntryIoInterrupt = 3,
                  kEntryLocalInterrupt = 4;
constexpr uint8_t kIrqInt = 0, kIrqNmi = 1, kIrqExtInt = 3;
constexpr uint8_t kCpuEnabled = 1, kCpuBsp = 2;
constexpr uint8_t kApicVersion = 0x14, kIoapicVersion = 0x11;
constexpr uint8_t kIsaBus = 0;

}  // namespace

Result<std::vector<uint8_t>> buildMpTable(uint32_t vcpus, uint64_t address) {
    if (vcpus == 0 || vcpus > kMaxVcpus)
        return Error(EINVAL, "MP table: " + std::to_string(vcpus) + " vCPUs");
    const uint8_t ioapicId = uint8_t(vcpus);  // the first APIC ID after the processors'
    std::vector<uint8_t> entries;
    uint16_t count = 0;
    for (uint32_t i = 0; i < vcpus; ++i, ++count)
        appendBytes(entries, MpProcessor{kEntryProcessor,
                                         uint8_t(i),
                                         kApicVersion,
                                         uint8_t(kCpuEnabled | (i == 0 ? kCpuBsp : 0)),
                                         0x600,
                                         0x201,
                                         {0, 0}});
    appendBytes(entries, MpBus{kEntryBus, kIsaBus, {'I', 'S', 'A', ' ', ' ', ' '}});
    appendBytes(entries, MpIoapic{kEntryIoapic, ioapicId, kIoapicVersion, 1, kIoapicAddress});
    count += 2;
    for (uint8_t irq = 0; irq < 16; ++irq, ++count)
        appendBytes(entries, MpInterrupt{kEntryIoInterrupt, kIrqInt, 0, kIsaBus, irq, ioapicId, irq});
    appendBytes(entries, MpInterrupt{kEntryLocalInterrupt, kIrqExtInt, 0, kIsaBus, 0, 0xff, 0});
    appendBytes(entries, MpInterrupt{kEntryLocalInterrupt, kIrqNmi, 0, kIsaBus, 0, 0xff, 1});
    count += 2;

    MpConfigHeader header{};
    std::memcpy(header.signature, "PCMP", 4);
    header.length = uint16_t(sizeof(header) + entries.size());
    header.specRev = 4;
    std::memcpy(header.oem, "JUXTA   ", 8);
    std::memcpy(header.product, "JUXTA-VMM   ", 12);
    header.entryCount = count;
    header.lapicAddress = kLapicAddress;

    MpFloatingPointer fp{};
    std::memcpy(fp.signature, "_MP_", 4);
    fp.physPtr = uint32_t(address + sizeof(fp));
    fp.length = 1;
    fp.specRev = 4;
    fp.checksum = checksumOf(reinterpret_cast<const uint8_t*>(&fp), sizeof(fp));

    std::vector<uint8_t> table;
    appendBytes(table, fp);
    size_t headerAt = table.size();
    appendBytes(table, header);
    table.insert(table.end(), entries.begin(), entries.end());
    table[headerAt + offsetof(MpConfigHeader, checksum)] =
        checksumOf(table.data() + headerAt, table.size() - headerAt);
    if (table.size() > kMpTableRoom) return Error(E2BIG, "MP table: too large");
    return table;
}

}  // namespace juxta::vmm::x86

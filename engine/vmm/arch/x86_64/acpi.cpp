#include "vmm/arch/x86_64/acpi.h"

#include <array>
#include <cerrno>
#include <cstddef>
#include <cstring>

#include "vmm/arch/x86_64/layout.h"
#include "vmm/arch/x86_64/mptable.h"
#include "vmm/arch/x86_64/table_bytes.h"
#include "vmm/config.h"
#include "vmm/devices/legacy/acpi_pm.h"

namespace juxta::vmm::x86 {

namespace {

#pragma pack(push, 1)
struct Rsdp {
    char signature[8];  // "RSD PTR "
    uint8_t checksum;   // over the first 20 bytes (ACPI 1.0 part)
    char oemId[6];
    uint8_t revision;  // 2: has the XSDT
    uint32_t rsdtAddress;
    uint32_t length;
    uint64_t xsdtAddress;
    uint8_t extendedChecksum;  // over all 36 bytes
    uint8_t reserved[3];
};
struct SdtHeader {
    char signature[4];
    uint32_t length;
    uint8_t revision;
    uint8_t checksum;
    char oemId[6];
    char oemTableId[8];
    uint32_t oemRevision;
    char creatorId[4];
    uint32_t creatorRevision;
};
struct MadtLocalApic {
    uint8_t type, length, processorId, apicId;
    uint32_t flags;
};
struct MadtIoapic {
    uint8_t type, length, ioapicId, reserved;
    uint32_t address, gsiBase;
};
#pragma pack(pop)
static_assert(sizeof(Rsdp) == 36 && sizeof(SdtHeader) == 36);
static_assert(sizeof(MadtLocalApic) == 8 && sizeof(MadtIoapic) == 12);

constexpr size_t kFadtLength = 276;  // revision 6
constexpr size_t kFadtDsdt = 40, kFadtBootArch = 109, kFadtFlags = 112, kFadtMinorVersion = 131,
                 kFadtXDsdt = 140;
constexpr size_t kFadtResetReg = 116, kFadtResetValue = 128;
constexpr size_t kFadtSleepControlReg = 244, kFadtSleepStatusReg = 256, kFadtHypervisorId = 268;
constexpr uint32_t kFadtResetRegSupported = 1u << 10;
constexpr uint32_t kFadtHwReducedAcpi = 1u << 20;
constexpr uint16_t kBootArchNoCmosRtc = 1u << 5;  // IA-PC boot architecture flags

// A Generic Address Structure for a one-byte I/O port.
struct Gas {
    uint8_t spaceId = 1;  // system I/O
    uint8_t bitWidth = 8;
    uint8_t bitOffset = 0;
    uint8_t accessSize = 1;  // byte
    uint64_t address = 0;
} __attribute__((packed));
static_assert(sizeof(Gas) == 12);

// DSDT body: Name (_S5, Package () { 5 }) — the SLP_TYP for soft-off, matching AcpiPmControl.
const std::vector<uint8_t> kDsdtAml = {0x08, '_',  'S',  '5',  '_',
                                       0x12, 0x04, 0x01, 0x0a, acpi_pm::kSleepTypeS5};

// AML PkgLength: its own size plus `content` bytes, in one byte up to 63, else two (< 4096).
void appendPkgLength(std::vector<uint8_t>& out, size_t content) {
    if (content + 1 < 64) {
        out.push_back(uint8_t(content + 1));
        return;
    }
    const size_t total = content + 2;
    out.push_back(uint8_t(0x40 | (total & 0x0f)));
    out.push_back(uint8_t(total >> 4));
}

// Device (NAME) { Name (_HID, hid) Name (_UID, uid) Name (_CRS, ResourceTemplate () { resources }) }:
// `hid` the encoded value (an EisaId or a string), `resources` the template ending in its End Tag.
std::vector<uint8_t> deviceAml(const std::array<uint8_t, 4>& name, const std::vector<uint8_t>& hid,
                               uint8_t uid, const std::vector<uint8_t>& resources) {
    std::vector<uint8_t> body(name.begin(), name.end());
    body.insert(body.end(), {0x08, '_', 'H', 'I', 'D'});
    body.insert(body.end(), hid.begin(), hid.end());
    body.insert(body.end(), {0x08, '_', 'U', 'I', 'D', 0x0a, uid});
    body.insert(body.end(), {0x08, '_', 'C', 'R', 'S', 0x11});
    appendPkgLength(body, 2 + resources.size());
    body.insert(body.end(), {0x0a, uint8_t(resources.size())});
    body.insert(body.end(), resources.begin(), resources.end());
    std::vector<uint8_t> device = {0x5b, 0x82};
    appendPkgLength(device, body.size());
    device.insert(device.end(), body.begin(), body.end());
    return device;
}

// Device (COMn) { Name (_HID, EisaId ("PNP0501")) Name (_UID, n)
//                 Name (_CRS, ResourceTemplate () { IO (Decode16, port, port, 0, 8) IRQNoFlags () {irq} }) }
// A hardware-reduced ACPI guest has no legacy PIC, so Linux maps no ISA IRQ by itself: the UARTs'
// interrupts (which its tty layer needs to transmit) exist only once the DSDT describes them.
std::vector<uint8_t> serialDeviceAml(uint8_t index, uint16_t port, uint8_t irq) {
    const uint16_t mask = uint16_t(1u << irq);
    const std::vector<uint8_t> resources = {
        0x47, 0x01, uint8_t(port), uint8_t(port >> 8), uint8_t(port),      uint8_t(port >> 8),
        0x00, 0x08, 0x22,          uint8_t(mask),      uint8_t(mask >> 8), 0x79,
        0x00};
    return deviceAml({'C', 'O', 'M', uint8_t('0' + index)}, {0x0c, 0x41, 0xd0, 0x05, 0x01},  // EisaId PNP0501
                     index, resources);
}

// Device (VRnn) { Name (_HID, "LNRO0005") Name (_UID, n) Name (_CRS, ResourceTemplate () {
//     Memory32Fixed (ReadWrite, base, 0x1000) Interrupt (ResourceConsumer, Edge, ActiveHigh, Exclusive) {irq}
//     }) }
std::vector<uint8_t> virtioDeviceAml(uint8_t index, const VirtioMmioSlot& slot) {
    const auto le32 = [](std::vector<uint8_t>& out, uint32_t v) {
        for (int i = 0; i < 4; ++i) out.push_back(uint8_t(v >> (8 * i)));
    };
    std::vector<uint8_t> resources = {0x86, 0x09, 0x00, 0x01};  // Memory32Fixed, read-write
    le32(resources, uint32_t(slot.base));
    le32(resources, uint32_t(kVirtioMmioStride));
    resources.insert(resources.end(), {0x89, 0x06, 0x00, 0x03, 0x01});  // Extended Interrupt: consumer, edge
    le32(resources, slot.irq);
    resources.insert(resources.end(), {0x79, 0x00});  // End Tag
    const char hex[] = "0123456789ABCDEF";
    return deviceAml({'V', 'R', uint8_t(hex[index >> 4]), uint8_t(hex[index & 0x0f])},
                     {0x0d, 'L', 'N', 'R', 'O', '0', '0', '0', '5', 0x00}, index, resources);
}

// DSDT body: \_S5 and Scope (\_SB) { COM1, COM2, the virtio-mmio devices }.
std::vector<uint8_t> dsdtAml(const std::vector<VirtioMmioSlot>& virtio) {
    std::vector<uint8_t> aml = kDsdtAml;
    std::vector<uint8_t> devices = serialDeviceAml(1, kCom1Port, kCom1Irq);
    const std::vector<uint8_t> com2 = serialDeviceAml(2, kCom2Port, kCom2Irq);
    devices.insert(devices.end(), com2.begin(), com2.end());
    for (std::size_t i = 0; i < virtio.size(); ++i) {
        const std::vector<uint8_t> d = virtioDeviceAml(uint8_t(i), virtio[i]);
        devices.insert(devices.end(), d.begin(), d.end());
    }
    aml.push_back(0x10);  // ScopeOp
    appendPkgLength(aml, 5 + devices.size());
    aml.insert(aml.end(), {'\\', '_', 'S', 'B', '_'});
    aml.insert(aml.end(), devices.begin(), devices.end());
    return aml;
}

constexpr uint32_t kLocalApicEnabled = 1;
constexpr uint8_t kMadtLocalApic = 0, kMadtIoapic = 1;

SdtHeader header(const char* signature, uint32_t length, uint8_t revision) {
    SdtHeader h{};
    std::memcpy(h.signature, signature, 4);
    h.length = length;
    h.revision = revision;
    std::memcpy(h.oemId, "JUXTA ", 6);
    std::memcpy(h.oemTableId, "JUXTAVMM", 8);
    h.oemRevision = 1;
    std::memcpy(h.creatorId, "JXTA", 4);
    h.creatorRevision = 1;
    return h;
}

// Appends a table (header + body) to `blob` with its checksum; returns its offset in the blob.
size_t appendTable(std::vector<uint8_t>& blob, const char* signature, uint8_t revision,
                   std::vector<uint8_t> body) {
    while (blob.size() % 16) blob.push_back(0);
    size_t at = blob.size();
    SdtHeader h = header(signature, uint32_t(sizeof(SdtHeader) + body.size()), revision);
    const auto* p = reinterpret_cast<const uint8_t*>(&h);
    blob.insert(blob.end(), p, p + sizeof(h));
    blob.insert(blob.end(), body.begin(), body.end());
    blob[at + offsetof(SdtHeader, checksum)] = checksumOf(blob.data() + at, blob.size() - at);
    return at;
}

template <typename T>
void put(std::vector<uint8_t>& body, size_t offset, const T& value) {
    std::memcpy(body.data() + offset, &value, sizeof(T));
}

}  // namespace

std::vector<VirtioMmioSlot> virtioSlots(uint32_t count) {
    std::vector<VirtioMmioSlot> slots;
    for (uint32_t i = 0; i < count; ++i) slots.push_back(virtioSlot(i));
    return slots;
}

Result<std::vector<uint8_t>> buildAcpiTables(uint32_t vcpus, uint64_t address,
                                             const std::vector<VirtioMmioSlot>& virtio) {
    if (vcpus == 0 || vcpus > kMaxVcpus) return Error(EINVAL, "ACPI: " + std::to_string(vcpus) + " vCPUs");
    if (virtio.size() > kMaxVirtioDevices)
        return Error(EINVAL, "ACPI: " + std::to_string(virtio.size()) + " virtio devices, at most " +
                                 std::to_string(kMaxVirtioDevices));
    std::vector<uint8_t> blob(sizeof(Rsdp), 0);

    size_t dsdt = appendTable(blob, "DSDT", 2, dsdtAml(virtio));

    std::vector<uint8_t> fadt(kFadtLength - sizeof(SdtHeader), 0);
    auto field = [](size_t offset) { return offset - sizeof(SdtHeader); };
    put(fadt, field(kFadtDsdt), uint32_t(address + dsdt));
    put(fadt, field(kFadtXDsdt), uint64_t(address + dsdt));
    put(fadt, field(kFadtFlags), kFadtHwReducedAcpi | kFadtResetRegSupported);
    // There is no CMOS clock at ports 0x70/0x71 (the guest's wall clock comes from kvm-clock).
    // Unless told so, Linux's rtc-cmos polls the missing clock's update flag: 40,000 port exits,
    // three quarters of a quiet boot's exits, each one dear where exits are slow (nested KVM).
    put(fadt, field(kFadtBootArch), kBootArchNoCmosRtc);
    put(fadt, field(kFadtResetReg), Gas{.address = acpi_pm::kBasePort + acpi_pm::kReset});
    put(fadt, field(kFadtResetValue), acpi_pm::kResetValue);
    put(fadt, field(kFadtSleepControlReg), Gas{.address = acpi_pm::kBasePort + acpi_pm::kSleepControl});
    put(fadt, field(kFadtSleepStatusReg), Gas{.address = acpi_pm::kBasePort + acpi_pm::kSleepStatus});
    put(fadt, field(kFadtMinorVersion), uint8_t(0));
    std::memcpy(fadt.data() + field(kFadtHypervisorId), "JUXTAVMM", 8);
    size_t fadtAt = appendTable(blob, "FACP", 6, std::move(fadt));

    std::vector<uint8_t> madt;
    appendBytes(madt, kLapicAddress);
    appendBytes(madt, uint32_t(0));  // flags: no dual 8259 setup to disable (PCAT_COMPAT off)
    for (uint32_t i = 0; i < vcpus; ++i)
        appendBytes(madt, MadtLocalApic{kMadtLocalApic, sizeof(MadtLocalApic), uint8_t(i), uint8_t(i),
                                        kLocalApicEnabled});
    appendBytes(madt, MadtIoapic{kMadtIoapic, sizeof(MadtIoapic), uint8_t(vcpus), 0, kIoapicAddress, 0});
    size_t madtAt = appendTable(blob, "APIC", 4, std::move(madt));

    std::vector<uint8_t> xsdt;
    appendBytes(xsdt, uint64_t(address + fadtAt));
    appendBytes(xsdt, uint64_t(address + madtAt));
    size_t xsdtAt = appendTable(blob, "XSDT", 1, std::move(xsdt));

    Rsdp rsdp{};
    std::memcpy(rsdp.signature, "RSD PTR ", 8);
    std::memcpy(rsdp.oemId, "JUXTA ", 6);
    rsdp.revision = 2;
    rsdp.length = sizeof(Rsdp);
    rsdp.xsdtAddress = address + xsdtAt;
    rsdp.checksum = checksumOf(reinterpret_cast<const uint8_t*>(&rsdp), 20);
    rsdp.extendedChecksum = checksumOf(reinterpret_cast<const uint8_t*>(&rsdp), sizeof(rsdp));
    std::memcpy(blob.data(), &rsdp, sizeof(rsdp));
    if (blob.size() > kAcpiRoom) return Error(E2BIG, "ACPI: tables too large");
    return blob;
}

}  // namespace juxta::vmm::x86

// The boot protocols against the real Debian cloud kernel (fetched by the vmm_kernel fixture) and
// against malformed files. Pure parsing and planning: no KVM.
#include <elf.h>
#include <lz4.h>
#include <lzma.h>
#include <zlib.h>
#include <zstd.h>

#include <QtTest>
#include <algorithm>
#include <cstring>
#include <random>

#include "vmm/arch/x86_64/acpi.h"
#include "vmm/arch/x86_64/layout.h"
#include "vmm/boot/boot_plan.h"
#include "vmm/boot/bzimage.h"
#include "vmm/boot/elf_kernel.h"
#include "vmm/boot/kernel_cache.h"
#include "vmm/boot/payload.h"
#include "vmm/boot/start_info.h"
#include "vmm/config.h"
#include "vmm/kvm/guest_memory.h"
#include "vmm/launcher.h"

using namespace juxta::vmm;
using namespace juxta::vmm::boot;

namespace {

using ByteVec = std::vector<uint8_t>;

Bytes share(ByteVec v) {
    return heldBytes(std::move(v));
}

ByteVec randomBytes(size_t n, unsigned seed = 1) {
    std::mt19937 rng(seed);
    ByteVec v(n);
    for (auto& b : v) b = uint8_t(rng() % 16);  // compressible
    return v;
}

void appendSize(ByteVec& v, uint32_t size) {
    for (int i = 0; i < 4; ++i) v.push_back(uint8_t(size >> (8 * i)));
}

// Compressed the way the kernel's build does it: the format, then the size appended.
ByteVec gzipped(const ByteVec& in) {
    z_stream z{};
    deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
    ByteVec out(deflateBound(&z, in.size()) + 64);
    z.next_in = const_cast<Bytef*>(in.data());
    z.avail_in = uInt(in.size());
    z.next_out = out.data();
    z.avail_out = uInt(out.size());
    deflate(&z, Z_FINISH);
    out.resize(z.total_out);
    deflateEnd(&z);
    appendSize(out, uint32_t(in.size()));
    return out;
}
ByteVec xzed(const ByteVec& in) {
    ByteVec out(lzma_stream_buffer_bound(in.size()));
    size_t pos = 0;
    lzma_easy_buffer_encode(6, LZMA_CHECK_CRC32, nullptr, in.data(), in.size(), out.data(), &pos, out.size());
    out.resize(pos);
    appendSize(out, uint32_t(in.size()));
    return out;
}
ByteVec zstded(const ByteVec& in) {
    ByteVec out(ZSTD_compressBound(in.size()));
    out.resize(ZSTD_compress(out.data(), out.size(), in.data(), in.size(), 3));
    appendSize(out, uint32_t(in.size()));
    return out;
}
ByteVec lz4Legacy(const ByteVec& in) {  // magic, then (size, block) per 8 MiB
    ByteVec out = {0x02, 0x21, 0x4c, 0x18};
    for (size_t at = 0; at < in.size(); at += 8 << 20) {
        int n = int(std::min<size_t>(8 << 20, in.size() - at));
        ByteVec block(LZ4_compressBound(n));
        int c = LZ4_compress_default(reinterpret_cast<const char*>(in.data() + at),
                                     reinterpret_cast<char*>(block.data()), n, int(block.size()));
        appendSize(out, uint32_t(c));
        out.insert(out.end(), block.begin(), block.begin() + c);
    }
    appendSize(out, uint32_t(in.size()));
    return out;
}

// A minimal x86_64 ELF with one PT_LOAD at 16 MiB and, optionally, a Xen PVH note.
ByteVec tinyElf(bool withPvhNote, uint32_t entry = 0x1000100) {
    ByteVec f(0x1000, 0);
    Elf64_Ehdr eh{};
    std::memcpy(eh.e_ident, ELFMAG, SELFMAG);
    eh.e_ident[EI_CLASS] = ELFCLASS64;
    eh.e_ident[EI_DATA] = ELFDATA2LSB;
    eh.e_ident[EI_VERSION] = EV_CURRENT;
    eh.e_type = ET_EXEC;
    eh.e_machine = EM_X86_64;
    eh.e_entry = 0xffffffff81000000;
    eh.e_phoff = sizeof(eh);
    eh.e_phentsize = sizeof(Elf64_Phdr);
    eh.e_phnum = withPvhNote ? 2 : 1;
    std::memcpy(f.data(), &eh, sizeof(eh));
    Elf64_Phdr load{};
    load.p_type = PT_LOAD;
    load.p_offset = 0x800;
    load.p_paddr = 0x1000000;
    load.p_filesz = 0x100;
    load.p_memsz = 0x2000;  // with bss
    std::memcpy(f.data() + sizeof(eh), &load, sizeof(load));
    std::memset(f.data() + 0x800, 0xcc, 0x100);
    if (withPvhNote) {
        Elf64_Nhdr nh{4, 8, kXenElfNotePhys32Entry};
        std::memcpy(f.data() + 0x400, &nh, sizeof(nh));
        std::memcpy(f.data() + 0x400 + sizeof(nh), "Xen", 4);
        uint64_t e = entry;
        std::memcpy(f.data() + 0x400 + sizeof(nh) + 4, &e, 8);
        Elf64_Phdr note{};
        note.p_type = PT_NOTE;
        note.p_offset = 0x400;
        note.p_filesz = sizeof(nh) + 4 + 8;
        std::memcpy(f.data() + sizeof(eh) + sizeof(Elf64_Phdr), &note, sizeof(note));
    }
    return f;
}

std::string errorOf(const juxta::Error& e) {
    return e.message();
}

}  // namespace

class TestBoot : public QObject {
    Q_OBJECT
    Bytes kernel_;
    QTemporaryDir tmp_;

    QString writeFile(const char* name, const ByteVec& bytes) {
        QFile f(tmp_.filePath(name));
        f.open(QIODevice::WriteOnly);
        f.write(reinterpret_cast<const char*>(bytes.data()), qint64(bytes.size()));
        return f.fileName();
    }
    std::string prepareError(VmConfig c) {
        if (auto s = validateConfig(c, uint64_t(24) << 30); !s) return s.error().message();
        auto plan = prepareBoot(c);
        return plan ? std::string() : plan.error().message();
    }

  private slots:
    void initTestCase() {
        auto k = FileBytes::open(JUXTA_TEST_KERNEL, "kernel");
        QVERIFY2(k.ok(), "the vmm_kernel fixture did not fetch the Debian cloud kernel");
        kernel_ = *k;
    }

    void bootFilesAreMappedOrRead() {
        // A regular file is mapped (its bytes as written); an empty one and a device are read.
        const ByteVec bytes = randomBytes(3 * 4096 + 17);
        auto mapped = FileBytes::open(writeFile("mapped", bytes).toStdString(), "initrd");
        QVERIFY(mapped.ok());
        QVERIFY((*mapped)->mapped());
        QVERIFY(std::ranges::equal(**mapped, bytes));
        auto empty = FileBytes::open(writeFile("empty", {}).toStdString(), "initrd");
        QVERIFY(empty.ok() && (*empty)->empty() && !(*empty)->mapped());
        auto device = FileBytes::open("/dev/null", "initrd");
        QVERIFY(device.ok() && (*device)->empty() && !(*device)->mapped());
        auto dir = FileBytes::open(tmp_.path().toStdString(), "initrd");
        QVERIFY(!dir.ok() && dir.error().message().find("initrd") != std::string::npos &&
                dir.error().message().find("is a directory") != std::string::npos);
    }

    void parsesTheDebianBzImage() {
        auto bz = parseBzImage(*kernel_);
        QVERIFY2(bz.ok(), bz.ok() ? "" : bz.error().message().c_str());
        QVERIFY(bz->protocol >= 0x020f);
        QVERIFY(bz->header.xloadflags & XLF_KERNEL_64);
        QCOMPARE(bz->cmdlineSize, uint32_t(2047));
        QCOMPARE(bz->initrdAddrMax, uint32_t(0x7fffffff));
        QVERIFY(bz->relocatable);
        QCOMPARE(bz->prefAddress, uint64_t(0x1000000));
        QVERIFY(bz->initSize > 0);
        QCOMPARE(bz->setupBytes, (uint32_t(bz->header.setup_sects) + 1) * 512);
        QCOMPARE(detectCompression(bz->payload), Compression::Lz4);  // Debian's choice
    }

    void extractsVmlinuxWithAPvhNoteAndCachesIt() {
        QTemporaryDir cache;
        bool hit = true;
        auto vmlinux = cachedVmlinux(kernel_, cache.path().toStdString(), &hit);
        QVERIFY2(vmlinux.ok(), vmlinux.ok() ? "" : vmlinux.error().message().c_str());
        QVERIFY(!hit);
        auto elf = parseElfKernel(**vmlinux);
        QVERIFY(elf.ok());
        QVERIFY(elf->pvhEntry.has_value());
        QCOMPARE(elf->lowestAddr, uint64_t(0x1000000));
        QVERIFY(*elf->pvhEntry > elf->lowestAddr && *elf->pvhEntry < elf->endAddr);
        auto again = cachedVmlinux(kernel_, cache.path().toStdString(), &hit);
        QVERIFY(again.ok());
        QVERIFY(hit);
        QVERIFY(std::ranges::equal(**again, **vmlinux));
        // The cached file is mapped, not read (FileBytes): the one copy is into guest memory.
        QVERIFY((*again)->mapped());
        QVERIFY(!(*vmlinux)->mapped());
    }

    void linux64PlanFollowsTheProtocol() {
        ByteVec initrd(3 << 20, 0x5a);
        BootInputs in{kernel_, share(initrd), "console=ttyS0 quiet", 256ull << 20, 1};
        auto plan = planLinux64(in);
        QVERIFY2(plan.ok(), plan.ok() ? "" : plan.error().message().c_str());
        QCOMPARE(plan->entry, x86::kHimemStart + 0x200);
        QCOMPARE(plan->bootInfo, x86::kZeroPage);
        QVERIFY(plan->mode == x86::CpuMode::Long64);

        auto mem = GuestMemory::create(x86::memoryRanges(256ull << 20));
        QVERIFY(applyBootPlan(*mem, *plan).ok());
        auto params = mem->readObj<boot_params>(GuestAddress(x86::kZeroPage));
        QCOMPARE(params->hdr.header, kHdrSMagic);
        QCOMPARE(params->hdr.type_of_loader, uint8_t(0xff));
        QCOMPARE(params->hdr.cmd_line_ptr, uint32_t(x86::kCmdline));
        QCOMPARE(params->hdr.ramdisk_size, uint32_t(initrd.size()));
        uint32_t at = params->hdr.ramdisk_image;
        QCOMPARE(at % 4096, uint32_t(0));
        QVERIFY(at >= plan->kernelEnd);
        QVERIFY(at + initrd.size() <= 256ull << 20);
        QCOMPARE(*mem->readObj<uint8_t>(GuestAddress(at + initrd.size() - 1)), uint8_t(0x5a));
        QVERIFY(params->e820_entries >= 3);
        QCOMPARE(params->acpi_rsdp_addr, uint64_t(x86::kAcpiAddress));
        char cmdline[32] = {};
        QVERIFY(
            mem->read(GuestAddress(x86::kCmdline), std::span(reinterpret_cast<uint8_t*>(cmdline), 20)).ok());
        QCOMPARE(QString(cmdline), QString("console=ttyS0 quiet"));
        // The protected-mode code is at 1 MiB, byte for byte.
        auto bz = parseBzImage(*kernel_);
        ByteVec head(64);
        QVERIFY(mem->read(GuestAddress(x86::kHimemStart), head).ok());
        QVERIFY(std::equal(head.begin(), head.end(), bz->protectedMode.begin()));
    }

    void pvhPlanWritesStartInfo() {
        auto vmlinux = cachedVmlinux(kernel_, "");
        QVERIFY(vmlinux.ok());
        BootInputs in{*vmlinux, share(ByteVec(1 << 20, 1)), "console=ttyS0", 256ull << 20, 2};
        auto plan = planPvh(in);
        QVERIFY2(plan.ok(), plan.ok() ? "" : plan.error().message().c_str());
        QVERIFY(plan->mode == x86::CpuMode::Protected32);
        auto mem = GuestMemory::create(x86::memoryRanges(256ull << 20));
        QVERIFY(applyBootPlan(*mem, *plan).ok());
        auto info = mem->readObj<HvmStartInfo>(GuestAddress(plan->bootInfo));
        QCOMPARE(info->magic, kHvmStartMagic);
        QCOMPARE(info->cmdlineAddr, x86::kCmdline);
        QCOMPARE(info->rsdpAddr, uint64_t(x86::kAcpiAddress));
        QCOMPARE(info->moduleCount, uint32_t(1));
        auto module = mem->readObj<HvmModule>(GuestAddress(info->moduleListAddr));
        QCOMPARE(module->size, uint64_t(1 << 20));
        QVERIFY(module->addr >= plan->kernelEnd);
        QVERIFY(info->memmapEntries >= 3);
        auto last =
            mem->readObj<HvmMemmapEntry>(GuestAddress(info->memmapAddr + (info->memmapEntries - 1) * 24));
        QCOMPARE(last->addr + last->size, uint64_t(256) << 20);
    }

    void tinyElfBootsThroughItsNote() {
        auto plan = planPvh({share(tinyElf(true)), nullptr, "x", 64ull << 20, 1});
        QVERIFY(plan.ok());
        QCOMPARE(plan->entry, uint64_t(0x1000100));
        QCOMPARE(plan->kernelEnd, uint64_t(0x1002000));
        auto noNote = planPvh({share(tinyElf(false)), nullptr, "x", 64ull << 20, 1});
        QVERIFY(!noNote.ok());
        QVERIFY(errorOf(noNote.error()).find("no PVH entry note") != std::string::npos);
    }

    void decompressesEveryKernelFormat() {
        ByteVec data = randomBytes(3 << 20);
        for (const ByteVec& packed : {gzipped(data), xzed(data), zstded(data), lz4Legacy(data)}) {
            auto out = decompress(packed);
            QVERIFY2(out.ok(), out.ok() ? "" : out.error().message().c_str());
            QVERIFY(*out == data);
        }
        QCOMPARE(detectCompression(ByteVec{'B', 'Z', 'h', '9'}), Compression::Bzip2);
        auto bz2 = decompress(ByteVec{'B', 'Z', 'h', '9', 0, 0, 0, 0});
        QVERIFY(!bz2.ok());
        QVERIFY(errorOf(bz2.error()).find("bzip2") != std::string::npos);
    }

    void corruptOrTruncatedPayloadsFail() {
        ByteVec data = randomBytes(1 << 20);
        for (ByteVec packed : {gzipped(data), xzed(data), zstded(data), lz4Legacy(data)}) {
            ByteVec truncated(packed.begin(), packed.begin() + packed.size() / 2);
            QVERIFY(!decompress(truncated).ok());
            packed[packed.size() - 2] ^= 0xff;  // the appended size no longer matches
            QVERIFY(!decompress(packed).ok());
        }
    }

    void rejectsMalformedInputBeforeKvm_data() {
        QTest::addColumn<QString>("what");
        QTest::addColumn<QString>("message");
        QTest::newRow("not a kernel") << "text"
                                      << "not a kernel";
        QTest::newRow("truncated bzImage") << "truncated"
                                           << "truncated";
        QTest::newRow("old protocol") << "old"
                                      << "older than 2.06";
        QTest::newRow("no HdrS") << "nohdrs"
                                 << "not a kernel";
        QTest::newRow("ELF without PVH") << "elf"
                                         << "no PVH entry note";
        QTest::newRow("initrd larger than memory") << "bigInitrd"
                                                   << "larger than the VM";
        QTest::newRow("initrd that does not fit") << "tightInitrd"
                                                  << "does not fit";
        QTest::newRow("command line over the limit") << "longCmdline"
                                                     << "over the kernel's limit of 2047";
        QTest::newRow("too little memory for the kernel") << "tinyMemory"
                                                          << "needs";
        QTest::newRow("missing file") << "missing"
                                      << "no such file";
        QTest::newRow("memory 0") << "memory0"
                                  << "0 MiB";
        QTest::newRow("vcpus 0") << "vcpus0"
                                 << "at least one";
        QTest::newRow("vcpus 1000") << "vcpus1000"
                                    << "more than the 254";
    }
    void rejectsMalformedInputBeforeKvm() {
        QFETCH(QString, what);
        QFETCH(QString, message);
        VmConfig c;
        c.kernel = JUXTA_TEST_KERNEL;
        c.memoryMiB = 256;
        const ByteVec k(kernel_->begin(), kernel_->end());
        if (what == "text") {
            c.kernel = writeFile("text", ByteVec(8192, 'a')).toStdString();
        } else if (what == "truncated") {
            c.kernel = writeFile("trunc", ByteVec(k.begin(), k.begin() + k.size() / 2)).toStdString();
        } else if (what == "old") {
            ByteVec old = k;
            old[0x206] = 0x04;  // version 2.04
            old[0x207] = 0x02;
            c.kernel = writeFile("old", old).toStdString();
        } else if (what == "nohdrs") {
            ByteVec bad = k;
            bad[0x202] = 'X';
            c.kernel = writeFile("nohdrs", bad).toStdString();
        } else if (what == "elf") {
            c.kernel = writeFile("elf", tinyElf(false)).toStdString();
        } else if (what == "bigInitrd") {
            c.memoryMiB = 64;
            c.initrd = writeFile("big", ByteVec(64 << 20, 0)).toStdString();
        } else if (what == "tightInitrd") {
            c.memoryMiB = 96;
            c.initrd = writeFile("tight", ByteVec(60 << 20, 0)).toStdString();
        } else if (what == "longCmdline") {
            c.cmdline = std::string(2048, 'x');
        } else if (what == "tinyMemory") {
            c.memoryMiB = 8;
        } else if (what == "missing") {
            c.kernel = "/nonexistent/vmlinuz";
        } else if (what == "memory0") {
            c.memoryMiB = 0;
        } else if (what == "vcpus0") {
            c.vcpus = 0;
        } else if (what == "vcpus1000") {
            c.vcpus = 1000;
        }
        std::string error = prepareError(c);
        QVERIFY2(!error.empty(), "accepted");
        QVERIFY2(error.find(message.toStdString()) != std::string::npos, error.c_str());
    }

    void acceptsTheLongestCommandLine() {
        VmConfig c;
        c.kernel = JUXTA_TEST_KERNEL;
        c.cmdline = std::string(2047, 'x');
        QVERIFY(prepareError(c).empty());
    }

    void initrdPlacement() {
        auto at = placeInitrd(0x1800, 0x10000000, 0x7fffffff, 0x3000000);
        QVERIFY(at.ok());
        QCOMPARE(at->raw(), uint64_t(0x10000000 - 0x2000));
        auto capped = placeInitrd(0x1000, 0x100000000, 0x37ffffff, 0x3000000);
        QCOMPARE(capped->raw() + 0x1000, uint64_t(0x38000000));
        QVERIFY(!placeInitrd(0x1000, 0x3000800, 0x7fffffff, 0x3000000).ok());
    }
};

QTEST_GUILESS_MAIN(TestBoot)
#include "test_boot.moc"

#include "vmm/boot/payload.h"

#include <fmt/format.h>
#include <lz4.h>
#include <lzma.h>
#include <zlib.h>
#include <zstd.h>

#include <cerrno>
#include <cstring>

#include "vmm/boot/elf_kernel.h"

namespace juxta::vmm::boot {

namespace {

constexpr uint32_t kLz4LegacyMagic = 0x184c2102;
constexpr size_t kLz4LegacyBlock = 8 << 20;  // legacy frames hold blocks of at most 8 MiB

bool startsWith(std::span<const uint8_t> data, std::initializer_list<uint8_t> magic) {
    if (data.size() < magic.size()) return false;
    return std::equal(magic.begin(), magic.end(), data.begin());
}

uint32_t le32(const uint8_t* p) {
    return uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24;
}

Error corrupt(Compression c, std::string detail) {
    return Error(EILSEQ, fmt::format("{} payload: {}", compressionName(c), detail));
}

Error tooLarge(Compression c, uint64_t max) {
    return corrupt(c, fmt::format("decompresses to more than {} MiB", max >> 20));
}

Result<std::vector<uint8_t>> gunzip(std::span<const uint8_t> in, uint64_t max) {
    z_stream z{};
    if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) return corrupt(Compression::Gzip, "zlib init failed");
    std::vector<uint8_t> out;
    z.next_in = const_cast<Bytef*>(in.data());
    z.avail_in = uInt(in.size());
    int rc = Z_OK;
    while (rc != Z_STREAM_END) {
        if (out.size() >= max) {
            inflateEnd(&z);
            return tooLarge(Compression::Gzip, max);
        }
        size_t old = out.size();
        out.resize(old + (4 << 20));
        z.next_out = out.data() + old;
        z.avail_out = uInt(out.size() - old);
        rc = inflate(&z, Z_NO_FLUSH);
        out.resize(out.size() - z.avail_out);
        if (rc != Z_OK && rc != Z_STREAM_END) {
            inflateEnd(&z);
            return corrupt(Compression::Gzip, z.msg ? z.msg : "inflate failed (truncated?)");
        }
        if (rc == Z_OK && z.avail_in == 0 && z.avail_out != 0) {
            inflateEnd(&z);
            return corrupt(Compression::Gzip, "truncated");
        }
    }
    inflateEnd(&z);
    return out;
}

Result<std::vector<uint8_t>> unxz(std::span<const uint8_t> in, Compression c, uint64_t max) {
    lzma_stream s = LZMA_STREAM_INIT;
    lzma_ret init =
        c == Compression::Xz ? lzma_stream_decoder(&s, UINT64_MAX, 0) : lzma_alone_decoder(&s, UINT64_MAX);
    if (init != LZMA_OK) return corrupt(c, "liblzma init failed");
    std::vector<uint8_t> out;
    s.next_in = in.data();
    s.avail_in = in.size();
    lzma_ret rc = LZMA_OK;
    while (rc != LZMA_STREAM_END) {
        if (out.size() >= max) {
            lzma_end(&s);
            return tooLarge(c, max);
        }
        size_t old = out.size();
        out.resize(old + (4 << 20));
        s.next_out = out.data() + old;
        s.avail_out = out.size() - old;
        rc = lzma_code(&s, LZMA_FINISH);
        out.resize(out.size() - s.avail_out);
        if (rc != LZMA_OK && rc != LZMA_STREAM_END) {
            lzma_end(&s);
            return corrupt(c, fmt::format("liblzma error {} (corrupt or truncated)", int(rc)));
        }
    }
    lzma_end(&s);
    return out;
}

Result<std::vector<uint8_t>> unzstd(std::span<const uint8_t> in, uint64_t max) {
    ZSTD_DStream* ds = ZSTD_createDStream();
    ZSTD_initDStream(ds);
    std::vector<uint8_t> out;
    ZSTD_inBuffer input{in.data(), in.size(), 0};
    size_t rc = 1;
    while (rc != 0) {
        if (out.size() >= max) {
            ZSTD_freeDStream(ds);
            return tooLarge(Compression::Zstd, max);
        }
        size_t old = out.size();
        out.resize(old + (4 << 20));
        ZSTD_outBuffer output{out.data() + old, out.size() - old, 0};
        rc = ZSTD_decompressStream(ds, &output, &input);
        out.resize(old + output.pos);
        if (ZSTD_isError(rc)) {
            ZSTD_freeDStream(ds);
            return corrupt(Compression::Zstd, ZSTD_getErrorName(rc));
        }
        if (rc != 0 && input.pos == input.size && output.pos < output.size) {
            ZSTD_freeDStream(ds);
            return corrupt(Compression::Zstd, "truncated");
        }
    }
    ZSTD_freeDStream(ds);
    return out;
}

// LZ4 "legacy" frames, as the kernel's build writes them (lz4 -l): a magic, then blocks each
// prefixed by its compressed size; concatenated frames repeat the magic.
Result<std::vector<uint8_t>> unlz4(std::span<const uint8_t> in, uint64_t max) {
    std::vector<uint8_t> out;
    size_t pos = 4;  // past the first magic
    while (pos + 4 <= in.size()) {
        uint32_t chunk = le32(in.data() + pos);
        if (chunk == kLz4LegacyMagic) {
            pos += 4;
            continue;
        }
        if (chunk > in.size() - pos - 4) break;  // the appended size (or padding) after the last block
        pos += 4;
        size_t old = out.size();
        if (old + kLz4LegacyBlock > max) return tooLarge(Compression::Lz4, max);
        out.resize(old + kLz4LegacyBlock);
        int n =
            LZ4_decompress_safe(reinterpret_cast<const char*>(in.data() + pos),
                                reinterpret_cast<char*>(out.data() + old), int(chunk), int(kLz4LegacyBlock));
        if (n < 0) return corrupt(Compression::Lz4, fmt::format("block at offset {} is corrupt", pos));
        out.resize(old + n);
        pos += chunk;
    }
    if (out.empty()) return corrupt(Compression::Lz4, "no blocks (truncated?)");
    return out;
}

}  // namespace

Compression detectCompression(std::span<const uint8_t> p) {
    if (startsWith(p, {0x1f, 0x8b})) return Compression::Gzip;
    if (startsWith(p, {0xfd, '7', 'z', 'X', 'Z', 0x00})) return Compression::Xz;
    if (startsWith(p, {0x28, 0xb5, 0x2f, 0xfd})) return Compression::Zstd;
    if (startsWith(p, {0x02, 0x21, 0x4c, 0x18})) return Compression::Lz4;
    if (startsWith(p, {'B', 'Z', 'h'})) return Compression::Bzip2;
    if (startsWith(p, {0x89, 'L', 'Z', 'O'})) return Compression::Lzo;
    if (startsWith(p, {0x5d, 0x00, 0x00})) return Compression::Lzma;
    return Compression::Unknown;
}

std::string_view compressionName(Compression c) {
    switch (c) {
        case Compression::Gzip:
            return "gzip";
        case Compression::Xz:
            return "xz";
        case Compression::Lzma:
            return "lzma";
        case Compression::Zstd:
            return "zstd";
        case Compression::Lz4:
            return "lz4";
        case Compression::Bzip2:
            return "bzip2";
        case Compression::Lzo:
            return "lzo";
        case Compression::Unknown:
            break;
    }
    return "unknown";
}

Result<std::vector<uint8_t>> decompress(std::span<const uint8_t> payload, uint64_t maxOutput) {
    Compression c = detectCompression(payload);
    Result<std::vector<uint8_t>> out = Error(ENOTSUP, "");
    switch (c) {
        case Compression::Gzip:
            out = gunzip(payload, maxOutput);
            break;
        case Compression::Xz:
        case Compression::Lzma:
            out = unxz(payload, c, maxOutput);
            break;
        case Compression::Zstd:
            out = unzstd(payload, maxOutput);
            break;
        case Compression::Lz4:
            out = unlz4(payload, maxOutput);
            break;
        default:
            return Error(
                ENOTSUP,
                fmt::format("{} kernel payloads are not supported (gzip, xz, lzma, zstd and lz4 are)",
                            compressionName(c)));
    }
    if (!out) return out;
    // The build appends the uncompressed size; a mismatch means a corrupt or truncated payload.
    if (payload.size() >= 4) {
        uint32_t expected = le32(payload.data() + payload.size() - 4);
        if (expected != uint32_t(out->size()))
            return corrupt(
                c, fmt::format("decompressed to {} bytes, the payload says {}", out->size(), expected));
    }
    return out;
}

Result<std::vector<uint8_t>> extractVmlinux(const BzImage& image) {
    if (image.payload.empty())
        return Error(ENOTSUP, "bzImage: protocol older than 2.08 has no payload fields");
    auto vmlinux = decompress(image.payload);
    if (!vmlinux) return vmlinux.error().wrap("bzImage payload");
    if (!looksLikeElf(*vmlinux))
        return Error(ENOEXEC, "bzImage payload: decompressed data is not an ELF vmlinux");
    return vmlinux;
}

}  // namespace juxta::vmm::boot

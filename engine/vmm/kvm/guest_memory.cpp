#include "vmm/kvm/guest_memory.h"

#include <fmt/format.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace juxta::vmm {

namespace {
constexpr uint64_t kPageSize = 4096;

std::string hex(uint64_t v) {
    return fmt::format("{:#x}", v);
}
}  // namespace

namespace {

constexpr uint64_t kHugePage = 2u << 20;

// Anonymous, unreserved, 2 MiB-aligned and marked for transparent huge pages (as QEMU does for
// guest RAM): each huge page spares the guest 511 nested page faults, which are dear where KVM
// itself runs virtualised.
Result<uint8_t*> mapRegion(uint64_t size) {
    const uint64_t padded = size + kHugePage;
    void* p =
        ::mmap(nullptr, padded, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) return Error::fromErrno(fmt::format("guest memory: mmap {} MiB", size >> 20));
    const uintptr_t start = reinterpret_cast<uintptr_t>(p);
    const uintptr_t aligned = (start + kHugePage - 1) & ~(kHugePage - 1);
    if (aligned > start) ::munmap(p, aligned - start);
    if (const uintptr_t tail = start + padded - (aligned + size); tail > 0)
        ::munmap(reinterpret_cast<void*>(aligned + size), tail);
    (void)::madvise(reinterpret_cast<void*>(aligned), size, MADV_HUGEPAGE);  // a hint; "never" hosts refuse
    return reinterpret_cast<uint8_t*>(aligned);
}

}  // namespace

Result<GuestMemory> GuestMemory::create(const std::vector<MemoryRange>& ranges) {
    GuestMemory memory;
    std::vector<MemoryRange> sorted = ranges;
    std::sort(sorted.begin(), sorted.end(), [](auto& a, auto& b) { return a.start < b.start; });
    for (size_t i = 0; i < sorted.size(); ++i) {
        const MemoryRange& r = sorted[i];
        if (r.size == 0 || r.start.raw() % kPageSize || r.size % kPageSize)
            return Error(EINVAL, "guest memory: region " + hex(r.start.raw()) + "+" + hex(r.size) +
                                     " is empty or not page-aligned");
        if (r.end() < r.start) return Error(EINVAL, "guest memory: region wraps around the address space");
        if (i > 0 && sorted[i - 1].end() > r.start)
            return Error(EINVAL, "guest memory: regions overlap at " + hex(r.start.raw()));
    }
    for (const MemoryRange& r : sorted) {
        auto p = mapRegion(r.size);
        if (!p) return p.error();
        memory.regions_.push_back({r, *p});
    }
    return memory;
}

GuestMemory::GuestMemory(GuestMemory&& other) noexcept : regions_(std::move(other.regions_)) {
    other.regions_.clear();
}

GuestMemory& GuestMemory::operator=(GuestMemory&& other) noexcept {
    if (this != &other) {
        unmapAll();
        regions_ = std::move(other.regions_);
        other.regions_.clear();
    }
    return *this;
}

GuestMemory::~GuestMemory() {
    unmapAll();
}

void GuestMemory::unmapAll() {
    for (const Region& r : regions_) ::munmap(r.host, r.range.size);
    regions_.clear();
}

uint64_t GuestMemory::totalSize() const {
    uint64_t total = 0;
    for (const Region& r : regions_) total += r.range.size;
    return total;
}

uint8_t* GuestMemory::hostPointer(GuestAddress addr, uint64_t len) const {
    for (const Region& r : regions_) {
        if (addr < r.range.start || addr >= r.range.end()) continue;
        uint64_t offset = addr.offsetFrom(r.range.start);
        if (len > r.range.size - offset) return nullptr;  // runs past the end of its region
        return r.host + offset;
    }
    return nullptr;
}

bool GuestMemory::contains(GuestAddress addr, uint64_t len) const {
    return hostPointer(addr, len) != nullptr;
}

static Error outOfBounds(const char* what, GuestAddress addr, uint64_t len) {
    return Error(EFAULT, fmt::format("guest memory: {} of {} bytes at {:#x} is outside guest RAM", what, len,
                                     addr.raw()));
}

Result<std::span<uint8_t>> GuestMemory::slice(GuestAddress addr, uint64_t len) const {
    uint8_t* p = hostPointer(addr, len);
    if (!p) return outOfBounds("slice", addr, len);
    return std::span<uint8_t>(p, std::size_t(len));
}

Status GuestMemory::write(GuestAddress addr, std::span<const uint8_t> bytes) {
    uint8_t* p = hostPointer(addr, bytes.size());
    if (!p) return outOfBounds("write", addr, bytes.size());
    std::memcpy(p, bytes.data(), bytes.size());
    return {};
}

Status GuestMemory::read(GuestAddress addr, std::span<uint8_t> bytes) const {
    const uint8_t* p = hostPointer(addr, bytes.size());
    if (!p) return outOfBounds("read", addr, bytes.size());
    std::memcpy(bytes.data(), p, bytes.size());
    return {};
}

Status GuestMemory::fill(GuestAddress addr, uint64_t len, uint8_t value) {
    uint8_t* p = hostPointer(addr, len);
    if (!p) return outOfBounds("fill", addr, len);
    std::memset(p, value, len);
    return {};
}

uint64_t GuestMemory::residentBytes() const {
    uint64_t resident = 0;
    std::vector<unsigned char> pages;
    for (const Region& r : regions_) {
        pages.assign(r.range.size / kPageSize, 0);
        if (::mincore(r.host, r.range.size, pages.data()) != 0) continue;
        for (unsigned char p : pages) resident += (p & 1) ? kPageSize : 0;
    }
    return resident;
}

}  // namespace juxta::vmm

#include "vmm/boot/elf_kernel.h"

#include <elf.h>
#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace juxta::vmm::boot {

namespace {

template <typename T>
bool readAt(std::span<const uint8_t> bytes, uint64_t offset, T& out) {
    if (offset > bytes.size() || sizeof(T) > bytes.size() - offset) return false;
    std::memcpy(&out, bytes.data() + offset, sizeof(T));
    return true;
}

uint64_t align4(uint64_t v) {
    return (v + 3) & ~uint64_t(3);
}

// Scans one block of ELF notes for Xen's PHYS32_ENTRY.
std::optional<uint32_t> findPvhNote(std::span<const uint8_t> notes) {
    uint64_t pos = 0;
    Elf64_Nhdr note;
    while (readAt(notes, pos, note)) {
        uint64_t name = pos + sizeof(note);
        uint64_t desc = name + align4(note.n_namesz);
        uint64_t next = desc + align4(note.n_descsz);
        if (next > notes.size() || next <= pos) break;
        if (note.n_type == kXenElfNotePhys32Entry && note.n_namesz == 4 &&
            std::memcmp(notes.data() + name, "Xen", 4) == 0 && note.n_descsz >= 4) {
            uint32_t entry;
            std::memcpy(&entry, notes.data() + desc, 4);  // .quad or .long: the low 32 bits
            return entry;
        }
        pos = next;
    }
    return std::nullopt;
}

}  // namespace

bool looksLikeElf(std::span<const uint8_t> file) {
    return file.size() >= SELFMAG && std::memcmp(file.data(), ELFMAG, SELFMAG) == 0;
}

Result<ElfKernel> parseElfKernel(std::span<const uint8_t> file) {
    auto bad = [](std::string what) { return Error(ENOEXEC, "not a usable ELF kernel: " + what); };
    Elf64_Ehdr eh;
    if (!looksLikeElf(file) || !readAt(file, 0, eh)) return bad("no ELF header");
    if (eh.e_ident[EI_CLASS] != ELFCLASS64) return bad("not a 64-bit ELF");
    if (eh.e_ident[EI_DATA] != ELFDATA2LSB) return bad("not little-endian");
    if (eh.e_machine != EM_X86_64) return bad(fmt::format("machine {} is not x86_64", eh.e_machine));
    if (eh.e_phentsize != sizeof(Elf64_Phdr) || eh.e_phnum == 0) return bad("no program headers");

    ElfKernel kernel;
    kernel.entry = eh.e_entry;
    kernel.lowestAddr = UINT64_MAX;
    for (uint16_t i = 0; i < eh.e_phnum; ++i) {
        Elf64_Phdr ph;
        if (!readAt(file, eh.e_phoff + uint64_t(i) * sizeof(ph), ph)) return bad("truncated program headers");
        if (ph.p_offset > file.size() || ph.p_filesz > file.size() - ph.p_offset)
            return bad(fmt::format("truncated: segment {} runs past the end of the file", i));
        if (ph.p_type == PT_NOTE && !kernel.pvhEntry) {
            kernel.pvhEntry = findPvhNote(file.subspan(ph.p_offset, ph.p_filesz));
        } else if (ph.p_type == PT_LOAD) {
            if (ph.p_memsz < ph.p_filesz) return bad(fmt::format("segment {} has memsz < filesz", i));
            kernel.segments.push_back({ph.p_paddr, ph.p_offset, ph.p_filesz, ph.p_memsz});
            kernel.lowestAddr = std::min(kernel.lowestAddr, ph.p_paddr);
            kernel.endAddr = std::max(kernel.endAddr, ph.p_paddr + ph.p_memsz);
        }
    }
    if (kernel.segments.empty()) return bad("no loadable segments");
    return kernel;
}

}  // namespace juxta::vmm::boot

#pragma once
// libarchive, loaded on first use. Only importing an image needs it, and linking it would load ten
// more libraries (ICU, libxml2, nettle, the compressors) into every juxtactl: measured, that was
// about 2.5 ms of each `juxtactl run` on the 2-core build host, a third of a container's start.
#include <archive.h>
#include <archive_entry.h>

#include "core/error.h"

namespace juxta::images {

// The functions Juxta calls, by their name without the archive_ prefix.
#define JUXTA_LIBARCHIVE_FUNCTIONS(X) \
    X(read_new)                       \
    X(read_free)                      \
    X(read_support_filter_all)        \
    X(read_support_format_raw)        \
    X(read_support_format_tar)        \
    X(read_open)                      \
    X(read_next_header)               \
    X(read_data)                      \
    X(read_data_block)                \
    X(write_disk_new)                 \
    X(write_disk_set_options)         \
    X(write_header)                   \
    X(write_data_block)               \
    X(write_finish_entry)             \
    X(write_close)                    \
    X(write_free)                     \
    X(error_string)                   \
    X(set_error)                      \
    X(entry_pathname)                 \
    X(entry_hardlink)                 \
    X(entry_filetype)                 \
    X(entry_perm)                     \
    X(entry_set_perm)                 \
    X(entry_size)                     \
    X(entry_xattr_clear)              \
    X(entry_acl_clear)

struct Libarchive {
#define JUXTA_LIBARCHIVE_MEMBER(name) decltype(&::archive_##name) name = nullptr;
    JUXTA_LIBARCHIVE_FUNCTIONS(JUXTA_LIBARCHIVE_MEMBER)
#undef JUXTA_LIBARCHIVE_MEMBER
    decltype(&::archive_errno) error_number = nullptr;  // archive_errno: `errno` is a macro
};

// The library, loaded once (thread-safe); or why it cannot be (the package to install).
const Result<const Libarchive*>& loadLibarchive();

}  // namespace juxta::images

#include "images/layer_extract.h"

#include <fcntl.h>
#include <sched.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <optional>
#include <thread>

#include "images/digest.h"
#include "images/layer_tree_digest.h"
#include "images/libarchive.h"
#include "images/source_dir.h"

namespace juxta::images {
namespace {

// Loaded by extractLayer before anything here runs (loadLibarchive keeps it).
const Libarchive& la() {
    return **loadLibarchive();
}

// libarchive's message for its last error, which may be none at all (a null pointer): a hostile
// layer found that once (fuzz_docker_archive), and a null C string ends a std::string in a crash.
const char* errorOf(archive* a) {
    const char* message = la().error_string(a);
    return message ? message : "unknown error";
}

struct ArchiveReadFree {
    void operator()(archive* a) const { la().read_free(a); }
};
struct ArchiveWriteFree {
    void operator()(archive* a) const { la().write_free(a); }
};
using ReadArchive = std::unique_ptr<archive, ArchiveReadFree>;
using WriteArchive = std::unique_ptr<archive, ArchiveWriteFree>;

// The layer file as the raw reader sees it: every byte read is hashed (the blob digest).
struct FileStream {
    int fd;
    Sha256 hash;
    char buf[1 << 16];
};

la_ssize_t readFile(archive* a, void* opaque, const void** out) {
    auto* s = static_cast<FileStream*>(opaque);
    for (;;) {
        const ssize_t n = ::read(s->fd, s->buf, sizeof s->buf);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            la().set_error(a, errno, "read the layer file");
            return -1;
        }
        s->hash.update(s->buf, std::size_t(n));
        *out = s->buf;
        return n;
    }
}

// The decompressed tar stream as the tar reader sees it: hashed again (the diff_id), and
// counted against the import's limits. A limit crossed is kept in `stopped`: that, not the tar
// reader's generic failure, is the error.
struct TarStream {
    archive* raw;
    ExtractBudget* budget;
    Sha256 hash;
    std::optional<Error> stopped;
    char buf[1 << 16];
};

la_ssize_t readDecompressed(archive* a, void* opaque, const void** out) {
    auto* s = static_cast<TarStream*>(opaque);
    const la_ssize_t n = la().read_data(s->raw, s->buf, sizeof s->buf);
    if (n < 0) {
        la().set_error(a, la().error_number(s->raw), "%s", errorOf(s->raw));
        return -1;
    }
    if (auto st = s->budget->streamed(uint64_t(n)); !st) {
        s->stopped = st.error();
        la().set_error(a, st.error().code(), "%s", st.error().message().c_str());
        return -1;
    }
    s->hash.update(s->buf, std::size_t(n));
    *out = s->buf;
    return n;
}

bool hasDotDot(std::string_view path) {
    for (std::size_t pos = 0; pos <= path.size();) {
        std::size_t end = path.find('/', pos);
        if (end == std::string_view::npos) end = path.size();
        if (path.substr(pos, end - pos) == "..") return true;
        pos = end + 1;
    }
    return false;
}

// Why an entry name may not be used, or empty.
std::string badName(const char* name) {
    if (!name || !*name) return "an entry without a name";
    if (name[0] == '/') return "is an absolute path";
    if (hasDotDot(name)) return "has a '..' component (it would land outside the image)";
    if (std::count(name, name + std::strlen(name), '/') > kMaxLayerDepth)
        return "is nested deeper than " + std::to_string(kMaxLayerDepth) + " directories";
    return {};
}

// The directory `dir` (relative to the thread's cwd, the staging dir), made if missing, opened
// component by component without following symlinks.
Result<UniqueFd> openDirNoFollow(const std::string& dir) {
    UniqueFd fd(::open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    for (std::size_t pos = 0; pos < dir.size();) {
        std::size_t end = dir.find('/', pos);
        if (end == std::string::npos) end = dir.size();
        const std::string part = dir.substr(pos, end - pos);
        pos = end + 1;
        if (part.empty() || part == ".") continue;
        if (::mkdirat(fd.get(), part.c_str(), 0755) < 0 && errno != EEXIST)
            return Error::fromErrno("mkdir " + dir);
        UniqueFd next(::openat(fd.get(), part.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
        if (next.get() < 0) return Error::fromErrno("open directory " + dir + " (without following links)");
        fd = std::move(next);
    }
    return fd;
}

}  // namespace

const char* opaqueXattr() {
    return ::geteuid() == 0 ? "trusted.overlay.opaque" : "user.overlay.opaque";
}

namespace {

// ".wh.NAME" → a 0:0 character device NAME; ".wh..wh..opq" → the directory is opaque.
Status writeWhiteout(const std::string& path) {
    const std::size_t slash = path.rfind('/');
    const std::string dir = slash == std::string::npos ? "" : path.substr(0, slash);
    const std::string base = path.substr(slash == std::string::npos ? 0 : slash + 1);
    auto parent = openDirNoFollow(dir);
    if (!parent) return parent.error();
    if (base == ".wh..wh..opq") {
        if (::fsetxattr(parent->get(), opaqueXattr(), "y", 1, 0) < 0)
            return Error::fromErrno("mark " + (dir.empty() ? "/" : dir) + " opaque (" + opaqueXattr() + ")");
        return {};
    }
    const std::string name = base.substr(4);
    if (name.empty() || name == "." || name.find("/") != std::string::npos)
        return Error(EINVAL, "whiteout '" + path + "' names nothing");
    if (::mknodat(parent->get(), name.c_str(), S_IFCHR | 0, makedev(0, 0)) < 0)
        return Error::fromErrno("whiteout " + path);
    return {};
}

Status copyData(archive* in, archive* out) {
    const void* block;
    size_t size;
    la_int64_t offset;
    for (;;) {
        const int r = la().read_data_block(in, &block, &size, &offset);
        if (r == ARCHIVE_EOF) return {};
        if (r < ARCHIVE_OK) return Error(EIO, std::string("damaged or truncated tar: ") + errorOf(in));
        if (la().write_data_block(out, block, size, offset) < ARCHIVE_OK) return Error(EIO, errorOf(out));
    }
}

// One entry: checked against the policy (see the header), then written or turned into a whiteout.
Status extractEntry(archive* tar, archive_entry* entry, archive* disk, ExtractBudget& budget) {
    const char* name = la().entry_pathname(entry);
    const std::string shown = name ? name : "";
    if (auto why = badName(name); !why.empty()) return Error(EPERM, "'" + shown + "' " + why);
    if (const char* target = la().entry_hardlink(entry))
        if (auto why = badName(target); !why.empty())
            return Error(EPERM,
                         "hard link '" + shown + "' points outside the image ('" + target + "' " + why + ")");
    const mode_t type = la().entry_filetype(entry);
    if (type == AE_IFCHR || type == AE_IFBLK)
        return Error(EPERM, "'" + shown + "' is a device node — layers may not carry device nodes");
    if (type == AE_IFSOCK) return Error(EPERM, "'" + shown + "' is a socket");
    const std::string path = shown;
    const std::size_t slash = path.rfind('/');
    const std::string base = path.substr(slash == std::string::npos ? 0 : slash + 1);
    if (base.rfind(".wh.", 0) == 0) return writeWhiteout(path);
    if (type == AE_IFREG) {
        la().entry_set_perm(entry, la().entry_perm(entry) & ~mode_t(S_ISUID | S_ISGID));
        if (auto st = budget.declared(uint64_t(std::max<la_int64_t>(la().entry_size(entry), 0))); !st)
            return st.error().wrap("'" + shown + "'");
    }
    la().entry_xattr_clear(entry);
    la().entry_acl_clear(entry);
    if (la().write_header(disk, entry) < ARCHIVE_OK) return Error(EPERM, "'" + shown + "': " + errorOf(disk));
    if (la().entry_size(entry) > 0 && !la().entry_hardlink(entry))
        if (auto st = copyData(tar, disk); !st) return st.error().wrap("'" + shown + "'");
    if (la().write_finish_entry(disk) < ARCHIVE_OK) return Error(EIO, "'" + shown + "': " + errorOf(disk));
    return {};
}

// The whole layer, in the calling thread, whose working directory is the staging dir.
Result<LayerDigests> extractHere(int fd, ExtractBudget& budget) {
    auto file = std::make_unique<FileStream>();
    file->fd = fd;
    ReadArchive raw(la().read_new());
    la().read_support_filter_all(raw.get());
    la().read_support_format_raw(raw.get());
    if (la().read_open(raw.get(), file.get(), nullptr, readFile, nullptr) != ARCHIVE_OK)
        return Error(EINVAL, std::string("not a layer: ") + errorOf(raw.get()));
    archive_entry* rawEntry = nullptr;
    if (la().read_next_header(raw.get(), &rawEntry) != ARCHIVE_OK)
        return Error(EINVAL, "not a tar archive (empty)");

    auto stream = std::make_unique<TarStream>();
    stream->raw = raw.get();
    stream->budget = &budget;
    ReadArchive tar(la().read_new());
    la().read_support_format_tar(tar.get());
    if (la().read_open(tar.get(), stream.get(), nullptr, readDecompressed, nullptr) != ARCHIVE_OK)
        return Error(EINVAL, std::string("not a tar archive: ") + errorOf(tar.get()));

    WriteArchive disk(la().write_disk_new());
    int flags = ARCHIVE_EXTRACT_SECURE_NODOTDOT | ARCHIVE_EXTRACT_SECURE_SYMLINKS |
                ARCHIVE_EXTRACT_SECURE_NOABSOLUTEPATHS | ARCHIVE_EXTRACT_TIME | ARCHIVE_EXTRACT_PERM;
    if (::geteuid() == 0) flags |= ARCHIVE_EXTRACT_OWNER;
    la().write_disk_set_options(disk.get(), flags);

    for (;;) {
        archive_entry* entry = nullptr;
        const int r = la().read_next_header(tar.get(), &entry);
        if (r == ARCHIVE_EOF) break;
        if (r < ARCHIVE_WARN && stream->stopped) return *stream->stopped;
        if (r < ARCHIVE_WARN) {
            const std::string why = errorOf(tar.get());
            return Error(EINVAL,
                         (why.find("Unrecognized") != std::string::npos ? "not a tar archive: "
                                                                        : "damaged or truncated tar: ") +
                             why);
        }
        if (auto st = extractEntry(tar.get(), entry, disk.get(), budget); !st)
            return stream->stopped ? *stream->stopped : st.error();
    }
    if (la().write_close(disk.get()) < ARCHIVE_OK) return Error(EIO, errorOf(disk.get()));
    // The digests cover every byte, also what follows the tar's end-of-archive blocks.
    const void* block;
    size_t size;
    la_int64_t offset;
    for (int r; (r = la().read_data_block(raw.get(), &block, &size, &offset)) != ARCHIVE_EOF;) {
        if (r < ARCHIVE_OK) return Error(EINVAL, std::string("damaged layer: ") + errorOf(raw.get()));
        if (auto st = budget.streamed(size); !st) return st.error();
        stream->hash.update(block, size);
    }
    for (const void* rest; readFile(raw.get(), file.get(), &rest) > 0;) {
    }
    return LayerDigests{file->hash.hexDigest(), stream->hash.hexDigest()};
}

}  // namespace

Result<LayerDigests> extractLayer(int fd, const std::filesystem::path& into, ExtractBudget& budget) {
    if (const auto& lib = loadLibarchive(); !lib) return lib.error();
    Result<LayerDigests> result = Error(EINTR, "layer extraction did not run");
    std::thread worker([&] {
        if (::unshare(CLONE_FS) < 0) {
            result = Error::fromErrno("unshare(CLONE_FS) for the extraction thread");
            return;
        }
        if (::chdir(into.c_str()) < 0) {
            result = Error::fromErrno("enter " + into.string());
            return;
        }
        result = extractHere(fd, budget);
    });
    worker.join();
    return result;
}

Result<std::string> hashFile(int fd) {
    Sha256 hash;
    char buf[1 << 16];
    for (;;) {
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return Error::fromErrno("read a layer");
        if (n == 0) break;
        hash.update(buf, std::size_t(n));
    }
    return hash.hexDigest();
}

}  // namespace juxta::images

#include "vmm/lifecycle/image_disk.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <set>
#include <vector>

#include "core/paths.h"
#include "core/run_program.h"
#include "core/sha256.h"
#include "core/unique_fd.h"

namespace juxta::vmm {
namespace fs = std::filesystem;

namespace {

struct TreeSize {
    uint64_t bytes = 0;   // data blocks, rounded up to 4 KiB each
    uint64_t inodes = 0;  // entries
};

// A directory's mode, owner and extended attributes (overlayfs' opaque mark among them) onto `to`.
Status copyDirectoryAttributes(const fs::path& from, const fs::path& to) {
    struct stat st {};
    if (::lstat(from.c_str(), &st) < 0) return Error::fromErrno("stat " + from.string());
    if (::lchown(to.c_str(), st.st_uid, st.st_gid) < 0) return Error::fromErrno("chown " + to.string());
    if (::chmod(to.c_str(), st.st_mode & 07777) < 0) return Error::fromErrno("chmod " + to.string());
    std::vector<char> names(64 << 10);
    const ssize_t n = ::llistxattr(from.c_str(), names.data(), names.size());
    if (n < 0) return errno == ENOTSUP ? Status() : Error::fromErrno("list xattrs of " + from.string());
    std::vector<char> value(64 << 10);
    for (const char* name = names.data(); name < names.data() + n; name += std::strlen(name) + 1) {
        const ssize_t len = ::lgetxattr(from.c_str(), name, value.data(), value.size());
        if (len < 0) return Error::fromErrno(std::string("read xattr ") + name + " of " + from.string());
        if (::lsetxattr(to.c_str(), name, value.data(), std::size_t(len), 0) < 0)
            return Error::fromErrno(std::string("set xattr ") + name + " on " + to.string());
    }
    return {};
}

// `to` becomes a copy of the tree `from` in which every entry but a directory is a hard link to
// the original (same file system: the store's tmp/). Counts what mke2fs will need.
Status linkTree(const fs::path& from, const fs::path& to, TreeSize& size) {
    std::error_code ec;
    if (!fs::create_directory(to, ec) && ec)
        return Error(ec.value(), "mkdir " + to.string() + ": " + ec.message());
    if (Status s = copyDirectoryAttributes(from, to); !s) return s;
    ++size.inodes;
    size.bytes += 4096;
    for (auto it = fs::directory_iterator(from, ec); !ec && it != fs::directory_iterator();
         it.increment(ec)) {
        const fs::path source = it->path(), target = to / source.filename();
        struct stat st {};
        if (::lstat(source.c_str(), &st) < 0) return Error::fromErrno("stat " + source.string());
        if (S_ISDIR(st.st_mode)) {
            if (Status s = linkTree(source, target, size); !s) return s;
            continue;
        }
        // link() never follows a symbolic link: the link itself is what is linked.
        if (::link(source.c_str(), target.c_str()) < 0)
            return Error::fromErrno("link " + source.string() + " into the image's tree");
        ++size.inodes;
        size.bytes += (uint64_t(st.st_blocks) * 512 + 4095) / 4096 * 4096;
    }
    if (ec) return Error(ec.value(), "read " + from.string() + ": " + ec.message());
    return {};
}

// mke2fs where Debian puts it (a non-root PATH has no /usr/sbin), else on PATH.
std::string mke2fs() {
    for (const char* path : {"/usr/sbin/mke2fs", "/sbin/mke2fs"})
        if (::access(path, X_OK) == 0) return path;
    return "mke2fs";
}

// What a program said, fit for one line of a message: no control characters (file names of an
// image are in it).
std::string printable(std::string text) {
    for (char& c : text)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
    return text;
}

// The cache is trusted from then on: its bytes on disk before its name, and read-only (a VM given
// it as a writable --disk is refused).
Status seal(const fs::path& part) {
    UniqueFd fd(::open(part.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd || ::fsync(fd.get()) < 0) return Error::fromErrno("fsync " + part.string());
    if (::fchmod(fd.get(), 0444) < 0) return Error::fromErrno("chmod " + part.string());
    return {};
}

// The cache's name for a set of layers: SHA-256, never something weaker — layer ids come from
// images, and two sets with one name would boot one image's VMs from another's disk.
Result<std::string> keyOf(const images::Image& image) {
    std::string joined = "juxta-vm-image-1";  // bump when the disk's layout changes
    for (const std::string& id : image.layerIds) joined += "\n" + id;
    const std::string hex = sha256Hex(joined);
    if (hex.size() != 64)
        return Error(ENOPKG, "SHA-256 is unavailable (install libssl3): an image VM's disk is named by it");
    return hex.substr(0, 32);
}

}  // namespace

std::string imageRootCmdline(std::size_t layers, const std::string& hostname) {
    return " juxta.image=" + std::to_string(layers) + " juxta.hostname=" + hostname +
           (imageDiskHasUserXattrs() ? " juxta.image.xattr=user" : "");
}

fs::path imageDiskDir() {
    return paths::dataDir() / "vm-images";
}

ImageDiskPrune pruneImageDisks(images::ImageStore& store) {
    ImageDiskPrune out;
    const fs::path dir = imageDiskDir();
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) return out;
    auto images = store.list();
    if (!images) {
        // Without the store's list every disk might be an image's: none is removed.
        out.failures.push_back(images.error().wrap("VM image disks: the image store"));
        return out;
    }
    std::set<std::string> wanted;
    for (const images::Image& image : *images) {
        auto key = keyOf(image);
        if (!key) {  // without every image's name any disk might be one's: none is removed
            out.failures.push_back(key.error().wrap("VM image disks"));
            return out;
        }
        wanted.insert(*key + ".ext4");
    }
    for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator(); it.increment(ec)) {
        const fs::path file = it->path();
        const std::string name = file.filename().string();
        if (wanted.count(name)) continue;
        // Only Juxta's names: <key>.ext4, and <key>.ext4.part.<pid> of a disk being made — by a live
        // process, left to it.
        if (const auto at = name.find(".ext4.part."); at != std::string::npos) {
            const std::string pid = name.substr(at + 11);
            if (pid.empty() || pid.find_first_not_of("0123456789") != std::string::npos || pid.size() > 9)
                continue;
            if (::kill(pid_t(std::stol(pid)), 0) == 0 || errno == EPERM) continue;
        } else if (name.size() <= 5 || name.compare(name.size() - 5, 5, ".ext4") != 0) {
            continue;
        }
        struct stat st {};
        if (::lstat(file.c_str(), &st) < 0 || !S_ISREG(st.st_mode)) continue;  // not Juxta's: left alone
        // A running VM holds its disk with a shared lock (virtio-blk's): then it stays.
        UniqueFd fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
        if (!fd) continue;
        if (::flock(fd.get(), LOCK_EX | LOCK_NB) < 0) continue;
        // Still the file locked (not one renamed over it since: a build of that name just ended).
        struct stat locked {
        }, now{};
        if (::fstat(fd.get(), &locked) < 0 || ::lstat(file.c_str(), &now) < 0 ||
            locked.st_ino != now.st_ino || locked.st_dev != now.st_dev)
            continue;
        if (::unlink(file.c_str()) < 0) {
            out.failures.push_back(Error::fromErrno("remove " + file.string()));
            continue;
        }
        out.removed.push_back(name);
        out.bytesFreed += uint64_t(st.st_blocks) * 512;
    }
    if (ec) out.failures.push_back(Error(ec.value(), "read " + dir.string() + ": " + ec.message()));
    return out;
}

bool imageDiskHasUserXattrs() {
    return ::geteuid() != 0;
}

Result<fs::path> ensureImageDisk(images::ImageStore& store, const images::Image& image) {
    const fs::path dir = imageDiskDir();
    auto key = keyOf(image);
    if (!key) return key.error();
    const fs::path disk = dir / (*key + ".ext4");
    std::error_code ec;
    if (fs::is_regular_file(disk, ec)) return disk;
    if (auto d = paths::ensureDir(dir); !d) return d.error();
    auto staging = store.stagingDir();
    if (!staging) return staging.error();
    struct Cleanup {
        fs::path path;
        ~Cleanup() {
            std::error_code ignored;
            fs::remove_all(path, ignored);
        }
    } cleanup{*staging};
    TreeSize size;
    const fs::path layers = *staging / "layers";
    fs::create_directory(layers, ec);
    for (std::size_t i = 0; i < image.layerDirs.size(); ++i)
        if (Status s = linkTree(image.layerDirs[i], layers / std::to_string(i), size); !s)
            return s.error().wrap("image " + image.name + " as a disk");
    // Room for the data, the inode tables (256 bytes an inode) and ext4's own, with a margin.
    const uint64_t inodes = size.inodes + size.inodes / 4 + 1024;
    const uint64_t bytes = size.bytes + size.bytes / 8 + inodes * 256 + (16 << 20);
    const fs::path part = dir / (*key + ".ext4.part." + std::to_string(::getpid()));
    // As root the layers keep their owners and overlayfs' trusted.* marks. A user's store holds
    // every file as that user (and its opaque marks as user.overlay.*): mke2fs then runs in a user
    // namespace where the user is root (util-linux's unshare, as a rootless container sees the same
    // files), so the guest's root file system belongs to root, not to uid 1000; the guest joins
    // the layers with overlayfs' userxattr (imageRootCmdline).
    std::vector<std::string> argv;
    if (imageDiskHasUserXattrs()) argv = {"unshare", "--user", "--map-root-user"};
    argv.insert(argv.end(), {mke2fs(), "-q", "-F", "-t", "ext4", "-O", "^has_journal", "-m", "0", "-N",
                             std::to_string(inodes), "-L", "juxta-image", "-d", staging->string(),
                             part.string(), std::to_string((bytes + 1023) / 1024) + "k"});
    auto run = runProgram(argv);
    if (!run)
        return run.error().code() == ENOENT
                   ? Error(ENOENT, std::string(argv[0]) + " is missing: install " +
                                       (argv[0] == "unshare" ? "util-linux" : "e2fsprogs") +
                                       " (it makes an image's VM disk)")
                   : run.error();
    if (run->status != 0) {
        fs::remove(part, ec);
        return Error(
            EIO, "image " + image.name + " as a disk: mke2fs failed: " + printable(lastLineOf(run->output)));
    }
    if (Status s = seal(part); !s) {
        fs::remove(part, ec);
        return s.error();
    }
    if (::rename(part.c_str(), disk.c_str()) < 0) {
        const Error e = Error::fromErrno("rename " + part.string());
        fs::remove(part, ec);
        return e;
    }
    return disk;
}

Status makeWritableDisk(const fs::path& file, uint64_t bytes) {
    std::error_code ec;
    if (fs::exists(file, ec)) return Error(EEXIST, "disk " + file.string() + " exists");
    const fs::path part = file.string() + ".part";
    auto run = runProgram({mke2fs(), "-q", "-F", "-t", "ext4", "-m", "0", "-L", "juxta-rw", part.string(),
                           std::to_string(bytes / 1024) + "k"});
    if (!run)
        return run.error().code() == ENOENT ? Error(ENOENT, "mke2fs is missing: install e2fsprogs")
                                            : run.error();
    if (run->status != 0) {
        fs::remove(part, ec);
        return Error(EIO, "a writable disk of " + std::to_string(bytes >> 20) +
                              " MiB: mke2fs failed: " + printable(lastLineOf(run->output)));
    }
    if (::rename(part.c_str(), file.c_str()) < 0) return Error::fromErrno("rename " + part.string());
    return {};
}

}  // namespace juxta::vmm

#include "images/image_user.h"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <cerrno>
#include <optional>
#include <sstream>

#include "core/unique_fd.h"
#include "core/user_id.h"
#include "images/layer_extract.h"
#include "images/source_dir.h"

namespace juxta::images {
namespace fs = std::filesystem;

namespace {

bool isOpaque(const fs::path& dir) {
    char v = 0;
    return ::getxattr(dir.c_str(), opaqueXattr(), &v, 1) == 1 && v == 'y';
}

// The file as the merged root would show it, or nothing.
Result<std::optional<std::string>> mergedFile(const std::vector<fs::path>& layerDirs,
                                              const std::string& relative) {
    for (auto it = layerDirs.rbegin(); it != layerDirs.rend(); ++it) {
        struct stat st {};
        if (::lstat((*it / relative).c_str(), &st) == 0) {
            if (S_ISCHR(st.st_mode)) return std::optional<std::string>();  // a whiteout
            auto dir = SourceDir::open(*it);
            if (!dir) return dir.error();
            auto text = dir->readSmall(relative);
            if (!text) return text.error();
            return std::optional<std::string>(std::move(*text));
        }
        if (isOpaque(*it / fs::path(relative).parent_path())) break;
    }
    return std::optional<std::string>();
}

bool isNumber(const std::string& s) {
    return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos;
}

// "name:x:uid:gid:..." → the fields (at least minFields) of the line whose first field is `name`.
std::optional<std::vector<std::string>> findEntry(const std::string& text, const std::string& name,
                                                  std::size_t minFields) {
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        std::vector<std::string> fields;
        std::istringstream l(line);
        for (std::string f; std::getline(l, f, ':');) fields.push_back(f);
        if (fields.size() >= minFields && fields[0] == name) return fields;
    }
    return std::nullopt;
}

}  // namespace

Result<std::string> numericUser(const std::string& user, const std::vector<fs::path>& layerDirs) {
    if (user.empty()) return user;
    const std::size_t colon = user.find(':');
    const std::string name = user.substr(0, colon);
    const std::string group = colon == std::string::npos ? "" : user.substr(colon + 1);
    std::string uid = name, gid;
    if (!isNumber(name)) {
        auto passwd = mergedFile(layerDirs, "etc/passwd");
        if (!passwd) return passwd.error().wrap("image user '" + user + "'");
        auto entry = *passwd ? findEntry(**passwd, name, 4) : std::nullopt;
        if (!entry || !isNumber((*entry)[2]) || !isNumber((*entry)[3]))
            return Error(ENOENT,
                         "image user '" + user + "': no user '" + name + "' in the image's /etc/passwd");
        uid = (*entry)[2];
        gid = (*entry)[3];
    }
    if (!group.empty()) {
        gid = group;
        if (!isNumber(group)) {
            auto groups = mergedFile(layerDirs, "etc/group");
            if (!groups) return groups.error().wrap("image user '" + user + "'");
            auto entry = *groups ? findEntry(**groups, group, 3) : std::nullopt;  // "name:x:gid:"
            if (!entry || !isNumber((*entry)[2]))
                return Error(ENOENT,
                             "image user '" + user + "': no group '" + group + "' in the image's /etc/group");
            gid = (*entry)[2];
        }
    }
    if (gid.empty()) gid = uid;
    // Digits are not enough: an id must fit in 32 bits (and not be -1), or it wraps to root.
    auto numericUid = parseUserId(uid, "image user '" + user + "': uid");
    if (!numericUid) return numericUid.error();
    auto numericGid = parseUserId(gid, "image user '" + user + "': gid");
    if (!numericGid) return numericGid.error();
    return std::to_string(*numericUid) + ":" + std::to_string(*numericGid);
}

DirectoryOwner directoryOwner(const std::vector<fs::path>& layerDirs, const std::string& path) {
    const std::string relative = fs::path(path).relative_path().string();
    const std::string parent = fs::path(relative).parent_path().string();
    for (auto it = layerDirs.rbegin(); it != layerDirs.rend(); ++it) {
        UniqueFd layer(::open(it->c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
        if (!layer) break;
        open_how how{};
        how.flags = O_PATH | O_NOFOLLOW | O_CLOEXEC;
        how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
        UniqueFd fd(int(::syscall(SYS_openat2, layer.get(), relative.c_str(), &how, sizeof how)));
        struct stat st {};
        if (fd && ::fstat(fd.get(), &st) == 0) {
            if (!S_ISDIR(st.st_mode)) break;  // a whiteout (0/0 char device), a file, a symlink
            return {st.st_uid, st.st_gid, mode_t(st.st_mode & 07777)};
        }
        if (errno != ENOENT) break;  // a symlink on the way (ELOOP), a file as a parent (ENOTDIR)
        how.flags = O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
        UniqueFd up(parent.empty()
                        ? ::dup(layer.get())
                        : int(::syscall(SYS_openat2, layer.get(), parent.c_str(), &how, sizeof how)));
        char v = 0;
        // An O_PATH descriptor takes no fgetxattr; its /proc/self/fd link names the same directory.
        const std::string upPath = "/proc/self/fd/" + std::to_string(up.get());
        if (up && ::getxattr(upPath.c_str(), opaqueXattr(), &v, 1) == 1 && v == 'y') break;
    }
    return {};
}

}  // namespace juxta::images

#include "runtime/overlay.h"

#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "runtime/user_namespace.h"

namespace juxta::runtime {
namespace fs = std::filesystem;

Result<std::string> overlayOptions(const std::vector<fs::path>& layers, const fs::path& upperDir,
                                   const fs::path& workDir, bool userXattr) {
    if (layers.empty()) return Error(EINVAL, "overlay: no lower layers");
    auto checked = [](const fs::path& p) -> Result<std::string> {
        const std::string s = p.string();
        if (s.find_first_of(",:\n") != std::string::npos)
            return Error(EINVAL, "overlay: path '" + s + "' contains ',', ':' or a newline");
        return s;
    };
    std::string lower;
    for (auto it = layers.rbegin(); it != layers.rend(); ++it) {  // overlayfs lists the top layer first
        auto s = checked(*it);
        if (!s) return s.error();
        lower += (lower.empty() ? "" : ":") + *s;
    }
    auto upper = checked(upperDir);
    if (!upper) return upper.error();
    auto work = checked(workDir);
    if (!work) return work.error();
    std::string options = "lowerdir=" + lower + ",upperdir=" + *upper + ",workdir=" + *work;
    if (userXattr) options += ",userxattr";
    if (options.size() >= std::size_t(::getpagesize()))
        return Error(E2BIG, "overlay: " + std::to_string(layers.size()) +
                                " layers make mount options longer than a page");
    return options;
}

Status mountOverlay(const fs::path& target, const std::string& options) {
    if (::mount("overlay", target.c_str(), "overlay", 0, options.c_str()) < 0)
        return Error::fromErrno("mount overlay at " + target.string());
    return {};
}

Status removeWritableLayer(const fs::path& upperDir, const fs::path& workDir) {
    ::chmod((workDir / "work").c_str(), 0700);  // missing when never mounted: nothing to do
    for (const fs::path* dir : {&upperDir, &workDir}) {
        std::error_code ec;
        fs::remove_all(*dir, ec);
        // Rootless: what the container's other users wrote is theirs; its root may remove it.
        if (ec && (ec.value() == EACCES || ec.value() == EPERM) && rootless())
            return removeAsContainerRoot({upperDir, workDir});
        if (ec) return Error(ec.value(), "remove " + dir->string() + ": " + ec.message());
    }
    return {};
}

}  // namespace juxta::runtime

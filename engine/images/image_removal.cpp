#include "images/image_removal.h"

#include <fcntl.h>
#include <sys/file.h>

#include <cerrno>
#include <cstdio>

#include "core/unique_fd.h"
#include "images/image_sizes.h"

namespace juxta::images {
namespace fs = std::filesystem;

namespace {

// An exclusive lock on a layer directory, or EBUSY while a running container holds its shared one.
Result<UniqueFd> lockLayer(ImageStore& store, const std::string& layerId) {
    UniqueFd fd(::open(store.layerDir(layerId).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!fd) return Error::fromErrno("open layer " + layerId);
    if (::flock(fd.get(), LOCK_EX | LOCK_NB) < 0) {
        if (errno == EWOULDBLOCK)
            return Error(EBUSY, "layer " + layerId + " is in use by a running container — stop it first");
        return Error::fromErrno("lock layer " + layerId);
    }
    return fd;
}

// Renames the layer into tmp/, then deletes it there.
Status deleteLayer(ImageStore& store, const std::string& layerId) {
    auto staging = store.stagingDir();  // an empty directory on the same filesystem
    if (!staging) return staging.error();
    const fs::path doomed = *staging / "layer";
    if (std::rename(store.layerDir(layerId).c_str(), doomed.c_str()) < 0)
        return Error::fromErrno("remove layer " + layerId);
    store.forgetLayerDigest(layerId);
    std::error_code ec;
    fs::remove_all(*staging, ec);
    if (ec) return Error(ec.value(), "remove " + staging->string() + ": " + ec.message());
    return {};
}

}  // namespace

Result<RemovedImage> removeImage(ImageStore& store, const std::string& name,
                                 const std::set<std::string>& layersInUse) {
    const std::string context = "remove image " + name;
    if (!isValidImageName(name)) return Error(EINVAL, context + ": not an image name");
    if (!store.hasManifest(name))
        return Error(ENOENT, "unknown image '" + name + "' — `juxtactl images` lists the images here");
    auto all = store.list();
    if (!all) return all.error().wrap(context);
    std::set<std::string> keep = layersInUse;
    const Image* target = nullptr;
    for (const auto& image : *all) {
        if (image.name == name)
            target = &image;
        else
            keep.insert(image.layerIds.begin(), image.layerIds.end());
    }
    if (!target) return Error(ENOENT, "unknown image '" + name + "'");
    RemovedImage removed{name};
    std::vector<std::pair<std::size_t, UniqueFd>> doomed;  // index in target, its lock
    for (std::size_t i = 0; i < target->layerIds.size(); ++i) {
        if (!keep.insert(target->layerIds[i]).second) continue;  // another user, or listed twice
        auto lock = lockLayer(store, target->layerIds[i]);
        if (!lock) return lock.error().wrap(context);
        doomed.emplace_back(i, std::move(*lock));
    }
    removed.layersKept = int(target->layerIds.size() - doomed.size());
    if (auto st = store.removeManifest(name); !st) return st.error().wrap(context);
    for (const auto& [i, lock] : doomed) {
        removed.bytesFreed += layerBytes(target->layerDirs[i]);
        if (auto st = deleteLayer(store, target->layerIds[i]); !st) return st.error().wrap(context);
        ++removed.layersRemoved;
    }
    return removed;
}

}  // namespace juxta::images

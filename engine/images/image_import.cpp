#include "images/image_import.h"

#include <fcntl.h>
#include <sys/stat.h>

#include <cerrno>
#include <optional>

#include "images/digest.h"
#include "images/docker_archive.h"
#include "images/image_user.h"
#include "images/layer_extract.h"
#include "images/oci_layout.h"
#include "images/source_dir.h"

namespace juxta::images {
namespace fs = std::filesystem;

namespace {

// A directory under the store's tmp/, removed when it goes out of scope unless released.
class StagingDir {
  public:
    static Result<StagingDir> create(ImageStore& store) {
        auto dir = store.stagingDir();
        if (!dir) return dir.error();
        StagingDir s;
        s.path_ = *dir;
        return s;
    }
    StagingDir() = default;
    StagingDir(StagingDir&& o) noexcept : path_(std::exchange(o.path_, {})) {}
    StagingDir& operator=(StagingDir&&) = delete;
    ~StagingDir() {
        if (path_.empty()) return;
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    const fs::path& path() const { return path_; }
    fs::path release() { return std::exchange(path_, {}); }

  private:
    fs::path path_;
};

Status importLayer(ImageStore& store, const SourceDir& source, const LayerRef& layer, bool& extracted) {
    auto fd = source.openFile(layer.path);
    if (!fd) return fd.error();
    const std::string id = layerIdForDiff(layer.diffHex);
    extracted = false;
    if (fs::is_directory(store.layerDir(id))) {
        if (layer.blobHex.empty()) return {};
        auto hex = hashFile(fd->get());
        if (!hex) return hex.error();
        if (*hex != layer.blobHex)
            return Error(EBADMSG,
                         "wrong digest: the blob is sha256:" + *hex + ", not sha256:" + layer.blobHex);
        return {};
    }
    auto staging = StagingDir::create(store);
    if (!staging) return staging.error();
    auto digests = extractLayer(fd->get(), staging->path());
    if (!digests) return digests.error();
    if (!layer.blobHex.empty() && digests->blobHex != layer.blobHex)
        return Error(EBADMSG, "wrong digest: the blob is sha256:" + digests->blobHex +
                                  ", not sha256:" + layer.blobHex);
    if (digests->diffHex != layer.diffHex)
        return Error(EBADMSG, "wrong digest: the uncompressed layer is sha256:" + digests->diffHex +
                                  ", the config says sha256:" + layer.diffHex);
    extracted = true;
    return store.publishLayer(staging->release(), id);
}

Result<ImportResult> importPlan(ImageStore& store, const SourceDir& source, ImportPlan plan,
                                std::string name) {
    if (name.empty()) name = plan.suggestedName;
    if (name.empty()) return Error(EINVAL, "the image has no usable name tag — give one with --name");
    if (!isValidImageName(name))
        return Error(EINVAL,
                     "'" + name + "' is not an image name (lowercase letters, digits, '.', '_', '-')");
    ImportResult result;
    Image& image = result.image;
    image.name = name;
    image.config = plan.config;
    for (std::size_t i = 0; i < plan.layers.size(); ++i) {
        bool extracted = false;
        if (auto st = importLayer(store, source, plan.layers[i], extracted); !st)
            return st.error().wrap("layer " + std::to_string(i + 1) + " (" + plan.layers[i].path + ")");
        result.layersExtracted += extracted;
        image.layerIds.push_back(layerIdForDiff(plan.layers[i].diffHex));
        image.layerDirs.push_back(store.layerDir(image.layerIds.back()));
    }
    if (image.layerIds.empty()) return Error(EINVAL, "the image has no layers");
    auto user = numericUser(image.config.user, image.layerDirs);
    if (!user) return user.error();
    image.config.user = *user;
    if (auto saved = store.saveManifest(image); !saved) return saved.error();
    return result;
}

// A directory holding an OCI layout or an (unpacked) docker-archive.
Result<ImportResult> importFromDir(ImageStore& store, const SourceDir& dir, const std::string& name) {
    Result<ImportPlan> plan = Error(EINVAL,
                                    "neither an OCI image layout (oci-layout, index.json) nor a "
                                    "docker-archive (manifest.json)");
    if (isOciLayout(dir))
        plan = readOciLayout(dir);
    else if (isDockerArchive(dir))
        plan = readDockerArchive(dir);
    if (!plan) return plan.error();
    return importPlan(store, dir, std::move(*plan), name);
}

}  // namespace

Result<ImportResult> importImage(ImageStore& store, const fs::path& source, const std::string& name) {
    const std::string context = "import " + source.string();
    if (!name.empty() && !isValidImageName(name))
        return Error(EINVAL,
                     "'" + name + "' is not an image name (lowercase letters, digits, '.', '_', '-')");
    struct stat st {};
    if (::stat(source.c_str(), &st) < 0) return Error::fromErrno(context);
    if (!S_ISDIR(st.st_mode) && !S_ISREG(st.st_mode))
        return Error(EINVAL, context + ": neither a directory nor a file");
    // A file is an archive: unpacked (as securely as a layer) into tmp/, read there, removed.
    std::optional<StagingDir> unpacked;
    if (S_ISREG(st.st_mode)) {
        UniqueFd fd(::open(source.c_str(), O_RDONLY | O_CLOEXEC));
        if (fd.get() < 0) return Error::fromErrno(context);
        auto staging = StagingDir::create(store);
        if (!staging) return staging.error().wrap(context);
        unpacked.emplace(std::move(*staging));
        if (auto d = extractLayer(fd.get(), unpacked->path()); !d) return d.error().wrap(context);
    }
    auto dir = SourceDir::open(unpacked ? unpacked->path() : source);
    if (!dir) return dir.error().wrap(context);
    auto imported = importFromDir(store, *dir, name);
    if (!imported) return imported.error().wrap(context);
    return imported;
}

}  // namespace juxta::images

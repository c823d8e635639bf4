#include "images/image_import.h"

#include <fcntl.h>
#include <sys/stat.h>

#include <atomic>
#include <cerrno>
#include <mutex>
#include <optional>
#include <thread>

#include "images/digest.h"
#include "images/docker_archive.h"
#include "images/image_user.h"
#include "images/layer_extract.h"
#include "images/layer_tree_digest.h"
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

// A layer ready to publish: extracted into `staged`, or (staged empty) already in the store.
struct StagedLayer {
    std::string id;
    std::optional<StagingDir> staged;
    std::string treeHex;  // the staged tree's digest (layer_tree_digest.h), taken where it was extracted
    fs::path dir() const { return staged ? staged->path() : fs::path(); }
};

Status importLayer(ImageStore& store, const SourceDir& source, const LayerRef& layer, ExtractBudget& budget,
                   StagedLayer& out) {
    const std::string id = layerIdForDiff(layer.diffHex);
    out.id = id;
    std::error_code ec;
    const bool present = fs::is_directory(store.layerDir(id), ec);
    if (layer.path.empty()) {  // a pull fetched no blob for it: it was in the store
        if (present) return {};
        return Error(ENOENT, "layer " + id + " left the store while the image was pulled — pull it again");
    }
    auto fd = source.openFile(layer.path);
    // A concurrent pull of the same layer published it and removed the download it shared.
    if (!fd && fd.error().code() == ENOENT && present) return {};
    if (!fd) return fd.error();
    if (present) {
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
    out.staged.emplace(std::move(*staging));
    auto digests = extractLayer(fd->get(), out.staged->path(), budget);
    if (!digests) return digests.error();
    if (!layer.blobHex.empty() && digests->blobHex != layer.blobHex)
        return Error(EBADMSG, "wrong digest: the blob is sha256:" + digests->blobHex +
                                  ", not sha256:" + layer.blobHex);
    if (digests->diffHex != layer.diffHex)
        return Error(EBADMSG, "wrong digest: the uncompressed layer is sha256:" + digests->diffHex +
                                  ", the config says sha256:" + layer.diffHex);
    auto tree = layerTreeDigest(out.staged->path());
    if (!tree) return tree.error();
    out.treeHex = *tree;
    return {};
}

// Every layer is extracted and checked before any is published, so an import that fails (a bad
// digest, a limit) leaves no layer of it behind.
}  // namespace

Result<ImportResult> importPlan(ImageStore& store, const SourceDir& source, ImportPlan plan, std::string name,
                                const ExtractLimits& limits, const ImportHooks& hooks) {
    if (name.empty()) name = plan.suggestedName;
    if (name.empty()) return Error(EINVAL, "the image has no usable name tag — give one with --name");
    if (!isValidImageName(name))
        return Error(EINVAL,
                     "'" + name + "' is not an image name (lowercase letters, digits, '.', '_', '-')");
    ImportResult result;
    Image& image = result.image;
    image.name = name;
    image.config = plan.config;
    image.origin = plan.origin;
    ExtractBudget budget(limits, store.root());
    std::vector<StagedLayer> layers(plan.layers.size());
    if (layers.empty()) return Error(EINVAL, "the image has no layers");
    // Layers are extracted side by side, one per core (at most four): each into its own staging
    // directory, sharing the budget. The first failure stops the rest from starting.
    std::mutex errorMutex;
    std::optional<Error> firstError;
    std::atomic<std::size_t> next{0};
    const auto work = [&] {
        for (std::size_t i; (i = next.fetch_add(1)) < layers.size();) {
            {
                std::lock_guard lock(errorMutex);
                if (firstError) return;
            }
            Status st;
            try {
                if (hooks.awaitLayer) st = hooks.awaitLayer(i);
                if (st && hooks.onLayer) hooks.onLayer(i, false);
                if (st) st = importLayer(store, source, plan.layers[i], budget, layers[i]);
                if (st && hooks.onLayer) hooks.onLayer(i, true);
            } catch (const std::exception& e) {
                st = Error(EIO, std::string("extracting: ") + e.what());
            }
            if (!st) {
                std::lock_guard lock(errorMutex);
                if (!firstError)
                    firstError =
                        st.error().wrap("layer " + std::to_string(i + 1) + " (" + plan.layers[i].path + ")");
                return;
            }
        }
    };
    {
        const std::size_t cores = std::max(1u, std::thread::hardware_concurrency());
        std::vector<std::jthread> workers;
        for (std::size_t w = 1; w < std::min<std::size_t>({cores, layers.size(), 4}); ++w)
            workers.emplace_back(work);
        work();
    }
    if (firstError) return *firstError;
    std::vector<fs::path> lookIn;  // where each layer is now, for the User lookup
    for (const auto& layer : layers) lookIn.push_back(layer.staged ? layer.dir() : store.layerDir(layer.id));
    auto user = numericUser(image.config.user, lookIn);
    if (!user) return user.error();
    image.config.user = *user;
    for (auto& layer : layers) {
        if (layer.staged) {
            if (auto st = store.publishLayer(layer.staged->release(), layer.id, layer.treeHex); !st)
                return st.error();
            ++result.layersExtracted;
        }
        image.layerIds.push_back(layer.id);
        image.layerDirs.push_back(store.layerDir(layer.id));
    }
    if (auto saved = store.saveManifest(image); !saved) return saved.error();
    return result;
}

namespace {

// A directory holding an OCI layout or an (unpacked) docker-archive.
Result<ImportResult> importFromDir(ImageStore& store, const SourceDir& dir, const std::string& name,
                                   const ExtractLimits& limits) {
    Result<ImportPlan> plan = Error(EINVAL,
                                    "neither an OCI image layout (oci-layout, index.json) nor a "
                                    "docker-archive (manifest.json)");
    if (isOciLayout(dir))
        plan = readOciLayout(dir);
    else if (isDockerArchive(dir))
        plan = readDockerArchive(dir);
    if (!plan) return plan.error();
    return importPlan(store, dir, std::move(*plan), name, limits, {});
}

}  // namespace

Result<ImportResult> importImage(ImageStore& store, const fs::path& source, const std::string& name) {
    auto limits = ExtractLimits::fromEnvironment();
    if (!limits) return limits.error();
    return importImage(store, source, name, *limits);
}

Result<ImportResult> importImage(ImageStore& store, const fs::path& source, const std::string& name,
                                 const ExtractLimits& limits) {
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
        ExtractBudget budget(limits, store.root());  // the archive's own unpacking, on its own
        if (auto d = extractLayer(fd.get(), unpacked->path(), budget); !d) return d.error().wrap(context);
    }
    auto dir = SourceDir::open(unpacked ? unpacked->path() : source);
    if (!dir) return dir.error().wrap(context);
    auto imported = importFromDir(store, *dir, name, limits);
    if (!imported) return imported.error().wrap(context);
    return imported;
}

}  // namespace juxta::images

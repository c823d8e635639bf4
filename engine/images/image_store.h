#pragma once
// The image store under paths::dataDir()/images:
//   layers/<layer id>/           one extracted layer, read-only once in place, shared by images
//                                (imported: sha256-<diff_id hex>, see image_import.h)
//   layer-digests/<layer id>     "sha256:<hex>" of the extracted tree (layer_tree_digest.h),
//                                taken when the layer was published; `image verify` re-checks it
//   repositories/<name>.json     {"name", "layers": [ids, lowest first], "config": {Env, Cmd, ...},
//                                "origin": {reference, digest, ...} when pulled}
//   downloads/                   a pull's blobs (registry_pull.h)
// The store root and every directory above the layers are the owner's only (0700): a layer keeps
// its image's own modes (a 1777 /tmp), and no other local user may reach it to plant a file.
// Layers and manifests appear atomically (built in tmp/, then renamed), so a crash or a
// concurrent juxtactl never leaves a half-made image. The built-in `busybox` image is made on
// first use from the host's busybox-static (see busybox_image.h).
#include <filesystem>
#include <string>
#include <vector>

#include "core/error.h"
#include "images/image.h"

namespace juxta::images {

class ImageStore {
  public:
    explicit ImageStore(std::filesystem::path root);
    static ImageStore atDefaultLocation();  // paths::dataDir() / "images"

    const std::filesystem::path& root() const { return root_; }
    std::filesystem::path layerDir(const std::string& layerId) const { return root_ / "layers" / layerId; }

    // The named image; built-in images are created on first use. Unknown names: ENOENT.
    Result<Image> resolve(const std::string& name);
    // The images present (built-ins are created first), sorted by name.
    Result<std::vector<Image>> list();

    // Writes repositories/<image.name>.json atomically (temp file, fsync, rename).
    Status saveManifest(const Image& image);
    // Deletes the manifest only (image_removal.h collects the layers). ENOENT: no such image.
    Status removeManifest(const std::string& name);
    bool hasManifest(const std::string& name) const;
    // downloads/: a pull's layer blobs while they arrive (sha256-<hex>.partial, resumed by the next
    // pull) and until they are extracted.
    Result<std::filesystem::path> downloadsDir();
    // A fresh directory under tmp/ for building a layer; publishLayer() renames it into place
    // (if another process published the same id first, the staged copy is discarded).
    Result<std::filesystem::path> stagingDir();
    // Records the staged tree's digest (layer-digests/) before the rename: `treeHex` when the caller
    // took it already, else it is taken here.
    Status publishLayer(const std::filesystem::path& staged, const std::string& layerId,
                        const std::string& treeHex = {});
    // The digest recorded when the layer was published (hex); ENOENT when none was.
    Result<std::string> recordedLayerDigest(const std::string& layerId) const;
    // Deletes the recorded digest with its layer (image_removal.h).
    void forgetLayerDigest(const std::string& layerId);

  private:
    Result<Image> load(const std::string& name) const;
    std::filesystem::path manifestPath(const std::string& name) const;
    std::filesystem::path digestPath(const std::string& layerId) const;
    // root_/sub, made if missing; root_ and it 0700.
    Result<std::filesystem::path> privateDir(const char* sub);

    std::filesystem::path root_;
};

struct Reference;
// The store's name for a pulled reference: "docker.io/library/redis:7" → "redis-7".
std::string localNameFor(const Reference& ref);

// Image names: lowercase letters, digits, '.', '_', '-'; 1..128 characters.
bool isValidImageName(const std::string& name);

}  // namespace juxta::images

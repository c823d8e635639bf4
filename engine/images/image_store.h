#pragma once
// The image store under paths::dataDir()/images:
//   layers/<layer id>/           one extracted layer, read-only once in place, shared by images
//                                (imported: sha256-<diff_id hex>, see image_import.h)
//   repositories/<name>.json     {"name", "layers": [ids, lowest first], "config": {Env, Cmd, ...}}
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
    // A fresh directory under tmp/ for building a layer; publishLayer() renames it into place
    // (if another process published the same id first, the staged copy is discarded).
    Result<std::filesystem::path> stagingDir();
    Status publishLayer(const std::filesystem::path& staged, const std::string& layerId);

  private:
    Result<Image> load(const std::string& name) const;
    std::filesystem::path manifestPath(const std::string& name) const;

    std::filesystem::path root_;
};

// Image names: lowercase letters, digits, '.', '_', '-'; 1..128 characters.
bool isValidImageName(const std::string& name);

}  // namespace juxta::images

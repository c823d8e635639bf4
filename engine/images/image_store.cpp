#include "images/image_store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <nlohmann/json.hpp>
#include <random>

#include "core/atomic_file.h"
#include "core/bounded_json.h"
#include "core/json_reader.h"
#include "core/paths.h"
#include "core/unique_fd.h"
#include "images/busybox_image.h"
#include "images/digest.h"
#include "images/image_config.h"
#include "images/import_plan.h"
#include "images/layer_tree_digest.h"
#include "images/reference.h"

namespace juxta::images {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

bool isBuiltin(const std::string& name) {
    return name == kBusyboxImage;
}

}  // namespace

bool isValidImageName(const std::string& name) {
    if (name.empty() || name.size() > 128 || name[0] == '.') return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    });
}

ImageStore::ImageStore(fs::path root) : root_(std::move(root)) {}

ImageStore ImageStore::atDefaultLocation() {
    // A store an older Juxta left 0755 is closed before anything reads a layer from it.
    (void)paths::ensureDir(paths::dataDir() / "images" / "layers");
    return ImageStore(paths::dataDir() / "images");
}

fs::path ImageStore::manifestPath(const std::string& name) const {
    return root_ / "repositories" / (name + ".json");
}

Result<Image> ImageStore::load(const std::string& name) const {
    const fs::path file = manifestPath(name);
    auto j = readBoundedJsonFile(file, kImageJsonLimits, "manifest");
    if (!j && j.error().code() == ENOENT) return Error(ENOENT, "image '" + name + "' not found");
    if (!j) return j.error().wrap("image '" + name + "': damaged manifest");
    const JsonReader manifest(*j, "manifest " + file.string());
    Image image;
    image.name = manifest.string("name");
    image.layerIds = manifest.field("layers").asStrings();
    image.config = readImageConfig(manifest.field("config"));
    if (const JsonReader o = manifest.field("origin"); o.present()) {
        image.origin.reference = o.string("reference", "");
        image.origin.digest = o.string("digest", "");
        image.origin.platform = o.string("platform", "");
        image.origin.created = o.string("created", "");
        image.origin.pulled = o.string("pulled", "");
    }
    if (Status s = manifest.status(); !s) return s.error().wrap("image '" + name + "': damaged manifest");
    for (const auto& id : image.layerIds) {
        const fs::path dir = layerDir(id);
        struct stat st {};
        if (::stat(dir.c_str(), &st) < 0 || !S_ISDIR(st.st_mode))
            return Error(ENOENT, "image '" + name + "': layer " + id + " is missing from " +
                                     (root_ / "layers").string());
        image.layerDirs.push_back(dir);
    }
    return image;
}

Result<Image> ImageStore::resolve(const std::string& name) {
    // A reference as pulled ("redis:7", "localhost:5000/app:1") names the image stored for it.
    if (!isValidImageName(name) && name.find_first_of(":/@") != std::string::npos)
        if (auto ref = parseReference(name); ref) {
            const std::string local = localNameFor(*ref);
            auto image = load(local);
            if (image && image->origin.reference == ref->str()) return image;
            if (image || image.error().code() == ENOENT)
                return Error(ENOENT,
                             "image '" + name + "' is not here — `juxtactl pull " + name + "` fetches it");
            return image;
        }
    if (!isValidImageName(name))
        return Error(EINVAL,
                     "'" + name + "' is not an image name (lowercase letters, digits, '.', '_', '-')");
    auto image = load(name);
    if (image || image.error().code() != ENOENT) return image;
    if (name == kBusyboxImage) return createBusyboxImage(*this);
    if (fs::exists(manifestPath(name))) return image;  // a layer is missing: say so
    return Error(ENOENT, "unknown image '" + name + "' — `juxtactl images` lists the images here");
}

Result<std::vector<Image>> ImageStore::list() {
    if (auto b = resolve(kBusyboxImage); !b) return b.error();
    std::vector<Image> images;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(root_ / "repositories", ec)) {
        const std::string file = entry.path().filename().string();
        if (entry.path().extension() != ".json" || file[0] == '.') continue;
        auto image = load(entry.path().stem().string());
        if (!image) return image.error();
        images.push_back(std::move(image.value()));
    }
    if (ec) return Error(ec.value(), "list images in " + root_.string() + ": " + ec.message());
    std::sort(images.begin(), images.end(), [](const Image& a, const Image& b) { return a.name < b.name; });
    return images;
}

Result<fs::path> ImageStore::privateDir(const char* sub) {
    if (auto r = paths::ensureDir(root_); !r) return r.error();
    return paths::ensureDir(root_ / sub);
}

fs::path ImageStore::digestPath(const std::string& layerId) const {
    return root_ / "layer-digests" / layerId;
}

Status ImageStore::saveManifest(const Image& image) {
    if (!isBuiltin(image.name) && !isValidImageName(image.name))
        return Error(EINVAL, "'" + image.name + "' is not an image name");
    auto dir = privateDir("repositories");
    if (!dir) return dir.error();
    json j = {{"name", image.name}, {"layers", image.layerIds}, {"config", imageConfigJson(image.config)}};
    if (const ImageOrigin& o = image.origin; !o.reference.empty())
        j["origin"] = {{"reference", o.reference},
                       {"digest", o.digest},
                       {"platform", o.platform},
                       {"created", o.created},
                       {"pulled", o.pulled}};
    return writeFileAtomically(manifestPath(image.name), j.dump(2) + "\n");
}

Status ImageStore::removeManifest(const std::string& name) {
    if (!isValidImageName(name)) return Error(EINVAL, "'" + name + "' is not an image name");
    if (::unlink(manifestPath(name).c_str()) < 0) return Error::fromErrno("remove image " + name);
    return {};
}

bool ImageStore::hasManifest(const std::string& name) const {
    std::error_code ec;
    return isValidImageName(name) && fs::exists(manifestPath(name), ec);
}

std::string localNameFor(const Reference& ref) {
    return imageNameFromReference(ref.repository + (ref.tag.empty() ? "" : ":" + ref.tag));
}

Result<fs::path> ImageStore::downloadsDir() {
    return privateDir("downloads");
}

Result<fs::path> ImageStore::stagingDir() {
    auto tmp = privateDir("tmp");
    if (!tmp) return tmp.error();
    std::string tmpl = (*tmp / "layer.XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) return Error::fromErrno("create a staging directory in " + tmp->string());
    ::chmod(tmpl.c_str(), 0755);  // the layer's root, unless the layer sets "./" itself
    return fs::path(tmpl);
}

Status ImageStore::publishLayer(const fs::path& staged, const std::string& layerId,
                                const std::string& treeHex) {
    auto layers = privateDir("layers");
    if (!layers) return layers.error();
    auto digests = privateDir("layer-digests");
    if (!digests) return digests.error();
    auto tree = treeHex.empty() ? layerTreeDigest(staged) : Result<std::string>(treeHex);
    if (!tree) return tree.error().wrap("publish layer " + layerId);
    if (auto st = writeFileAtomically(digestPath(layerId), "sha256:" + *tree + "\n"); !st) return st;
    const fs::path target = layerDir(layerId);
    if (::rename(staged.c_str(), target.c_str()) == 0) return {};
    const int err = errno;
    std::error_code ec;
    fs::remove_all(staged, ec);
    if ((err == EEXIST || err == ENOTEMPTY) && fs::is_directory(target))
        return {};  // someone else won the race
    return Error::fromErrno("publish layer " + layerId, err);
}

Result<std::string> ImageStore::recordedLayerDigest(const std::string& layerId) const {
    UniqueFd fd(::open(digestPath(layerId).c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
    if (!fd && errno == ENOENT) return Error(ENOENT, "layer " + layerId + " has no recorded digest");
    if (!fd) return Error::fromErrno("read the digest of layer " + layerId);
    char text[80] = {};  // "sha256:" + 64 hex + "\n"
    const ssize_t n = ::read(fd.get(), text, sizeof text - 1);
    if (n < 0) return Error::fromErrno("read the digest of layer " + layerId);
    std::string_view digest(text, std::size_t(n));
    if (!digest.empty() && digest.back() == '\n') digest.remove_suffix(1);
    return parseDigest(digest);
}

void ImageStore::forgetLayerDigest(const std::string& layerId) {
    ::unlink(digestPath(layerId).c_str());
}

}  // namespace juxta::images

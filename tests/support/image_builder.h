#pragma once
// Test helpers that build image sources in a temp dir with libarchive's writer: tar layers
// (plain, gzip, zstd), OCI image layouts and docker-archives, including broken ones.
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace juxta::testing {

struct TarEntry {
    TarEntry(std::string path_, char type_ = 'f', std::string data_ = {}, int mode_ = 0644,
             std::string link_ = {}, unsigned major = 0, unsigned minor = 0)
        : path(std::move(path_)),
          type(type_),
          data(std::move(data_)),
          mode(mode_),
          link(std::move(link_)),
          devMajor(major),
          devMinor(minor) {}
    std::string path;
    char type = 'f';   // f file, d dir, l symlink, h hard link, c char device
    std::string data;  // file content
    int mode = 0644;
    std::string link;  // symlink / hard link target
    unsigned devMajor = 0, devMinor = 0;
    unsigned uid = 0, gid = 0;  // the owner the layer records
};

// bin/busybox (the host's static busybox) and bin/APPLET links to it: a root that runs them.
std::vector<TarEntry> busyboxFiles(const std::vector<std::string>& applets);

enum class Compression { None, Gzip, Zstd };

std::string makeTar(const std::vector<TarEntry>& entries, Compression compression = Compression::None);

struct Layer {
    std::string blob;     // what goes into blobs/ (compressed or not)
    std::string diffHex;  // sha256 of the uncompressed tar
    std::string mediaType = "application/vnd.oci.image.layer.v1.tar+gzip";
};
Layer makeLayer(const std::vector<TarEntry>& entries, Compression compression = Compression::None);

// Builds dir/{oci-layout,index.json,blobs/sha256/...}.
class OciLayoutBuilder {
  public:
    explicit OciLayoutBuilder(std::filesystem::path dir);
    std::string addBlob(const std::string& bytes);  // "sha256:<hex>"
    void addLayer(const Layer& layer);
    nlohmann::json config = nlohmann::json::object();  // the config's "config" section
    // Writes the config, manifest, index.json and oci-layout; returns the manifest digest.
    std::string write(const std::string& refName = "");
    // A config and manifest for linux/<architecture> with the layers added so far (blobs only); the
    // descriptor, with its platform, for writeIndex().
    nlohmann::json addManifest(const std::string& architecture);
    // A multi-platform index of these descriptors, and index.json pointing at it; oci-layout.
    void writeIndex(const nlohmann::json& descriptors);
    const std::filesystem::path& dir() const { return dir_; }
    std::filesystem::path blobFile(const std::string& digest) const;

  private:
    std::filesystem::path dir_;
    nlohmann::json layers_ = nlohmann::json::array();
    std::vector<std::string> diffIds_;
};

void writeFile(const std::filesystem::path& file, const std::string& bytes);
std::string sha256Of(const std::string& bytes);

}  // namespace juxta::testing

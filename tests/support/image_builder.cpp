#include "support/image_builder.h"

#include <archive.h>
#include <archive_entry.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <fstream>
#include <stdexcept>

#include "images/busybox_image.h"
#include "images/digest.h"

namespace juxta::testing {
namespace fs = std::filesystem;

std::string sha256Of(const std::string& bytes) {
    return images::sha256Hex(bytes);
}

void writeFile(const fs::path& file, const std::string& bytes) {
    fs::create_directories(file.parent_path());
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out << bytes;
}

namespace {

la_ssize_t appendBytes(archive*, void* opaque, const void* buf, size_t n) {
    static_cast<std::string*>(opaque)->append(static_cast<const char*>(buf), n);
    return la_ssize_t(n);
}

}  // namespace

std::string makeTar(const std::vector<TarEntry>& entries, Compression compression) {
    std::string out;
    archive* a = archive_write_new();
    archive_write_set_format_pax_restricted(a);
    if (compression == Compression::Gzip) archive_write_add_filter_gzip(a);
    if (compression == Compression::Zstd) archive_write_add_filter_zstd(a);
    archive_write_set_bytes_in_last_block(a, 1);
    if (archive_write_open(a, &out, nullptr, appendBytes, nullptr) != ARCHIVE_OK)
        throw std::runtime_error(archive_error_string(a));
    for (const auto& e : entries) {
        archive_entry* entry = archive_entry_new();
        archive_entry_set_pathname(entry, e.path.c_str());
        archive_entry_set_mtime(entry, 1700000000, 0);
        archive_entry_set_perm(entry, mode_t(e.mode));
        archive_entry_set_uid(entry, e.uid);
        archive_entry_set_gid(entry, e.gid);
        switch (e.type) {
            case 'd':
                archive_entry_set_filetype(entry, AE_IFDIR);
                break;
            case 'l':
                archive_entry_set_filetype(entry, AE_IFLNK);
                archive_entry_set_symlink(entry, e.link.c_str());
                break;
            case 'h':
                archive_entry_set_filetype(entry, AE_IFREG);
                archive_entry_set_hardlink(entry, e.link.c_str());
                break;
            case 'c':
                archive_entry_set_filetype(entry, AE_IFCHR);
                archive_entry_set_rdev(entry, makedev(e.devMajor, e.devMinor));
                break;
            default:
                archive_entry_set_filetype(entry, AE_IFREG);
                archive_entry_set_size(entry, la_int64_t(e.data.size()));
        }
        archive_write_header(a, entry);
        if (e.type == 'f' && !e.data.empty()) archive_write_data(a, e.data.data(), e.data.size());
        archive_entry_free(entry);
    }
    archive_write_close(a);
    archive_write_free(a);
    return out;
}

Layer makeLayer(const std::vector<TarEntry>& entries, Compression compression) {
    const std::string plain = makeTar(entries);
    const char* type = compression == Compression::Gzip   ? "application/vnd.oci.image.layer.v1.tar+gzip"
                       : compression == Compression::Zstd ? "application/vnd.oci.image.layer.v1.tar+zstd"
                                                          : "application/vnd.oci.image.layer.v1.tar";
    return {compression == Compression::None ? plain : makeTar(entries, compression), sha256Of(plain), type};
}

OciLayoutBuilder::OciLayoutBuilder(fs::path dir) : dir_(std::move(dir)) {
    fs::create_directories(dir_ / "blobs/sha256");
}

fs::path OciLayoutBuilder::blobFile(const std::string& digest) const {
    return dir_ / "blobs/sha256" / digest.substr(7);
}

std::string OciLayoutBuilder::addBlob(const std::string& bytes) {
    const std::string digest = "sha256:" + sha256Of(bytes);
    writeFile(blobFile(digest), bytes);
    return digest;
}

void OciLayoutBuilder::addLayer(const Layer& layer) {
    layers_.push_back(
        {{"mediaType", layer.mediaType}, {"digest", addBlob(layer.blob)}, {"size", layer.blob.size()}});
    diffIds_.push_back("sha256:" + layer.diffHex);
}

nlohmann::json OciLayoutBuilder::addManifest(const std::string& architecture) {
    const nlohmann::json configDoc = {{"architecture", architecture},
                                      {"os", "linux"},
                                      {"created", "2026-12-01T10:00:00Z"},
                                      {"config", config},
                                      {"rootfs", {{"type", "layers"}, {"diff_ids", diffIds_}}}};
    const std::string configText = configDoc.dump();
    const nlohmann::json manifest = {{"schemaVersion", 2},
                                     {"mediaType", "application/vnd.oci.image.manifest.v1+json"},
                                     {"config",
                                      {{"mediaType", "application/vnd.oci.image.config.v1+json"},
                                       {"digest", addBlob(configText)},
                                       {"size", configText.size()}}},
                                     {"layers", layers_}};
    const std::string manifestText = manifest.dump();
    return {{"mediaType", "application/vnd.oci.image.manifest.v1+json"},
            {"digest", addBlob(manifestText)},
            {"size", manifestText.size()},
            {"platform", {{"os", "linux"}, {"architecture", architecture}}}};
}

void OciLayoutBuilder::writeIndex(const nlohmann::json& descriptors) {
    const std::string index = nlohmann::json({{"schemaVersion", 2},
                                              {"mediaType", "application/vnd.oci.image.index.v1+json"},
                                              {"manifests", descriptors}})
                                  .dump();
    const nlohmann::json top = {{"mediaType", "application/vnd.oci.image.index.v1+json"},
                                {"digest", addBlob(index)},
                                {"size", index.size()}};
    writeFile(dir_ / "index.json", nlohmann::json({{"schemaVersion", 2}, {"manifests", {top}}}).dump());
    writeFile(dir_ / "oci-layout", R"({"imageLayoutVersion":"1.0.0"})");
}

std::string OciLayoutBuilder::write(const std::string& refName) {
    nlohmann::json descriptor = addManifest("amd64");
    descriptor.erase("platform");
    if (!refName.empty()) descriptor["annotations"] = {{"org.opencontainers.image.ref.name", refName}};
    writeFile(dir_ / "index.json",
              nlohmann::json({{"schemaVersion", 2}, {"manifests", {descriptor}}}).dump());
    writeFile(dir_ / "oci-layout", R"({"imageLayoutVersion":"1.0.0"})");
    return descriptor["digest"];
}

std::vector<TarEntry> busyboxFiles(const std::vector<std::string>& applets) {
    std::ifstream in(images::hostBusybox(), std::ios::binary);
    std::string busybox((std::istreambuf_iterator<char>(in)), {});
    if (busybox.empty()) throw std::runtime_error("no static busybox at " + images::hostBusybox().string());
    std::vector<TarEntry> files = {{"bin/", 'd', "", 0755}, {"bin/busybox", 'f', std::move(busybox), 0755}};
    for (const std::string& applet : applets) files.push_back({"bin/" + applet, 'l', "", 0777, "busybox"});
    return files;
}

}  // namespace juxta::testing

#pragma once
// `juxtactl image import PATH [--name NAME]`: an OCI image layout directory or a docker-archive
// tarball (plain or compressed) into the store. All or nothing: layers are extracted into
// tmp/ and published under their diff_id only once every layer's digests check out; the
// manifest is written last; on any error (a crossed limit included) every staging directory is
// removed and nothing else was written.
// A layer already in the store (another image shares it) is not extracted again — only its
// blob digest is checked.
#include <filesystem>
#include <functional>
#include <string>

#include "core/error.h"
#include "images/extract_limits.h"
#include "images/image.h"
#include "images/image_store.h"
#include "images/import_plan.h"
#include "images/source_dir.h"

namespace juxta::images {

struct ImportResult {
    Image image;
    int layersExtracted = 0;  // the rest were in the store already
};

// name: the image's name in the store; empty → from the source's tag or ref annotation.
// limits: extract_limits.h; without, ExtractLimits::fromEnvironment().
Result<ImportResult> importImage(ImageStore& store, const std::filesystem::path& source,
                                 const std::string& name);
Result<ImportResult> importImage(ImageStore& store, const std::filesystem::path& source,
                                 const std::string& name, const ExtractLimits& limits);

// What a caller may hook into importPlan: onLayer(i, false) before layer i is extracted or checked,
// onLayer(i, true) when it is (from any of the extracting threads); awaitLayer(i) before layer i's
// blob is opened — a pull returns once the blob has arrived (an error stops the import).
struct ImportHooks {
    std::function<void(std::size_t, bool)> onLayer;
    std::function<Status(std::size_t)> awaitLayer;
};

// A plan the caller read itself (a registry pull, registry_pull.h): its blobs are files beneath
// `source`; a layer with an empty path must be in the store already. Layers are extracted side by
// side (a thread per core, at most four), in order of their index.
Result<ImportResult> importPlan(ImageStore& store, const SourceDir& source, ImportPlan plan, std::string name,
                                const ExtractLimits& limits, const ImportHooks& hooks);

}  // namespace juxta::images

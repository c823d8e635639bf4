#pragma once
// An OCI image layout directory (image-spec image-layout.md): oci-layout, index.json, and
// blobs/sha256/<hex>. index.json → (a nested index →) a manifest for this machine's platform →
// its config and layers. Every JSON blob is size-capped and checked against its digest here;
// layer blobs are checked while they are extracted.
#include "core/error.h"
#include "images/import_plan.h"
#include "images/source_dir.h"

namespace juxta::images {

bool isOciLayout(const SourceDir& dir);
Result<ImportPlan> readOciLayout(const SourceDir& dir);

// A blob named by its digest, read whole (capped) and verified.
Result<std::string> readVerifiedBlob(const SourceDir& dir, const std::string& digest);

}  // namespace juxta::images

#pragma once
// A docker-archive (what `docker save` / `podman save` write), once unpacked into the store's
// tmp/ by image_import.cpp with the same secure extraction as a layer: manifest.json is
// [{"Config": "<hex>.json", "RepoTags": ["name:tag"], "Layers": ["<id>/layer.tar", ...]}].
// Layer paths may be symlinks to other layers (older docker); SourceDir resolves them inside
// the archive. The config's name, when it is "<hex>.json" or "blobs/sha256/<hex>", is checked
// against its content; layers are checked against the config's diff_ids while extracted.
#include "core/error.h"
#include "images/import_plan.h"
#include "images/source_dir.h"

namespace juxta::images {

bool isDockerArchive(const SourceDir& dir);
Result<ImportPlan> readDockerArchive(const SourceDir& dir);

}  // namespace juxta::images

#pragma once
// Removing an image from the store: its manifest goes first (atomically, so the image is gone
// or whole), then each of its layers that nothing else holds — no other image's manifest and
// no layer the caller says is in use (by containers: the lifecycle passes those, see
// runtime/lifecycle/lifecycle.h removeImage()). A layer is first renamed out of layers/ into
// tmp/ and deleted there, so a crash half-way never leaves a half-deleted layer in use.
// Only the removed image's own layers are collected: a layer another import has just published
// (its manifest not written yet) is never touched.
//
// Running containers: every container holds a shared flock() on each of its layer directories
// for as long as it runs (runtime/container.cpp) — ephemeral ones too, which have no definition
// to look at. Removal takes an exclusive one on every layer it would delete before it removes
// anything, so a layer a running container uses makes the whole removal fail (EBUSY).
#include <cstdint>
#include <set>
#include <string>

#include "core/error.h"
#include "images/image_store.h"

namespace juxta::images {

struct RemovedImage {
    std::string name;
    int layersRemoved = 0;
    int layersKept = 0;  // still used by another image or a container
    uint64_t bytesFreed = 0;
};

// ENOENT for an unknown image; EBUSY when a running container uses a layer it would delete.
// The layer ids in layersInUse are kept.
Result<RemovedImage> removeImage(ImageStore& store, const std::string& name,
                                 const std::set<std::string>& layersInUse);

}  // namespace juxta::images

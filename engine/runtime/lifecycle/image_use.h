#pragma once
// `juxtactl image rm`: an image is removed only when no defined container was made from it, and
// its layers are collected unless another image or a container still uses them
// (images/image_removal.h; running containers guard their layers with a lock).
#include <string>

#include "core/error.h"
#include "images/image_removal.h"

namespace juxta::runtime {

// EBUSY naming the container(s) when one was made from the image; else images::removeImage()
// with the layers of every defined container kept.
Result<images::RemovedImage> removeImageIfUnused(const std::string& name);

}  // namespace juxta::runtime

#pragma once
// The embedded default image `busybox`: one layer made from Debian's busybox-static
// (/bin/busybox) with every applet link `busybox --list-full` names, the usual top-level
// directories, and a minimal /etc (passwd, group, hosts). Takes a few milliseconds; done on
// first use.
#include <filesystem>

#include "core/error.h"
#include "images/image_store.h"

namespace juxta::images {

inline constexpr const char* kBusyboxImage = "busybox";

// Where the static busybox comes from; JUXTA_BUSYBOX overrides (tests, other distributions).
std::filesystem::path hostBusybox();

// Creates the layer (if missing) and the manifest in the store; returns the image.
Result<Image> createBusyboxImage(ImageStore& store);

}  // namespace juxta::images

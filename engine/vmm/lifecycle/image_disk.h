#pragma once
// An OCI image as a VM's disks (issue 15, "An OCI image as a VM"):
//  - the image's layers as one read-only ext4 image, each layer a directory `/layers/<i>` (lowest
//    0) as the store keeps it — overlayfs whiteouts (0:0 character devices) and opaque directories
//    (trusted.overlay.opaque; user.overlay.opaque in a user's store) included — made by `mke2fs -d`
//    (e2fsprogs) from a tree of hard links to the store's files: no copy of the data, no mount, no
//    loop device, no root (a user's disk is made in a user namespace). Cached per set of layers
//    under <dataDir>/vm-images/<key>.ext4 and shared read-only by every VM of that image;
//  - each VM's own writable disk, a sparse ext4 file for the overlay's upper layer.
// In the guest the agent joins them with overlayfs (engine/guest/README.md).
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/error.h"
#include "images/image.h"
#include "images/image_store.h"

namespace juxta::vmm {

// The image's disk, made when missing. ENOENT naming the program when e2fsprogs is missing.
Result<std::filesystem::path> ensureImageDisk(images::ImageStore& store, const images::Image& image);

// A new empty ext4 file system of `bytes` (sparse) at `file`, replacing nothing: EEXIST when
// there is one (a persistent VM keeps its disk across stop and start).
Status makeWritableDisk(const std::filesystem::path& file, uint64_t bytes);

// Whether this caller's image disks keep overlayfs' marks as user.overlay.* (a user's store, built
// rootless) rather than trusted.overlay.* (root's).
bool imageDiskHasUserXattrs();

// What the guest agent reads from the kernel's command line to join an image VM's root: the number
// of layers on vda (vdb the VM's own disk) and the host name — " juxta.image=N juxta.hostname=NAME",
// and " juxta.image.xattr=user" for a user's disk (overlayfs' userxattr).
std::string imageRootCmdline(std::size_t layers, const std::string& hostname);

// Where the image disks are kept (<dataDir>/vm-images).
std::filesystem::path imageDiskDir();

struct ImageDiskPrune {
    std::vector<std::string> removed;  // file names
    uint64_t bytesFreed = 0;           // allocated blocks
    std::vector<Error> failures;
};
// Removes the image disks no image in `store` has any more (`image rm`, `system prune`) and what a
// killed build left (*.part): a disk a running VM has open (its shared lock) is kept.
ImageDiskPrune pruneImageDisks(images::ImageStore& store);

}  // namespace juxta::vmm

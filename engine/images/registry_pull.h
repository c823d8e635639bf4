#pragma once
// `juxtactl pull REF`: an image from an OCI registry into the store. The reference's manifest (an
// index is followed to this machine's platform, or --platform's), its config, then the layers the
// store does not have yet — several at once, each streamed into downloads/ and verified by its
// digest as it arrives (registry_client.h) — and then the same all-or-nothing import as
// `image import` (image_import.h): every layer extracted and checked before any is published, the
// image's manifest written last. Layers already in the store (another pull or an import brought
// them) are not fetched at all. A pull stopped midway (cancelled, killed, the network gone) leaves
// its finished and partial downloads; the next pull of an image with those layers resumes them.
//
// Refused, each with one message: Docker schema 1 manifests, foreign and non-distributable layers,
// unknown layer or config media types (an artifact that is no container image), a platform this
// machine cannot run, manifests over 4 MiB, configs over 1 MiB.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "images/extract_limits.h"
#include "images/image_import.h"
#include "images/image_store.h"
#include "images/platform.h"
#include "images/reference.h"
#include "images/registry_client.h"

namespace juxta::images {

enum class LayerPhase { Waiting, Present, Downloading, Downloaded, Extracting, Done };
const char* describe(LayerPhase phase);

struct LayerProgress {
    std::string digest;  // the blob's
    std::int64_t size = 0;
    std::int64_t done = 0;  // bytes downloaded (a resumed part included)
    LayerPhase phase = LayerPhase::Waiting;
};

struct PullProgress {
    std::string reference;              // normalised
    std::string digest;                 // the platform manifest's, once known
    std::vector<LayerProgress> layers;  // lowest first, once the manifest is read
    bool extracting = false;
    bool finished = false;
};

// Called with the whole state from the pulling threads (one at a time), when a layer changes phase
// and at most every 100 ms while bytes arrive.
using PullObserver = std::function<void(const PullProgress&)>;

struct PullOptions {
    RegistryOptions registry;
    std::optional<Platform> platform;  // nullopt: this machine's
    std::string name;                  // the store's name; empty: localNameFor(reference)
    ExtractLimits limits;
    int parallel = 3;  // layers downloaded at once
};

struct PullResult {
    Image image;
    int layersFetched = 0;  // downloaded (or finished from an earlier pull's partial download)
    int layersPresent = 0;  // in the store already
    std::int64_t bytesFetched = 0;
    double downloadSeconds = 0;  // from the first request to the last layer downloaded
    double unpackSeconds = 0;    // the import after it: extraction, checks, publishing
};

Result<PullResult> pullImage(ImageStore& store, const Reference& ref, PullOptions options,
                             const PullObserver& observer = {});

}  // namespace juxta::images

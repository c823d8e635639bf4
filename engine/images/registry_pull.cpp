#include "images/registry_pull.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <ctime>
#include <limits>
#include <list>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "core/bounded_json.h"
#include "core/json_reader.h"
#include "core/unique_fd.h"
#include "images/busybox_image.h"
#include "images/digest.h"
#include "images/source_dir.h"

namespace juxta::images {
using nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {

constexpr JsonLimits kManifestLimits{kMaxManifestBytes, 64};
constexpr std::size_t kMaxConfigBytes = std::size_t(1) << 20;
constexpr std::size_t kMaxLayers = 256;

enum class Kind { Index, Image };

bool isOneOf(const std::string& type, std::initializer_list<const char*> types) {
    for (const char* t : types)
        if (type == t) return true;
    return false;
}

// What a manifest is: by the reply's Content-Type, else by its own mediaType field.
Result<Kind> kindOf(const std::string& contentType, const JsonReader& doc) {
    std::string type = contentType;
    const std::string own = doc.string("mediaType", "");
    if (type.empty() || type == "application/json" || type == "application/octet-stream" ||
        type == "text/plain")
        type = own;
    if (doc.integer<int>("schemaVersion", 2) == 1 ||
        type.rfind("application/vnd.docker.distribution.manifest.v1", 0) == 0)
        return Error(
            ENOTSUP,
            "the image has a Docker schema 1 manifest, which Juxta does not read (deprecated since Docker "
            "1.10; push it again with a current tool)");
    if (isOneOf(type, {"application/vnd.oci.image.index.v1+json",
                       "application/vnd.docker.distribution.manifest.list.v2+json"}))
        return Kind::Index;
    if (isOneOf(type, {"application/vnd.oci.image.manifest.v1+json",
                       "application/vnd.docker.distribution.manifest.v2+json"}))
        return Kind::Image;
    if (type.empty() && doc.field("manifests").present()) return Kind::Index;
    if (type.empty() && doc.field("layers").present()) return Kind::Image;
    if (Status s = doc.status(); !s) return s.error();
    return Error(ENOTSUP, "the manifest's media type '" + printableText(type, 100) +
                              "' is not an image or an index Juxta reads");
}

Status checkLayerType(const std::string& type, const JsonReader& layer, std::size_t n) {
    const std::string which = "layer " + std::to_string(n);
    if (isOneOf(type,
                {"application/vnd.oci.image.layer.v1.tar", "application/vnd.oci.image.layer.v1.tar+gzip",
                 "application/vnd.oci.image.layer.v1.tar+zstd",
                 "application/vnd.docker.image.rootfs.diff.tar.gzip",
                 "application/vnd.docker.image.rootfs.diff.tar"})) {
        if (layer.field("urls").present())
            return Error(ENOTSUP, which +
                                      " names URLs outside the registry to fetch it from; Juxta fetches only "
                                      "from the registry");
        return {};
    }
    if (type.find("nondistributable") != std::string::npos || type.find("foreign") != std::string::npos)
        return Error(
            ENOTSUP,
            which + " is a foreign (non-distributable) layer, '" + printableText(type, 100) +
                "': its bytes are not in the registry (a Windows base layer?) and Juxta does not fetch them");
    return Error(ENOTSUP, which + " has the media type '" + printableText(type, 100) +
                              "', which is no container image layer");
}

std::string nowRfc3339() {
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    ::gmtime_r(&t, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return text;
}

// The progress shared by the pulling threads; observers see it whole, one call at a time.
class Tracker {
  public:
    Tracker(PullProgress initial, const PullObserver& observer)
        : state_(std::move(initial)), observer_(observer) {}
    template <typename F>
    void update(F&& change, bool force) {
        std::lock_guard lock(mutex_);
        change(state_);
        const auto now = Clock::now();
        if (!observer_ || (!force && now - last_ < std::chrono::milliseconds(100))) return;
        last_ = now;
        observer_(state_);
    }

  private:
    std::mutex mutex_;
    PullProgress state_;
    const PullObserver& observer_;
    Clock::time_point last_{};
};

// Downloads a pull left more than a day ago (cancelled, or never pulled again) and nobody holds.
void removeStaleDownloads(const std::filesystem::path& dir) {
    std::error_code ec;
    const auto dayAgo = std::filesystem::file_time_type::clock::now() - std::chrono::hours(24);
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
        std::error_code e2;
        if (!entry.is_regular_file(e2) || entry.last_write_time(e2) > dayAgo || e2) continue;
        UniqueFd fd(::open(entry.path().c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
        if (fd && ::flock(fd.get(), LOCK_EX | LOCK_NB) == 0) ::unlink(entry.path().c_str());
    }
}

struct Target {
    JsonReader manifest;
    std::string digest;
};

}  // namespace

const char* describe(LayerPhase phase) {
    switch (phase) {
        case LayerPhase::Waiting:
            return "waiting";
        case LayerPhase::Present:
            return "already here";
        case LayerPhase::Downloading:
            return "downloading";
        case LayerPhase::Downloaded:
            return "downloaded";
        case LayerPhase::Extracting:
            return "extracting";
        case LayerPhase::Done:
            return "done";
    }
    return "?";
}

Result<PullResult> pullImage(ImageStore& store, const Reference& ref, PullOptions options,
                             const PullObserver& observer) {
    const std::string context = "pull " + ref.familiar();
    const Platform platform = options.platform.value_or(hostPlatform());
    if (Status s = runsHere(platform); !s) return s.error().wrap(context);
    const std::string name = options.name.empty() ? localNameFor(ref) : options.name;
    if (!isValidImageName(name))
        return Error(
            EINVAL,
            context + ": '" + name +
                "' is not an image name (lowercase letters, digits, '.', '_', '-') — give one with --name");

    // The name is the reference's last part: an image of that name from elsewhere (or the built-in
    // busybox) is not replaced unless --name says so.
    if (options.name.empty() && store.hasManifest(name)) {
        auto existing = store.resolve(name);
        if (existing && existing->origin.reference != ref.str())
            return Error(EEXIST,
                         context + ": the image '" + name + "' here came from " +
                             (existing->origin.reference.empty() ? std::string("an import or is built in")
                                                                 : existing->origin.reference) +
                             " — pull with --name NAME to keep both");
    }
    if (options.name.empty() && name == kBusyboxImage)
        return Error(EEXIST, context + ": 'busybox' is the built-in image — pull with --name NAME");

    std::atomic<bool> failed{false};
    const std::function<bool()> userCancelled = options.registry.cancelled;
    options.registry.cancelled = [&failed, &userCancelled] {
        return failed.load() || (userCancelled && userCancelled());
    };
    const auto started = Clock::now();
    auto client = RegistryClient::connect(ref, options.registry);
    if (!client) return client.error().wrap(context);

    // The reference's manifest, and an index followed to the platform's (at most two levels).
    std::list<json> documents;
    Target target{JsonReader(json(), ""), ""};
    std::string wanted = ref.manifestRef();
    for (int depth = 0;; ++depth) {
        auto m = (*client)->manifest(wanted);
        if (!m) return m.error().wrap(context);
        auto doc = parseBoundedJson(m->body, kManifestLimits, "manifest " + m->digest);
        if (!doc) return doc.error().wrap(context);
        if (!doc->is_object()) return Error(EPROTO, context + ": the manifest is not a JSON object");
        documents.push_back(std::move(*doc));
        JsonReader reader(documents.back(), "manifest " + m->digest);
        auto kind = kindOf(m->mediaType, reader);
        if (!kind) return kind.error().wrap(context);
        if (*kind == Kind::Image) {
            target = {reader, m->digest};
            break;
        }
        if (depth == 2) return Error(EPROTO, context + ": indexes nested too deep");
        auto descriptor = pickManifest(reader, platform);
        if (!descriptor) return descriptor.error().wrap(context);
        wanted = descriptor->string("digest");
        if (Status s = reader.status(); !s) return s.error().wrap(context);
        if (auto hex = parseDigest(wanted); !hex) return hex.error().wrap(context + ": the index's manifest");
    }
    const JsonReader& manifest = target.manifest;
    const JsonReader configDescriptor = manifest.field("config");
    const std::string configType = configDescriptor.string("mediaType", "");
    const std::string configDigest = configDescriptor.string("digest");
    const std::vector<JsonReader> layerDescriptors = manifest.field("layers").elements();
    if (Status s = manifest.status(); !s) return s.error().wrap(context);
    if (!isOneOf(configType, {"application/vnd.oci.image.config.v1+json",
                              "application/vnd.docker.container.image.v1+json"}))
        return Error(ENOTSUP, context + ": this is not a container image (its config is '" +
                                  printableText(configType, 100) + "')");
    if (layerDescriptors.empty()) return Error(EPROTO, context + ": the manifest lists no layers");
    if (layerDescriptors.size() > kMaxLayers)
        return Error(E2BIG, context + ": the image has " + std::to_string(layerDescriptors.size()) +
                                " layers, more than " + std::to_string(kMaxLayers));

    PullProgress initial;
    initial.reference = ref.str();
    initial.digest = target.digest;
    for (std::size_t i = 0; i < layerDescriptors.size(); ++i) {
        const JsonReader& l = layerDescriptors[i];
        LayerProgress p;
        p.digest = l.string("digest");
        p.size = l.integer<std::int64_t>("size");
        const std::string type = l.string("mediaType");
        if (Status s = manifest.status(); !s) return s.error().wrap(context);
        if (Status s = checkLayerType(type, l, i + 1); !s) return s.error().wrap(context);
        if (auto hex = parseDigest(p.digest); !hex)
            return hex.error().wrap(context + ": layer " + std::to_string(i + 1));
        if (p.size < 0)
            return Error(EPROTO, context + ": layer " + std::to_string(i + 1) + " has a negative size");
        initial.layers.push_back(p);
    }
    auto configText = (*client)->smallBlob(configDigest, kMaxConfigBytes);
    if (!configText) return configText.error().wrap(context + ": image config");
    auto config = parseImageConfig(*configText);
    if (!config) return config.error().wrap(context);
    if (config->diffHexes.size() != initial.layers.size())
        return Error(EPROTO, context + ": the manifest lists " + std::to_string(initial.layers.size()) +
                                 " layers, its config " + std::to_string(config->diffHexes.size()));

    PullResult result;
    std::vector<std::size_t> toFetch;
    for (std::size_t i = 0; i < initial.layers.size(); ++i) {
        if (std::filesystem::is_directory(store.layerDir(layerIdForDiff(config->diffHexes[i])))) {
            initial.layers[i].phase = LayerPhase::Present;
            ++result.layersPresent;
        } else {
            toFetch.push_back(i);
        }
    }
    auto downloads = store.downloadsDir();
    if (!downloads) return downloads.error().wrap(context);
    removeStaleDownloads(*downloads);
    // What the manifest says is to be fetched must fit: under --max-size (a compressed layer is not
    // larger than its tar, give or take its framing) and above the free-space floor.
    std::uint64_t toDownload = 0;
    for (const std::size_t i : toFetch) {
        const auto size = std::uint64_t(initial.layers[i].size);
        if (toDownload > std::numeric_limits<std::uint64_t>::max() - size)
            return Error(EFBIG, context + ": the manifest's layer sizes add up past 2^64 bytes");
        toDownload += size;
    }
    if (options.limits.maxBytes > 0 &&
        toDownload > options.limits.maxBytes + options.limits.maxBytes / 8 + (1 << 20))
        return Error(EFBIG, context + ": its layers are " + std::to_string(toDownload >> 20) +
                                " MiB to download, more than the limit of " +
                                std::to_string(options.limits.maxBytes >> 20) +
                                " MiB (--max-size, JUXTA_MAX_SIZE)");
    if (struct statvfs fsStat{}; ::statvfs(downloads->c_str(), &fsStat) == 0) {
        const std::uint64_t free = std::uint64_t(fsStat.f_bavail) * fsStat.f_frsize;
        if (free < options.limits.minFreeBytes || free - options.limits.minFreeBytes < toDownload)
            return Error(ENOSPC, context + ": its layers are " + std::to_string(toDownload >> 20) +
                                     " MiB to download; " + downloads->string() + " has " +
                                     std::to_string(free >> 20) + " MiB free and keeps a floor of " +
                                     std::to_string(options.limits.minFreeBytes >> 20) +
                                     " MiB (--min-free, JUXTA_MIN_FREE)");
    }
    Tracker tracker(initial, observer);
    tracker.update([](PullProgress&) {}, true);

    // Downloads, several layers at once, and the import beside them: a layer is extracted as soon as it
    // has arrived (on a slow network most of the unpacking hides behind the download). The first
    // failure stops the rest.
    std::mutex errorMutex;
    std::condition_variable arrived;
    std::vector<char> ready(initial.layers.size(), 0);
    auto lastArrival = Clock::now();
    std::optional<Error> firstError;
    std::atomic<std::size_t> next{0};
    const auto fail = [&](Error e) {
        {
            std::lock_guard lock(errorMutex);
            if (!firstError) firstError = std::move(e);
            failed = true;
        }
        arrived.notify_all();
    };
    const auto fetch = [&] {
        for (std::size_t k; (k = next.fetch_add(1)) < toFetch.size() && !failed.load();) {
            const std::size_t i = toFetch[k];
            const LayerProgress& layer = initial.layers[i];
            tracker.update([i](PullProgress& p) { p.layers[i].phase = LayerPhase::Downloading; }, true);
            const auto file = *downloads / ("sha256-" + layer.digest.substr(7));
            Status st = (*client)->blobToFile(
                layer.digest, layer.size, file,
                [&tracker, i](std::int64_t done, std::int64_t) {
                    tracker.update([i, done](PullProgress& p) { p.layers[i].done = done; }, false);
                },
                options.limits.minFreeBytes);
            if (!st) {
                fail(st.error().wrap("layer " + std::to_string(i + 1) + " (" + layer.digest + ")"));
                return;
            }
            tracker.update(
                [i](PullProgress& p) {
                    p.layers[i].done = p.layers[i].size;
                    if (p.layers[i].phase == LayerPhase::Downloading)
                        p.layers[i].phase = LayerPhase::Downloaded;
                },
                true);
            {
                std::lock_guard lock(errorMutex);
                ready[i] = 1;
                lastArrival = Clock::now();
            }
            arrived.notify_all();
        }
    };
    // No exception may leave a download thread (a throwing allocation, a filesystem error).
    const auto work = [&] {
        try {
            fetch();
        } catch (const std::exception& e) {
            fail(Error(EIO, std::string("downloading: ") + e.what()));
        } catch (...) {
            fail(Error(EIO, "downloading: an unknown exception"));
        }
    };

    ImportPlan plan;
    plan.configHex = configDigest.substr(7);
    plan.config = config->config;
    plan.origin = {ref.str(), target.digest, platform.str(), config->created, nowRfc3339()};
    for (std::size_t i = 0; i < initial.layers.size(); ++i) {
        const bool fetched = initial.layers[i].phase != LayerPhase::Present;
        plan.layers.push_back({fetched ? "sha256-" + initial.layers[i].digest.substr(7) : std::string(),
                               initial.layers[i].digest.substr(7), config->diffHexes[i]});
        if (!fetched) ready[i] = 1;
    }
    auto dir = SourceDir::open(*downloads);
    if (!dir) return dir.error().wrap(context);
    ImportHooks hooks;
    hooks.awaitLayer = [&](std::size_t i) -> Status {
        std::unique_lock lock(errorMutex);
        while (!ready[i] && !firstError) arrived.wait_for(lock, std::chrono::milliseconds(100));
        if (firstError) return Error(ECANCELED, "a download failed");
        return {};
    };
    hooks.onLayer = [&tracker](std::size_t i, bool done) {
        tracker.update(
            [i, done](PullProgress& p) {
                p.extracting = true;
                if (p.layers[i].phase != LayerPhase::Present)
                    p.layers[i].phase = done ? LayerPhase::Done : LayerPhase::Extracting;
            },
            true);
    };
    std::optional<Result<ImportResult>> imported;
    {
        std::vector<std::jthread> workers;  // joined when this scope ends, however it ends
        const std::size_t n = std::min<std::size_t>(std::max(1, options.parallel), toFetch.size());
        for (std::size_t w = 0; w < n; ++w) workers.emplace_back(work);
        imported.emplace(importPlan(store, *dir, plan, name, options.limits, hooks));
        if (!*imported) {  // the downloads stop too
            failed = true;
            arrived.notify_all();
        }
    }
    if (firstError) {  // a download failed: its partial and finished blobs stay for the next pull
        if (userCancelled && userCancelled()) return Error(ECANCELED, context + ": cancelled");
        return firstError->wrap(context);
    }
    if (!*imported) {  // the blobs were complete and checked: what failed was in them, not the transfer
        for (const LayerRef& l : plan.layers)
            if (!l.path.empty()) ::unlink((*downloads / l.path).c_str());
        if (userCancelled && userCancelled()) return Error(ECANCELED, context + ": cancelled");
        return imported->error().wrap(context);
    }
    const auto downloaded = toFetch.empty() ? started : lastArrival;
    for (const LayerRef& l : plan.layers) {
        if (l.path.empty()) continue;
        ::unlink((*downloads / l.path).c_str());
        ++result.layersFetched;
    }
    for (const std::size_t i : toFetch) result.bytesFetched += initial.layers[i].size;
    result.downloadSeconds = std::chrono::duration<double>(downloaded - started).count();
    result.unpackSeconds = std::chrono::duration<double>(Clock::now() - downloaded).count();
    tracker.update(
        [](PullProgress& p) {
            for (auto& l : p.layers)
                if (l.phase != LayerPhase::Present) l.phase = LayerPhase::Done;
            p.extracting = false;
            p.finished = true;
        },
        true);
    result.image = std::move((*imported)->image);
    return result;
}

}  // namespace juxta::images

// juxtactl image import PATH [--name NAME] [--max-size SIZE] [--min-free SIZE]
// juxtactl image rm NAME...
// juxtactl image verify [NAME...]
// juxtactl image inspect NAME...
// juxtactl images [--json]
// Parsing and printing only: the image store imports, lists and sizes the images.
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>

#include "core/format.h"
#include "images/image_config.h"
#include "images/image_import.h"
#include "images/image_sizes.h"
#include "images/image_store.h"
#include "images/layer_verify.h"
#include "juxtactl/args.h"
#include "juxtactl/commands.h"
#include "runtime/lifecycle/image_use.h"
#include "vmm/lifecycle/image_disk.h"
#include "vmm/lifecycle/vm_definition.h"

namespace juxta::cli {

// JUXTA_MAX_SIZE / JUXTA_MIN_FREE, then the flags over them (image import and pull).
Result<images::ExtractLimits> importLimits(const Args& args) {
    auto limits = images::ExtractLimits::fromEnvironment();
    if (!limits) return limits.error();
    for (auto [flag, field] : {std::pair{"--max-size", &images::ExtractLimits::maxBytes},
                               std::pair{"--min-free", &images::ExtractLimits::minFreeBytes}})
        if (auto v = args.value(flag)) {
            auto bytes = images::parseByteSize(*v, flag);
            if (!bytes) return bytes.error();
            (*limits).*field = *bytes;
        }
    return limits;
}

namespace {

int imageImport(const Argv& argv) {
    auto args = Args::parse(argv, {.options = {"--name", "--max-size", "--min-free"}});
    if (!args) return usageError(args.error().message(), "image");
    if (args->positionals().size() != 1)
        return usageError(args->positionals().empty() ? "missing PATH" : "one PATH at a time", "image");
    auto limits = importLimits(*args);
    if (!limits) return usageError(limits.error().message(), "image");
    auto store = images::ImageStore::atDefaultLocation();
    auto imported =
        images::importImage(store, args->positionals()[0], args->value("--name").value_or(""), *limits);
    if (!imported) return fail(imported.error().message());
    const auto& image = imported->image;
    std::printf("imported %s: %zu layers (%d extracted, %zu already in the store)\n", image.name.c_str(),
                image.layerIds.size(), imported->layersExtracted,
                image.layerIds.size() - std::size_t(imported->layersExtracted));
    return 0;
}

int imageRemove(const Argv& argv) {
    auto args = Args::parse(argv, {});
    if (!args) return usageError(args.error().message(), "image");
    if (args->positionals().empty()) return usageError("missing NAME", "image");
    int code = 0;
    bool anyRemoved = false;
    auto vms = vmm::listVmDefinitions();
    if (!vms) return fail(vms.error().message());
    for (const auto& name : args->positionals()) {
        // A VM of the image boots from its disk: not removed under it (containers: removeImageIfUnused).
        std::string vmUsers;
        for (const auto& d : *vms)
            if (d.image == name) vmUsers += (vmUsers.empty() ? "" : ", ") + d.name;
        if (!vmUsers.empty()) {
            code = fail("image " + name + " is used by VM " + vmUsers +
                        " — remove the VM first (`juxtactl vm rm`)");
            continue;
        }
        auto removed = runtime::removeImageIfUnused(name);
        if (!removed) {
            code = fail(removed.error().message());
            continue;
        }
        std::printf(
            "removed %s: %d layers deleted (%s freed), %d kept (used by other images or containers)\n",
            name.c_str(), removed->layersRemoved, format::bytes(double(removed->bytesFreed)).c_str(),
            removed->layersKept);
        anyRemoved = true;
    }
    if (!anyRemoved) return code;
    // Its VM disk (an image VM's read-only root) goes with it, unless another image has the same layers.
    auto store = images::ImageStore::atDefaultLocation();
    const vmm::ImageDiskPrune disks = vmm::pruneImageDisks(store);
    if (!disks.removed.empty())
        std::printf("removed %zu VM image disk(s), %s freed\n", disks.removed.size(),
                    format::bytes(double(disks.bytesFreed)).c_str());
    for (const auto& e : disks.failures) code = fail(e.message());
    return code;
}

// One line per layer: IMAGE LAYER STATE. Exit 1 when any layer is not ok (or an image is unreadable).
int imageVerify(const Argv& argv) {
    auto args = Args::parse(argv, {});
    if (!args) return usageError(args.error().message(), "image");
    auto store = images::ImageStore::atDefaultLocation();
    std::vector<std::string> names = args->positionals();
    if (names.empty()) {
        auto all = store.list();
        if (!all) return fail(all.error().message());
        for (const auto& image : *all) names.push_back(image.name);
    }
    int code = 0;
    std::map<std::string, images::LayerCheck> seen;  // a shared layer is hashed once
    for (const auto& name : names) {
        auto image = store.resolve(name);
        if (!image) {
            code = fail(image.error().message());
            continue;
        }
        for (const auto& id : image->layerIds) {
            if (!seen.count(id)) {
                auto check = images::checkLayer(store, id);
                if (!check) {
                    code = fail(check.error().message());
                    continue;
                }
                seen[id] = *check;
            }
            const auto& c = seen[id];
            std::printf("%s %s %s%s\n", name.c_str(), id.c_str(), images::describe(c.state),
                        c.detail.empty() ? "" : (" (" + c.detail + ")").c_str());
            if (c.state != images::LayerState::Ok) code = 1;
        }
    }
    return code;
}

// What the image is and declares, as JSON (Docker's and Podman's `image inspect` give the same
// config fields): where it came from, its layers and sizes, Env, Entrypoint, Cmd, WorkingDir, User,
// StopSignal, ExposedPorts, Volumes, Labels, Healthcheck.
int imageInspect(const Argv& argv) {
    auto args = Args::parse(argv, {});
    if (!args) return usageError(args.error().message(), "image");
    if (args->positionals().empty()) return usageError("missing NAME", "image");
    auto store = images::ImageStore::atDefaultLocation();
    auto all = store.list();
    if (!all) return fail(all.error().message());
    const auto sizes = images::imageSizes(*all);
    nlohmann::json out = nlohmann::json::array();
    int code = 0;
    for (const auto& name : args->positionals()) {
        auto image = store.resolve(name);
        if (!image) {
            code = fail(image.error().message());
            continue;
        }
        nlohmann::json j = {{"name", image->name},
                            {"reference", image->origin.reference},
                            {"digest", image->origin.digest},
                            {"platform", image->origin.platform},
                            {"created", image->origin.created},
                            {"pulled", image->origin.pulled},
                            {"layers", image->layerIds},
                            {"config", images::imageConfigJson(image->config)}};
        for (std::size_t i = 0; i < all->size(); ++i)
            if ((*all)[i].name == image->name) {
                j["unique_bytes"] = sizes[i].uniqueBytes;
                j["shared_bytes"] = sizes[i].sharedBytes;
            }
        out.push_back(std::move(j));
    }
    if (!out.empty()) std::printf("%s\n", out.dump(2).c_str());
    return code;
}

}  // namespace

int cmdImage(const Argv& argv) {
    if (argv.empty()) return usageError("missing subcommand (import, rm, verify, inspect)", "image");
    if (argv[0] == "inspect") return imageInspect(Argv(argv.begin() + 1, argv.end()));
    if (argv[0] == "import") return imageImport(Argv(argv.begin() + 1, argv.end()));
    if (argv[0] == "rm") return imageRemove(Argv(argv.begin() + 1, argv.end()));
    if (argv[0] == "verify") return imageVerify(Argv(argv.begin() + 1, argv.end()));
    return usageError("unknown subcommand '" + argv[0] + "'", "image");
}

int cmdImages(const Argv& argv) {
    auto args = Args::parse(argv, {.flags = {"--json"}});
    if (!args) return usageError(args.error().message(), "images");
    if (!args->positionals().empty())
        return usageError("unexpected argument " + args->positionals()[0], "images");
    auto store = images::ImageStore::atDefaultLocation();
    auto list = store.list();
    if (!list) return fail(list.error().message());
    const auto sizes = images::imageSizes(*list);
    nlohmann::json out = nlohmann::json::array();
    for (std::size_t i = 0; i < list->size(); ++i)
        out.push_back({{"name", (*list)[i].name},
                       {"layers", (*list)[i].layerIds},
                       {"size_bytes", sizes[i].uniqueBytes + sizes[i].sharedBytes},
                       {"unique_bytes", sizes[i].uniqueBytes},
                       {"shared_bytes", sizes[i].sharedBytes},
                       {"reference", (*list)[i].origin.reference},
                       {"digest", (*list)[i].origin.digest},
                       {"created", (*list)[i].origin.created},
                       {"pulled", (*list)[i].origin.pulled}});
    if (args->has("--json")) {
        std::printf("%s\n", out.dump(2).c_str());
        return 0;
    }
    std::printf("%-24s %-7s %-10s %-10s %-10s %-14s %s\n", "NAME", "LAYERS", "SIZE", "UNIQUE", "SHARED",
                "DIGEST", "REFERENCE");
    for (const auto& i : out) {
        const std::string digest = i["digest"].get<std::string>();
        std::printf(
            "%-24s %-7zu %-10s %-10s %-10s %-14s %s\n", i["name"].get<std::string>().c_str(),
            i["layers"].size(), format::bytes(double(i["size_bytes"].get<uint64_t>())).c_str(),
            format::bytes(double(i["unique_bytes"].get<uint64_t>())).c_str(),
            format::bytes(double(i["shared_bytes"].get<uint64_t>())).c_str(),
            digest.empty() ? "-" : digest.substr(7, 12).c_str(),
            i["reference"].get<std::string>().empty() ? "-" : i["reference"].get<std::string>().c_str());
    }
    return 0;
}

}  // namespace juxta::cli

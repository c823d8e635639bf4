// juxtactl image import PATH [--name NAME]
// juxtactl image rm NAME...
// juxtactl images [--json]
// Parsing and printing only: the image store imports, lists and sizes the images.
#include <cstdio>
#include <nlohmann/json.hpp>

#include "core/format.h"
#include "images/image_import.h"
#include "images/image_sizes.h"
#include "images/image_store.h"
#include "juxtactl/args.h"
#include "juxtactl/commands.h"
#include "runtime/lifecycle/image_use.h"

namespace juxta::cli {
namespace {

int imageImport(const Argv& argv) {
    auto args = Args::parse(argv, {.options = {"--name"}});
    if (!args) return usageError(args.error().message(), "image");
    if (args->positionals().size() != 1)
        return usageError(args->positionals().empty() ? "missing PATH" : "one PATH at a time", "image");
    auto store = images::ImageStore::atDefaultLocation();
    auto imported = images::importImage(store, args->positionals()[0], args->value("--name").value_or(""));
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
    for (const auto& name : args->positionals()) {
        auto removed = runtime::removeImageIfUnused(name);
        if (!removed) {
            code = fail(removed.error().message());
            continue;
        }
        std::printf(
            "removed %s: %d layers deleted (%s freed), %d kept (used by other images or containers)\n",
            name.c_str(), removed->layersRemoved, format::bytes(double(removed->bytesFreed)).c_str(),
            removed->layersKept);
    }
    return code;
}

}  // namespace

int cmdImage(const Argv& argv) {
    if (argv.empty()) return usageError("missing subcommand (import, rm)", "image");
    if (argv[0] == "import") return imageImport(Argv(argv.begin() + 1, argv.end()));
    if (argv[0] == "rm") return imageRemove(Argv(argv.begin() + 1, argv.end()));
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
                       {"shared_bytes", sizes[i].sharedBytes}});
    if (args->has("--json")) {
        std::printf("%s\n", out.dump(2).c_str());
        return 0;
    }
    std::printf("%-24s %-7s %-10s %-10s %s\n", "NAME", "LAYERS", "SIZE", "UNIQUE", "SHARED");
    for (const auto& i : out)
        std::printf("%-24s %-7zu %-10s %-10s %s\n", i["name"].get<std::string>().c_str(), i["layers"].size(),
                    format::bytes(double(i["size_bytes"].get<uint64_t>())).c_str(),
                    format::bytes(double(i["unique_bytes"].get<uint64_t>())).c_str(),
                    format::bytes(double(i["shared_bytes"].get<uint64_t>())).c_str());
    return 0;
}

}  // namespace juxta::cli

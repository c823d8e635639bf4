// juxtactl run [--rm] [--name N] [-t] [--memory 256M] [--cpus 1.5] [--pids 128] [--net none]
//              [--read-only] [--timings FILE] IMAGE [-- CMD ARGS...]
// juxtactl images [--json]
// Parsing only: the image store resolves the image, the runtime runs the container.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/format.h"
#include "core/timeline.h"
#include "images/image_store.h"
#include "juxtactl/args.h"
#include "juxtactl/commands.h"
#include "runtime/foreground.h"
#include "runtime/layout.h"
#include "runtime/limits.h"

namespace juxta::cli {
namespace {

namespace fs = std::filesystem;

// Limits from the command line; the first bad one is the error.
Result<runtime::Limits> parseLimits(const Args& args) {
    runtime::Limits limits;
    if (auto v = args.value("--memory")) {
        auto m = runtime::parseMemory(*v);
        if (!m) return m.error();
        limits.memoryBytes = *m;
    }
    if (auto v = args.value("--cpus")) {
        auto c = runtime::parseCpus(*v);
        if (!c) return c.error();
        limits.cpus = *c;
    }
    if (auto v = args.value("--pids")) {
        auto p = runtime::parsePids(*v);
        if (!p) return p.error();
        limits.pidsMax = *p;
    }
    return limits;
}

Result<runtime::Network> parseNetwork(const Args& args) {
    const std::string net = args.value("--net").value_or("none");
    if (net == "none") return runtime::Network::Loopback;  // a private namespace with only lo, up
    if (net == "bridge") return Error(ENOTSUP, "--net bridge is not available yet — use --net none");
    return Error(EINVAL, "unknown network '" + net + "' — use --net none");
}

// "uid[:gid]" from the image config (numeric only: there is no passwd lookup in the image yet).
Status applyUser(const std::string& user, runtime::ContainerSpec& spec) {
    if (user.empty()) return {};
    unsigned uid = 0, gid = 0;
    char extra = 0;
    const int n = std::sscanf(user.c_str(), "%u:%u%c", &uid, &gid, &extra);
    if (n < 1 || n > 2) return Error(EINVAL, "image user '" + user + "' is not numeric uid[:gid]");
    spec.uid = uid;
    spec.gid = n == 2 ? gid : uid;
    return {};
}

}  // namespace

int cmdRun(const Argv& argv) {
    PhaseTimeline timeline;  // the request starts now
    auto args =
        Args::parse(argv, {.flags = {"--rm", "-t", "--read-only"},
                           .options = {"--name", "--memory", "--cpus", "--pids", "--net", "--timings"},
                           .positionalsEndOptions = true});
    if (!args) return usageError(args.error().message(), "run");
    if (args->positionals().empty()) return usageError("missing IMAGE", "run");
    auto limits = parseLimits(*args);
    if (!limits) return usageError(limits.error().message(), "run");
    auto network = parseNetwork(*args);
    if (!network) return usageError(network.error().message(), "run");
    const std::string name = args->value("--name").value_or("");
    if (args->has("-t") && !::isatty(STDIN_FILENO)) return usageError("-t needs a terminal on stdin", "run");

    auto store = images::ImageStore::atDefaultLocation();
    auto image = store.resolve(args->positionals()[0]);
    if (!image) return fail(image.error().message());
    timeline.mark("image_resolved");

    runtime::ContainerSpec spec;
    spec.id = runtime::newContainerId();
    spec.name = name.empty() ? spec.id : name;
    spec.layers = image->layerDirs;
    std::vector<std::string> command = args->rest();
    if (!command.empty() && command[0] == "--") command.erase(command.begin());  // IMAGE -- CMD
    spec.args = images::commandLine(image->config, command);
    if (spec.args.empty())
        return usageError("no command given and image '" + image->name + "' has none", "run");
    if (!image->config.env.empty()) spec.env = image->config.env;
    spec.cwd = image->config.workingDir;
    if (auto st = applyUser(image->config.user, spec); !st) return fail(st.error().message());
    spec.readOnlyRoot = args->has("--read-only");
    spec.terminal = args->has("-t");
    if (spec.terminal && std::none_of(spec.env.begin(), spec.env.end(), [](const std::string& e) {
            return e.rfind("TERM=", 0) == 0;
        }))
        spec.env.push_back("TERM=xterm");
    spec.network = *network;
    spec.limits = *limits;
    if (!name.empty()) spec.hostname = name.substr(0, 63);
    const bool ephemeral = args->has("--rm");
    const runtime::ContainerPaths where = runtime::containerPaths(spec.id, ephemeral);
    spec.mountBase = where.mountBase;
    spec.upperDir = where.upper;
    spec.workDir = where.work;

    runtime::StartOptions options;
    options.removeWritableLayer = ephemeral;
    options.timeline = timeline;
    auto run = runtime::runForeground(spec, options);
    if (!run) {
        std::error_code ec;
        if (!where.dataState.empty()) fs::remove_all(where.dataState, ec);  // never started: nothing to keep
        return fail(run.error().message());
    }
    if (auto file = args->value("--timings")) {
        std::ofstream out(*file, std::ios::trunc);
        out << run->timeline.toJson() << "\n";
        if (!out.flush()) return fail("--timings: cannot write " + *file);
    }
    if (run->exit.oomKilled || run->exit.signal)
        std::fprintf(stderr, "juxtactl: container %s %s\n", spec.name.c_str(), run->exit.describe().c_str());
    return run->exit.shellCode();
}

int cmdImages(const Argv& argv) {
    auto args = Args::parse(argv, {.flags = {"--json"}});
    if (!args) return usageError(args.error().message(), "images");
    if (!args->positionals().empty())
        return usageError("unexpected argument " + args->positionals()[0], "images");
    auto store = images::ImageStore::atDefaultLocation();
    auto list = store.list();
    if (!list) return fail(list.error().message());
    nlohmann::json out = nlohmann::json::array();
    for (const auto& image : *list) {
        uintmax_t bytes = 0;
        std::error_code ec;
        for (const auto& dir : image.layerDirs)
            for (auto it = fs::recursive_directory_iterator(dir, ec);
                 !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
                if (it->is_regular_file(ec) && !it->is_symlink(ec)) bytes += it->file_size(ec);
        out.push_back({{"name", image.name}, {"layers", image.layerIds}, {"size_bytes", bytes}});
    }
    if (args->has("--json")) {
        std::printf("%s\n", out.dump(2).c_str());
        return 0;
    }
    std::printf("%-20s %-8s %s\n", "NAME", "LAYERS", "SIZE");
    for (const auto& i : out)
        std::printf("%-20s %-8zu %s\n", i["name"].get<std::string>().c_str(), i["layers"].size(),
                    format::bytes(double(i["size_bytes"].get<uintmax_t>())).c_str());
    return 0;
}

}  // namespace juxta::cli

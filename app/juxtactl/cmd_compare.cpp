// juxtactl compare --workload W [--variants host,container,vm] [--repeat N] [--params K=V,...]
//                  [--memory 256M] [--cpus 1.5] [--vm-memory MiB] [--vm-vcpus N]
//                  [--json | --csv | --markdown] [--save] [--report FILE.pdf]
// juxtactl compare --scenario stack [--variants container,vm] [--memory 64M] [--cpus N]
//                  [--vm-memory MiB] [--json | --csv | --markdown] [--save] [--report FILE.pdf]
// juxtactl compare --compose FILE [--as container,vm,written] [--params service=web,hog=cache,seconds=10,
//                  connections=4,path=/] [--json | --csv | --markdown] [--save] [--report FILE.pdf]
//                                                (the compose scenario: your stack, each way asked)
// juxtactl compare --show ID [--json | --csv | --markdown] [--report FILE.pdf]
//                                                             (a saved one; --show list: their ids)
// juxtactl density --kind container|vm [--max N] [--json]
// Parsing only: the harness (engine/compare) runs and measures. Ctrl-C cancels: the
// instance that runs is stopped and removed, and what was measured so far is printed.
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <sstream>

#include "compare/density.h"
#include "compare/harness.h"
#include "compare/scenario.h"
#include "juxtactl/args.h"
#include "juxtactl/commands.h"
#include "juxtactl/pdf_report.h"
#include "runtime/limits.h"

namespace juxta::cli {
namespace {

std::atomic<bool> interrupted{false};

void onInterrupt(int) {
    interrupted = true;
}

compare::Callbacks cliCallbacks() {
    struct sigaction sa {};
    sa.sa_handler = onInterrupt;
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);
    compare::Callbacks cb;
    cb.cancelled = [] { return interrupted.load(); };
    if (::isatty(STDERR_FILENO))
        cb.progress = [](const std::string& step, double fraction) {
            std::fprintf(stderr, "\r\033[K[%3.0f%%] %s", fraction * 100, step.c_str());
            if (fraction >= 1) std::fputc('\n', stderr);
        };
    return cb;
}

// "7" -> 7; anything else is an error naming the option.
Result<int> parseCount(const std::string& option, const std::string& text) {
    char* end = nullptr;
    const long n = std::strtol(text.c_str(), &end, 10);
    if (text.empty() || *end || n < 1 || n > 100000)
        return Error(EINVAL, option + " '" + text + "': expected a whole number from 1");
    return int(n);
}

Result<compare::Manifest> parseManifest(const Args& args) {
    compare::Manifest m;
    auto workload = args.value("--workload");
    auto scenario = args.value("--scenario");
    const auto composeFile = args.value("--compose");
    if (composeFile) scenario = "compose";
    if (int(bool(workload)) + int(bool(args.value("--scenario"))) + int(bool(composeFile)) > 1)
        return Error(EINVAL, "choose one of --workload, --scenario and --compose");
    if (!workload && !scenario)
        return Error(EINVAL, "missing --workload (or --scenario stack, or --compose FILE)");
    if (scenario && !compare::isScenario(*scenario))
        return Error(EINVAL, "--scenario '" + *scenario + "': the scenarios are stack and compose");
    m.workload = workload ? *workload : *scenario;
    if (m.workload == "compose") {
        // --as: the ways, "written" being the file's own choices (a mixed stack)
        if (args.value("--variants")) return Error(EINVAL, "the compose scenario takes --as, not --variants");
        std::stringstream ways(args.value("--as").value_or("container,vm,written"));
        m.parameters["written"] = "no";
        for (std::string way; std::getline(ways, way, ',');) {
            if (way == "written") {
                m.parameters["written"] = "yes";
                continue;
            }
            auto kind = instanceKindFromString(way);
            if (!kind || *kind == InstanceKind::Host)
                return Error(EINVAL, "--as '" + way + "': use container, vm and/or written");
            m.variants.push_back(*kind);
        }
    } else {
        if (args.value("--as")) return Error(EINVAL, "--as is for --compose");
        std::stringstream variants(
            args.value("--variants").value_or(scenario ? "container,vm" : "host,container,vm"));
        for (std::string v; std::getline(variants, v, ',');) {
            auto kind = instanceKindFromString(v);
            if (!kind) return kind.error();
            m.variants.push_back(*kind);
        }
    }
    if (auto r = args.value("--repeat")) {
        auto n = parseCount("--repeat", *r);
        if (!n) return n.error();
        m.repeats = *n;
    }
    if (auto p = args.value("--params")) {
        std::stringstream items(*p);
        for (std::string item; std::getline(items, item, ',');) {
            const auto eq = item.find('=');
            if (eq == std::string::npos || eq == 0)
                return Error(EINVAL,
                             "--params '" + item + "': expected NAME=VALUE, e.g. --params ops=1000000");
            m.parameters[item.substr(0, eq)] = item.substr(eq + 1);
        }
    }
    if (composeFile) {
        if (m.parameters.count("file")) return Error(EINVAL, "give the file once: --compose FILE");
        m.parameters["file"] = *composeFile;
    }
    if (auto v = args.value("--memory")) {
        auto b = runtime::parseMemory(*v);
        if (!b) return b.error();
        m.containerMemoryBytes = *b;
    }
    if (auto v = args.value("--cpus")) {
        auto c = runtime::parseCpus(*v);
        if (!c) return c.error();
        m.containerCpus = *c;
    }
    if (auto v = args.value("--vm-memory")) {
        auto n = parseCount("--vm-memory", *v);
        if (!n) return n.error();
        m.vmMemoryMib = *n;
    }
    if (auto v = args.value("--vm-vcpus")) {
        auto n = parseCount("--vm-vcpus", *v);
        if (!n) return n.error();
        m.vmVcpus = *n;
    }
    if (auto st = compare::validate(m); !st) return st.error();
    return m;
}

void print(const compare::Comparison& c, const Args& args) {
    if (args.has("--json"))
        std::printf("%s\n", compare::toJson(c).c_str());
    else if (args.has("--csv"))
        std::fputs(compare::toCsv(c).c_str(), stdout);
    else
        std::fputs(compare::toMarkdown(c).c_str(), stdout);
}

// Printed, then the PDF report when asked for (its path was checked before anything ran).
int output(const compare::Comparison& c, const Args& args) {
    print(c, args);
    if (auto path = args.value("--report")) {
        if (auto st = writePdfReport(c, *path); !st) return fail(st.error().message());
        std::fprintf(stderr, "juxtactl: report written to %s\n", path->c_str());
    }
    return 0;
}

int finish(const compare::Comparison& c, const Args& args, bool failed) {
    if (int rc = output(c, args)) return rc;
    if (args.has("--save")) {
        if (auto st = compare::saveComparison(c); !st) return fail(st.error().message());
        std::fprintf(stderr, "juxtactl: saved as %s\n", (compare::comparisonsDir() / c.id).c_str());
    }
    if (c.cancelled) return fail("cancelled", 130);
    return failed ? 1 : 0;
}

int show(const std::string& id, const Args& args) {
    if (id == "list") {
        auto ids = compare::listComparisons();
        if (!ids) return fail(ids.error().message());
        for (const auto& i : *ids) std::printf("%s\n", i.c_str());
        return 0;
    }
    auto c = compare::loadComparison(id);
    if (!c) return fail(c.error().message());
    return output(*c, args);
}

int countFormats(const Args& args) {
    return args.has("--json") + args.has("--csv") + args.has("--markdown");
}

}  // namespace

int cmdCompare(const Argv& argv) {
    auto args = Args::parse(argv, {.flags = {"--json", "--csv", "--markdown", "--save"},
                                   .options = {"--workload", "--variants", "--repeat", "--params", "--memory",
                                               "--cpus", "--vm-memory", "--vm-vcpus", "--show", "--report",
                                               "--scenario", "--compose", "--as"}});
    if (!args) return usageError(args.error().message(), "compare");
    if (!args->positionals().empty())
        return usageError("unexpected argument " + args->positionals()[0], "compare");
    if (countFormats(*args) > 1) return usageError("choose one of --json, --csv, --markdown", "compare");
    if (auto path = args->value("--report"))
        if (auto st = checkReportPath(*path); !st) return usageError(st.error().message(), "compare");
    if (auto id = args->value("--show")) return show(*id, *args);
    auto manifest = parseManifest(*args);
    if (!manifest) return usageError(manifest.error().message(), "compare");
    compare::HarnessOptions options;
    options.manifest = *manifest;
    options.juxtaVersion = JUXTA_VERSION;
    auto c = compare::runComparison(options, cliCallbacks());
    if (!c) return fail(c.error().message());
    bool failed = false;
    for (const auto& v : c->variants) failed |= v.status == compare::VariantStatus::Failed;
    for (const auto& r : c->scenario) failed |= r.status == compare::VariantStatus::Failed;
    return finish(*c, *args, failed);
}

int cmdDensity(const Argv& argv) {
    auto args = Args::parse(
        argv, {.flags = {"--json", "--csv", "--markdown", "--save"}, .options = {"--kind", "--max"}});
    if (!args) return usageError(args.error().message(), "density");
    if (!args->positionals().empty())
        return usageError("unexpected argument " + args->positionals()[0], "density");
    if (countFormats(*args) > 1) return usageError("choose one of --json, --csv, --markdown", "density");
    auto kind = instanceKindFromString(args->value("--kind").value_or("container"));
    if (!kind || *kind == InstanceKind::Host)
        return usageError("--kind '" + args->value("--kind").value_or("") + "': use container or vm",
                          "density");
    compare::DensityOptions options;
    options.kind = *kind;
    options.maxInstances = *kind == InstanceKind::Vm ? 8 : 16;
    if (auto v = args->value("--max")) {
        auto n = parseCount("--max", *v);
        if (!n) return usageError(n.error().message(), "density");
        options.maxInstances = *n;
    }
    options.juxtaVersion = JUXTA_VERSION;
    auto c = compare::runDensity(options, cliCallbacks());
    if (!c) return fail(c.error().message());
    return finish(*c, *args, c->density[0].status == compare::VariantStatus::Failed);
}

}  // namespace juxta::cli

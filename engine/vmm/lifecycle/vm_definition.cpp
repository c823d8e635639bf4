#include "vmm/lifecycle/vm_definition.h"

#include <sys/random.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <nlohmann/json.hpp>

#include "core/atomic_file.h"
#include "core/bounded_json.h"
#include "core/json_reader.h"
#include "core/paths.h"

namespace juxta::vmm {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

fs::path vmsDir() {
    return paths::dataDir() / "vms";
}

bool validName(const std::string& name) {
    if (name.empty() || name.size() > 64 || name[0] == '.' || name[0] == '-') return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
    });
}

}  // namespace

std::string newVmId() {
    unsigned char bytes[6] = {};
    if (::getrandom(bytes, sizeof bytes, 0) != sizeof bytes) {
        const auto now = std::chrono::steady_clock::now().time_since_epoch().count();
        for (std::size_t i = 0; i < sizeof bytes; ++i) bytes[i] = static_cast<unsigned char>(now >> (8 * i));
    }
    char hex[13];
    for (std::size_t i = 0; i < sizeof bytes; ++i) std::snprintf(hex + 2 * i, 3, "%02x", bytes[i]);
    return hex;
}

std::string toJson(const VmDefinition& d) {
    const json j = {{"id", d.id},
                    {"name", d.name},
                    {"image", d.image},
                    {"kernel", d.kernel},
                    {"initrd", d.initrd},
                    {"cmdline", d.cmdline},
                    {"memory_mib", d.memoryMiB},
                    {"vcpus", d.vcpus},
                    {"force", d.force},
                    {"created_at_ms", d.createdAtMs}};
    return j.dump(2) + "\n";
}

Result<VmDefinition> vmDefinitionFromJson(const std::string& text) {
    auto parsed = parseBoundedJson(text, kStateJsonLimits, "VM definition");
    if (!parsed) return parsed.error();
    const JsonReader j(*parsed, "VM definition");
    VmDefinition d;
    d.id = j.string("id");
    d.name = j.string("name", d.id);
    d.image = j.string("image", "");
    d.kernel = j.string("kernel", "");
    d.initrd = j.string("initrd", "");
    d.cmdline = j.string("cmdline", "");
    d.memoryMiB = j.integer<uint64_t>("memory_mib", 256);
    d.vcpus = j.integer<uint32_t>("vcpus", 1);
    d.force = j.boolean("force", false);
    d.createdAtMs = j.integer<int64_t>("created_at_ms", 0);
    if (Status ok = j.status(); !ok) return ok.error();
    return d;
}

Status validate(const VmDefinition& d) {
    if (!validName(d.name))
        return Error(EINVAL,
                     "VM name \"" + d.name +
                         "\": use 1 to 64 letters, digits, '-', '_' or '.', not starting with '.' or '-'");
    if (d.memoryMiB < 16)
        return Error(EINVAL,
                     "VM memory " + std::to_string(d.memoryMiB) + " MiB: give at least 16 MiB (e.g. 256M)");
    if (d.vcpus < 1 || d.vcpus > 254)
        return Error(EINVAL, "VM vCPUs " + std::to_string(d.vcpus) + ": give 1 to 254");
    if (!d.image.empty() && d.image != kTinyLinux)
        return Error(EINVAL, "VM image \"" + d.image + "\": the only VM image is " + kTinyLinux +
                                 "; or give --kernel (and --initrd, --cmdline)");
    if (d.image.empty() && d.kernel.empty())
        return Error(EINVAL, "a VM needs an image (tiny-linux) or --kernel FILE");
    for (const auto& [what, file] : {std::pair{"kernel", d.kernel}, std::pair{"initrd", d.initrd}}) {
        if (file.empty()) continue;
        std::error_code ec;
        if (!fs::is_regular_file(file, ec) || ::access(file.c_str(), R_OK) != 0)
            return Error(EINVAL, std::string(what) + " " + file + ": no readable file there");
    }
    return {};
}

Status saveVmDefinition(const VmDefinition& d) {
    auto dir = paths::ensureDir(vmsDir() / d.id);
    if (!dir) return dir.error();
    return writeFileAtomically(*dir / "vm.json", toJson(d));
}

Result<VmDefinition> loadVmDefinition(const std::string& id) {
    auto text = readBoundedText(vmsDir() / id / "vm.json", kStateJsonLimits, "definition");
    if (!text && text.error().code() == ENOENT) return Error(ENOENT, "no VM " + id);
    if (!text) return text.error().wrap("VM " + id);
    auto d = vmDefinitionFromJson(*text);
    if (!d) return d.error().wrap("VM " + id);
    return d;
}

Result<std::vector<VmDefinition>> listVmDefinitions() {
    std::vector<VmDefinition> all;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(vmsDir(), ec)) {
        if (!fs::exists(entry.path() / "vm.json")) continue;  // being created or removed
        auto d = loadVmDefinition(entry.path().filename().string());
        if (!d) return d.error();
        all.push_back(std::move(d.value()));
    }
    std::sort(all.begin(), all.end(),
              [](const VmDefinition& a, const VmDefinition& b) { return a.createdAtMs < b.createdAtMs; });
    return all;
}

Result<std::string> resolveVm(const std::string& idOrName) {
    if (!idOrName.empty() && idOrName.find('/') == std::string::npos && idOrName[0] != '.' &&
        fs::exists(vmsDir() / idOrName / "vm.json"))
        return idOrName;
    auto all = listVmDefinitions();
    if (!all) return all.error();
    for (const auto& d : *all)
        if (d.name == idOrName) return d.id;
    return Error(ENOENT, "no VM " + idOrName + " (juxtactl vm ps lists them)");
}

}  // namespace juxta::vmm

#include "instances/definition_store.h"

#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>

#include "core/atomic_file.h"
#include "core/bounded_json.h"
#include "core/paths.h"

namespace juxta::instances {
namespace fs = std::filesystem;

namespace {

std::string noun(InstanceKind kind) {
    return kind == InstanceKind::Vm ? "VM" : toString(kind);
}

// An id names a folder: no separators, no dot files, nothing empty.
bool isPlainId(const std::string& id) {
    return !id.empty() && id.find('/') == std::string::npos && id[0] != '.';
}

}  // namespace

fs::path definitionsDirOf(InstanceKind kind) {
    return paths::dataDir() / (toString(kind) + "s");
}

fs::path definitionDirOf(InstanceKind kind, const std::string& id) {
    return definitionsDirOf(kind) / id;
}

fs::path definitionFileOf(InstanceKind kind, const std::string& id) {
    return definitionDirOf(kind, id) / (kind == InstanceKind::Vm ? "vm.json" : "container.json");
}

std::string newId() {
    unsigned char bytes[6] = {};
    if (::getrandom(bytes, sizeof bytes, 0) != ssize_t(sizeof bytes)) {
        // getrandom cannot fail for 6 bytes after boot; fall back to the clock all the same
        timespec ts{};
        ::clock_gettime(CLOCK_REALTIME, &ts);
        for (std::size_t i = 0; i < sizeof bytes; ++i)
            bytes[i] = static_cast<unsigned char>(ts.tv_nsec >> (i * 5));
    }
    char hex[13];
    for (std::size_t i = 0; i < sizeof bytes; ++i) std::snprintf(hex + 2 * i, 3, "%02x", bytes[i]);
    return hex;
}

bool isValidName(const std::string& name) {
    if (name.empty() || name.size() > 64 || name[0] == '.' || name[0] == '-') return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
    });
}

Status checkName(const std::string& name, const std::string& what) {
    if (isValidName(name)) return {};
    return Error(EINVAL,
                 what + " \"" + name +
                     "\": use 1 to 64 letters, digits, '-', '_' or '.', not starting with '.' or '-'");
}

Status saveDefinition(InstanceKind kind, const std::string& id, const std::string& json,
                      Durability durability) {
    if (!isPlainId(id)) return Error(EINVAL, noun(kind) + " id \"" + id + "\": not an id");
    auto dir = paths::ensureDir(definitionDirOf(kind, id));
    if (!dir) return dir.error();
    return writeFileAtomically(definitionFileOf(kind, id), json, 0600, durability);
}

Result<std::string> loadDefinition(InstanceKind kind, const std::string& id) {
    if (!isPlainId(id)) return Error(ENOENT, "no " + noun(kind) + " " + id);
    auto text = readBoundedText(definitionFileOf(kind, id), kStateJsonLimits, "definition");
    if (!text && text.error().code() == ENOENT) return Error(ENOENT, "no " + noun(kind) + " " + id);
    if (!text) return text.error().wrap(noun(kind) + " " + id);
    return text;
}

std::vector<std::string> listedIds(InstanceKind kind) {
    std::vector<std::string> ids;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(definitionsDirOf(kind), ec))
        if (std::string id = entry.path().filename().string(); isPlainId(id)) ids.push_back(std::move(id));
    return ids;
}

std::vector<std::string> definedIds(InstanceKind kind) {
    std::vector<std::string> ids = listedIds(kind);
    std::erase_if(ids, [kind](const std::string& id) { return !isDefined(kind, id); });
    return ids;
}

bool isDefined(InstanceKind kind, const std::string& id) {
    return isPlainId(id) && ::access(definitionFileOf(kind, id).c_str(), F_OK) == 0;
}

Result<std::string> resolve(InstanceKind kind, const std::string& idOrName, const std::vector<NamedId>& all,
                            const std::string& listCommand) {
    std::vector<std::string> matches;
    for (const auto& d : all)
        if (d.id == idOrName) return d.id;
    for (const auto& d : all)
        if (d.name == idOrName || (idOrName.size() >= 4 && d.id.rfind(idOrName, 0) == 0))
            matches.push_back(d.id);
    if (matches.empty())
        return Error(ENOENT, "no " + noun(kind) + " '" + idOrName + "' — `" + listCommand + "` lists them");
    if (matches.size() > 1)
        return Error(EINVAL, "'" + idOrName + "' names more than one " + noun(kind) + " — use the id");
    return matches[0];
}

}  // namespace juxta::instances

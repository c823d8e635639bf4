#include "instances/history.h"

#include "core/paths.h"
#include "core/read_file.h"
#include "instances/state_record.h"

namespace juxta::instances {

std::filesystem::path historyFileOf(InstanceKind kind, const std::string& id) {
    std::filesystem::path log = logFileOf(kind, id);
    return log.replace_extension(".metrics");
}

std::filesystem::path historyErrorFileOf(InstanceKind kind, const std::string& id) {
    return runDirOf(kind, id) / "history.error";
}

std::string historyErrorOf(InstanceKind kind, const std::string& id) {
    auto text = readFile(historyErrorFileOf(kind, id), {.maxBytes = 4096});
    return text ? text->substr(0, text->find('\n')) : std::string();
}

std::filesystem::path hostHistoryFile() {
    return paths::stateDir() / "host.metrics";
}

}  // namespace juxta::instances

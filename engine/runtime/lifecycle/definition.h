#pragma once
// A container instance that outlives any process: its definition, kept as JSON under
// paths::dataDir()/containers/<id>/container.json (written atomically), next to its writable
// layer (upper/, work/). The runtime state of a started instance lives elsewhere (state.h).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/owner_record.h"
#include "runtime/lifecycle/health.h"
#include "runtime/spec.h"

namespace juxta::runtime {

struct InstanceDefinition {
    ContainerSpec spec;  // upperDir/workDir on disk, mountBase the shared one
    std::string image;   // the image name it was made from
    int64_t createdAtMs = 0;
    std::optional<HealthCheck> health;  // run by its monitor (health.h)
    // juxtactl run --rm: an in-memory writable layer; its monitor removes it when it ends. The
    // process that defined it: while it lives, a --rm container not started yet is its to start.
    bool ephemeral = false;
    std::optional<ProcessIdentity> creator;
    std::string restart = "no";  // its restart policy (instances/restart.h), applied by its monitor
};

std::string toJson(const InstanceDefinition& definition);
Result<InstanceDefinition> definitionFromJson(const std::string& json);

Status saveDefinition(const InstanceDefinition& definition);
Result<InstanceDefinition> loadDefinition(const std::string& id);
// Every defined instance, by creation time.
Result<std::vector<InstanceDefinition>> listDefinitions();
// An id, or a unique name, to the id. ENOENT: no such container.
Result<std::string> resolveInstance(const std::string& idOrName);

}  // namespace juxta::runtime

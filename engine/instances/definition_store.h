#pragma once
// Where instances that outlive any process are defined, one store for every kind: a definition is
// a JSON file written atomically under paths::dataDir(), beside what else the instance keeps there
// (a container's writable layer):
//
//   <dataDir>/containers/<id>/container.json     <dataDir>/vms/<id>/vm.json
//
// The store knows files, ids and names; what a definition says is its kind's
// (runtime/lifecycle/definition.h, vmm/lifecycle/vm_definition.h).
#include <filesystem>
#include <string>
#include <vector>

#include "core/atomic_file.h"
#include "core/error.h"
#include "core/instance.h"

namespace juxta::instances {

std::filesystem::path definitionDirOf(InstanceKind kind, const std::string& id);  // <dataDir>/<kind>s/<id>
std::filesystem::path definitionFileOf(InstanceKind kind,
                                       const std::string& id);  // .../container.json, vm.json

// 12 random hex digits, like Docker's short ids.
std::string newId();
// Instance names: 1 to 64 letters, digits, '-', '_', '.', not starting with '.' or '-'.
bool isValidName(const std::string& name);
// EINVAL saying what a name may be, for `what` ("container name", "VM name"); ok for a valid one.
Status checkName(const std::string& name, const std::string& what);

// `durability`: AtomicOnly for a definition that goes with its instance's end (run --rm).
Status saveDefinition(InstanceKind kind, const std::string& id, const std::string& json,
                      Durability durability = Durability::Durable);
// The definition's text, bounded (core/bounded_json.h). ENOENT: "no container <id>", "no VM <id>".
Result<std::string> loadDefinition(InstanceKind kind, const std::string& id);
// The ids that have a definition (one being created or removed has none yet or any more).
std::vector<std::string> definedIds(InstanceKind kind);
// What the kind's directory holds, defined or not yet (its definition may be on its way): a watcher
// that lists it only when it changed (its mtime) checks each definition itself.
std::vector<std::string> listedIds(InstanceKind kind);
std::filesystem::path definitionsDirOf(InstanceKind kind);
bool isDefined(InstanceKind kind, const std::string& id);

struct NamedId {
    std::string id;
    std::string name;
};
// What a person typed — an id, a unique name, or an id's first 4 or more digits — to the id, among
// `all` (the kind's definitions). ENOENT: none; EINVAL: more than one. `listCommand` is named in
// the ENOENT message ("juxtactl ps -a").
Result<std::string> resolve(InstanceKind kind, const std::string& idOrName, const std::vector<NamedId>& all,
                            const std::string& listCommand);

}  // namespace juxta::instances

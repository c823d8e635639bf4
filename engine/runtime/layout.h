#pragma once
// Where a container's files live (every write under paths::runtimeDir() or paths::dataDir()):
//   runtimeDir()/mnt                            the mount base every container mounts its root over,
//                                               inside its own mount namespace (always empty here)
//   runtimeDir()/containers/<id>/               live state of a detached container
//   dataDir()/containers/<id>/{upper,work}      the writable layer of a container that is kept
// An ephemeral (--rm) container writes to an in-memory layer and has no directory at all.
#include <filesystem>
#include <string>

namespace juxta::runtime {

struct ContainerPaths {
    std::filesystem::path runtimeState;  // removed when the container is removed
    std::filesystem::path dataState;     // empty for ephemeral containers
    std::filesystem::path mountBase;
    std::filesystem::path upper;  // empty for ephemeral containers (in-memory layer)
    std::filesystem::path work;
};

ContainerPaths containerPaths(const std::string& id, bool ephemeral);

}  // namespace juxta::runtime

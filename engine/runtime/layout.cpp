#include "runtime/layout.h"

#include "core/paths.h"

namespace juxta::runtime {

ContainerPaths containerPaths(const std::string& id, bool ephemeral) {
    ContainerPaths p;
    p.runtimeState = paths::runtimeDir() / "containers" / id;
    p.mountBase = paths::runtimeDir() / "mnt";
    if (!ephemeral) {
        p.dataState = paths::dataDir() / "containers" / id;
        p.upper = p.dataState / "upper";
        p.work = p.dataState / "work";
    }
    return p;
}

}  // namespace juxta::runtime

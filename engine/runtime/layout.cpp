#include "runtime/layout.h"

#include <sys/random.h>

#include <cstdio>

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

std::string newContainerId() {
    unsigned char bytes[6] = {};
    if (::getrandom(bytes, sizeof bytes, 0) != ssize_t(sizeof bytes)) {
        // getrandom cannot fail for 6 bytes after boot; fall back to the clock all the same
        struct timespec ts {};
        clock_gettime(CLOCK_REALTIME, &ts);
        for (std::size_t i = 0; i < sizeof bytes; ++i)
            bytes[i] = static_cast<unsigned char>(ts.tv_nsec >> (i * 5));
    }
    char hex[13];
    for (std::size_t i = 0; i < sizeof bytes; ++i) std::snprintf(hex + 2 * i, 3, "%02x", bytes[i]);
    return hex;
}

}  // namespace juxta::runtime

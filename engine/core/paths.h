#pragma once
// Where Juxta keeps things. Every write the engine makes goes under one of these.
//   data:    instance definitions, images      root: /var/lib/juxta   user: $XDG_DATA_HOME/juxta
//   runtime: sockets, pids, live state         root: /run/juxta       user: $XDG_RUNTIME_DIR/juxta
//   state:   logs                              root: /var/log/juxta   user: $XDG_STATE_HOME/juxta
// JUXTA_DATA_DIR, JUXTA_RUNTIME_DIR and JUXTA_STATE_DIR override each (tests point them at a temp dir).
#include <filesystem>

#include "core/error.h"

namespace juxta::paths {

std::filesystem::path dataDir();
std::filesystem::path runtimeDir();
std::filesystem::path stateDir();

// Creates the directory (and parents) with mode 0700 if missing.
Result<std::filesystem::path> ensureDir(const std::filesystem::path& dir);

}  // namespace juxta::paths

#pragma once
// Where Juxta keeps things. Every write the engine makes goes under one of these.
//   data:    instance definitions, images      root: /var/lib/juxta   user: $XDG_DATA_HOME/juxta
//   runtime: sockets, pids, live state         root: /run/juxta       user: $XDG_RUNTIME_DIR/juxta
//   state:   logs                              root: /var/log/juxta   user: $XDG_STATE_HOME/juxta
// JUXTA_DATA_DIR, JUXTA_RUNTIME_DIR and JUXTA_STATE_DIR override each (tests point them at a temp dir).
#include <sys/types.h>

#include <filesystem>

#include "core/error.h"

namespace juxta::paths {

std::filesystem::path dataDir();
std::filesystem::path runtimeDir();
std::filesystem::path stateDir();

// Every directory Juxta makes is its owner's only (0700): no other local user may plant a file in
// a layer, a state file or a log, nor read them.

// Creates the directory and its missing parents, each 0700 (`dir` itself: leafMode); existing
// ones are left as they are (the cheap form, for hot paths under a directory ensureDir has made
// private).
Status createPrivateDirs(const std::filesystem::path& dir, mode_t leafMode = 0700);

// createPrivateDirs, then makes `dir` and, when it lies under dataDir(), runtimeDir() or
// stateDir(), every directory from that root down to it 0700 (those the caller owns).
Result<std::filesystem::path> ensureDir(const std::filesystem::path& dir);

}  // namespace juxta::paths

#pragma once
// spdlog, one logger per subsystem ("engine", "runtime", "vmm", "metrics", "bridge", "ui", "cli"),
// all writing to stderr (warnings and up, or everything with verbose) and to a rotating file
// juxta.log in paths::stateDir().
#include <spdlog/spdlog.h>

#include <memory>
#include <string>

namespace juxta::log {

struct Options {
    bool verbose = false;
    bool toFile = true;
    std::string fileName = "juxta.log";
};

// Safe to call more than once; the last call wins. Without a call, loggers go to stderr only.
void init(const Options& options);

// The logger of a subsystem, created on first use with the sinks of the last init().
std::shared_ptr<spdlog::logger> get(const std::string& subsystem);

}  // namespace juxta::log

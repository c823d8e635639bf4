#pragma once
// A compose project as Juxta runs it: the Compose Specification's common subset (issue 16), every
// value resolved — interpolated, durations in milliseconds, sizes in bytes, short syntax expanded,
// relative bind paths made absolute against the project's directory. What the file says that Juxta
// does not do was refused when it was read (parse.h), never dropped.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/labels.h"

namespace juxta::compose {

enum class RunAs { Container, Vm };

enum class Condition { Started, Healthy, CompletedSuccessfully };

struct Dependency {
    std::string service;
    Condition condition = Condition::Started;
};

struct Port {
    std::string hostIp;      // empty: every address the runtime publishes on (127.0.0.1 for Juxta)
    uint16_t published = 0;  // 0: a free port, chosen at up
    uint16_t target = 0;
    std::string protocol = "tcp";
};

struct Volume {
    enum class Kind { Named, Bind, Anonymous } kind = Kind::Anonymous;
    std::string source;  // the volume's name, or the host path (absolute)
    std::string target;
    bool readOnly = false;
};

struct Healthcheck {
    std::vector<std::string> test;  // "CMD", args... | "CMD-SHELL", line; empty with disable
    bool disable = false;
    std::optional<int64_t> intervalMs, timeoutMs, startPeriodMs;
    std::optional<int> retries;
};

struct Service {
    std::string name;
    std::string image;
    std::optional<std::vector<std::string>> command, entrypoint;
    std::vector<std::pair<std::string, std::string>> environment;  // in order; env_file first
    std::vector<Port> ports;
    std::vector<uint16_t> expose;
    std::vector<Dependency> dependsOn;
    std::optional<Healthcheck> healthcheck;
    std::optional<int64_t> memoryBytes;
    std::optional<double> cpus;
    std::optional<int64_t> pids;
    std::string restart = "no";  // no | always | on-failure[:N] | unless-stopped
    std::vector<Volume> volumes;
    std::string workingDir, user, hostname, stopSignal;
    std::optional<int64_t> stopGracePeriodMs;
    RunAs as = RunAs::Container;  // x-juxta: {as: vm}, or --as for the whole file
    Labels labels;                // the user's; up adds the project's (core/labels.h)
};

struct Project {
    std::string name;
    std::filesystem::path directory;   // where the file is: relative paths start there
    std::filesystem::path file;        // the file it was read from (loadProject), or empty
    std::vector<Service> services;     // in the file's order
    std::vector<std::string> volumes;  // top-level named volumes
    // The order to start them in: every service after what it depends on (start order, no cycle).
    std::vector<std::string> startOrder;
};

}  // namespace juxta::compose

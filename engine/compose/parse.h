#pragma once
// Reading a compose file (the Compose Specification's common subset) into a Project, as hostile
// input: at most 1 MiB of YAML (yaml-cpp, which bounds its own nesting), at most 256 services and
// bounded lists in each; every key Juxta does not run — `build`, `networks`, `privileged`,
// `secrets`, a `deploy` beyond resource limits... — is refused by name with its line and column,
// never ignored; `x-` extension fields are allowed (`x-juxta: {as: vm|container}` on a service is
// read). Values are interpolated first: `${VAR}`, `${VAR:-default}`, `${VAR-default}`,
// `${VAR:?error}`, `${VAR?error}`, `${VAR:+alt}`, `${VAR+alt}`, `$VAR`, `$$` for a dollar — from
// the environment given (the process's over the project's `.env`). Then the whole: every
// `depends_on` names a service, no cycle, no two services publish one host port.
//
// Every error is one message "FILE:LINE:COLUMN: where: what", and no partial project.
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "compose/model.h"
#include "core/error.h"

namespace juxta::compose {

using Environment = std::map<std::string, std::string>;

struct ParseOptions {
    std::string fileName = "compose.yaml";  // for messages
    std::filesystem::path directory;        // relative bind mounts and env_file resolve here
    std::string projectName;                // empty: the file's `name`, else the directory's name
    Environment environment;                // for interpolation (and env_file entries below it)
    std::optional<RunAs> as;                // --as: every service, over x-juxta
};

Result<Project> parseProject(std::string_view yaml, const ParseOptions& options);

// What a `.env` file defines (KEY=VALUE lines, `#` comments, optional quotes), at most 1 MiB.
Result<Environment> parseEnvFile(std::string_view text, const std::string& fileName);

// Reads FILE (-f; default compose.yaml, compose.yml, docker-compose.yaml or docker-compose.yml in
// `directory`), the `.env` beside it and this process's environment over it, and parses.
Result<Project> loadProject(const std::filesystem::path& file, const std::string& projectName,
                            std::optional<RunAs> as);

// One value with ${...} expanded (exposed for tests and `compose config`).
Result<std::string> interpolate(std::string_view text, const Environment& environment);

// `compose config`: the resolved project as YAML.
std::string toYaml(const Project& project);

}  // namespace juxta::compose

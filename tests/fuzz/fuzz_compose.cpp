// A compose file, all of it the input's (compose/parse.h), read with an environment and a project
// directory of no consequence: refused or read, never a crash, never unbounded work (aliases, merges).
#include "compose/parse.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    juxta::compose::ParseOptions options;
    options.directory = "/nonexistent/project";  // env_file and bind paths resolve under it: nothing there
    options.environment = {{"TAG", "1"}, {"EMPTY", ""}};
    auto project = juxta::compose::parseProject(juxta::fuzz::text(data, size), options);
    if (project) (void)juxta::compose::toYaml(*project);
    return 0;
}

#pragma once
// Runs a helper program to its end and keeps what it said: the one place Juxta spawns a tool it
// needs an answer from (newuidmap, busybox --list-full, mke2fs). No shell: argv as given.
#include <cstddef>
#include <string>
#include <vector>

#include "core/error.h"

namespace juxta {

struct ProgramOutput {
    int status = 0;      // its exit code; 128 + N when signal N killed it
    std::string output;  // stdout (and stderr when merged), at most the limit given
};

// argv[0] is a path, or a name looked up on PATH. stdin is /dev/null. An error only when it
// could not be started (ENOENT: not installed); a failing run is a status.
Result<ProgramOutput> runProgram(const std::vector<std::string>& argv, bool mergeStderr = true,
                                 std::size_t maxOutput = std::size_t(1) << 20);

// Its last non-empty line, for an error message ("" when it said nothing).
std::string lastLineOf(const std::string& output);

}  // namespace juxta

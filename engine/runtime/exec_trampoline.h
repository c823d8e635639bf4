#pragma once
// The sealed program a container process execs its workload through (trampoline/
// exec_trampoline.cpp says why): built at build time without a C library and embedded here.
#include <string>
#include <vector>

#include "core/error.h"
#include "core/unique_fd.h"

namespace juxta::runtime {

// A fresh memfd with the trampoline, sealed, close-on-exec (execveat it with AT_EMPTY_PATH).
Result<UniqueFd> sealedExecTrampoline();

// The trampoline's argv for a workload: channelFd stays open across its exec (the caller clears
// its close-on-exec), context prefixes an exec error (may be empty), searchPath is used when
// args[0] has no '/'.
std::vector<std::string> execTrampolineArgs(int channelFd, const std::string& context,
                                            const std::vector<std::string>& searchPath,
                                            const std::vector<std::string>& args);

}  // namespace juxta::runtime

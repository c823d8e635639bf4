#pragma once
// A program that enters a container runs from a sealed in-memory copy of itself (the defence runc
// adopted after CVE-2019-5736). A container process can reach the binary of whatever runs inside
// its namespaces through /proc/PID/exe — or by making its own /bin/sh a "#!/proc/self/exe" script
// that the runtime's exec then starts. Through a copy in a memfd sealed against writing, growing
// and shrinking, all it reaches is that copy: the file on the host cannot be opened for writing.
#include <cstddef>
#include <filesystem>

#include "core/error.h"
#include "core/unique_fd.h"

namespace juxta {

// Re-executes this program (same argv, same environment) from a sealed memfd copy of
// /proc/self/exe, unless it already runs from one. Returns only on failure.
Status reexecFromSealedCopy(char** argv);

// A memfd holding data (a program to execveat), sealed against writing, growing and shrinking.
Result<UniqueFd> sealedMemfdOf(const char* name, const void* data, std::size_t size);

// Whether /proc/self/exe is a sealed copy.
bool runningFromSealedCopy();

// The program's file on disk, also when it runs from a sealed copy (whose /proc/self/exe names
// a memfd): what a program uses to find its helpers beside it.
std::filesystem::path selfExecutable();

}  // namespace juxta

#pragma once
// The child channel's message as it travels (child_channel.h). Plain data and <stdint.h> only:
// the exec trampoline (trampoline/exec_trampoline.cpp), built without a C library, writes it too.
#include <stdint.h>

namespace juxta::runtime::wire {

enum Kind : uint32_t {
    kPhase = 1,
    kError = 2,  // code: errno; text: the whole message
    kFd = 3,
    kContinue = 4,
    kExecFailed = 5,  // code: errno of the exec; text: what was exec'd (the reader adds strerror)
};

struct Message {
    uint32_t kind;
    int32_t code;     // errno for kError and kExecFailed
    int64_t ns;       // CLOCK_MONOTONIC for kPhase
    char text[1000];  // phase name or error message, NUL-terminated
};

}  // namespace juxta::runtime::wire

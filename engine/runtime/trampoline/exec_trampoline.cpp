// juxta-exec-trampoline: the last program a container process runs before its workload.
//
// The container's init (and an exec's child) is a clone of juxtactl or juxta-monitor: until it
// execs, /proc/self/exe names the host's binary. An image whose entry point is a "#!/proc/self/exe"
// script (or an ELF whose interpreter is /proc/self/exe) would have the kernel load that binary
// into the container, where it can be kept open and written once it ends (CVE-2019-5736). So the
// process first execs this program from a sealed memfd (exec_trampoline.h), and only this program
// execs the workload: what /proc/self/exe can name from then on is the sealed copy of it.
//
// Built without a C library (a few hundred bytes, copied into each start's memfd in microseconds):
//   juxta-exec-trampoline CHANNEL-FD CONTEXT SEARCH-PATH COMMAND [ARG...]
// execs COMMAND (searched in SEARCH-PATH, colon-separated, unless it has a '/') with argv
// COMMAND ARG... and the environment it was given. CHANNEL-FD is the child channel: made
// close-on-exec first, so the runtime reads end-of-file once the workload runs, or a kExecFailed
// message (prefixed with CONTEXT when not empty) if no exec succeeded. Then it exits 127.
#include "core/freestanding.h"
#include "runtime/child_channel_wire.h"

namespace {

using juxta::freestanding::exitWith;
using juxta::freestanding::sys;
using juxta::freestanding::nr::kExecve;
using juxta::freestanding::nr::kFcntl;
using juxta::freestanding::nr::kWrite;

constexpr long kSetFd = 2, kCloseOnExec = 1;
constexpr int kNoEntry = 2, kNotDir = 20;

size_t length(const char* s) {
    size_t n = 0;
    while (s[n]) ++n;
    return n;
}

// Appends s to the text at *at, never past the end (the last byte stays NUL).
void append(char* text, size_t size, size_t* at, const char* s, size_t n) {
    for (size_t i = 0; i < n && *at + 1 < size; ++i) text[(*at)++] = s[i];
}

[[noreturn]] void fail(long channel, const char* context, const char* command, bool searched, int err) {
    juxta::runtime::wire::Message m;
    char* bytes = reinterpret_cast<char*>(&m);
    for (size_t i = 0; i < sizeof m; ++i) bytes[i] = 0;
    m.kind = juxta::runtime::wire::kExecFailed;
    m.code = err;
    size_t at = 0;
    if (*context) {
        append(m.text, sizeof m.text, &at, context, length(context));
        append(m.text, sizeof m.text, &at, ": ", 2);
    }
    append(m.text, sizeof m.text, &at, "exec ", 5);
    append(m.text, sizeof m.text, &at, command, length(command));
    if (searched) {
        const char* note = " (not found in the container's PATH)";
        append(m.text, sizeof m.text, &at, note, length(note));
    }
    sys(kWrite, channel, reinterpret_cast<long>(&m),
        static_cast<long>(offsetof(juxta::runtime::wire::Message, text) + at + 1));
    exitWith(127);
}

// A decimal fd number, or -1.
long parseFd(const char* s) {
    long v = 0;
    if (!*s) return -1;
    for (; *s; ++s) {
        if (*s < '0' || *s > '9' || v > 1000000) return -1;
        v = v * 10 + (*s - '0');
    }
    return v;
}

}  // namespace

extern "C" [[noreturn]] void trampolineMain(long* stack) {
    const long argc = stack[0];
    char** argv = reinterpret_cast<char**>(stack + 1);
    char** envp = argv + argc + 1;
    const long channel = argc >= 5 ? parseFd(argv[1]) : -1;
    if (channel < 0) {
        const char usage[] = "juxta-exec-trampoline: started by the container runtime, not by hand\n";
        sys(kWrite, 2, reinterpret_cast<long>(usage), sizeof usage - 1);
        exitWith(127);
    }
    sys(kFcntl, channel, kSetFd, kCloseOnExec);
    const char* context = argv[2];
    const char* search = argv[3];
    char* command = argv[4];
    char** args = argv + 4;
    const size_t commandLength = length(command);
    for (size_t i = 0; i < commandLength; ++i)
        if (command[i] == '/')
            fail(channel, context, command, false,
                 static_cast<int>(-sys(kExecve, reinterpret_cast<long>(command), reinterpret_cast<long>(args),
                                       reinterpret_cast<long>(envp))));
    int firstError = kNoEntry;
    char candidate[4096];
    for (const char* dir = search; *dir;) {
        const char* end = dir;
        while (*end && *end != ':') ++end;
        const size_t dirLength = static_cast<size_t>(end - dir);
        if (dirLength > 0 && dirLength + 1 + commandLength < sizeof candidate) {
            size_t at = 0;
            for (size_t i = 0; i < dirLength; ++i) candidate[at++] = dir[i];
            candidate[at++] = '/';
            for (size_t i = 0; i <= commandLength; ++i) candidate[at++] = command[i];
            const int err =
                static_cast<int>(-sys(kExecve, reinterpret_cast<long>(candidate),
                                      reinterpret_cast<long>(args), reinterpret_cast<long>(envp)));
            if (err != kNoEntry && err != kNotDir && firstError == kNoEntry) firstError = err;
        }
        dir = *end ? end + 1 : end;
    }
    fail(channel, context, command, true, firstError);
}

JUXTA_FREESTANDING_ENTRY(trampolineMain);

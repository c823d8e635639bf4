#pragma once
// The container's seccomp filter, built with libseccomp in the runtime (before clone) and loaded
// by the child as the last step before exec.
//
// Approach: a deny-list of exactly what Docker's default profile leaves out for a container
// with the default capabilities (mount, reboot, kexec, module loading, bpf, keyrings, namespace
// creation, ...), each answered with EPERM, and everything else allowed. Docker's profile is an
// allow-list of ~370 syscalls; the effect for those syscalls is the same, the filter is ~6x
// shorter (faster to compile at every start and cheaper on every syscall), and a syscall added
// to the kernel after this list is allowed rather than denied — the trade-off we take; the
// capability set and namespaces still bound what a new syscall can reach. Non-native ABIs
// (i386 int 0x80, x32) are killed outright, which is stricter than Docker.
#include <linux/filter.h>

#include <string>
#include <vector>

#include "core/error.h"

namespace juxta::runtime {

struct DeniedSyscall {
    const char* name;
    int error;  // the errno the caller sees (EPERM; ENOSYS for clone3 so libc falls back to clone)
};

// The syscalls denied unconditionally.
const std::vector<DeniedSyscall>& deniedSyscalls();

// A compiled classic-BPF program, ready for seccomp(SECCOMP_SET_MODE_FILTER).
struct SeccompProgram {
    std::vector<sock_filter> instructions;
};

// Builds the default filter: the deny-list plus argument rules (clone with namespace flags,
// socket(AF_VSOCK), personality only for Docker's values). Errors name the syscall that could not
// be added.
Result<SeccompProgram> buildDefaultSeccompProgram();

// Loads the program into the calling thread (needs no_new_privs or CAP_SYS_ADMIN).
Status loadSeccompProgram(const SeccompProgram& program);

}  // namespace juxta::runtime

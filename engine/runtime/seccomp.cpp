#include "runtime/seccomp.h"

#include <linux/seccomp.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace juxta::runtime {

const SeccompProgram& defaultSeccompProgram() {
    static const SeccompProgram program{{
#include "default_seccomp_program.inc"
    }};
    return program;
}

Status loadSeccompProgram(const SeccompProgram& program) {
    sock_fprog prog{};
    prog.len = static_cast<unsigned short>(program.instructions.size());
    prog.filter = const_cast<sock_filter*>(program.instructions.data());
    if (::syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) < 0)
        return Error::fromErrno("load seccomp filter");
    return {};
}

}  // namespace juxta::runtime

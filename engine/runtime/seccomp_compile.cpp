// The allow-list compiled with libseccomp: run by juxta-seccomp-bpf while Juxta is built (and by the
// unit test, which checks the embedded program is this one).
#include <seccomp.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <string>

#include "core/unique_fd.h"
#include "runtime/seccomp.h"

namespace juxta::runtime {
namespace {

struct CtxDeleter {
    void operator()(scmp_filter_ctx ctx) const { seccomp_release(ctx); }
};
using Ctx = std::unique_ptr<void, CtxDeleter>;

Error seccompError(const std::string& what, int rc) {
    return Error(-rc, "seccomp: " + what + ": " + std::strerror(-rc));
}

Status allow(scmp_filter_ctx ctx, const char* name, int nr) {
    const int rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 0);
    // A pseudo-number (< 0) names a syscall this architecture does not have: nothing to allow.
    if (rc < 0 && !(nr < 0 && rc == -EDOM)) return seccompError(std::string("allow ") + name, rc);
    return {};
}

Status allowWhen(scmp_filter_ctx ctx, int nr, const scmp_arg_cmp& cmp, const char* what) {
    if (int rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 1, cmp); rc < 0) return seccompError(what, rc);
    return {};
}

// The argument rules. The filter sees all 64 bits of an argument, the kernel only the low 32 of an
// int: socket(1 << 32 | AF_VSOCK) is AF_VSOCK to the kernel. Docker allows "family > 40", which
// that value passes; here each allowed range also requires the upper half to be zero (families
// from 64 on do not exist and get EPERM instead of EAFNOSUPPORT), and so for setsockopt's level and
// name (socketRules()). personality's equality tests and clone's mask (an unsigned long) have no
// such gap.
Status addArgumentRules(scmp_filter_ctx ctx) {
    if (auto st = allowWhen(ctx, SCMP_SYS(clone), SCMP_A0(SCMP_CMP_MASKED_EQ, kCloneNamespaceFlags, 0),
                            "allow clone without namespace flags");
        !st)
        return st;
    if (int rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0); rc < 0)
        return seccompError("clone3 answers ENOSYS", rc);
    for (uint64_t persona : kAllowedPersonalities)
        if (auto st =
                allowWhen(ctx, SCMP_SYS(personality), SCMP_A0(SCMP_CMP_EQ, persona), "allow personality");
            !st)
            return st;
    static_assert(kSocketFamilyAlg == 38 && kSocketFamilyVsock == 40 && kSocketFamilyPacket == 17,
                  "socketRules() skips exactly these");
    for (const ArgumentRule& rule : socketRules()) {
        std::vector<scmp_arg_cmp> all;
        for (const ArgumentTest& t : rule.all)
            all.push_back(t.less ? scmp_arg_cmp{t.arg, SCMP_CMP_LT, t.match, 0}
                                 : scmp_arg_cmp{t.arg, SCMP_CMP_MASKED_EQ, t.mask, t.match});
        const int nr = seccomp_syscall_resolve_name(rule.syscall);
        if (int rc = seccomp_rule_add_array(ctx, SCMP_ACT_ALLOW, nr, unsigned(all.size()), all.data());
            rc < 0)
            return seccompError(std::string("allow ") + rule.syscall + " with its arguments", rc);
    }
    return {};
}

}  // namespace

Result<SeccompProgram> compileDefaultSeccompProgram() {
    Ctx ctx(seccomp_init(SCMP_ACT_ERRNO(EPERM)));
    if (!ctx) return Error(ENOMEM, "seccomp: cannot create a filter");
    // Binary-tree dispatch on the syscall number instead of a linear scan of ~370 entries.
    seccomp_attr_set(ctx.get(), SCMP_FLTATR_CTL_OPTIMIZE, 2);
    seccomp_attr_set(ctx.get(), SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS);
    for (const char* name : allowedSyscalls()) {
        const int nr = seccomp_syscall_resolve_name(name);
        if (nr == __NR_SCMP_ERROR)
            continue;  // an older libseccomp: denied (a unit test keeps this list known)
        if (auto st = allow(ctx.get(), name, nr); !st) return st.error();
    }
    for (const SyscallNumber& s : syscallsUnknownToLibseccomp())
        if (auto st = allow(ctx.get(), s.name, s.nr); !st) return st.error();
    if (auto st = addArgumentRules(ctx.get()); !st) return st.error();

    // libseccomp 2.5 exports to an fd only; a memfd keeps it off any filesystem.
    UniqueFd mem(::memfd_create("juxta-seccomp", MFD_CLOEXEC));
    if (!mem) return Error::fromErrno("seccomp: memfd_create");
    if (int rc = seccomp_export_bpf(ctx.get(), mem.get()); rc < 0) return seccompError("export filter", rc);
    const off_t size = ::lseek(mem.get(), 0, SEEK_END);
    if (size <= 0 || size % sizeof(sock_filter) != 0)
        return Error(EINVAL, "seccomp: exported filter has a bad size");
    SeccompProgram program;
    program.instructions.resize(std::size_t(size) / sizeof(sock_filter));
    if (::pread(mem.get(), program.instructions.data(), std::size_t(size), 0) != size)
        return Error::fromErrno("seccomp: read exported filter");
    return program;
}

}  // namespace juxta::runtime

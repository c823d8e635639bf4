#pragma once
// The container's seccomp filter: compiled with libseccomp while Juxta is built (juxta-seccomp-bpf
// writes the program into the runtime library: compiling ~370 rules costs 1-2 ms, a start's tenth),
// loaded from memory by the child as the last step before exec.
//
// An allow-list equivalent to Docker's default profile for the default capabilities: the
// syscalls of allowedSyscalls(), clone only without namespace flags, socket for every family but
// AF_ALG, AF_VSOCK and AF_PACKET (socketRules()), personality only for Docker's values, clone3 → ENOSYS (so
// libc falls back to clone, whose flags the filter can see); anything else, including syscalls added by later
// kernels, gets EPERM. Non-native ABIs (i386 int 0x80, x32) are killed outright, which is
// stricter than Docker.
#include <linux/filter.h>

#include <cstdint>
#include <vector>

#include "core/error.h"

namespace juxta::runtime {

// The syscalls allowed whatever their arguments, by name (seccomp_syscalls.cpp).
const std::vector<const char*>& allowedSyscalls();

// Allowed syscalls the libseccomp we build against cannot name yet: added by number.
struct SyscallNumber {
    const char* name;
    int nr;
};
const std::vector<SyscallNumber>& syscallsUnknownToLibseccomp();

// The argument rules, as data (the bench writes the same profile for runc).
// clone is allowed when none of these bits is set: NEWNS NEWCGROUP NEWUTS NEWIPC NEWUSER NEWPID NEWNET.
inline constexpr uint64_t kCloneNamespaceFlags = 0x7e020000;
// personality: PER_LINUX, PER_LINUX32, UNAME26, UNAME26|PER_LINUX32 and the query 0xffffffff.
inline constexpr uint64_t kAllowedPersonalities[] = {0x0, 0x8, 0x20000, 0x20008, 0xffffffff};
// socket: every address family but AF_ALG (38, the kernel's crypto API) and AF_VSOCK (40, the
// hypervisor's sockets, outside the container's network namespace).
inline constexpr uint64_t kSocketFamilyAlg = 38, kSocketFamilyVsock = 40;

// Stricter than Docker: CAP_NET_RAW stays (ping's raw ICMP socket), but nothing that lets a
// container put a frame or an IP header of its own on juxta0 — an ARP reply for the gateway's or a
// neighbour's address, IPv4 from a forged source — so socket() for AF_PACKET (17), and for AF_INET
// or AF_INET6 with IPPROTO_RAW (255: the header is the caller's), and setsockopt() of IP_HDRINCL (3)
// or IP_TRANSPARENT (19) at SOL_IP, IPV6_HDRINCL (36) or IPV6_TRANSPARENT (75) at SOL_IPV6, get
// EPERM (without those a raw socket's source is an address of its own: the kernel routes nothing
// else). As socket's family, every argument is checked in all 64 bits: values the kernel would read
// as another int fall outside the allowed ranges.
inline constexpr uint64_t kSocketFamilyPacket = 17;
// One comparison of a syscall's argument `arg` (0-based): (value & mask) == match, or value < match.
struct ArgumentTest {
    unsigned arg = 0;
    bool less = false;  // value < match (mask unused)
    uint64_t mask = ~uint64_t(0);
    uint64_t match = 0;
};
// socket and setsockopt are allowed when every test of one of their rules holds.
struct ArgumentRule {
    const char* syscall;
    std::vector<ArgumentTest> all;
};
const std::vector<ArgumentRule>& socketRules();

// A compiled classic-BPF program, ready for seccomp(SECCOMP_SET_MODE_FILTER).
struct SeccompProgram {
    std::vector<sock_filter> instructions;
};

// The default filter as compiled when Juxta was built: what every container and exec gets.
const SeccompProgram& defaultSeccompProgram();

// Compiles the default filter with libseccomp (the build's tool and the tests; library
// juxta_seccomp_compiler). Errors name the syscall or rule that could not be added.
Result<SeccompProgram> compileDefaultSeccompProgram();

// Loads the program into the calling thread (needs no_new_privs or CAP_SYS_ADMIN).
Status loadSeccompProgram(const SeccompProgram& program);

}  // namespace juxta::runtime

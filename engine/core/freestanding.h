#pragma once
// For the programs Juxta builds without a C library — a few hundred bytes each, embedded in the
// engine and exec'd from a sealed memfd (core/sealed_exe.h): the exec trampoline a container
// process runs before its workload, and an instance's keeper (core/keeper.h). System calls by
// number, x86_64 and aarch64, and the entry point that hands the kernel's initial stack (argc,
// argv..., NULL, envp..., NULL) to a function of the program.
#include <stddef.h>
#include <stdint.h>

namespace juxta::freestanding {

#if defined(__x86_64__)
namespace nr {
constexpr long kWrite = 1, kFcntl = 72, kExecve = 59, kExit = 60, kPrctl = 157, kPpoll = 271,
               kPidfdSendSignal = 424;
}
inline long sys(long n, long a = 0, long b = 0, long c = 0, long d = 0) {
    register long r10 asm("r10") = d;
    long r;
    asm volatile("syscall" : "=a"(r) : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10) : "rcx", "r11", "memory");
    return r;
}
#define JUXTA_FREESTANDING_ENTRY(function) \
    asm(".globl _start\n_start:\n  mov %rsp, %rdi\n  and $-16, %rsp\n  call " #function "\n  hlt\n")
#elif defined(__aarch64__)
namespace nr {
constexpr long kWrite = 64, kFcntl = 25, kExecve = 221, kExit = 93, kPrctl = 167, kPpoll = 73,
               kPidfdSendSignal = 424;
}
inline long sys(long n, long a = 0, long b = 0, long c = 0, long d = 0) {
    register long x8 asm("x8") = n, x0 asm("x0") = a, x1 asm("x1") = b, x2 asm("x2") = c, x3 asm("x3") = d;
    asm volatile("svc 0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2), "r"(x3) : "memory");
    return x0;
}
#define JUXTA_FREESTANDING_ENTRY(function) asm(".globl _start\n_start:\n  mov x0, sp\n  bl " #function "\n")
#else
#error "Juxta's freestanding programs know the system calls of x86_64 and aarch64 only"
#endif

[[noreturn]] inline void exitWith(int code) {
    for (;;) sys(nr::kExit, code);
}

}  // namespace juxta::freestanding

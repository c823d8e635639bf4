# 64-bit long mode: prints a line, loads an empty IDT (limit 0) and raises an exception. No
# vector can be delivered, so the CPU double- and then triple-faults, which KVM reports as a
# shutdown. (Long mode rather than real mode: PVM's real-mode emulation ignores the IVT limit.)
#include "serial.inc"
        .code64
        .text
        .globl _start
_start:
        puts64  msg
        lidt    empty_idt(%rip)
        ud2
        hlt
        define_puts64
        .p2align 3
empty_idt:
        .word   0                       # limit 0: every vector is out of bounds
        .quad   0
msg:    .asciz  "about to triple fault\n"

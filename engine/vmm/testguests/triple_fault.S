# 64-bit long mode: prints a line, loads an empty IDT (limit 0) and raises an exception. No
# vector can be delivered, so the CPU double- and then triple-faults, which KVM reports as a
# shutdown. (Long mode rather than real mode: PVM's real-mode emulation ignores the IVT limit.)
        .code64
        .text
        .globl _start
_start:
        lea     msg(%rip), %rsi
        movw    $0x3f8, %dx
1:      lodsb
        testb   %al, %al
        jz      2f
        outb    %al, %dx
        jmp     1b
2:      lidt    empty_idt(%rip)
        ud2
        hlt
        .p2align 3
empty_idt:
        .word   0                       # limit 0: every vector is out of bounds
        .quad   0
msg:    .asciz  "about to triple fault\n"

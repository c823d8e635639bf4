# Real mode, run by every vCPU (eax = its index): each writes "cpu<index>\n" on COM1 in one
# 32-bit-free sequence of byte writes guarded by a spin lock, then halts.
        .code16
        .text
        .globl _start
_start:
        cli
        movw    %ax, %bx                # bx = vCPU index
        xorw    %ax, %ax
        movw    %ax, %ds
1:      movb    $1, %al
        xchgb   %al, lock               # take the lock (xchg with memory is atomic)
        testb   %al, %al
        jnz     1b
        movw    $0x3f8, %dx
        movb    $'c', %al
        outb    %al, %dx
        movb    $'p', %al
        outb    %al, %dx
        movb    $'u', %al
        outb    %al, %dx
        movb    %bl, %al
        addb    $'0', %al
        outb    %al, %dx
        movb    $'\n', %al
        outb    %al, %dx
        movb    $0, lock                # release
        hlt
lock:   .byte   0

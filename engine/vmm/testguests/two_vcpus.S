# Real mode, run by every vCPU (eax = its index): each writes "cpu<index>\n" on COM1 under a
# spin lock, then halts.
#include "serial.inc"
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
        putc16  'c'
        putc16  'p'
        putc16  'u'
        movb    %bl, %al
        addb    $'0', %al
        outb    %al, %dx
        putc16  '\n'
        movb    $0, lock                # release
        hlt
lock:   .byte   0

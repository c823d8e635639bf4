# Real mode: prints "busy\n", then spins without ever exiting to the VMM — pausing or stopping it
# needs the vCPU thread to be kicked out of KVM_RUN.
#include "serial.inc"
        .code16
        .text
        .globl _start
_start:
        cli
        putc16  'b'
        putc16  'u'
        putc16  's'
        putc16  'y'
        putc16  '\n'
1:      jmp     1b

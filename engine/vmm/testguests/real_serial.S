# Real mode: prints a line on COM1, checks that a port nobody claims reads as 0xff, then halts.
#include "serial.inc"
        .code16
        .text
        .globl _start
_start:
        real_mode_entry
        puts16  msg
        inb     $0x99, %al              # unclaimed port: the VMM answers 0xff
        movb    $'Y', %bl
        cmpb    $0xff, %al
        je      1f
        movb    $'N', %bl
1:      movb    %bl, %al
        outb    %al, %dx
        putc16  '\n'
        hlt
        define_puts16
msg:    .asciz  "hello from real mode\nunclaimed port reads 0xff: "

# Real mode: a stand-in for the guest agent. Prints "agent waiting\n" on COM1, reads COM2 (the
# agent channel, 0x2f8) by polling its line status until a full line has come, echoes that line
# on COM1, then powers off through ACPI S5 (port 0x600) — what a real agent does on
# {"cmd":"poweroff"}.
#include "serial.inc"
        .set    COM2, 0x2f8
        .code16
        .text
        .globl _start
_start:
        real_mode_entry
        puts16  msg
1:      movw    $COM2 + 5, %dx          # line status: bit 0 = data ready
        inb     %dx, %al
        testb   $1, %al
        jz      1b
        movw    $COM2, %dx
        inb     %dx, %al
        movw    $COM1, %dx
        outb    %al, %dx                # echo what the VMM sent
        cmpb    $'\n', %al
        jne     1b
        movw    $0x600, %dx
        movb    $((5 << 2) | (1 << 5)), %al
        outb    %al, %dx
        hlt
        define_puts16
msg:    .asciz  "agent waiting\n"

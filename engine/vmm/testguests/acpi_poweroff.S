# Real mode: prints a line and powers the machine off the way Linux's ACPI S5 does on our
# hardware-reduced platform: SLP_TYP=5 | SLP_EN to the FADT's sleep control register (port 0x600).
# The VM ends with a power-off reason.
#include "serial.inc"
        .code16
        .text
        .globl _start
_start:
        cli
        putc16  'o'
        putc16  '\n'
        movw    $0x600, %dx
        movb    $((5 << 2) | (1 << 5)), %al
        outb    %al, %dx
        hlt

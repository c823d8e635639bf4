# Real mode: prints a line and resets the machine the way `reboot=k` does: command 0xFE (pulse
# the reset line) to the i8042 command port. The VM ends with a reset reason.
#include "serial.inc"
        .code16
        .text
        .globl _start
_start:
        cli
        putc16  'r'
        putc16  '\n'
        movb    $0xfe, %al
        outb    %al, $0x64
        hlt

# Real mode: prints a line and resets the machine the way `reboot=k` does: command 0xFE (pulse
# the reset line) to the i8042 command port. The VM ends with a reset reason.
        .code16
        .text
        .globl _start
_start:
        cli
        movw    $0x3f8, %dx
        movb    $'r', %al
        outb    %al, %dx
        movb    $'\n', %al
        outb    %al, %dx
        movb    $0xfe, %al
        outb    %al, $0x64
        hlt

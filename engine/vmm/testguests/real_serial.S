# Real mode: prints a line on COM1, checks that a port nobody claims reads as 0xff, then halts.
        .code16
        .text
        .globl _start
_start:
        cli
        xorw    %ax, %ax
        movw    %ax, %ds
        movw    $msg, %si
        movw    $0x3f8, %dx
1:      lodsb
        testb   %al, %al
        jz      2f
        outb    %al, %dx
        jmp     1b
2:      inb     $0x99, %al              # unclaimed port: the VMM answers 0xff
        movb    $'Y', %bl
        cmpb    $0xff, %al
        je      3f
        movb    $'N', %bl
3:      movb    %bl, %al
        outb    %al, %dx
        movb    $'\n', %al
        outb    %al, %dx
        hlt
msg:    .asciz  "hello from real mode\nunclaimed port reads 0xff: "

# Real mode: prints "spin\n", then writes one '.' on COM1 every 64 Ki loop iterations, forever —
# a guest to pause, resume, take statistics of, and stop from outside.
        .code16
        .text
        .globl _start
_start:
        cli
        movw    $0x3f8, %dx
        movb    $'s', %al
        outb    %al, %dx
        movb    $'p', %al
        outb    %al, %dx
        movb    $'i', %al
        outb    %al, %dx
        movb    $'n', %al
        outb    %al, %dx
        movb    $'\n', %al
        outb    %al, %dx
1:      xorw    %cx, %cx
2:      loop    2b                      # 65536 iterations
        movb    $'.', %al
        outb    %al, %dx
        jmp     1b

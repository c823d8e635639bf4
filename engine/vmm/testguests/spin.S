# Real mode: prints "spin\n", then writes one '.' on COM1 every 64 Ki loop iterations, forever —
# a guest to pause, resume, take statistics of, and stop from outside.
#include "serial.inc"
        .code16
        .text
        .globl _start
_start:
        real_mode_entry
        puts16  msg
1:      xorw    %cx, %cx
2:      loop    2b                      # 65536 iterations
        putc16  '.'
        jmp     1b
        define_puts16
msg:    .asciz  "spin\n"

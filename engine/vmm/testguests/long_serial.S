# 64-bit long mode (entered by the VMM with identity paging): prints a line on COM1, writes to
# and reads from an MMIO address with no device (the VMM logs and ignores the write and answers
# the read with all ones), reports what it read, halts. Kept tiny: PVM hosts emulate 64-bit code.
#include "serial.inc"
        .code64
        .text
        .globl _start
_start:
        puts64  msg
        movl    $0xd0000000, %edi       # in the 3-4 GiB device gap, identity-mapped, no RAM
        movl    $0x12345678, (%rdi)     # MMIO write exit
        movl    (%rdi), %eax            # MMIO read exit
        cmpl    $0xffffffff, %eax
        jne     1f
        puts64  yes
        hlt
1:      puts64  no
        hlt
        define_puts64
msg:    .asciz  "hello from long mode\nunmapped mmio reads all ones: "
yes:    .asciz  "Y\n"
no:     .asciz  "N\n"

# 64-bit long mode (entered by the VMM with identity paging): prints a line on COM1, writes to
# and reads from an MMIO address with no device (the VMM logs and ignores the write and answers
# the read with all ones), reports what it read, halts. Kept tiny: PVM hosts emulate 64-bit code.
        .code64
        .text
        .globl _start
_start:
        lea     msg(%rip), %rsi
        call    puts
        movl    $0xd0000000, %edi       # in the 3-4 GiB device gap, identity-mapped, no RAM
        movl    $0x12345678, (%rdi)     # MMIO write exit
        movl    (%rdi), %eax            # MMIO read exit
        lea     yes(%rip), %rsi
        cmpl    $0xffffffff, %eax
        je      1f
        lea     no(%rip), %rsi
1:      call    puts
        hlt
puts:   movw    $0x3f8, %dx
2:      lodsb
        testb   %al, %al
        jz      3f
        outb    %al, %dx
        jmp     2b
3:      ret
msg:    .asciz  "hello from long mode\nunmapped mmio reads all ones: "
yes:    .asciz  "Y\n"
no:     .asciz  "N\n"

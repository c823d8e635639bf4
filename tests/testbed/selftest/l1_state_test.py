#!/usr/bin/env python3
"""lib/l1_state.py's lost-wakeup test on what QEMU said about real L1s (selftest/data/): a silent L1
halted with interrupts on and the timer's vector 236 pending above the processor priority
(reproduced 2026-12-04, woken by a key press) is the lost wakeup; an idle L1 halted with nothing
pending, or one with interrupts off, or one whose pending vector the priority masks, is not."""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
import l1_state  # noqa: E402


def read(name):
    with open(os.path.join(HERE, "data", name)) as f:
        return f.read()


def main():
    regs, lapic = read("lost-wakeup.registers"), read("lost-wakeup.lapic")
    idle_regs, idle_lapic = read("idle.registers"), read("idle.lapic")
    checks = [
        ("the lost wakeup", l1_state.lost_wakeup(regs, lapic), 236),
        ("an idle L1 (nothing pending)", l1_state.lost_wakeup(idle_regs, idle_lapic), None),
        ("interrupts off", l1_state.lost_wakeup(regs.replace("RFL=00000202", "RFL=00000002"), lapic), None),
        ("not halted", l1_state.lost_wakeup(regs.replace("HLT=1", "HLT=0"), lapic), None),
        ("masked by the priority", l1_state.lost_wakeup(regs, lapic.replace("PPR 0x10", "PPR 0xf0")), None),
        ("no monitor output", l1_state.lost_wakeup("", ""), None),
    ]
    failed = [f"{what}: got {got}, want {want}" for what, got, want in checks if got != want]
    for f in failed:
        print("FAIL:", f)
    if not failed:
        print(f"PASS: {len(checks)} states")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()

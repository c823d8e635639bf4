#!/usr/bin/env python3
"""L1 as the emulator sees it, over the run's QMP socket (tb_l1_watchdog, lib/run.sh).

l1_state.py SOCKET            what a silent L1 was doing: its vCPU's registers (RIP, RFLAGS' IF,
                              HLT), its local APIC (timer, pending and in-service vectors) and
                              interrupt controllers. A monitor that does not answer within a few
                              seconds says so: then QEMU's main loop itself is stuck (it runs the
                              timers and every device's I/O), a finding of its own.
l1_state.py SOCKET --lost-wakeup
                              exit 0, printing the vector, when L1 is halted with interrupts on and
                              an interrupt its local APIC would deliver is pending (IRR above the
                              processor priority): QEMU 7.2's TCG left the vCPU asleep without the
                              interrupt request that would wake it (measured 2026-12-04, README).
                              Exit 1 otherwise, 2 when the monitor did not answer.
l1_state.py SOCKET --hmp LINE one monitor command ("sendkey shift"), its output printed.
"""
import json
import re
import socket
import sys

COMMANDS = ["info registers", "info lapic", "info pic", "info irq"]
SKIP = ("FCW", "FPR", "XMM", "YMM", "ZMM", "DR")


class Monitor:
    def __init__(self, path):
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(5)
        sock.connect(path)
        self.stream = sock.makefile("rw")
        self.stream.readline()  # the greeting
        self.ask("qmp_capabilities")

    def ask(self, cmd, **args):
        self.stream.write(json.dumps({"execute": cmd, "arguments": args}) + "\n")
        self.stream.flush()
        while True:
            line = self.stream.readline()
            if not line:
                raise EOFError("QEMU closed its monitor")
            msg = json.loads(line)
            if "return" in msg or "error" in msg:
                return msg

    def hmp(self, line):
        out = self.ask("human-monitor-command", **{"command-line": line})
        text = out.get("return", out.get("error"))
        return text if isinstance(text, str) else json.dumps(text) + "\n"


def lost_wakeup(regs, lapic):
    """The pending vector when `info registers` and `info lapic` show the lost wakeup, else None."""
    rfl = re.search(r"RFL=([0-9a-f]+)", regs)
    halted = re.search(r"\bHLT=1\b", regs)
    irr = re.search(r"^IRR\s+(.*)$", lapic, re.M)
    ppr = re.search(r"PPR 0x([0-9a-f]+)", lapic)
    if not (rfl and halted and irr and ppr) or not int(rfl.group(1), 16) & 0x200:
        return None
    pending = [int(v) for v in irr.group(1).split() if v.isdigit()]
    # The APIC delivers the highest pending vector whose priority class is above the PPR's.
    if pending and max(pending) >> 4 > int(ppr.group(1), 16) >> 4:
        return max(pending)
    return None


def main():
    try:
        mon = Monitor(sys.argv[1])
        if len(sys.argv) == 3 and sys.argv[2] == "--lost-wakeup":
            vector = lost_wakeup(mon.hmp("info registers"), mon.hmp("info lapic"))
            if vector is None:
                sys.exit(1)
            print(vector)
            return
        if len(sys.argv) == 4 and sys.argv[2] == "--hmp":
            print(mon.hmp(sys.argv[3]), end="")
            return
        print("QEMU's vCPUs:", json.dumps(mon.ask("query-cpus-fast").get("return")))
        for cmd in COMMANDS:
            print(f"--- {cmd}")
            print("".join(l for l in mon.hmp(cmd).splitlines(True) if not l.startswith(SKIP)), end="")
    except (OSError, EOFError, ValueError) as e:
        print(f"QEMU's monitor did not answer ({e}): its main loop is stuck")
        sys.exit(2)


if __name__ == "__main__":
    main()

#!/usr/bin/env bash
# The four-service stack scenario end to end in L1 (where the stock cloud kernel boots under nested
# KVM): `juxtactl compare --scenario stack --json` as four busybox containers and four tiny-linux
# VMs — for each kind all four services ready, memory figures positive, the cache OOM-killed (its
# cgroup's limit; the guest kernel), the other three serving their whole time with ops/s after the
# hog > 0; nothing left behind. Prints the VM/container ratios of all-ready time and memory.
# Run: TESTBED=tests/testbed/testbed JUXTA_BIN_DIR=<build>/bin bash tests/e2e/scenario.sh
# Needs python3 for the checks.
# shellcheck source=../testbed/selftest/lib.sh
. "$(dirname "$0")/../testbed/selftest/lib.sh"
# shellcheck source=juxta_l1.sh
. "$(dirname "$0")/juxta_l1.sh"
juxta_l1_compare scenario
out=$OUT
if [[ $(cat "$out/stack.rc") != 0 ]]; then # a kind that failed says why in the JSON
  why=$(python3 -c 'import json, sys
c = json.load(open(sys.argv[1]))
print("cancelled:", c.get("cancelled"), "| kinds:", "; ".join(
    "%s %s %s" % (r.get("kind"), r.get("status"), r.get("reason")) for r in c.get("scenario", [])))' \
    "$out/stack.json" 2>&1 | tail -2 || true)
  fail "compare --scenario stack exited $(cat "$out/stack.rc"): $(tail -10 "$out/stack.err") | JSON: $why"
fi
juxta_l1_nothing_left

python3 - "$out/stack.json" <<'PY'
import json, sys
def fail(msg):
    print("FAIL: " + msg, file=sys.stderr)
    sys.exit(1)
c = json.load(open(sys.argv[1]))
runs = {r["kind"]: r for r in c["scenario"]}
if sorted(runs) != ["container", "vm"]:
    fail(f"kinds {sorted(runs)}")
for kind, r in runs.items():
    if r["status"] != "ok":
        fail(f"{kind}: {r['status']}: {r['reason']}")
    services = {s["name"]: s for s in r["services"]}
    if sorted(services) != ["cache", "db", "web", "worker"]:
        fail(f"{kind}: services {sorted(services)}")
    if not r["all_ready_ms"] > 0 or not r["total_memory_bytes"] > 0:
        fail(f"{kind}: all-ready {r['all_ready_ms']} ms, memory {r['total_memory_bytes']} B")
    for name, s in services.items():
        if not s["memory_bytes"] > 0 or not s["ready_ms"] > 0:
            fail(f"{kind}/{name}: memory {s['memory_bytes']} B, ready {s['ready_ms']} ms")
    cache = services["cache"]
    if not cache["hog"] or not cache["oom_killed"]:
        fail(f"{kind}: the cache was not OOM-killed: {cache['end']}")
    for name in ("web", "db", "worker"):
        s = services[name]
        if not s["completed"] or not (s["ops_per_s_after"] or 0) > 0:
            fail(f"{kind}/{name}: {s['end']}, ops/s after the hog {s['ops_per_s_after']}")
ct, vm = runs["container"], runs["vm"]
print(f"PASS stack: all-ready VM/container {vm['all_ready_ms'] / ct['all_ready_ms']:.2f}x, "
      f"memory VM/container {vm['total_memory_bytes'] / ct['total_memory_bytes']:.2f}x")
for kind, r in runs.items():
    for s in r["services"]:
        print(f"  {kind} {s['name']}: ops/s before {s['ops_per_s_before']}, after {s['ops_per_s_after']}; {s['end']}")
PY
no_qemu_left

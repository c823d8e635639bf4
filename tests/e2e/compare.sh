#!/usr/bin/env bash
# The three-way comparison, end to end, in L1 (where the stock cloud kernel boots under nested
# KVM): `juxtactl compare --json` of startup, cpu, idle and fileio as a host process, a busybox
# container and a VM of the same image (its file I/O on its own disk on virtio-blk); every field
# present and plausible (positive, the host's ratio exactly 1.0), the container's memory overhead
# smaller than the VM's, the saved comparison's CSV agreeing with its JSON, nothing left behind. Needs python3 for the JSON checks.
# Environment: JUXTA_BIN_DIR (juxtactl, juxta-monitor, juxta-vmm, juxta-guest, juxta-workload).
# shellcheck source=../testbed/selftest/lib.sh
. "$(dirname "$0")/../testbed/selftest/lib.sh"
# shellcheck source=juxta_l1.sh
. "$(dirname "$0")/juxta_l1.sh"
juxta_l1_compare compare
out=$OUT
for w in startup cpu idle fileio; do
  [[ $(cat "$out/$w.rc") == 0 ]] || fail "compare $w exited $(cat "$out/$w.rc"): $(tail -3 "$out/$w.err")"
done
juxta_l1_nothing_left

python3 - "$out" <<'PY'
import csv, json, re, sys
out = sys.argv[1]
def fail(msg):
    print("FAIL: " + msg, file=sys.stderr)
    sys.exit(1)
results = {w: json.load(open(f"{out}/{w}.json")) for w in ("startup", "cpu", "idle", "fileio")}
for w, c in results.items():
    if c["host"]["kvm_kind"] != "hardware":
        fail(f"{w}: L1's KVM is {c['host']['kvm_kind']}")
    variants = {v["kind"]: v for v in c["variants"]}
    if sorted(variants) != ["container", "host", "vm"]:
        fail(f"{w}: variants {sorted(variants)}")
    for kind, v in variants.items():
        if v["status"] != "ok":
            fail(f"{w}/{kind}: {v['status']}: {v['reason']}")
        if not v["metrics"]:
            fail(f"{w}/{kind}: no metrics")
        for m in v["metrics"]:
            if not m["stat"]["median"] > 0 or not m["ratio_to_host"] or m["ratio_to_host"] <= 0:
                fail(f"{w}/{kind}: {m['name']} = {m['stat']['median']}, ratio {m['ratio_to_host']}")
            if kind == "host" and m["ratio_to_host"] != 1.0:
                fail(f"{w}: the host's ratio for {m['name']} is {m['ratio_to_host']}")
        s = v["startup"]
        if not s["to_workload_ms"]["median"] > 0 or not s["phases"]:
            fail(f"{w}/{kind}: no start-up figures")
        if not v["memory"]["total_bytes"]["median"] > 0 and w != "startup":
            fail(f"{w}/{kind}: no memory figure")
    phases = {p["name"] for p in variants["vm"]["startup"]["phases"]}
    for p in ("kvm_ready", "agent_ready", "workload_start", "workload_end"):
        if p not in phases:
            fail(f"{w}/vm: phase {p} missing ({sorted(phases)})")
    if not variants["vm"]["disk"]["shared_bytes"] > 0 or not variants["container"]["disk"]["shared_bytes"] > 0:
        fail(f"{w}: no disk figures")
    if not variants["vm"]["vm_exits"]:
        fail(f"{w}/vm: no exits by reason")
# The VM booted the container's image (busybox, with the workload layer) as `vm run --image` does,
# every workload; its file I/O went to its own ext4 disk on virtio-blk (not tiny-linux's tmpfs): at
# least the 8 MiB the workload wrote reached it, and the disk is the VM's own.
for w, c in results.items():
    detail = {v["kind"]: v for v in c["variants"]}["vm"]["disk"]["detail"]
    if "the image's disk" not in detail:
        fail(f"{w}/vm: not booted from the image: {detail}")
vm_disk = {v["kind"]: v for v in results["fileio"]["variants"]}["vm"]["disk"]
written = re.search(r"\((\d+) MB written to it\)", vm_disk["detail"])
if "virtio-blk" not in vm_disk["detail"] or not written or int(written.group(1)) < 8:
    fail(f"fileio/vm: its disk: {vm_disk}")
if not vm_disk["unique_bytes"] > 0:
    fail(f"fileio/vm: no disk of its own: {vm_disk}")
idle = {v["kind"]: v for v in results["idle"]["variants"]}
container, vm = idle["container"]["memory"]["overhead_bytes"], idle["vm"]["memory"]["overhead_bytes"]
if not 0 < container < vm:
    fail(f"idle: container overhead {container} B is not smaller than the VM's {vm} B")
# The saved cpu comparison's CSV has the JSON's figures.
cpu = {v["kind"]: v for v in results["cpu"]["variants"]}
rows = list(csv.DictReader(open(f"{out}/cpu.csv")))
checked = 0
for r in rows:
    if r["metric"] == "ops_per_s" and r["stat"] in ("median", "ratio_to_host"):
        m = cpu[r["variant"]]["metrics"][0]
        want = m["stat"]["median"] if r["stat"] == "median" else m["ratio_to_host"]
        if float(r["value"]) != want:
            fail(f"CSV {r} disagrees with the JSON ({want})")
        checked += 1
if checked != 6:
    fail(f"the CSV has {checked} of 6 ops_per_s figures")
for w, c in results.items():
    for v in c["variants"]:
        figures = ", ".join(f"{m['name']} {m['ratio_to_host']:.2f}" for m in v["metrics"])
        overhead = v["memory"]["overhead_bytes"]
        print(f"PASS {w} {v['kind']}: ratio to host {figures}; memory overhead {overhead} B")
PY
no_qemu_left

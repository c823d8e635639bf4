#!/bin/sh
# Runs inside L1 (see ../stress.sh): N tiny-linux boots under juxta-vmm on L1's KVM, PAR at a time,
# each `--exec -- /bin/true`. Prints "boot I STATUS MS" per boot and "boots: N, failed: F" at the end.
# A boot still running after LIMIT seconds is a hang: what its threads are doing in L1
# (/proc/PID/task/*/{stat,wchan,stack}) goes to I.diag beside its console, then it is killed (137).
# Arguments: VMM KERNEL INITRD CMDLINE N PAR VCPUS LIMIT.
set -u
vmm=$1 kernel=$2 initrd=$3 cmdline=$4 n=$5 par=$6 vcpus=$7 limit=$8
out=${TESTBED_OUT:-/tmp}
now_ms() { read -r up _ </proc/uptime && echo "${up%.*}${up#*.}0"; }

# diagnose PID FILE — the VMM's threads as L1 sees them.
diagnose() {
  for t in /proc/"$1"/task/*; do
    echo "== thread ${t##*/}: $(cut -d' ' -f2,3 "$t/stat") wchan=$(cat "$t/wchan" 2>/dev/null)"
    cat "$t/stack" 2>/dev/null
  done >"$2"
  { echo "== L1 loadavg $(cat /proc/loadavg)"; cat /proc/interrupts; } >>"$2" 2>/dev/null
}

# boot I — one boot, watched.
boot() {
  start=$(now_ms)
  "$vmm" --kernel "$kernel" --boot pvh --kernel-cache /tmp/kernel-cache --initrd "$initrd" \
    --cmdline "$cmdline" --vcpus "$vcpus" --console "$out/$1.console" --exec -- /bin/true 2>"$out/$1.stderr" &
  pid=$!
  while kill -0 "$pid" 2>/dev/null && [ $(($(now_ms) - start)) -lt $((limit * 1000)) ]; do
    sleep 0.2
  done
  if kill -0 "$pid" 2>/dev/null; then
    diagnose "$pid" "$out/$1.diag"
    kill -KILL "$pid"
  fi
  wait "$pid"
  status=$?
  echo "boot $1 $status $(($(now_ms) - start))"
  [ $status = 0 ] && rm -f "$out/$1.console" "$out/$1.stderr"
  return $status
}

failed=0 i=0
while [ "$i" -lt "$n" ]; do
  j=0 pids=""
  while [ "$j" -lt "$par" ] && [ "$i" -lt "$n" ]; do
    i=$((i + 1)) j=$((j + 1))
    boot "$i" &
    pids="$pids $!"
  done
  for p in $pids; do wait "$p" || failed=$((failed + 1)); done
done
echo "boots: $n, failed: $failed"
[ "$failed" = 0 ]

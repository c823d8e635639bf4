# shellcheck shell=sh
# What the L1 halves of the VM tests share (sourced by vm_agent_l1.sh, vm_disks_l1.sh and
# vm_net_l1.sh, which set $out, the results directory, and $ctl, the control socket client, first).

# fail MESSAGE — says it, shows the consoles' and stderr files' last lines, exits 1
fail() {
  echo "FAIL: $*"
  for f in "$out"/*.console "$out"/*.stderr; do [ -f "$f" ] && { echo "--- $f"; tail -n 20 "$f"; }; done
  exit 1
}
# pass MESSAGE — counted in this attempt's passes alone: a retried L1 run starts a fresh $out
pass() {
  echo "PASS: $*"
  echo "PASS: $*" >>"$out/passes"
}
# json_num KEY TEXT — the first number given for "KEY" in TEXT
json_num() { printf '%s' "$2" | sed -n "s/.*\"$1\":\\(-\\{0,1\\}[0-9][0-9]*\\).*/\\1/p" | head -n 1; }
ask() { "$ctl" "$1" "$2"; }
# has TEXT PART... — TEXT contains every PART (JSON keys come in any order)
has() {
  t=$1
  shift
  for p in "$@"; do case $t in *"$p"*) ;; *) return 1 ;; esac; done
}
# agent_now SOCKET — 0 when the agent is ready: one request juxta-vmm answers as soon as it is, or
# after 2 s (wait_ms); 1 when it was not by then, 2 when nothing answered (no socket yet: after a pause)
agent_now() {
  case $(ask "$1" '{"cmd":"agent","wait_ms":2000}' 2>/dev/null) in
    *'"ready":true'*) return 0 ;;
    *'"ready":false'*) return 1 ;;
  esac
  sleep 0.5
  return 2
}
# wait_ready SOCKET VMM_PID — until the agent reported ready (or juxta-vmm ended)
wait_ready() {
  while kill -0 "$2" 2>/dev/null; do
    agent_now "$1" && return 0
  done
  return 1
}
# wait_agent SOCKET — until the agent behind a monitor's socket reported ready (5 minutes at most)
wait_agent() {
  end=$(($(cut -d. -f1 /proc/uptime) + 300))
  while [ "$(cut -d. -f1 /proc/uptime)" -lt $end ]; do
    agent_now "$1" && return 0
  done
  return 1
}
# gexec SOCKET 'SHELL COMMAND' — runs it in the guest through the agent; prints the answer
gexec() {
  c=$(printf '%s' "$2" | sed 's/\\/\\\\/g; s/"/\\"/g')
  ask "$1" "{\"cmd\":\"exec\",\"argv\":[\"sh\",\"-c\",\"$c\"],\"timeout_ms\":60000}"
}

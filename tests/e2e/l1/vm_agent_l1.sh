#!/bin/sh
# Runs inside L1 (see ../vm_agent.sh): three tiny-linux boots under juxta-vmm on L1's KVM.
#   A  --memory 256 --vcpus 2, a verbose console, --exec of a command that waits for a file:
#      meanwhile over the control socket: agent ready with 2 CPUs and ~256 MiB, pause/resume,
#      exec of /bin/true (0) and of a missing command (an error), then the file is made; juxta-vmm
#      exits 7 with the command's stdout, and the timings file has every phase.
#   B  --exec -- /bin/true: juxta-vmm exits 0.
#   C  no command: stop with grace_ms powers the guest off through the agent.
# Arguments: VMM VM_CTL KERNEL INITRD CMDLINE. Prints "PASS ..." lines; exits 1 at the first failure.
set -u
vmm=$1 ctl=$2 kernel=$3 initrd=$4 cmdline=$5
out=${TESTBED_OUT:-/tmp}
boot="--kernel $kernel --boot pvh --kernel-cache /tmp/kernel-cache --initrd $initrd"

# shellcheck source=vm_lib_l1.sh
. "$(dirname "$0")/vm_lib_l1.sh"

# --- A -----------------------------------------------------------------------------------------
"$vmm" $boot --cmdline "$cmdline" --memory 256 --vcpus 2 --api /tmp/a.sock --timings "$out/a.timings" \
  --console "$out/a.console" --exec -- sh -c 'while [ ! -e /tmp/go ]; do sleep 0.1; done; echo hello; exit 7' \
  >"$out/a.stdout" 2>"$out/a.stderr" &
a=$!
wait_ready /tmp/a.sock $a || fail "A: the agent never reported ready"
agent=$(ask /tmp/a.sock '{"cmd":"agent"}')
cpus=$(json_num cpus "$agent") mem=$(json_num mem_total_kib "$agent")
[ "$cpus" = 2 ] || fail "A: the guest reports $cpus CPUs, not 2: $agent"
[ "$mem" -gt 200000 ] && [ "$mem" -le 262144 ] || fail "A: MemTotal $mem KiB is not about 256 MiB: $agent"
pass "A: agent ready, 2 CPUs, MemTotal $mem KiB"
case $(ask /tmp/a.sock '{"cmd":"pause"}') in *'"state":"paused"'*) ;; *) fail "A: pause" ;; esac
case $(ask /tmp/a.sock '{"cmd":"status"}') in *'"state":"paused"'*) ;; *) fail "A: status after pause" ;; esac
case $(ask /tmp/a.sock '{"cmd":"resume"}') in *'"state":"running"'*) ;; *) fail "A: resume" ;; esac
pass "A: pause and resume"
r=$(ask /tmp/a.sock '{"cmd":"exec","id":5,"argv":["/bin/true"]}')
has "$r" '"ok":true' '"exit_code":0' '"id":5' || fail "A: exec /bin/true: $r"
r=$(ask /tmp/a.sock '{"cmd":"exec","argv":["/no/such/command"]}')
has "$r" '"ok":false' 'No such file' || fail "A: exec of a missing command: $r"
r=$(ask /tmp/a.sock '{"cmd":"exec","argv":["touch","/tmp/go"]}')
has "$r" '"ok":true' '"exit_code":0' || fail "A: exec touch: $r"
pass "A: exec over the control socket (0, a missing command, the go file)"
wait $a
status=$?
[ $status = 7 ] || fail "A: juxta-vmm exited $status, not 7 (the command's status)"
[ "$(cat "$out/a.stdout")" = hello ] || fail "A: stdout is '$(cat "$out/a.stdout")', not hello"
for phase in kvm_ready memory_ready kernel_loaded first_vcpu_entry first_console_byte linux_version \
  run_init agent_ready workload_start workload_end; do
  grep -q "\"name\":\"$phase\"" "$out/a.timings" || fail "A: phase $phase missing from $(cat "$out/a.timings")"
done
pass "A: juxta-vmm exit status 7, stdout, every timeline phase"

# --- B -----------------------------------------------------------------------------------------
"$vmm" $boot --timings "$out/b.timings" --console "$out/b.console" --exec -- /bin/true 2>"$out/b.stderr"
status=$?
[ $status = 0 ] || fail "B: --exec -- /bin/true: juxta-vmm exited $status"
grep -q '"name":"agent_ready"' "$out/b.timings" || fail "B: no agent_ready phase"
pass "B: --exec -- /bin/true exits 0"

# --- C -----------------------------------------------------------------------------------------
"$vmm" $boot --api /tmp/c.sock --console "$out/c.console" 2>"$out/c.stderr" &
c=$!
wait_ready /tmp/c.sock $c || fail "C: the agent never reported ready"
case $(ask /tmp/c.sock '{"cmd":"stop","grace_ms":120000}') in *'"ok":true'*) ;; *) fail "C: stop" ;; esac
wait $c
status=$?
[ $status = 0 ] || fail "C: juxta-vmm exited $status after a graceful stop"
grep -q "VM ended (power-off)" "$out/c.stderr" || fail "C: the guest did not power off: $(tail -n 1 "$out/c.stderr")"
pass "C: stop with grace_ms powers the guest off through the agent"

# shellcheck shell=bash
# `testbed run`: starts L1 under QEMU TCG, streams the command's output, enforces the timeout and
# turns what came back into the testbed's exit status.
#
# Channels (host side, all in the run directory $TB_CACHE/runs/run.*):
#   stdout, stderr  FIFOs behind virtio-serial ports testbed.stdout / testbed.stderr; a cat copies
#                   each to the testbed's own stdout / stderr as the bytes arrive
#   ctl             FIFO behind port testbed.ctl: "ready UPTIME", "exit N" or "error MESSAGE" (guest/init)
#   console.log     L1's serial console (kernel and init messages), shown when L1 fails
#   out/            shared with L1 over 9p (virtio-9p, tag tbout), mounted on $TESTBED_OUT; fresh and
#                   empty for each attempt, copied into --out DIR when the run ends

readonly TB_L1_CPU=${TESTBED_L1_CPU:-EPYC-v3} # an AMD model with SVM, so kvm-amd loads in L1
# For measuring other L1 machines with loop.sh / stress.sh (README, "L1 failures measured"):
readonly TB_L1_TCG_THREAD=${TESTBED_L1_TCG_THREAD:-multi} TB_L1_SMP=${TESTBED_L1_SMP:-1} TB_L1_APPEND=${TESTBED_L1_APPEND:-}
# L1 boot under TCG, measured: the uncompressed vmlinux (PVH entry, see tb_kernel_vmlinux) saves
# ~8 s of decompression, qboot instead of SeaBIOS ~1 s, "quiet" keeps the emulated UART idle,
# cryptomgr.notests skips the crypto self-tests (~1 s). no_timer_check: on a starved host (load 15,
# the testbed at nice 19) L1 panicked at boot with "IO-APIC + timer doesn't work!" — the check counts
# timer ticks in a busy wait, which an emulator that gets no CPU fails; q35's IO-APIC timer works.
# oops=panic: an oops in L1 ("Thread overran stack, or stack corrupted" in a kworker, 126 s into a
# vm_agent run) left it wedged until --timeout (1500 s); as a panic it ends QEMU and is retried.
# kvm_amd.npt=0: L1's KVM runs its guests on shadow page tables, not on the emulator's nested paging.
# With nested paging, about one L2 boot in 25 failed (a vCPU stuck for good, or recursive page faults
# ending in a triple fault) and L1's own stack was corrupted now and then; with shadow paging none
# did (README, "L1 failures measured"). L2 boots ~40% slower.
# -smp 1: with two vCPUs L1 wedged for good in 8 of 121 runs (nothing on its console, both vCPU
# threads busy in TCG; tb_l1_watchdog stops and retries it) and had RCU stalls and soft lockups;
# with one it has not (README, "One vCPU in L1"). L2 guests keep their two vCPUs.

TB_RUN_DIR=
TB_QEMU_PID=
TB_READER_PIDS=()
TB_WATCHDOG_PID=

tb_run_cleanup() {
  if [[ -n $TB_QEMU_PID ]]; then
    # timeout(1) leads its own process group (QEMU is in it); kill them all.
    kill -KILL -- "-$TB_QEMU_PID" "$TB_QEMU_PID" 2>/dev/null || true
    wait "$TB_QEMU_PID" 2>/dev/null || true # reaped here, bash reports no "Killed" job
  fi
  ((${#TB_READER_PIDS[@]} == 0)) || kill "${TB_READER_PIDS[@]}" 2>/dev/null || true
  [[ -z $TB_WATCHDOG_PID ]] || kill "$TB_WATCHDOG_PID" 2>/dev/null || true
  if [[ -n $TB_RUN_DIR ]]; then
    if [[ ${TESTBED_KEEP:-0} == 1 ]]; then tb_say "kept $TB_RUN_DIR"; else rm -rf "$TB_RUN_DIR"; fi
  fi
}

# tb_ctl_reader FIFO LOG START_MS — timestamps each control line (ms since QEMU start).
tb_ctl_reader() {
  local line t
  while IFS= read -r line; do
    t=$(($(tb_now_ms) - $3))
    printf '%s %s\n' "$t" "$line" >>"$2"
    [[ $line != ready* ]] || tb_info "L1 is up, command starting $(tb_seconds "$t") s after QEMU start (L1 kernel+init: ${line#ready } s)"
  done <"$1"
}

# How long L1 may stay silent once it is up: its /init says "alive" on the control port every 5 s.
readonly TB_L1_SILENCE=${TESTBED_L1_SILENCE:-90}
# After how long a silent L1 is asked whether it sleeps on a lost interrupt (tb_l1_wake).
readonly TB_L1_WAKE_AFTER=${TESTBED_L1_WAKE_AFTER:-8}

# tb_l1_watchdog RUN_DIR PID — an L1 that stops saying "alive" is wedged: nothing in it runs, not
# even its kernel's lockup detectors (seen with a clean console, until --timeout). Its user space
# cannot be starved by the command (init's heartbeat runs at nice -20), so this is L1's kernel or
# the emulator. One such wedge is the emulator's and has a cure (tb_l1_wake); any other silence
# longer than TB_L1_SILENCE writes RUN_DIR/wedged and kills QEMU (PID leads its process group).
tb_l1_watchdog() {
  local log=$1/ctl.log silent
  while kill -0 "$2" 2>/dev/null; do
    sleep 5
    # Only an L1 that is up can fall silent: from its "ready" on (the heartbeat's first "alive" comes
    # 5 s later, and an L1 that wedged before it ran to --timeout: a clean clone's vm_instances,
    # 2026-12-04); not up yet, or done: nothing to watch.
    if ! grep -q '^[0-9]* \(ready\|alive\) ' "$log" 2>/dev/null || grep -q '^[0-9]* exit ' "$log"; then continue; fi
    silent=$(($(date +%s) - $(stat -c %Y "$log")))
    ((silent <= TB_L1_WAKE_AFTER)) || tb_l1_wake "$1" "$silent"
    if ((silent > TB_L1_SILENCE)); then
      # Busy or idle vCPUs tell a livelock from lost interrupts: QEMU's TCG threads, over one second.
      local vcpus qemu
      qemu=$(pgrep -g "$2" -x qemu-system-x86 | head -n 1 || true)
      [[ -z $qemu ]] || vcpus=$(top -H -b -n 2 -d 1 -p "$qemu" 2>/dev/null |
        awk '/^top -/ { n++ } n == 2 && /TCG/ { printf "%s%s %s%%", s, $(NF - 1) " " $NF, $9; s = ", " }')
      [[ -z $qemu ]] || tb_l1_state "$1" "$qemu" >"$1/l1-state.txt" 2>&1
      echo "L1 stopped responding: no sign of life for ${silent} s, nothing on its console (vCPU threads: ${vcpus:-?})" >"$1/wedged"
      kill -KILL -- "-$2" "$2" 2>/dev/null
      return 0
    fi
  done
}

# tb_l1_wake RUN_DIR SILENT_S — the emulator's lost wakeup, and its cure. QEMU 7.2's TCG (Debian 12)
# now and then leaves L1's one vCPU halted, interrupts on, with its local APIC timer's interrupt
# pending in the IRR and nothing to wake it: L1 sleeps for good (README, "The lost timer
# interrupt": 2 of 2 scenario runs in one CI run, then reproduced here under a CPU quota). Any
# interrupt that reaches the APIC makes QEMU look again, and the pending one is taken. So when L1
# has been silent a while and QEMU shows exactly that state (lib/l1_state.py --lost-wakeup), a key
# press goes in (the i8042's interrupt through the IO-APIC), and the wake is told and counted
# (RUN_DIR/woken, the run log's fifth column, the suite's summary): visible, never hidden.
tb_l1_wake() {
  local vector
  vector=$(python3 "$TB_HOME/lib/l1_state.py" "$1/qmp.sock" --lost-wakeup 2>/dev/null) || return 0
  python3 "$TB_HOME/lib/l1_state.py" "$1/qmp.sock" --hmp "sendkey shift" >/dev/null 2>&1 || return 0
  echo "$2 $vector" >>"$1/woken"
  tb_say "L1 lost an interrupt: halted with interrupts on and vector $vector pending in its local APIC for ${2} s (QEMU's TCG); woken with a key press"
}

# tb_l1_state RUN_DIR QEMU_PID — for a silent L1: what each of QEMU's threads is doing on the host
# (state, where it sleeps in the kernel, CPU over one second) and what QEMU says about L1's vCPU and
# interrupt controllers (lib/l1_state.py over the run's QMP socket). Told with the failure
# (tb_console_tail), so a wedge says whether L1 was halted with an interrupt it never saw,
# spinning, or waiting on a QEMU main loop that was itself stuck.
tb_l1_state() {
  local task
  echo "QEMU's threads on the host (name, state, kernel wait channel; CPU over one second):"
  for task in /proc/"$2"/task/*; do
    printf '  %-16s %s %s\n' "$(cat "$task/comm" 2>/dev/null)" "$(sed 's/.*) //; s/ .*//' "$task/stat" 2>/dev/null)" \
      "$(cat "$task/wchan" 2>/dev/null)"
  done
  top -H -b -w 200 -n 2 -d 1 -p "$2" 2>/dev/null | awk '/^top -/ { n++ } n == 2 && $1 ~ /^[0-9]+$/ { printf "  %s%%  %s\n", $9, substr($0, index($0, $12)) }'
  python3 "$TB_HOME/lib/l1_state.py" "$1/qmp.sock"
}

tb_seconds() { printf '%d.%01d' $(($1 / 1000)) $(($1 % 1000 / 100)); }

# tb_fifo_release FIFO — let a reader still blocked in open() (QEMU never opened FIFO) see EOF.
tb_fifo_release() {
  local fd
  exec {fd}<>"$1"
  exec {fd}>&-
}

# What L1's kernel prints when it fails: a panic, an oops (BUG:), a soft or hard lockup, an RCU stall.
readonly TB_L1_FAULT_RE='Kernel panic|BUG: |soft lockup|hard LOCKUP|self-detected stall|detected stalls? on CPU|corrupted stack end'

# tb_console_tail [N] — N lines (25) of L1's console for failure messages: from its kernel's first
# failure when there is one (the call trace after it is longer than N), else the end.
tb_console_tail() {
  local log=$TB_RUN_DIR/console.log first
  if [[ -s $log ]]; then
    first=$(grep -n -m1 -E "$TB_L1_FAULT_RE" "$log" | cut -d: -f1 || true)
    if [[ -n $first ]]; then
      tb_say "L1's console from its kernel's first failure:"
      # No pipe that a reader ends early: under pipefail the writer's SIGPIPE (a console of more
      # than a pipe's 64 KiB after the fault) would end the testbed with 141 instead of a retry.
      sed -n "${first},$((first + ${1:-25} - 1))s/^/  | /p" "$log" >&2
    else
      tb_say "last lines of the L1 console:"
      tail -n "${1:-25}" "$log" | sed 's/^/  | /' >&2
    fi
  fi
  if [[ -s $TB_RUN_DIR/l1-state.txt ]]; then
    tb_say "L1 and QEMU when L1 fell silent:"
    sed 's/^/  | /' "$TB_RUN_DIR/l1-state.txt" >&2
  fi
  if grep -qv "TCG doesn't support requested feature" "$TB_RUN_DIR/qemu.log"; then
    tb_say "QEMU said:"
    grep -v "TCG doesn't support requested feature" "$TB_RUN_DIR/qemu.log" | sed 's/^/  | /' >&2
  fi
}

# tb_run TIMEOUT MEMORY_MIB OUTDIR WITH_LIST ENV_LIST -- CMD...
tb_run() {
  local timeout=$1 memory=$2 out=$3 with_name=$4 env_name=$5
  shift 6
  tb_check_host
  tb_with_cache_lock tb_prepare_l1
  mkdir -p "$TB_CACHE/runs"
  # Only a SIGKILLed testbed leaves its run directory behind; a day later it is surely stale.
  find "$TB_CACHE/runs" -mindepth 1 -maxdepth 1 -name 'run.*' -mmin +1440 -exec rm -rf {} +
  TB_RUN_DIR=$(mktemp -d "$TB_CACHE/runs/run.XXXXXX")
  trap tb_run_cleanup EXIT
  trap 'tb_say "interrupted (SIGINT), stopping L1" && exit 130' INT
  trap 'tb_say "terminated (SIGTERM), stopping L1" && exit 143' TERM
  local run=$TB_RUN_DIR
  # L1 writes into a fresh directory of this attempt's own; --out gets a copy at the end (tb_run_results),
  # so a half-written first attempt never stands in the way of a second one (tb_retry_failed_l1).
  TB_OUT=
  if [[ -n $out ]]; then
    mkdir -p "$out" || tb_usage_error "--out $out: cannot create it"
    TB_OUT=$(realpath "$out")
  fi
  mkdir "$run/out"
  local -n run_env=$env_name
  run_env+=("TESTBED_ATTEMPT=${TB_ATTEMPT:-1}") # 1, or 2 in a retry (tb_retry_failed_l1)

  tb_with_cache_lock tb_initramfs_run "$run" "$PWD" "$with_name" "$env_name" -- "$@"
  tb_info "initramfs for this run: $(($(stat -c %s "$run/initrd") / 1048576)) MiB"

  local qemu_args=(
    -nodefaults -no-user-config -display none -monitor none -no-reboot -nic none
    -name testbed,debug-threads=on # vCPU threads named "CPU N/TCG" (tb_l1_watchdog)
    -qmp "unix:$run/qmp.sock,server=on,wait=off" # asked by tb_l1_state when L1 falls silent
    -machine q35 -bios qboot.rom -accel "tcg,thread=$TB_L1_TCG_THREAD" -cpu "$TB_L1_CPU" -smp "$TB_L1_SMP" -m "$memory"
    -kernel "$TB_L1_KERNEL" -initrd "$run/initrd"
    -append "console=ttyS0 panic=-1 softlockup_panic=1 watchdog_thresh=30 oops=panic no_timer_check quiet mitigations=off cryptomgr.notests kvm_amd.npt=0 testbed.timeout=$timeout $TB_L1_APPEND"
    -serial "file:$run/console.log"
    -device virtio-serial-pci,id=tbser
  )
  local port
  for port in stdout stderr ctl; do
    mkfifo "$run/$port"
    qemu_args+=(-chardev "file,id=tb$port,path=$run/$port"
      -device "virtserialport,bus=tbser.0,chardev=tb$port,name=testbed.$port")
  done
  qemu_args+=(-fsdev "local,id=tbout,path=$run/out,security_model=none"
    -device virtio-9p-pci,fsdev=tbout,mount_tag=tbout)

  local start
  start=$(tb_now_ms)
  cat "$run/stdout" &
  TB_READER_PIDS+=($!)
  cat "$run/stderr" >&2 &
  TB_READER_PIDS+=($!)
  tb_ctl_reader "$run/ctl" "$run/ctl.log" "$start" &
  TB_READER_PIDS+=($!)
  # pdeathsig: even a SIGKILLed testbed takes timeout(1) and QEMU with it.
  setpriv --pdeathsig KILL timeout --kill-after=5 "$timeout" \
    setpriv --pdeathsig KILL "$TB_QEMU" "${qemu_args[@]}" 2>"$run/qemu.log" &
  TB_QEMU_PID=$!
  tb_l1_watchdog "$run" "$TB_QEMU_PID" &
  TB_WATCHDOG_PID=$!
  local rc=0
  wait "$TB_QEMU_PID" || rc=$?
  TB_QEMU_PID=
  kill "$TB_WATCHDOG_PID" 2>/dev/null || true
  wait "$TB_WATCHDOG_PID" 2>/dev/null || true
  TB_WATCHDOG_PID=
  local elapsed=$(($(tb_now_ms) - start))
  for port in stdout stderr ctl; do tb_fifo_release "$run/$port"; done
  wait "${TB_READER_PIDS[@]}" 2>/dev/null || true
  TB_READER_PIDS=()

  tb_run_status "$rc" "$elapsed" "$timeout"
}

# tb_run_status QEMU_RC ELAPSED_MS TIMEOUT_S — report and exit with the testbed's status.
tb_run_status() {
  local rc=$1 elapsed=$2 timeout=$3 log="$TB_RUN_DIR/ctl.log" ready status error fault
  touch "$log" "$TB_RUN_DIR/console.log" # both stay empty when QEMU fails to start
  ready=$(awk '$2 == "ready" { print $1 }' "$log")
  status=$(awk '$2 == "exit" { print $3 }' "$log")
  error=$(awk '$2 == "error" { $1 = $2 = ""; print substr($0, 3) }' "$log")
  fault=$(tb_l1_fault)
  if [[ -f $TB_RUN_DIR/wedged && -z $status ]]; then
    fault=${fault:-$(cat "$TB_RUN_DIR/wedged")}
    rc=$TB_EXIT_L1_FAILED # not a timeout: the watchdog (tb_l1_watchdog) stopped L1
  fi
  # Before the control port exists, /init can only say why on the console.
  [[ -n $error ]] || error=$(sed -n '/^testbed-init: /{s///p;q}' "$TB_RUN_DIR/console.log")
  if [[ ($rc == 124 || $rc == 137) && -z $status ]]; then
    tb_run_results
    tb_say "TIMEOUT: killed L1 after ${timeout}s ($([[ -n $ready ]] && echo "the command was still running" || echo "L1 had not started the command")); exit status $TB_EXIT_TIMEOUT"
    [[ -z $fault ]] || tb_say "L1's kernel had failed: $fault"
    if grep -q '^testbed-hang:' "$TB_RUN_DIR/console.log"; then
      tb_say "what L1's processes were doing shortly before (guest/init):"
      awk '/^testbed-hang: / { sub(/^testbed-hang: /, "  | "); print; if (++n == 80) exit }' "$TB_RUN_DIR/console.log" >&2
    fi
    tb_console_tail 10
    tb_record_run "$TB_EXIT_TIMEOUT" "$fault"
    exit "$TB_EXIT_TIMEOUT"
  fi
  if [[ -n $status ]]; then
    local done_ms
    done_ms=$(awk '$2 == "exit" { print $1 }' "$log")
    tb_run_results
    tb_info "command exited $status; L1 boot $(tb_seconds "$ready") s, command $(tb_seconds $((done_ms - ready))) s, QEMU total $(tb_seconds "$elapsed") s"
    tb_record_run "$status" ""
    exit "$status"
  fi
  [[ -z $fault ]] || tb_retry_failed_l1 "$fault"
  tb_run_results
  if [[ -n $error ]]; then
    tb_say "L1 failed: $error"
  else
    tb_say "L1 stopped without reporting the command's exit status (QEMU exit status $rc)"
    [[ -z $fault ]] || tb_say "L1: $fault"
  fi
  tb_console_tail
  tb_record_run "$TB_EXIT_L1_FAILED" "${fault:-$error}"
  exit "$TB_EXIT_L1_FAILED"
}

# tb_l1_fault — what L1's console says went wrong with its kernel (its first two such lines, ';'
# between; TB_L1_FAULT_RE); empty when nothing did.
# softlockup_panic=1 turns a CPU stuck for 60 s (watchdog_thresh=30: twice that) into a panic, and
# panic=-1 -no-reboot ends QEMU. Not 20 s, the default: a vCPU that slept on a lost interrupt
# (tb_l1_wake) looks stuck for as long as it slept, and a wake 31 s in made a panic of a run that
# was going on well (testbed_django_stack, 2026-12-06).
tb_l1_fault() {
  grep -E "$TB_L1_FAULT_RE" "$TB_RUN_DIR/console.log" | grep -v -- '---\[ end ' | head -n 2 | sed 's/^\[[ 0-9.]*\] //' | paste -sd ';' - || true
}

# tb_run_results — the attempt's $TESTBED_OUT into --out (added to what --out held).
tb_run_results() {
  [[ -z $TB_OUT ]] || cp -a "$TB_RUN_DIR/out/." "$TB_OUT/" || tb_say "could not copy the results into $TB_OUT"
}

# tb_woken_count — how many times this attempt's L1 was woken (tb_l1_wake).
tb_woken_count() {
  if [[ -f $TB_RUN_DIR/woken ]]; then wc -l <"$TB_RUN_DIR/woken"; else echo 0; fi
}

# tb_record_run STATUS FAULT — one line per finished run in $TESTBED_RUN_LOG (when set), for the
# suite's summary (selftest/summary.sh): test, status, attempts, how L1 failed first (or FAULT),
# how many times L1 was woken from a lost interrupt (tb_l1_wake) in all its attempts.
tb_record_run() {
  [[ -n ${TESTBED_RUN_LOG:-} ]] || return 0
  local woken=$((${TB_WOKEN_BEFORE:-0} + $(tb_woken_count)))
  printf '%s\t%s\t%s\t%s\t%s\n' "${TESTBED_TEST:-testbed}" "$1" "${TB_ATTEMPT:-1}" "${TB_FIRST_FAULT:-$2}" "$woken" \
    >>"$TESTBED_RUN_LOG"
}

# tb_retry_failed_l1 FAULT — L1's kernel failed before the command's status came back: seen a few
# times in a hundred runs on a loaded 2-core host (soft lockups with both vCPUs stuck; "corrupted
# stack end detected inside scheduler" in the idle task), a fault of the emulated machine
# (multi-threaded TCG with emulated SVM) that says nothing about the command. Run the command once
# more in a fresh L1, with a fresh results directory, in this same process (exec: a SIGKILLed
# testbed still takes QEMU with it). Returns when this was the second attempt already.
tb_retry_failed_l1() {
  [[ ${TESTBED_RETRY:-1} != 0 ]] || return 0 # stress.sh counts every failure
  if ((${TB_ATTEMPT:-1} > 1)); then
    tb_say "L1's kernel failed again ($1)"
    return 0
  fi
  tb_say "L1's kernel failed ($1): retrying once, running the command again in a fresh L1"
  tb_console_tail 15
  local woken
  woken=$(tb_woken_count)
  tb_run_cleanup
  export TB_ATTEMPT=2 TB_FIRST_FAULT=$1 TB_WOKEN_BEFORE=$woken
  exec "$TB_SELF" "${TB_ARGV[@]}"
}

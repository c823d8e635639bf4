# shellcheck shell=bash
# Shared by the testbed's parts: messages, exit codes, the cache and prerequisite checks.
# Sourced by tests/testbed/testbed; expects TB_HOME (the tests/testbed directory).

# Exit codes of the testbed itself. Any other code is the guest command's own.
readonly TB_EXIT_USAGE=2          # bad arguments
readonly TB_EXIT_TIMEOUT=124      # the guest ran past --timeout and was killed (as coreutils timeout)
readonly TB_EXIT_UNAVAILABLE=125  # the testbed cannot work on this machine (reason on stderr)
readonly TB_EXIT_L1_FAILED=126    # L1 did not run the command to the end (panic, QEMU error, init error)

readonly TB_QEMU=${TESTBED_QEMU:-qemu-system-x86_64}
readonly TB_FETCH_FREE_MIB=1536   # before fetching: an unpacked kernel package is ~500 MiB
readonly TB_RUN_FREE_MIB=256      # for a run's initramfs (~70 MiB with --with-qemu)

TB_REPO=$(cd "$TB_HOME/../.." && pwd)
TB_CACHE=${JUXTA_TESTBED_CACHE:-$TB_REPO/build/testbed-cache}
TB_VERBOSE=${TB_VERBOSE:-0}

tb_say() { printf 'testbed: %s\n' "$*" >&2; }
tb_info() { if [[ $TB_VERBOSE == 1 ]]; then tb_say "$@"; fi; }
tb_usage_error() { tb_say "$* (see: testbed --help)"; exit "$TB_EXIT_USAGE"; }
tb_unavailable() { tb_say "unavailable: $*"; exit "$TB_EXIT_UNAVAILABLE"; }

# Milliseconds since the epoch, without forking.
tb_now_ms() { local t=${EPOCHREALTIME/./}; echo $((t / 1000)); }

# tb_require_tools TOOL... — each must be on PATH.
tb_require_tools() {
  local t
  for t in "$@"; do
    command -v "$t" >/dev/null 2>&1 || tb_unavailable "'$t' not found — run ./setup.sh (it installs the Debian packages the testbed needs)"
  done
}

# tb_check_host — everything a run needs from the host, each failure one clear line.
tb_check_host() {
  tb_require_tools "$TB_QEMU" cpio dpkg-deb apt-get apt-cache modinfo ldd flock setpriv timeout sha256sum
  [[ -x /bin/busybox ]] || tb_unavailable "/bin/busybox missing — install busybox-static"
  ! ldd /bin/busybox >/dev/null 2>&1 || tb_unavailable "/bin/busybox is dynamically linked — install busybox-static"
  # TCG may be a loadable module (accel-tcg-x86_64.so); starting a machine is the only sure test.
  local probe
  probe=$(printf 'quit\n' | timeout 30 "$TB_QEMU" -machine none -accel tcg -nodefaults -display none \
    -monitor stdio 2>&1) || tb_unavailable "$TB_QEMU cannot start with TCG: ${probe//$'\n'/ }"
  local models
  models=$("$TB_QEMU" -cpu help 2>/dev/null) || true
  grep -qw 'EPYC-v3' <<<"$models" || tb_unavailable "$TB_QEMU has no EPYC-v3 CPU model (needed for nested SVM)"
  tb_check_space "$TB_RUN_FREE_MIB"
}

# tb_check_space MIB — the cache's file system needs MIB free.
tb_check_space() {
  mkdir -p "$TB_CACHE" 2>/dev/null || tb_unavailable "cannot create the cache directory $TB_CACHE"
  local free_kib
  free_kib=$(df -Pk "$TB_CACHE" | awk 'NR == 2 { print $4 }')
  ((free_kib / 1024 >= $1)) \
    || tb_unavailable "only $((free_kib / 1024)) MiB free under $TB_CACHE, need $1 MiB (set JUXTA_TESTBED_CACHE elsewhere)"
}

# tb_with_cache_lock CMD... — runs CMD holding the cache lock, so parallel testbeds don't race
# on downloads or half-written initramfs files.
tb_with_cache_lock() {
  local fd
  mkdir -p "$TB_CACHE"
  exec {fd}>"$TB_CACHE/.lock"
  flock "$fd"
  local rc=0
  "$@" || rc=$?
  exec {fd}>&-
  return "$rc"
}

# tb_key < TEXT — a short content key for cache file names.
tb_key() { sha256sum | cut -c1-16; }

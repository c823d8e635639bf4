# shellcheck shell=bash
# start_hogs K — K busy loops beside a measuring loop (a loaded host), killed when the script exits.
# Shared by loop.sh and stress.sh. They run at nice 19, as those scripts run L1: an equal share of
# the CPU, not a host that starves L1 (nice 0 against 19 gives L1 ~1.5 %).
start_hogs() {
  HOG_PIDS=()
  trap '((${#HOG_PIDS[@]} == 0)) || kill "${HOG_PIDS[@]}" 2>/dev/null || true' EXIT
  local h
  for ((h = 0; h < $1; h++)); do
    nice -n 19 sh -c 'while :; do :; done' &
    HOG_PIDS+=($!)
  done
}

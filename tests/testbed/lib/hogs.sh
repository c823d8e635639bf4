# shellcheck shell=bash
# start_hogs K — K busy loops beside a measuring loop (a loaded host), killed when the script exits.
# Shared by loop.sh and stress.sh.
start_hogs() {
  HOG_PIDS=()
  trap '((${#HOG_PIDS[@]} == 0)) || kill "${HOG_PIDS[@]}" 2>/dev/null || true' EXIT
  local h
  for ((h = 0; h < $1; h++)); do
    sh -c 'while :; do :; done' &
    HOG_PIDS+=($!)
  done
}

#!/bin/sh
# Runs in L1 (see vm-from-image.sh), chrooted by juxta_root_l1.sh, with BIN; JUXTA_KERNEL and IPCMD
# come in the environment. A VM from the busybox image with a card on juxta0 writes and reads its
# disk and fetches a file from juxta0's gateway in a loop; the GUI shows it under Xvfb, and the
# pictures go to $TESTBED_OUT.
set -u
BIN=$1
out=${TESTBED_OUT:-/tmp}
bb=/bin/busybox
say() { echo "shots: $*"; }
"$IPCMD" link set lo up
export DISPLAY=:79 HOME=/root XDG_RUNTIME_DIR=/tmp/xdg
mkdir -p /root /tmp/xdg && chmod 700 /tmp/xdg
Xvfb :79 -screen 0 1400x900x24 >"$out/xvfb.log" 2>&1 &
n=0
until xdotool getdisplaygeometry >/dev/null 2>&1; do
  n=$((n + 1)); [ $n -lt 60 ] || { say "Xvfb did not start"; exit 1; }; sleep 1
done
say "Xvfb: $(xdotool getdisplaygeometry)"
gui() { # LANG — the GUI in that language, given time to start under emulation
  lang=$1
  "$BIN/juxta" --lang "$1" --verbose >"$out/juxta-$1.log" 2>&1 &
  gui_pid=$!
  n=0
  until xdotool search --class juxta >/dev/null 2>&1; do
    n=$((n + 1))
    if [ $((n % 30)) = 0 ]; then
      say "$n s: no window yet; the GUI: $(grep -E '^State' /proc/$gui_pid/status 2>/dev/null) $(cat /proc/$gui_pid/wchan 2>/dev/null); windows: $(xdotool search --class . 2>/dev/null | wc -l); $(tail -n 2 "$out/juxta-$1.log")"
      import-im6.q16 -window root "$out/waiting-$1-$n.png" 2>>"$out/import.log"
    fi
    [ $n -lt 300 ] || { say "the GUI never showed a window"; cat "$out/juxta-$1.log"; exit 1; }
    sleep 1
  done
  sleep 20
}
click() { xdotool mousemove "$1" "$2" click 1; sleep "${3:-3}"; }
# The picture, of a GUI still running (one that ended shows a black screen).
shot() {
  if ! kill -0 "$gui_pid" 2>/dev/null; then
    wait "$gui_pid"
    say "the GUI ended (status $?) before $1:"
    tail -n 40 "$out/juxta-$lang.log"
    dmesg | tail -n 15
    exit 1
  fi
  import-im6.q16 -window root "$out/$1" && say "$1"
}
gui en
say "the GUI is up"
j=$BIN/juxtactl
workload='while true; do
  dd if=/dev/zero of=/var/blob bs=64k count=512 conv=fsync 2>/dev/null
  echo 3 > /proc/sys/vm/drop_caches 2>/dev/null; cat /var/blob > /dev/null
  wget -q -O /dev/null http://10.123.0.1:8082/blob; sleep 1
done'
$j vm create --name web-vm --image busybox --disk-size 256M --memory 256M --net bridge \
  -- sh -c "$workload" >/dev/null 2>"$out/create.stderr" || { cat "$out/create.stderr"; exit 1; }
$j vm start web-vm 2>"$out/start.stderr" || { cat "$out/start.stderr"; exit 1; }
mkdir -p /tmp/www && $bb dd if=/dev/urandom of=/tmp/www/blob bs=1M count=8 2>/dev/null
n=0
until $bb httpd -p 10.123.0.1:8082 -h /tmp/www 2>/dev/null; do
  n=$((n + 1)); [ $n -lt 120 ] || { say "juxta0 never came up"; exit 1; }; sleep 1
done
say "VM started, httpd on juxta0's gateway"
sleep 30                 # the VM's first graph points
click 60 119 10          # the VM's row (the host is the first)
click 663 87 10          # Overview: its devices
shot vm-image-overview-en.png
click 738 87 60          # Graphs: a minute of the workload
shot vm-image-graphs-en.png
kill "$gui_pid"; wait "$gui_pid" 2>/dev/null
gui ko
click 60 138 10
click 700 100 60         # 그래프
shot vm-image-graphs-ko.png
kill "$gui_pid"; wait "$gui_pid" 2>/dev/null
$j vm rm -f web-vm >/dev/null 2>&1
say "all taken"

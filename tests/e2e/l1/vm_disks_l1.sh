#!/bin/sh
# Runs inside L1 (see ../vm_disks.sh): tiny-linux under juxta-vmm with virtio-blk disks.
#   A  --disk DATA:ro --disk SCRATCH: both disks seen (vda read-only), the token read from DATA's
#      ext4, a write to vda refused, a block written to vdb; meanwhile a second VM asking for
#      SCRATCH, a missing disk and a directory are refused with exit status 2; the device counters.
#   B  --disk SCRATCH:ro --exec: reads back what A wrote.
#   C  kill -9 of a VM holding SCRATCH: the next VM gets it.
#   D  juxtactl (from $BIN): vm run --rm --disk DATA:ro reads the token; a VM instance created with
#      --disk SCRATCH holds it while it runs (vm run of another VM with it is refused, exit 2... or
#      1 with the reason), and after vm rm the disk is free and still there.
#   E  the busybox image as a VM: vm run runs in the image's root (its /etc/passwd, no /init, the
#      VM's name as host name); a persistent image VM keeps a file across stop and start, and
#      vm rm removes its writable disk; a hostile image (its /etc/hosts a symlink to /bin/busybox,
#      /etc/hostname one to /proc/sysrq-trigger, /proc a symlink, /dev a file, on top of busybox's
#      layer) runs with those resolved inside it: the agent's own busybox and the VM are unharmed.
#   F  a raw disk with a partition table as the root (a cloud image's way: --disk CLOUD --root
#      /dev/vda1): vm run runs in that partition's ext4 (a file only it has, the VM's name as host
#      name, no /init); a root that is none of the VM's disks is refused with status 2 before any
#      boot; a persistent VM keeps a write across stop and start, and its stop leaves the file system
#      clean, so the same disk attached read-only boots too (a journal to replay would fail there),
#      reads that write and refuses a new one.
#   G  as a user (uid 4242, its own XDG dirs): vm run --image busybox — the image disk made in a user
#      namespace, the files root's inside, the overlay (userxattr) writable.
# Arguments: VMM VM_CTL KERNEL INITRD CMDLINE DATA SCRATCH TOKEN CLOUD. Prints "PASS ..." lines;
# exits 1 at the first failure.
set -u
vmm=$1 ctl=$2 kernel=$3 initrd=$4 cmdline=$5 data=$6 scratch0=$7 token=$8 cloud0=$9
out=${TESTBED_OUT:-/tmp}
boot="--kernel $kernel --boot pvh --kernel-cache /tmp/kernel-cache --initrd $initrd"
scratch=/tmp/scratch.raw
cp "$scratch0" "$scratch" || exit 1
directory=/tmp/a-directory
mkdir -p "$directory"

# shellcheck source=vm_lib_l1.sh
. "$(dirname "$0")/vm_lib_l1.sh"

# --- A -----------------------------------------------------------------------------------------
"$vmm" $boot --cmdline "$cmdline" --disk "$data:ro" --disk "$scratch" --api /tmp/a.sock \
  --console "$out/a.console" 2>"$out/a.stderr" &
a=$!
wait_ready /tmp/a.sock $a || fail "A: the agent never reported ready"
agent=$(ask /tmp/a.sock '{"cmd":"agent"}')
[ "$(json_num modules "$agent")" -gt 0 ] || fail "A: the agent loaded no device drivers: $agent"
r=$(gexec /tmp/a.sock 'cat /sys/block/vda/ro /sys/block/vdb/ro /sys/block/vda/size /sys/block/vdb/size')
has "$r" '"exit_code":0' '"stdout":"1\n0\n16384\n8192\n"' || fail "A: the disks as the guest sees them: $r"
pass "A: vda (8 MiB, read-only) and vdb (4 MiB) found, drivers loaded before ready"
r=$(gexec /tmp/a.sock 'mkdir -p /mnt/data && mount -t ext4 -o ro /dev/vda /mnt/data && cat /mnt/data/sub/only-here.txt')
has "$r" '"exit_code":0' "\"stdout\":\"$token\\n\"" || fail "A: the file only the image has: $r"
r=$(gexec /tmp/a.sock 'echo x | dd of=/dev/vda bs=512 count=1 conv=sync 2>&1')
has "$r" '"exit_code":1' || fail "A: a write to the read-only disk was not refused: $r"
pass "A: the token read from the read-only ext4 image, a write to it refused"
r=$(gexec /tmp/a.sock "printf '%s' 'written-by-A-$token' | dd of=/dev/vdb bs=512 conv=sync,fsync 2>/dev/null && sync")
has "$r" '"exit_code":0' || fail "A: write to vdb: $r"

# Refused before any guest runs, each with status 2 and one line.
"$vmm" $boot --disk "$scratch" --exec -- /bin/true >/dev/null 2>"$out/busy.stderr"
status=$?
[ $status = 2 ] && grep -q "in use by another VM" "$out/busy.stderr" \
  || fail "a disk another VM writes: status $status, $(cat "$out/busy.stderr")"
"$vmm" $boot --disk /tmp/no-such-disk.raw --exec -- /bin/true >/dev/null 2>"$out/missing.stderr"
status=$?
[ $status = 2 ] && grep -q "No such file" "$out/missing.stderr" \
  || fail "a missing disk: status $status, $(cat "$out/missing.stderr")"
"$vmm" $boot --disk "$directory" --exec -- /bin/true >/dev/null 2>"$out/dir.stderr"
status=$?
[ $status = 2 ] && grep -q "is a directory" "$out/dir.stderr" \
  || fail "a directory as a disk: status $status, $(cat "$out/dir.stderr")"
pass "refused with status 2: a disk in use, a missing disk, a directory"

r=$(gexec /tmp/a.sock 'dd if=/dev/vda of=/dev/null bs=64k 2>&1')
has "$r" '"exit_code":0' || fail "A: read all of vda: $r"
stats=$(ask /tmp/a.sock '{"cmd":"stats"}')
has "$stats" '"kind":"block"' '"slot":0' '"slot":1' || fail "A: no device statistics: $stats"
vda=$(printf '%s' "$stats" | grep -o '{[^{}]*"slot":0[^{}]*}') vdb=$(printf '%s' "$stats" | grep -o '{[^{}]*"slot":1[^{}]*}')
[ "$(json_num read_bytes "$vda")" -ge 8388608 ] || fail "A: vda's read bytes are under 8 MiB: $vda"
[ "$(json_num write_bytes "$vda")" = 0 ] || fail "A: vda (read-only) was written: $vda"
[ "$(json_num write_bytes "$vdb")" -ge 512 ] || fail "A: vdb's written bytes did not move: $vdb"
pass "A: the device counters: $(printf '%s' "$stats" | grep -o '"devices":\[[^]]*\]')"
case $(ask /tmp/a.sock '{"cmd":"stop","grace_ms":120000}') in *'"ok":true'*) ;; *) fail "A: stop" ;; esac
wait $a
status=$?
[ $status = 0 ] || fail "A: juxta-vmm exited $status after a graceful stop"

# --- B -----------------------------------------------------------------------------------------
r=$("$vmm" $boot --cmdline "$cmdline" --disk "$scratch:ro" --console "$out/b.console" \
  --exec -- sh -c "head -c $((13 + ${#token})) /dev/vda" 2>"$out/b.stderr")
[ "$r" = "written-by-A-$token" ] || fail "B: read back '$r', not what A wrote"
pass "B: the next VM reads what A wrote"

# --- C -----------------------------------------------------------------------------------------
"$vmm" $boot --cmdline "$cmdline" --disk "$scratch" --api /tmp/c.sock --console "$out/c.console" \
  2>"$out/c.stderr" &
c=$!
wait_ready /tmp/c.sock $c || fail "C: the agent never reported ready"
kill -9 $c
wait $c
r=$("$vmm" $boot --cmdline "$cmdline" --disk "$scratch" --console "$out/d.console" --exec -- true 2>"$out/d.stderr")
status=$?
[ $status = 0 ] || fail "C: after kill -9 the disk was not free: status $status, $(tail -n 2 "$out/d.stderr")"
pass "C: kill -9 frees the disk for the next VM"

# --- D -----------------------------------------------------------------------------------------
export JUXTA_DATA_DIR=/tmp/jx/data JUXTA_RUNTIME_DIR=/tmp/jx/run JUXTA_STATE_DIR=/tmp/jx/state JUXTA_KERNEL=$kernel
j=$BIN/juxtactl
r=$($j vm run --rm --disk "$data:ro" -- sh -c 'mkdir -p /mnt/d && mount -o ro /dev/vda /mnt/d && cat /mnt/d/sub/only-here.txt' 2>"$out/d-run.stderr")
status=$?
[ $status = 0 ] && [ "$r" = "$token" ] || fail "D: vm run --disk: status $status, '$r', $(cat "$out/d-run.stderr")"
$j vm create --name withdisk --disk "$scratch" --start >"$out/d-create.txt" 2>&1 || fail "D: vm create --disk --start: $(cat "$out/d-create.txt")"
$j vm run --rm --disk "$scratch" -- true >/dev/null 2>"$out/d-busy.stderr"
status=$?
[ $status != 0 ] && grep -q "in use by another VM" "$out/d-busy.stderr" \
  || fail "D: a second VM took the running instance's disk: status $status, $(cat "$out/d-busy.stderr")"
pass "D: vm run --disk reads the image; a running VM instance holds its disk"
$j vm rm -f withdisk >/dev/null 2>"$out/d-rm.stderr" || fail "D: vm rm -f: $(cat "$out/d-rm.stderr")"
[ -s "$scratch" ] || fail "D: vm rm removed the user's disk"
r=$($j vm run --rm --disk "$scratch:ro" -- sh -c "head -c $((13 + ${#token})) /dev/vda" 2>"$out/d-after.stderr")
[ "$r" = "written-by-A-$token" ] || fail "D: after vm rm the disk reads '$r': $(cat "$out/d-after.stderr")"
left=$(find "$JUXTA_RUNTIME_DIR/vms" "$JUXTA_DATA_DIR/vms" -mindepth 1 2>/dev/null)
[ -z "$left" ] || fail "D: left behind: $left"
pass "D: vm rm frees the disk, keeps it, and leaves nothing of the VM"

# keeps_a_write CHECK NAME ID — VM NAME (created, not running) starts, writes kept-$token to
# /kept.txt in its root, stops, starts again and reads it back, and stops; failures say CHECK.
keeps_a_write() {
  sock=$JUXTA_RUNTIME_DIR/vms/$3/api.sock
  $j vm start "$2" 2>"$out/$1-start.stderr" || fail "$1: vm start: $(cat "$out/$1-start.stderr")"
  wait_agent "$sock" || fail "$1: the agent never got ready"
  r=$(ask "$sock" "{\"cmd\":\"exec\",\"in_image\":true,\"argv\":[\"sh\",\"-c\",\"echo kept-$token > /kept.txt && sync\"]}")
  has "$r" '"exit_code":0' || fail "$1: write in the VM's root: $r"
  $j vm stop --time 60 "$2" 2>"$out/$1-stop.stderr" || fail "$1: vm stop: $(cat "$out/$1-stop.stderr")"
  $j vm start "$2" 2>"$out/$1-start2.stderr" || fail "$1: vm start again: $(cat "$out/$1-start2.stderr")"
  wait_agent "$sock" || fail "$1: the agent never got ready again"
  r=$(ask "$sock" '{"cmd":"exec","in_image":true,"argv":["cat","/kept.txt"]}')
  has "$r" "\"stdout\":\"kept-$token\\n\"" || fail "$1: after stop and start: $r"
  $j vm stop --time 60 "$2" 2>"$out/$1-stop2.stderr" || fail "$1: vm stop again: $(cat "$out/$1-stop2.stderr")"
}

# --- E -----------------------------------------------------------------------------------------
r=$($j vm run --rm --name imgvm --image busybox -- sh -c 'test ! -e /init && hostname && cat /etc/passwd' 2>"$out/e-run.stderr")
status=$?
layer_passwd=$(cat "$JUXTA_DATA_DIR"/images/layers/*/etc/passwd 2>/dev/null)
[ $status = 0 ] && [ "$r" = "imgvm
$layer_passwd" ] || fail "E: vm run --image busybox: status $status, '$r' vs the layer's '$layer_passwd', $(tail -n 3 "$out/e-run.stderr")"
pass "E: vm run --image busybox runs in the image's root, named after the VM"
id=$($j vm create --name keeper --image busybox --disk-size 64M 2>"$out/e-create.stderr") || fail "E: vm create --image: $(cat "$out/e-create.stderr")"
keeps_a_write E keeper "$id"
$j vm rm -f keeper >/dev/null 2>"$out/e-rm.stderr" || fail "E: vm rm: $(cat "$out/e-rm.stderr")"
left=$(find "$JUXTA_RUNTIME_DIR/vms" "$JUXTA_DATA_DIR/vms" -mindepth 1 2>/dev/null)
[ -z "$left" ] || fail "E: left behind after vm rm: $left"
pass "E: a persistent image VM keeps its writes across stop and start; vm rm takes its disk"
# A persistent image VM with a command of its own (vm create IMAGE -- CMD): its main process, run at
# start in the image's root; a kernel VM has none to take.
id=$($j vm create --name svc --image busybox -- sh -c "echo svc-$token > /svc.txt; exec sleep 600" 2>"$out/e-svc.stderr") \
  || fail "E: vm create --image busybox -- CMD: $(cat "$out/e-svc.stderr")"
$j vm start svc 2>>"$out/e-svc.stderr" || fail "E: vm start svc: $(cat "$out/e-svc.stderr")"
sock=$JUXTA_RUNTIME_DIR/vms/$id/api.sock
wait_agent "$sock" || fail "E: svc's agent never got ready"
n=0
until r=$(ask "$sock" '{"cmd":"exec","in_image":true,"argv":["cat","/svc.txt"]}') && has "$r" "\"stdout\":\"svc-$token\\n\""; do
  n=$((n + 1))
  [ $n -lt 60 ] || fail "E: the VM's command did not run: $r; $($j vm logs svc 2>&1 | tail -n 5)"
  sleep 1
done
$j vm rm -f svc >/dev/null 2>>"$out/e-svc.stderr" || fail "E: vm rm svc: $(cat "$out/e-svc.stderr")"
$j vm create --name nocmd --kernel "$kernel" -- true >/dev/null 2>"$out/e-nocmd.stderr"
status=$?
[ $status = 2 ] || fail "E: a kernel VM created with -- CMD: status $status, $(cat "$out/e-nocmd.stderr")"
pass "E: vm create --image busybox -- CMD runs CMD at start in the image's root; a kernel VM's -- CMD is refused"
store=$JUXTA_DATA_DIR/images
base=$(ls "$store/layers" | head -n 1)
bad=sha256-$(printf '%064d' 7)
mkdir -p "$store/layers/$bad/etc"
ln -s /bin/busybox "$store/layers/$bad/etc/hosts"
ln -s /proc/sysrq-trigger "$store/layers/$bad/etc/hostname"
ln -s /juxta/rw "$store/layers/$bad/proc"
echo not-a-directory >"$store/layers/$bad/dev"
printf '{"name":"hostile","layers":["%s","%s"],"config":{}}\n' "$base" "$bad" >"$store/repositories/hostile.json"
r=$($j vm run --rm --name bsvm --image hostile -- sh -c 'cat /etc/hosts; ls /dev; test -d /proc/1 && echo proc-ok; busybox true && echo busybox-ok' 2>"$out/e-hostile.stderr")
status=$?
has "$r" "127.0.1.1	bsvm" "null" "proc-ok" "busybox-ok" && [ $status = 0 ] \
  || fail "E: the hostile image: status $status, '$r', $(tail -n 3 "$out/e-hostile.stderr")"
case $r in *vda* | *ttyS*) fail "E: the image's /dev shows the VM's disks or serial ports: $r" ;; esac
r=$($j vm run --rm --image busybox -- sh -c 'busybox true && echo still-fine' 2>>"$out/e-hostile.stderr")
[ "$r" = still-fine ] || fail "E: after the hostile image: '$r'"
pass "E: a hostile image's symlinks resolve inside it; its /dev has no disks or serial ports"

# --- F -----------------------------------------------------------------------------------------
cloud=/tmp/cloud.raw
cp "$cloud0" "$cloud" || fail "F: copy the root disk"
r=$($j vm run --rm --name rootvm --disk "$cloud" --root /dev/vda1 -- \
  sh -c 'cat /etc/only-on-the-root-disk && hostname && test ! -e /init && echo no-init' 2>"$out/f-run.stderr")
status=$?
[ $status = 0 ] && [ "$r" = "root-$token
rootvm
no-init" ] || fail "F: vm run --root /dev/vda1: status $status, '$r', $(tail -n 3 "$out/f-run.stderr")"
$j vm run --rm --disk "$cloud" --root /dev/vdb1 -- true >/dev/null 2>"$out/f-bad.stderr"
status=$?
[ $status = 2 ] && grep -q "the VM has 1 disk" "$out/f-bad.stderr" \
  || fail "F: a root that is none of the VM's disks: status $status, $(cat "$out/f-bad.stderr")"
pass "F: vm run --root /dev/vda1 runs in the partition's file system; a root it lacks is refused"
id=$($j vm create --name rooted --disk "$cloud" --root /dev/vda1 2>"$out/f-create.stderr") || fail "F: vm create --root: $(cat "$out/f-create.stderr")"
keeps_a_write F rooted "$id"
$j vm rm rooted >/dev/null 2>"$out/f-rm.stderr" || fail "F: vm rm: $(cat "$out/f-rm.stderr")"
r=$($j vm run --rm --disk "$cloud:ro" --root /dev/vda1 -- \
  sh -c 'cat /kept.txt; echo x > /new.txt 2>/dev/null && echo wrote || echo refused' 2>"$out/f-ro.stderr")
status=$?
[ $status = 0 ] && [ "$r" = "kept-$token
refused" ] || fail "F: the same disk read-only: status $status, '$r', $(tail -n 3 "$out/f-ro.stderr")"
left=$(find "$JUXTA_RUNTIME_DIR/vms" "$JUXTA_DATA_DIR/vms" -mindepth 1 2>/dev/null)
[ -z "$left" ] || fail "F: left behind: $left"
pass "F: a persistent root disk VM keeps its write; stopped clean, the disk boots read-only and refuses writes"

# --- G -----------------------------------------------------------------------------------------
# A user's image VM (rootless): its store, disks and state under its own directories; the image's
# disk made in a user namespace (unshare), so the files are root's inside the guest as in a rootless
# container; the overlay joined with userxattr (juxta.image.xattr=user), writable.
uid=4242 home=/tmp/user-4242
mkdir -p "$home" && chown "$uid:$uid" "$home" && chmod 0666 /dev/kvm || fail "G: the user's directory and /dev/kvm"
# (util-linux's setpriv by its path: L1's shell runs busybox's own applet of that name first)
as_user() {
  "$SETPRIV" --reuid "$uid" --regid "$uid" --clear-groups busybox env -i HOME="$home" PATH=/usr/bin:/bin:/usr/sbin:/sbin \
    JUXTA_DATA_DIR="$home/data" JUXTA_RUNTIME_DIR="$home/run" JUXTA_STATE_DIR="$home/state" JUXTA_KERNEL="$kernel" "$@"
}
r=$(as_user "$j" vm run --rm --net none --name uservm --image busybox -- \
  sh -c 'stat -c %u:%g /bin/busybox /etc; echo w > /written && cat /written; hostname' 2>"$out/g-run.stderr")
status=$?
[ $status = 0 ] && [ "$r" = "0:0
0:0
w
uservm" ] || fail "G: a user's vm run --image busybox: status $status, '$r', $(tail -n 5 "$out/g-run.stderr")"
disk=$(ls "$home"/data/vm-images/*.ext4 2>/dev/null)
[ -n "$disk" ] && [ "$(stat -c %u "$disk")" = "$uid" ] || fail "G: the user's image disk: '$disk'"
left=$(find "$home/run/vms" "$home/data/vms" -mindepth 1 2>/dev/null)
[ -z "$left" ] || fail "G: left behind: $left"
pass "G: a user's image VM: its disk made without root, the image's files root's in the guest, its root writable"

#!/bin/sh
# Runs inside L1 (see ../vm_net.sh): tiny-linux under juxta-vmm with a virtio-net card on a tap.
# The agent answers over virtio-vsock (--vsock). Then through juxtactl (from $BIN): a VM with
# --net bridge (its agent on vsock too) on juxta0 with an address from the
# containers' pool fetches from a server on the bridge's gateway, and vm rm leaves no tap or lease.
# Run by juxta_root_l1.sh (containers need its root) with BIN; the rest comes in the environment:
# VMM CTL KERNEL INITRD CMDLINE IPCMD TOKEN. Prints "PASS ..." lines; exits 1 at the first failure.
set -u
BIN=$1
vmm=$VMM ctl=$CTL kernel=$KERNEL initrd=$INITRD cmdline=$CMDLINE ip=$IPCMD token=$TOKEN
out=${TESTBED_OUT:-/tmp}
bb=/bin/busybox
boot="--kernel $kernel --boot pvh --kernel-cache /tmp/kernel-cache --initrd $initrd --cmdline"

# shellcheck source=vm_lib_l1.sh
. "$(dirname "$0")/vm_lib_l1.sh"

"$ip" link set lo up  # L1's init leaves loopback down; published ports listen on it
"$ip" tuntap add jxtap0 mode tap || fail "ip tuntap add"
"$ip" addr add 10.77.0.1/24 dev jxtap0 && "$ip" link set jxtap0 up || fail "tap address"
mkdir -p /tmp/www && echo "$token" >/tmp/www/token.txt
$bb httpd -p 10.77.0.1:8080 -h /tmp/www || fail "httpd on L1"

"$vmm" $boot "$cmdline" --net "jxtap0:10.77.0.2/24:10.77.0.1" --vsock --api /tmp/n.sock --console "$out/n.console" \
  2>"$out/n.stderr" &
n=$!
wait_ready /tmp/n.sock $n || fail "the agent never reported ready"
agent=$(ask /tmp/n.sock '{"cmd":"agent"}')
has "$agent" '"network":"ok"' || fail "the agent did not set the address: $agent"
r=$(gexec /tmp/n.sock 'ip addr show eth0')
has "$r" '"exit_code":0' '10.77.0.2/24' || fail "eth0 in the guest: $r"
pass "eth0 up with 10.77.0.2/24, set by the agent from juxta-vmm's --net"
r=$(gexec /tmp/n.sock 'wget -q -O- http://10.77.0.1:8080/token.txt')
has "$r" '"exit_code":0' "\"stdout\":\"$token\\n\"" || fail "the guest fetching from L1: $r"
pass "the guest fetches a file from L1's HTTP server over the tap"
# Receive offloads: 4 MiB into the guest arrive whole, in frames larger than the wire's (the tap
# hands TCP unsegmented to a driver that took GUEST_TSO4).
$bb dd if=/dev/urandom of=/tmp/www/big.bin bs=1024 count=4096 2>/dev/null
sum=$($bb md5sum /tmp/www/big.bin | $bb cut -d' ' -f1)
before=$(ask /tmp/n.sock '{"cmd":"stats"}' | grep -o '{[^{}]*"kind":"net"[^{}]*}')
r=$(gexec /tmp/n.sock 'wget -q -O /tmp/big.bin http://10.77.0.1:8080/big.bin && md5sum /tmp/big.bin && rm /tmp/big.bin')
has "$r" '"exit_code":0' "$sum" || fail "4 MiB from L1 into the guest: $r"
after=$(ask /tmp/n.sock '{"cmd":"stats"}' | grep -o '{[^{}]*"kind":"net"[^{}]*}')
bytes=$(($(json_num rx_bytes "$after") - $(json_num rx_bytes "$before")))
frames=$(($(json_num rx_frames "$after") - $(json_num rx_frames "$before")))
[ "$frames" -gt 0 ] && [ $((bytes / frames)) -gt 1514 ] \
  || fail "the 4 MiB came in $frames frames for $bytes bytes: none larger than the wire's (no receive offload)"
pass "4 MiB into the guest intact, $((bytes / frames)) bytes a frame on average (receive offloads)"
r=$(gexec /tmp/n.sock "mkdir -p /tmp/w && echo guest-$token > /tmp/w/g.txt && httpd -p 8081 -h /tmp/w && echo up")
has "$r" '"exit_code":0' || fail "httpd in the guest: $r"
got=$($bb wget -q -O- http://10.77.0.2:8081/g.txt 2>&1)
[ "$got" = "guest-$token" ] || fail "L1 fetching from the guest: '$got'"
pass "L1 fetches a file from an HTTP server in the guest"
# The agent's channel: the vsock stream (it connected from a reserved port), both ways.
has "$agent" '"channel":"vsock"' || fail "the agent is not on vsock: $agent"
stats=$(ask /tmp/n.sock '{"cmd":"stats"}')
sock_dev=$(printf '%s' "$stats" | grep -o '{[^{}]*"kind":"vsock"[^{}]*}')
[ "$(json_num rx_bytes "$sock_dev")" -gt 0 ] && [ "$(json_num tx_bytes "$sock_dev")" -gt 0 ] \
  && [ "$(json_num connections "$sock_dev")" = 1 ] || fail "the vsock device's counters: $stats"
# A user of the guest without privilege cannot take the agent's channel: busybox has no vsock
# client, so this is the unit tests' (test_virtio_vsock); here the agent still answers after all
# the commands above, and nobody else connected.
pass "the agent answers over virtio-vsock: $sock_dev"
card=$(printf '%s' "$stats" | grep -o '{[^{}]*"kind":"net"[^{}]*}')
[ "$(json_num rx_frames "$card")" -gt 0 ] && [ "$(json_num tx_frames "$card")" -gt 0 ] \
  || fail "the card's counters did not move: $stats"
# An honest guest sends nothing the card drops (its IPv6 is off: juxta0 is IPv4 only).
[ "$(json_num tx_spoofed "$card")" = 0 ] || fail "frames of an honest guest were dropped as spoofed: $card"
case $(ask /tmp/n.sock '{"cmd":"stop","grace_ms":60000}') in *'"ok":true'*) ;; *) fail "stop" ;; esac
wait $n
"$vmm" $boot "$cmdline" --net "nosuchtap9" --exec -- true >/dev/null 2>"$out/missing.stderr"
status=$?
[ $status = 2 ] || fail "a VM on a missing tap: status $status, $(cat "$out/missing.stderr")"
pass "the card's counters: $card; a missing tap refused with status 2"

# --- through juxtactl: --net bridge -------------------------------------------------------------
export JUXTA_DATA_DIR=/tmp/jx/data JUXTA_RUNTIME_DIR=/tmp/jx/run JUXTA_STATE_DIR=/tmp/jx/state JUXTA_KERNEL=$kernel
j=$BIN/juxtactl
id=$($j vm create --name netvm --net bridge --publish 127.0.0.1:18083:8083 2>"$out/b-create.stderr") || fail "vm create --net bridge: $(cat "$out/b-create.stderr")"
$j vm start netvm 2>"$out/b-start.stderr" || fail "vm start: $(cat "$out/b-start.stderr")"
tap=jx$(printf '%s' "$id" | cut -c1-12)
"$ip" link show "$tap" | grep -q "master juxta0" || fail "the VM's tap $tap is not on juxta0: $("$ip" link show "$tap" 2>&1)"
lease=$(ls "$JUXTA_DATA_DIR/network/leases" 2>/dev/null | head -n 1)
[ -n "$lease" ] || fail "no lease for the VM"
mkdir -p /tmp/www2 && echo "bridge-$token" >/tmp/www2/b.txt
$bb httpd -p 10.123.0.1:8082 -h /tmp/www2 || fail "httpd on the bridge's gateway"
sock=$JUXTA_RUNTIME_DIR/vms/$id/api.sock
n=0
until case $(ask "$sock" '{"cmd":"agent"}' 2>/dev/null) in *'"ready":true'*) true ;; *) false ;; esac; do
  n=$((n + 1))
  [ $n -lt 600 ] || fail "the bridged VM's agent never got ready"
  sleep 0.5
done
has "$(ask "$sock" '{"cmd":"agent"}')" '"channel":"vsock"' || fail "the bridged VM's agent is not on vsock: $(ask "$sock" '{"cmd":"agent"}')"
r=$(gexec "$sock" "ip addr show eth0; wget -q -O- http://10.123.0.1:8082/b.txt")
has "$r" '"exit_code":0' "$lease/16" "bridge-$token" || fail "the bridged VM ($lease) fetching from juxta0's gateway: $r"
ping -c 1 -W 5 "$lease" >/dev/null 2>&1 || $bb ping -c 1 -W 5 "$lease" >/dev/null 2>&1 || fail "L1 cannot reach the VM at $lease"
pass "vm --net bridge: $lease on juxta0 from the containers' pool, reaching the bridge and reached"
# A container on the same bridge: the VM fetches from it, and it from the VM.
cid=$($j run -d --net bridge --name web busybox sh -c "mkdir -p /w && echo container-$token > /w/c.txt && httpd -f -p 8080 -h /w" 2>"$out/c-run.stderr") \
  || fail "a container on juxta0: $(cat "$out/c-run.stderr")"
caddr=$(grep -l "$cid" "$JUXTA_DATA_DIR"/network/leases/* 2>/dev/null | head -n 1)
caddr=${caddr##*/}
[ -n "$caddr" ] || fail "no lease for the container $cid"
r=$(gexec "$sock" "n=0; until wget -q -O- http://$caddr:8080/c.txt; do n=\$((n+1)); [ \$n -gt 50 ] && exit 1; sleep 0.2; done")
has "$r" '"exit_code":0' "container-$token" || fail "the VM fetching from the container at $caddr: $r"
r=$(gexec "$sock" "mkdir -p /tmp/v && echo vm-$token > /tmp/v/v.txt && httpd -p 8083 -h /tmp/v && echo up")
has "$r" '"exit_code":0' || fail "httpd in the bridged VM: $r"
got=$($j exec web wget -q -O- "http://$lease:8083/v.txt" 2>&1)
[ "$got" = "vm-$token" ] || fail "the container fetching from the VM at $lease: '$got'"
got=$($bb wget -q -O- "http://127.0.0.1:18083/v.txt" 2>&1)
[ "$got" = "vm-$token" ] || fail "the VM's published port 127.0.0.1:18083: '$got'"
pass "a container ($caddr) and the VM ($lease) on juxta0 reach each other over TCP; the VM's --publish 127.0.0.1:18083:8083 answers on L1's loopback"
# The guest as an attacker: it takes the container's address as its own and speaks from it (ARP and
# IPv4 from $caddr) to take the container's traffic. juxta-vmm drops those frames (tx_spoofed): L1
# still reaches the container, and its neighbour entry for $caddr is not the VM's MAC.
vmmac=$(gexec "$sock" 'cat /sys/class/net/eth0/address' | grep -o '[0-9a-f][0-9a-f]\(:[0-9a-f][0-9a-f]\)\{5\}' | head -n 1)
[ -n "$vmmac" ] || fail "the VM's MAC"
r=$(gexec "$sock" "ip addr add $caddr/32 dev eth0 && { ping -c 3 -W 1 -I $caddr 10.123.0.1; true; }")
has "$r" '"exit_code":0' || fail "the guest taking $caddr: $r"
got=$($bb wget -q -O- "http://$caddr:8080/c.txt" 2>&1)
[ "$got" = "container-$token" ] || fail "L1 reaching the container at $caddr after the VM claimed it: '$got'"
"$ip" neigh show "$caddr" dev juxta0 | grep -qi "$vmmac" && fail "L1's neighbour entry for $caddr is the VM's MAC: $("$ip" neigh show "$caddr")"
card=$(ask "$sock" '{"cmd":"stats"}' | grep -o '{[^{}]*"kind":"net"[^{}]*}')
[ "$(json_num tx_spoofed "$card")" -gt 0 ] || fail "no spoofed frame counted: $card"
gexec "$sock" "ip addr del $caddr/32 dev eth0" >/dev/null
$j rm -f web >/dev/null 2>&1
pass "a VM claiming the container's address ($caddr) gets no frame from it onto juxta0: $(json_num tx_spoofed "$card") dropped, L1 still reaches the container"
$j vm rm -f netvm >/dev/null 2>"$out/b-rm.stderr" || fail "vm rm: $(cat "$out/b-rm.stderr")"
"$ip" link show "$tap" >/dev/null 2>&1 && fail "vm rm left the tap $tap"
[ -z "$(ls "$JUXTA_DATA_DIR/network/leases" 2>/dev/null)" ] || fail "vm rm left the lease $(ls "$JUXTA_DATA_DIR/network/leases")"
pass "vm rm removes the tap and gives the address back"

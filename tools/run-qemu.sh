#!/usr/bin/env bash
# Boot napkin's ISO in QEMU for a person: serial console on this terminal,
# user-mode networking with host forwards (HTTP 8080->80, echo 8007->7).
# napkin gets its address from QEMU's built-in DHCP server (10.0.2.15).
# Usage: run-qemu.sh <napkin.iso> [extra kernel command line]
# NAPKIN_HOSTFWD replaces the forwards (",hostfwd=..." list; empty: none).
set -eu
iso=$1
extra=${2:-}
nic=${NAPKIN_NIC:-e1000}
mem=${NAPKIN_MEM:-512}
accel=$(tools/pick-accel.sh "$iso")
# QEMU user networking: its DHCP server hands out 10.0.2.15, router 10.0.2.2,
# DNS 10.0.2.3; napkin asks by default (no ip=). ip=... in $extra overrides.
cmdline="$extra"
fwd=${NAPKIN_HOSTFWD-,hostfwd=tcp:127.0.0.1:8080-:80,hostfwd=tcp:127.0.0.1:8007-:7,hostfwd=udp:127.0.0.1:8007-:7}

cat <<MSG
napkin: booting $iso ($accel, $nic, ${mem} MiB). Serial console below.
  Guest: 10.0.2.15/24 via 10.0.2.2 by DHCP (QEMU user networking); from the
         napkin> prompt: dhcp, ping 10.0.2.2, arp -n, route -n, ifconfig.
  Forwards: 127.0.0.1:8080 -> guest :80, 127.0.0.1:8007 -> guest :7 (tcp/udp)
  Quit:  Ctrl-A then X (QEMU's monitor is on Ctrl-A C; 'halt' only stops napkin).
MSG
args=()
[ -n "$cmdline" ] && args=(-fw_cfg "name=opt/napkin/cmdline,string=$cmdline")
exec qemu-system-x86_64 -accel "$accel" -machine q35 -cpu max -m "$mem" \
	-cdrom "$iso" -boot d -display none -no-reboot \
	-chardev stdio,id=con0,mux=on,signal=off -serial chardev:con0 -mon chardev=con0 \
	-netdev "user,id=net0$fwd" \
	-device "$nic,netdev=net0" \
	"${args[@]}"

#!/usr/bin/env bash
# Boot napkin's ISO in QEMU for a person: serial console on this terminal,
# user-mode networking with host forwards (HTTP 8080->80, echo 8007->7).
# Usage: run-qemu.sh <napkin.iso> [extra kernel command line]
set -eu
iso=$1
extra=${2:-}
nic=${NAPKIN_NIC:-e1000}
mem=${NAPKIN_MEM:-512}
accel=$(tools/pick-accel.sh "$iso")
cmdline="$extra"

cat <<MSG
napkin: booting $iso ($accel, $nic, ${mem} MiB). Serial console below.
  HTTP:  curl http://127.0.0.1:8080/      echo: nc 127.0.0.1 8007 (tcp/udp)
  Quit:  Ctrl-A then X (QEMU's monitor is on Ctrl-A C; 'halt' only stops napkin).
MSG
args=()
[ -n "$cmdline" ] && args=(-fw_cfg "name=opt/napkin/cmdline,string=$cmdline")
exec qemu-system-x86_64 -accel "$accel" -machine q35 -cpu max -m "$mem" \
	-cdrom "$iso" -boot d -display none -no-reboot \
	-chardev stdio,id=con0,mux=on,signal=off -serial chardev:con0 -mon chardev=con0 \
	-netdev "user,id=net0,hostfwd=tcp:127.0.0.1:8080-:80,hostfwd=tcp:127.0.0.1:8007-:7,hostfwd=udp:127.0.0.1:8007-:7" \
	-device "$nic,netdev=net0" \
	"${args[@]}"

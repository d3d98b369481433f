#!/usr/bin/env bash
# Print the QEMU accelerator to use: "kvm" only if a KVM guest provably boots
# napkin (banner on serial within a few seconds), else "tcg". On some hosts
# /dev/kvm exists but guests hang, so its presence proves nothing.
# Usage: pick-accel.sh <napkin.iso>; the verdict is cached in build/.accel.
set -u
iso=$1
cache=build/.accel
if [ -n "${NAPKIN_ACCEL:-}" ]; then
	echo "$NAPKIN_ACCEL"
	exit 0
fi
if [ -f "$cache" ]; then
	cat "$cache"
	exit 0
fi
verdict=tcg
if [ -r /dev/kvm ] && [ -w /dev/kvm ]; then
	log=$(mktemp)
	qemu-system-x86_64 -accel kvm -machine pc -m 128 -cdrom "$iso" -display none \
		-serial "file:$log" -no-reboot -monitor none >/dev/null 2>&1 &
	pid=$!
	for _ in $(seq 1 16); do
		if grep -q "^napkin " "$log" 2>/dev/null; then
			verdict=kvm
			break
		fi
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.5
	done
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	rm -f "$log"
fi
mkdir -p build
echo "$verdict" > "$cache"
echo "$verdict"

#!/usr/bin/env bash
# Install napkin's build and test dependencies from Debian packages (Debian 12).
# Idempotent: returns at once when everything is present. QEMU >= 8 (needed for
# the igb model) comes from bookworm-backports, which this script enables.
set -euo pipefail

PKGS_BASE="build-essential nasm xorriso mtools grub-common grub-pc-bin
grub-efi-amd64-bin gnu-efi ovmf python3-pytest python3-scapy tshark iproute2
iputils-ping iputils-arping netcat-openbsd curl dnsmasq-base wrk iperf3
clang libclang-rt-14-dev binutils dosfstools"
PKGS_BPO="qemu-system-x86 qemu-utils"

missing=""
for p in $PKGS_BASE $PKGS_BPO; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done

qemu_ok() {
	command -v qemu-system-x86_64 >/dev/null || return 1
	local v
	v=$(qemu-system-x86_64 --version | sed -n 's/.*version \([0-9]*\)\..*/\1/p')
	[ -n "$v" ] && [ "$v" -ge 8 ]
}

if [ -z "$missing" ] && qemu_ok; then
	exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
	echo "install-deps: missing:$missing; run as root (or with sudo)" >&2
	exit 1
fi

export DEBIAN_FRONTEND=noninteractive
. /etc/os-release
if [ "${VERSION_CODENAME:-}" = bookworm ] &&
	! grep -rqs "bookworm-backports" /etc/apt/sources.list /etc/apt/sources.list.d/; then
	echo "install-deps: enabling bookworm-backports for QEMU >= 8"
	echo "deb http://deb.debian.org/debian bookworm-backports main" \
		>/etc/apt/sources.list.d/napkin-backports.list
fi

# Third-party lists on the machine may be unreachable; apt keeps going without them.
apt-get update -q || echo "install-deps: apt-get update reported errors (continuing)" >&2

bpo=""
[ "${VERSION_CODENAME:-}" = bookworm ] && bpo="-t bookworm-backports"
# wireshark-common asks whether non-root users may capture; the default (no) is fine.
echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
apt-get install -y -q --no-install-recommends $PKGS_BASE
apt-get install -y -q --no-install-recommends $bpo $PKGS_BPO

if ! qemu_ok; then
	echo "install-deps: QEMU >= 8 is required (igb model); got: $(qemu-system-x86_64 --version | head -1)" >&2
	exit 1
fi
echo "install-deps: all dependencies present"

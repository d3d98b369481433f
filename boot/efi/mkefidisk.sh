#!/bin/sh
# mkefidisk.sh: make a raw FAT disk image whose only file is
# EFI/BOOT/BOOTX64.EFI (the UEFI removable-media boot path, UEFI 2.10 §3.5.1.1),
# so firmware boots napkin.efi without a boot entry. Unpartitioned
# ("superfloppy") FAT, built with mtools: no root, no loop devices.
# Usage: mkefidisk.sh <napkin.efi> <out.img>
set -eu

if [ $# -ne 2 ]; then
	echo "usage: $0 <napkin.efi> <out.img>" >&2
	exit 2
fi
efi=$1
img=$2
[ -f "$efi" ] || { echo "$0: $efi: no such file" >&2; exit 1; }

# Room for the app plus FAT overhead, at least 8 MiB so mformat picks FAT16
# with sane clusters. 64 heads x 32 sectors = 1 MiB per cylinder.
efi_mib=$(( ($(wc -c < "$efi") + 1048575) / 1048576 ))
mib=$(( efi_mib + 2 ))
[ "$mib" -ge 8 ] || mib=8

rm -f "$img"
mformat -i "$img" -C -t "$mib" -h 64 -s 32 -v NAPKIN ::
mmd -i "$img" ::/EFI ::/EFI/BOOT
mcopy -i "$img" "$efi" ::/EFI/BOOT/BOOTX64.EFI

/* UEFI boot path, kernel side: napkin_entry64 (boot/head.asm) lands here on
 * the kernel's own stack and page tables with the loader's boot_info. */
#include "boot/boot_info.h"
#include "lib/string.h"
#include "kernel/main.h"

static struct boot_info efi_info;

void efi_start(const struct boot_info *bi)
{
	/* The loader's copy lives in memory we are about to hand out. */
	memcpy(&efi_info, bi, sizeof(efi_info));
	efi_info.source = BOOT_SRC_UEFI;
	efi_info.cmdline[sizeof(efi_info.cmdline) - 1] = '\0';
	efi_info.loader[sizeof(efi_info.loader) - 1] = '\0';
	if (efi_info.mmap_count > BOOT_INFO_MAX_MMAP)
		efi_info.mmap_count = BOOT_INFO_MAX_MMAP;
	kmain(&efi_info);
}

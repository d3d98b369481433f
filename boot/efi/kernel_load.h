/* Loading the embedded kernel ELF at its link addresses with
 * AllocatePages(AllocateAddress): napkin is identity-mapped, not
 * relocatable. */
#ifndef BOOT_EFI_KERNEL_LOAD_H
#define BOOT_EFI_KERNEL_LOAD_H

#include <efi.h>

#include "boot/efi/elf_check.h"

struct kernel_image {
	UINT64 entry64;		/* from struct napkin_entry_header */
	UINT64 start, end;	/* lowest and highest loaded byte + 1 */
	UINT64 alloc_end;	/* end of the last allocated page run */
	unsigned int nalloc;
	struct {
		EFI_PHYSICAL_ADDRESS base;
		UINTN pages;
	} alloc[KERNEL_MAX_LOADS];
};

/*
 * Validate file[size], allocate and fill every PT_LOAD, find entry64.
 * Errors are logged; returns EFI_LOAD_ERROR with nothing left allocated.
 */
EFI_STATUS kernel_load(const void *file, UINTN size, struct kernel_image *k);

/* Give back the kernel's pages (only on a failed boot). */
void kernel_unload(struct kernel_image *k);

#endif /* BOOT_EFI_KERNEL_LOAD_H */

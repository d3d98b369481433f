/* The UEFI memory map as napkin-efi needs it: fetched into a buffer with
 * headroom, then ExitBootServices() with that map's key. */
#ifndef BOOT_EFI_EFI_MMAP_H
#define BOOT_EFI_EFI_MMAP_H

#include <efi.h>

#include "boot/boot_info.h"

struct efi_mmap {
	EFI_MEMORY_DESCRIPTOR *map;
	UINTN capacity;		/* bytes allocated at map */
	UINTN size;		/* bytes GetMemoryMap filled */
	UINTN desc_size;	/* stride between descriptors */
	UINT32 desc_version;
	UINTN key;
	/* conversion space, capacity / desc_size entries: allocated here
	 * because nothing can be allocated once boot services are gone */
	struct boot_mmap_entry *scratch;
};

/* Fetch the current map into m (allocating m's buffers). */
EFI_STATUS efi_mmap_get(struct efi_mmap *m);
void efi_mmap_free(struct efi_mmap *m);

/*
 * Leave boot services with a fresh map in m. Turns ConOut logging off first.
 * On success no boot service may be used again; on failure boot services may
 * be partly shut down, so the caller must not return to the firmware.
 */
EFI_STATUS efi_exit_boot_services(EFI_HANDLE image, struct efi_mmap *m);

/* Log the map entries overlapping [start, end): who holds a wanted range. */
void efi_mmap_report_range(UINT64 start, UINT64 end);

#endif /* BOOT_EFI_EFI_MMAP_H */

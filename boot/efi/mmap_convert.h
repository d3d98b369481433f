/* Conversion of the UEFI memory map into boot_info's E820-style map: type
 * mapping, sort, merge, and fitting into BOOT_INFO_MAX_MMAP entries.
 * Pure code over buffers (no firmware calls) so it can run after
 * ExitBootServices and be tested on the host. */
#ifndef BOOT_EFI_MMAP_CONVERT_H
#define BOOT_EFI_MMAP_CONVERT_H

#include <efi.h>

#include "boot/boot_info.h"

struct mmap_convert_stats {
	unsigned int efi_entries;	/* descriptors read */
	unsigned int dropped;		/* non-usable entries dropped to fit */
	unsigned int dropped_usable;	/* usable entries dropped to fit */
	uint64_t dropped_usable_bytes;
	uint64_t usable_bytes;		/* total usable in the final map */
};

/* enum boot_mem_type for a UEFI memory type (EFI_MEMORY_TYPE value). */
uint32_t efi_to_boot_mem_type(uint32_t efi_type);

/* Short name of a UEFI memory type, for diagnostics. */
const char *efi_mem_type_name(uint32_t efi_type);

/*
 * Convert map_size bytes of descriptors, each desc_size bytes apart (the
 * size GetMemoryMap returned, which may exceed sizeof(EFI_MEMORY_DESCRIPTOR)),
 * into bi->mmap and bi->mmap_count. scratch must hold map_size / desc_size
 * entries. When more than BOOT_INFO_MAX_MMAP entries remain after merging,
 * the smallest non-usable entries are dropped first (a hole reads as "not
 * usable", so that loses nothing); usable memory is dropped only when nothing
 * else is left, and counted in *st so the caller can warn.
 */
void mmap_convert(const void *map, UINTN map_size, UINTN desc_size,
		  struct boot_mmap_entry *scratch, struct boot_info *bi,
		  struct mmap_convert_stats *st);

#endif /* BOOT_EFI_MMAP_CONVERT_H */

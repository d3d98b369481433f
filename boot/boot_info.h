/* boot_info: what every boot path (multiboot2, UEFI) hands to kmain().
 * Filled by boot code before the kernel owns memory; kmain copies it first. */
#ifndef BOOT_BOOT_INFO_H
#define BOOT_BOOT_INFO_H

#include <stdint.h>

#define BOOT_INFO_MAX_MMAP	128
#define BOOT_INFO_CMDLINE_MAX	1024

/* Memory map entry types, numbered as in the multiboot2/E820 convention. */
enum boot_mem_type {
	BOOT_MEM_USABLE = 1,
	BOOT_MEM_RESERVED = 2,
	BOOT_MEM_ACPI_RECLAIM = 3,
	BOOT_MEM_ACPI_NVS = 4,
	BOOT_MEM_BAD = 5,
};

enum boot_source {
	BOOT_SRC_MULTIBOOT2 = 1,
	BOOT_SRC_UEFI = 2,
};

struct boot_mmap_entry {
	uint64_t base;
	uint64_t length;
	uint32_t type;		/* enum boot_mem_type */
	uint32_t pad;
};

struct boot_info {
	uint32_t source;	/* enum boot_source */
	uint32_t mmap_count;
	struct boot_mmap_entry mmap[BOOT_INFO_MAX_MMAP];
	uint64_t rsdp;		/* physical address of the ACPI RSDP, 0 if unknown */
	char cmdline[BOOT_INFO_CMDLINE_MAX];	/* NUL-terminated, may be empty */
	char loader[64];	/* boot loader name, e.g. "GRUB 2.06" or "UEFI: EDK II" */
};

/*
 * The UEFI loader (boot/efi/) finds the kernel's 64-bit entry through this
 * header, placed 8-byte aligned within the first 32 KiB of napkin.elf's file
 * image (section .napkin_entry, right after the multiboot2 header).
 * entry64(bi) is called in long mode, interrupts off, with any stack, on an
 * identity mapping that covers the kernel and *bi; it never returns.
 */
#define NAPKIN_ENTRY_MAGIC	0x314b50414e4b504eULL	/* "NPKNAPK1" */

struct napkin_entry_header {
	uint64_t magic;
	uint64_t entry64;
};

#endif /* BOOT_BOOT_INFO_H */

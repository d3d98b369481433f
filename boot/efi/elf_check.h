/* Validation of the embedded kernel ELF image, before anything is loaded.
 * Pure functions over a byte buffer: no firmware calls, host-testable. */
#ifndef BOOT_EFI_ELF_CHECK_H
#define BOOT_EFI_ELF_CHECK_H

#include <stddef.h>
#include <stdint.h>

/* [System V gABI, "ELF Header" and "Program Header"] ELF64 layouts. */
struct elf64_ehdr {
	uint8_t e_ident[16];
	uint16_t e_type;
	uint16_t e_machine;
	uint32_t e_version;
	uint64_t e_entry;
	uint64_t e_phoff;
	uint64_t e_shoff;
	uint32_t e_flags;
	uint16_t e_ehsize;
	uint16_t e_phentsize;
	uint16_t e_phnum;
	uint16_t e_shentsize;
	uint16_t e_shnum;
	uint16_t e_shstrndx;
};

struct elf64_phdr {
	uint32_t p_type;
	uint32_t p_flags;
	uint64_t p_offset;
	uint64_t p_vaddr;
	uint64_t p_paddr;
	uint64_t p_filesz;
	uint64_t p_memsz;
	uint64_t p_align;
};

_Static_assert(sizeof(struct elf64_ehdr) == 64, "ELF64 header is 64 bytes");
_Static_assert(sizeof(struct elf64_phdr) == 56, "ELF64 phdr is 56 bytes");

#define PT_LOAD			1
#define PF_X			0x1

/* The kernel's boot page tables identity-map the low 4 GiB only. */
#define KERNEL_LOAD_LIMIT	0x100000000ULL
#define KERNEL_MAX_LOADS	16
/* boot/boot_info.h: the entry header sits within the first 32 KiB. */
#define ENTRY_HEADER_WINDOW	(32 * 1024)

/*
 * Check the ELF header and every program header against the buffer length
 * and the loader's rules (x86-64 executable, PT_LOAD with p_paddr == p_vaddr,
 * ascending and disjoint, below KERNEL_LOAD_LIMIT). Returns NULL if the image
 * is loadable, else the reason; *bad_phdr is the offending program header's
 * index, or -1 when the ELF header itself is at fault.
 */
const char *elf_check(const void *file, size_t size, int *bad_phdr);

/* Program header i of a file that passed elf_check(). */
const struct elf64_phdr *elf_phdr(const void *file, unsigned int i);

/*
 * Find struct napkin_entry_header in the first ENTRY_HEADER_WINDOW bytes at
 * 8-byte steps and check that entry64 lies in the file-backed part of an
 * executable PT_LOAD. Call after elf_check(). Returns NULL and sets *entry64,
 * or returns the reason.
 */
const char *elf_find_entry(const void *file, size_t size, uint64_t *entry64);

#endif /* BOOT_EFI_ELF_CHECK_H */

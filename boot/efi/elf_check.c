/* Validation of the embedded kernel ELF64 image: every field is checked
 * against the buffer before it is used; nothing here touches memory maps. */
#include "boot/efi/elf_check.h"
#include "boot/boot_info.h"

#define EI_CLASS	4
#define EI_DATA		5
#define ELFCLASS64	2
#define ELFDATA2LSB	1
#define ET_EXEC		2
#define EM_X86_64	62
#define PN_XNUM		0xffff	/* real count lives in section 0: never ours */

static int range_ok(uint64_t off, uint64_t len, size_t size)
{
	return off <= size && len <= size - off;
}

static const char *check_ehdr(const struct elf64_ehdr *eh, size_t size)
{
	if (eh->e_ident[0] != 0x7f || eh->e_ident[1] != 'E' ||
	    eh->e_ident[2] != 'L' || eh->e_ident[3] != 'F')
		return "not an ELF file (bad magic)";
	if (eh->e_ident[EI_CLASS] != ELFCLASS64)
		return "not ELF64";
	if (eh->e_ident[EI_DATA] != ELFDATA2LSB)
		return "not little-endian";
	if (eh->e_machine != EM_X86_64)
		return "not an x86-64 ELF";
	if (eh->e_type != ET_EXEC)
		return "not an executable (ET_EXEC)";
	if (eh->e_phentsize != sizeof(struct elf64_phdr))
		return "unexpected program header size";
	if (eh->e_phnum == 0 || eh->e_phnum == PN_XNUM)
		return "no program headers";
	/* Program headers are read in place, so they must be aligned. */
	if (eh->e_phoff % 8 ||
	    !range_ok(eh->e_phoff, (uint64_t)eh->e_phnum * eh->e_phentsize, size))
		return "program headers outside the file";
	return 0;
}

static const char *check_load(const struct elf64_phdr *ph, size_t size,
			      uint64_t prev_end)
{
	if (!range_ok(ph->p_offset, ph->p_filesz, size))
		return "PT_LOAD data outside the file";
	if (ph->p_filesz > ph->p_memsz)
		return "PT_LOAD p_filesz > p_memsz";
	if (ph->p_paddr != ph->p_vaddr)
		return "PT_LOAD p_paddr != p_vaddr (kernel must be identity-linked)";
	if (ph->p_paddr > KERNEL_LOAD_LIMIT ||
	    ph->p_memsz > KERNEL_LOAD_LIMIT - ph->p_paddr)
		return "PT_LOAD ends above 4 GiB";
	/* [gABI "Program Header"] PT_LOAD entries are sorted by p_vaddr. */
	if (ph->p_paddr < prev_end)
		return "PT_LOAD segments overlap or are not in ascending order";
	return 0;
}

const struct elf64_phdr *elf_phdr(const void *file, unsigned int i)
{
	const struct elf64_ehdr *eh = file;

	return (const struct elf64_phdr *)((const uint8_t *)file + eh->e_phoff) + i;
}

const char *elf_check(const void *file, size_t size, int *bad_phdr)
{
	const struct elf64_ehdr *eh = file;
	const struct elf64_phdr *ph;
	unsigned int i, loads = 0;
	uint64_t prev_end = 0;
	const char *why;

	*bad_phdr = -1;
	if (size < sizeof(*eh))
		return "file shorter than an ELF64 header";
	why = check_ehdr(eh, size);
	if (why)
		return why;
	for (i = 0; i < eh->e_phnum; i++) {
		ph = elf_phdr(file, i);
		if (ph->p_type != PT_LOAD || ph->p_memsz == 0)
			continue;
		*bad_phdr = (int)i;
		why = check_load(ph, size, prev_end);
		if (why)
			return why;
		if (++loads > KERNEL_MAX_LOADS)
			return "too many PT_LOAD segments";
		prev_end = ph->p_paddr + ph->p_memsz;
	}
	*bad_phdr = -1;
	return loads ? 0 : "no PT_LOAD segment";
}

static uint64_t load_u64(const uint8_t *p)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static int in_exec_segment(const void *file, uint64_t addr)
{
	const struct elf64_ehdr *eh = file;
	const struct elf64_phdr *ph;
	unsigned int i;

	for (i = 0; i < eh->e_phnum; i++) {
		ph = elf_phdr(file, i);
		if (ph->p_type == PT_LOAD && (ph->p_flags & PF_X) &&
		    addr >= ph->p_vaddr && addr - ph->p_vaddr < ph->p_filesz)
			return 1;
	}
	return 0;
}

const char *elf_find_entry(const void *file, size_t size, uint64_t *entry64)
{
	const uint8_t *p = file;
	size_t off, end = size < ENTRY_HEADER_WINDOW ? size : ENTRY_HEADER_WINDOW;
	const size_t hdr = sizeof(struct napkin_entry_header);

	for (off = 0; off + hdr <= end; off += 8) {
		if (load_u64(p + off) != NAPKIN_ENTRY_MAGIC)
			continue;
		*entry64 = load_u64(p + off + 8);
		if (!in_exec_segment(file, *entry64))
			return "entry64 is not inside an executable PT_LOAD segment";
		return 0;
	}
	return "no napkin_entry_header (magic NPKNAPK1) in the first 32 KiB";
}

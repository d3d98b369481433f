/* Place the kernel's PT_LOAD segments at their physical addresses, copy the
 * file bytes and zero the rest (.bss). [UEFI 2.10 §7.2.1 AllocatePages] */
#include <efi.h>
#include <efilib.h>

#include "boot/efi/efi_mmap.h"
#include "boot/efi/kernel_load.h"
#include "boot/efi/log.h"

#define PAGE_MASK	(EFI_PAGE_SIZE - 1)

/*
 * OVMF maps EfiLoaderData no-execute (PcdDxeNxMemoryProtectionPolicy) and
 * entry64 runs on the firmware's page tables, so code needs EfiLoaderCode.
 * Both types are reported usable to the kernel, which excludes its image.
 */
static EFI_MEMORY_TYPE segment_mem_type(const struct elf64_phdr *ph)
{
	return (ph->p_flags & PF_X) ? EfiLoaderCode : EfiLoaderData;
}

/* Pages of [first, last) not already taken by the previous segment. */
static EFI_STATUS alloc_segment(const struct elf64_phdr *ph,
				struct kernel_image *k)
{
	UINT64 first = ph->p_paddr & ~PAGE_MASK;
	UINT64 last = (ph->p_paddr + ph->p_memsz + PAGE_MASK) & ~PAGE_MASK;
	EFI_PHYSICAL_ADDRESS addr;
	EFI_STATUS status;
	UINTN pages;

	if (first < k->alloc_end)
		first = k->alloc_end;	/* the page is shared and already ours */
	if (first >= last)
		return EFI_SUCCESS;
	addr = first;
	pages = (last - first) / EFI_PAGE_SIZE;
	status = uefi_call_wrapper(BS->AllocatePages, 4, AllocateAddress,
				   segment_mem_type(ph), pages, &addr);
	if (EFI_ERROR(status)) {
		log_printf("napkin-efi: kernel range [0x%lx-0x%lx) is not free "
			   "(%s); the firmware holds it as:\n", first, last,
			   efi_status_name(status));
		efi_mmap_report_range(first, last);
		return status;
	}
	k->alloc[k->nalloc].base = addr;
	k->alloc[k->nalloc].pages = pages;
	k->nalloc++;
	k->alloc_end = last;
	return EFI_SUCCESS;
}

static EFI_STATUS load_segment(const void *file, const struct elf64_phdr *ph,
			       struct kernel_image *k)
{
	UINT8 *dst = (UINT8 *)(UINTN)ph->p_paddr;
	EFI_STATUS status;

	status = alloc_segment(ph, k);
	if (EFI_ERROR(status))
		return status;
	CopyMem(dst, (const UINT8 *)file + ph->p_offset, ph->p_filesz);
	SetMem(dst + ph->p_filesz, ph->p_memsz - ph->p_filesz, 0);
	if (ph->p_paddr < k->start)
		k->start = ph->p_paddr;
	if (ph->p_paddr + ph->p_memsz > k->end)
		k->end = ph->p_paddr + ph->p_memsz;
	return EFI_SUCCESS;
}

void kernel_unload(struct kernel_image *k)
{
	while (k->nalloc) {
		k->nalloc--;
		uefi_call_wrapper(BS->FreePages, 2, k->alloc[k->nalloc].base,
				  k->alloc[k->nalloc].pages);
	}
	k->alloc_end = 0;
}

static EFI_STATUS check_image(const void *file, UINTN size, UINT64 *entry64)
{
	const char *why;
	int bad;

	why = elf_check(file, size, &bad);
	if (!why)
		why = elf_find_entry(file, size, entry64);
	if (!why)
		return EFI_SUCCESS;
	if (bad >= 0)
		log_printf("napkin-efi: bad kernel ELF, program header %d: %s\n",
			   bad, why);
	else
		log_printf("napkin-efi: bad kernel ELF: %s\n", why);
	return EFI_LOAD_ERROR;
}

EFI_STATUS kernel_load(const void *file, UINTN size, struct kernel_image *k)
{
	const struct elf64_ehdr *eh = file;
	const struct elf64_phdr *ph;
	unsigned int i;

	*k = (struct kernel_image){ .start = ~0ULL };
	if (EFI_ERROR(check_image(file, size, &k->entry64)))
		return EFI_LOAD_ERROR;
	for (i = 0; i < eh->e_phnum; i++) {
		ph = elf_phdr(file, i);
		if (ph->p_type != PT_LOAD || ph->p_memsz == 0)
			continue;
		if (EFI_ERROR(load_segment(file, ph, k))) {
			kernel_unload(k);
			return EFI_LOAD_ERROR;
		}
	}
	return EFI_SUCCESS;
}

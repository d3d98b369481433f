/* UEFI memory map -> boot_info.mmap: map types, sort by base, merge
 * neighbours of one type, then drop the least useful entries until it fits. */
#include "boot/efi/mmap_convert.h"

#define EFI_PAGE_BYTES	4096ULL

/*
 * [UEFI 2.10 §7.2, Table 7-6 "Memory Type Usage after ExitBootServices()"]
 * Boot services and loader memory is free once the kernel runs: the kernel
 * excludes its own image, copies boot_info first and switches stacks at once.
 * Types this table does not know (persistent, unaccepted, OEM) stay reserved.
 */
uint32_t efi_to_boot_mem_type(uint32_t efi_type)
{
	switch (efi_type) {
	case EfiConventionalMemory:
	case EfiBootServicesCode:
	case EfiBootServicesData:
	case EfiLoaderCode:
	case EfiLoaderData:
		return BOOT_MEM_USABLE;
	case EfiACPIReclaimMemory:
		return BOOT_MEM_ACPI_RECLAIM;
	case EfiACPIMemoryNVS:
		return BOOT_MEM_ACPI_NVS;
	case EfiUnusableMemory:
		return BOOT_MEM_BAD;
	default:
		return BOOT_MEM_RESERVED;
	}
}

const char *efi_mem_type_name(uint32_t efi_type)
{
	static const char *const names[] = {
		"Reserved", "LoaderCode", "LoaderData", "BootServicesCode",
		"BootServicesData", "RuntimeServicesCode",
		"RuntimeServicesData", "Conventional", "Unusable",
		"ACPIReclaim", "ACPINVS", "MMIO", "MMIOPortSpace", "PalCode",
		"Persistent", "Unaccepted",
	};

	if (efi_type < sizeof(names) / sizeof(names[0]))
		return names[efi_type];
	return "OEM/OS-defined";
}

static unsigned int read_descriptors(const void *map, UINTN map_size,
				     UINTN desc_size,
				     struct boot_mmap_entry *out)
{
	const EFI_MEMORY_DESCRIPTOR *d;
	unsigned int n = 0;
	UINTN off;

	for (off = 0; off + desc_size <= map_size; off += desc_size) {
		d = (const EFI_MEMORY_DESCRIPTOR *)((const UINT8 *)map + off);
		if (!d->NumberOfPages)
			continue;
		out[n].base = d->PhysicalStart;
		out[n].length = d->NumberOfPages * EFI_PAGE_BYTES;
		out[n].type = efi_to_boot_mem_type(d->Type);
		out[n].pad = 0;
		n++;
	}
	return n;
}

/* Insertion sort: a few hundred entries, usually already in order. */
static void sort_by_base(struct boot_mmap_entry *e, unsigned int n)
{
	struct boot_mmap_entry key;
	unsigned int i, j;

	for (i = 1; i < n; i++) {
		key = e[i];
		for (j = i; j > 0 && e[j - 1].base > key.base; j--)
			e[j] = e[j - 1];
		e[j] = key;
	}
}

/* Merge same-type entries that touch or overlap; returns the new count. */
static unsigned int merge_adjacent(struct boot_mmap_entry *e, unsigned int n)
{
	unsigned int i, out = 0;
	uint64_t end;

	for (i = 0; i < n; i++) {
		if (out && e[out - 1].type == e[i].type &&
		    e[out - 1].base + e[out - 1].length >= e[i].base) {
			end = e[i].base + e[i].length;
			if (end > e[out - 1].base + e[out - 1].length)
				e[out - 1].length = end - e[out - 1].base;
			continue;
		}
		e[out++] = e[i];
	}
	return out;
}

/* Lower rank is dropped first: pure holes-to-be, then ACPI, then RAM. */
static unsigned int drop_rank(uint32_t type)
{
	switch (type) {
	case BOOT_MEM_RESERVED:
	case BOOT_MEM_BAD:
		return 0;
	case BOOT_MEM_ACPI_NVS:
		return 1;
	case BOOT_MEM_ACPI_RECLAIM:
		return 2;
	default:
		return 3;
	}
}

static unsigned int pick_victim(const struct boot_mmap_entry *e, unsigned int n)
{
	unsigned int i, v = 0;

	for (i = 1; i < n; i++) {
		if (drop_rank(e[i].type) < drop_rank(e[v].type) ||
		    (drop_rank(e[i].type) == drop_rank(e[v].type) &&
		     e[i].length < e[v].length))
			v = i;
	}
	return v;
}

static unsigned int shrink_to_fit(struct boot_mmap_entry *e, unsigned int n,
				  struct mmap_convert_stats *st)
{
	unsigned int v, i;

	while (n > BOOT_INFO_MAX_MMAP) {
		v = pick_victim(e, n);
		if (e[v].type == BOOT_MEM_USABLE) {
			st->dropped_usable++;
			st->dropped_usable_bytes += e[v].length;
		} else {
			st->dropped++;
		}
		for (i = v; i + 1 < n; i++)
			e[i] = e[i + 1];
		n--;
	}
	return n;
}

void mmap_convert(const void *map, UINTN map_size, UINTN desc_size,
		  struct boot_mmap_entry *scratch, struct boot_info *bi,
		  struct mmap_convert_stats *st)
{
	unsigned int i, n;

	*st = (struct mmap_convert_stats){ 0 };
	bi->mmap_count = 0;
	if (desc_size < sizeof(EFI_MEMORY_DESCRIPTOR))
		return;
	n = read_descriptors(map, map_size, desc_size, scratch);
	st->efi_entries = (unsigned int)(map_size / desc_size);
	sort_by_base(scratch, n);
	n = merge_adjacent(scratch, n);
	n = shrink_to_fit(scratch, n, st);
	for (i = 0; i < n; i++) {
		bi->mmap[i] = scratch[i];
		if (scratch[i].type == BOOT_MEM_USABLE)
			st->usable_bytes += scratch[i].length;
	}
	bi->mmap_count = n;
}

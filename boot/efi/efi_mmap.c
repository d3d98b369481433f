/* GetMemoryMap / ExitBootServices for napkin-efi. [UEFI 2.10 §7.2.3
 * GetMemoryMap, §7.4.6 ExitBootServices]. Conversion is in mmap_convert.c. */
#include <efi.h>
#include <efilib.h>

#include "boot/efi/efi_mmap.h"
#include "boot/efi/log.h"
#include "boot/efi/mmap_convert.h"

/*
 * Allocating the buffer adds up to two descriptors to the map it is meant to
 * hold; leave room for that and for firmware events between calls.
 */
#define MMAP_HEADROOM_DESCS	32
#define EXIT_BS_TRIES		8

static EFI_STATUS get_map(struct efi_mmap *m)
{
	m->size = m->capacity;
	return uefi_call_wrapper(BS->GetMemoryMap, 5, &m->size, m->map,
				 &m->key, &m->desc_size, &m->desc_version);
}

static EFI_STATUS alloc_buffers(struct efi_mmap *m, UINTN need)
{
	EFI_STATUS status;
	UINTN entries;

	efi_mmap_free(m);
	m->capacity = need + MMAP_HEADROOM_DESCS * m->desc_size;
	entries = m->capacity / m->desc_size;
	status = uefi_call_wrapper(BS->AllocatePool, 3, EfiLoaderData,
				   m->capacity, (void **)&m->map);
	if (EFI_ERROR(status))
		return status;
	return uefi_call_wrapper(BS->AllocatePool, 3, EfiLoaderData,
				 entries * sizeof(*m->scratch),
				 (void **)&m->scratch);
}

void efi_mmap_free(struct efi_mmap *m)
{
	if (m->map)
		uefi_call_wrapper(BS->FreePool, 1, m->map);
	if (m->scratch)
		uefi_call_wrapper(BS->FreePool, 1, m->scratch);
	m->map = NULL;
	m->scratch = NULL;
	m->capacity = 0;
}

/* Get the map, growing the buffers when the firmware says they are short. */
static EFI_STATUS get_map_grow(struct efi_mmap *m)
{
	EFI_STATUS status;
	int tries;

	for (tries = 0; tries < EXIT_BS_TRIES; tries++) {
		status = get_map(m);
		if (status != EFI_BUFFER_TOO_SMALL)
			break;
		/* m->size now holds the size needed, m->desc_size the stride. */
		if (m->desc_size < sizeof(EFI_MEMORY_DESCRIPTOR))
			return EFI_UNSUPPORTED;
		status = alloc_buffers(m, m->size);
		if (EFI_ERROR(status))
			return status;
	}
	if (!EFI_ERROR(status) && m->desc_size < sizeof(EFI_MEMORY_DESCRIPTOR))
		return EFI_UNSUPPORTED;
	return status;
}

EFI_STATUS efi_mmap_get(struct efi_mmap *m)
{
	*m = (struct efi_mmap){ 0 };
	return get_map_grow(m);
}

/*
 * [UEFI 2.10 §7.4.6] If the map changed since it was read, ExitBootServices
 * returns EFI_INVALID_PARAMETER and the map must be read again; between the
 * two only memory allocation services may be used, so nothing is printed on
 * ConOut from the first attempt on.
 */
EFI_STATUS efi_exit_boot_services(EFI_HANDLE image, struct efi_mmap *m)
{
	EFI_STATUS status = EFI_INVALID_PARAMETER;
	int tries;

	log_console_off();
	for (tries = 0; tries < EXIT_BS_TRIES; tries++) {
		status = get_map_grow(m);
		if (EFI_ERROR(status))
			return status;
		status = uefi_call_wrapper(BS->ExitBootServices, 2, image,
					   m->key);
		if (status != EFI_INVALID_PARAMETER)
			return status;
	}
	return status;
}

void efi_mmap_report_range(UINT64 start, UINT64 end)
{
	struct efi_mmap m;
	EFI_MEMORY_DESCRIPTOR *d;
	UINT64 d_end;
	UINTN off;

	if (EFI_ERROR(efi_mmap_get(&m))) {
		log_printf("napkin-efi:   (memory map unavailable)\n");
		efi_mmap_free(&m);
		return;
	}
	for (off = 0; off + m.desc_size <= m.size; off += m.desc_size) {
		d = (EFI_MEMORY_DESCRIPTOR *)((UINT8 *)m.map + off);
		d_end = d->PhysicalStart + d->NumberOfPages * EFI_PAGE_SIZE;
		if (d_end <= start || d->PhysicalStart >= end)
			continue;
		log_printf("napkin-efi:   [0x%lx-0x%lx) %s\n",
			   d->PhysicalStart, d_end, efi_mem_type_name(d->Type));
	}
	efi_mmap_free(&m);
}

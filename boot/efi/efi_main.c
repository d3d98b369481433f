/* napkin-efi: a GNU-EFI application that loads the embedded napkin kernel
 * ELF, fills struct boot_info, leaves boot services and jumps to entry64.
 * It is not a general ELF loader: napkin is identity-linked below 4 GiB. */
#include <efi.h>
#include <efilib.h>

#include "boot/boot_info.h"
#include "boot/efi/efi_mmap.h"
#include "boot/efi/firmware_info.h"
#include "boot/efi/kernel_load.h"
#include "boot/efi/log.h"
#include "boot/efi/mmap_convert.h"

/* The kernel's boot page tables map the low 4 GiB; *bi must lie there. */
#define BOOT_INFO_MAX_ADDR	0xFFFFFFFFULL
#define BOOT_INFO_PAGES		EFI_SIZE_TO_PAGES(sizeof(struct boot_info))

extern const UINT8 napkin_kernel_start[] __attribute__((visibility("hidden")));
extern const UINT8 napkin_kernel_end[] __attribute__((visibility("hidden")));

/* boot/boot_info.h: entry64(bi), a plain SysV call (bi in %rdi). */
typedef void __attribute__((sysv_abi, noreturn))
	(*entry64_fn)(struct boot_info *);

static struct boot_info *boot_info_alloc(void)
{
	EFI_PHYSICAL_ADDRESS addr = BOOT_INFO_MAX_ADDR;
	EFI_STATUS status;

	status = uefi_call_wrapper(BS->AllocatePages, 4, AllocateMaxAddress,
				   EfiLoaderData, BOOT_INFO_PAGES, &addr);
	if (EFI_ERROR(status)) {
		log_printf("napkin-efi: no memory for boot_info below 4 GiB "
			   "(%s)\n", efi_status_name(status));
		return NULL;
	}
	SetMem((void *)(UINTN)addr, sizeof(struct boot_info), 0);
	return (struct boot_info *)(UINTN)addr;
}

/* After ExitBootServices: COM1 only. */
static void report_mmap(const struct boot_info *bi,
			const struct mmap_convert_stats *st)
{
	log_printf("napkin-efi: memory map: %u UEFI entries -> %u, "
		   "%lu MiB usable\n", st->efi_entries, bi->mmap_count,
		   st->usable_bytes >> 20);
	if (st->dropped)
		log_printf("napkin-efi: dropped %u small non-usable map entries "
			   "to fit %u\n", st->dropped, BOOT_INFO_MAX_MMAP);
	if (st->dropped_usable)
		log_printf("napkin-efi: WARNING: dropped %u usable map entries "
			   "(%lu KiB) to fit %u\n", st->dropped_usable,
			   st->dropped_usable_bytes >> 10, BOOT_INFO_MAX_MMAP);
}

static void __attribute__((noreturn)) halt(void)
{
	for (;;)
		asm volatile("cli; hlt");
}

/* Never returns: on failure boot services may be half gone, so we halt. */
static void __attribute__((noreturn))
leave_firmware(EFI_HANDLE image, struct efi_mmap *m, struct boot_info *bi,
	       UINT64 entry64)
{
	struct mmap_convert_stats st;
	EFI_STATUS status;

	status = efi_exit_boot_services(image, m);
	if (EFI_ERROR(status)) {
		log_printf("napkin-efi: ExitBootServices failed (%s), halting\n",
			   efi_status_name(status));
		halt();
	}
	mmap_convert(m->map, m->size, m->desc_size, m->scratch, bi, &st);
	report_mmap(bi, &st);
	log_printf("napkin-efi: jumping to entry64 at 0x%lx\n", entry64);
	asm volatile("cli");
	((entry64_fn)(UINTN)entry64)(bi);
}

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *systab)
{
	UINTN size = (UINTN)(napkin_kernel_end - napkin_kernel_start);
	struct kernel_image k;
	struct boot_info *bi;
	struct efi_mmap m;

	InitializeLib(image, systab);
	log_init();
	log_printf("napkin-efi: loading kernel (%lu bytes)\n", size);
	if (EFI_ERROR(kernel_load(napkin_kernel_start, size, &k)))
		return EFI_LOAD_ERROR;
	bi = boot_info_alloc();
	if (!bi)
		goto fail;
	bi->source = BOOT_SRC_UEFI;
	firmware_info_fill(bi, image);
	log_printf("napkin-efi: kernel [0x%lx-0x%lx) entry64 0x%lx, "
		   "rsdp 0x%lx, %s\n", k.start, k.end, k.entry64, bi->rsdp,
		   bi->loader);
	log_printf("napkin-efi: cmdline \"%s\"\n", bi->cmdline);
	/* Allocate the map buffers now: allocating later would change the map. */
	if (EFI_ERROR(efi_mmap_get(&m))) {
		log_printf("napkin-efi: GetMemoryMap failed\n");
		efi_mmap_free(&m);
		goto fail;
	}
	leave_firmware(image, &m, bi, k.entry64);
fail:
	if (bi)
		uefi_call_wrapper(BS->FreePages, 2,
				  (EFI_PHYSICAL_ADDRESS)(UINTN)bi,
				  BOOT_INFO_PAGES);
	kernel_unload(&k);
	return EFI_LOAD_ERROR;
}

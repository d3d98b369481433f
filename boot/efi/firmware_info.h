/* What napkin-efi learns from the firmware for boot_info: loader name,
 * ACPI RSDP and the command line from the image's load options. */
#ifndef BOOT_EFI_FIRMWARE_INFO_H
#define BOOT_EFI_FIRMWARE_INFO_H

#include <efi.h>

#include "boot/boot_info.h"

/* Fill bi->loader, bi->rsdp and bi->cmdline; needs boot services. */
void firmware_info_fill(struct boot_info *bi, EFI_HANDLE image);

#endif /* BOOT_EFI_FIRMWARE_INFO_H */

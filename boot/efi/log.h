/* napkin-efi logging: printf-style lines to COM1 (always) and to the UEFI
 * console (until boot services end). Not the kernel's printk. */
#ifndef BOOT_EFI_LOG_H
#define BOOT_EFI_LOG_H

#include <efi.h>

/* Program COM1 and enable console output; call once, first. */
void log_init(void);

/* Stop using ConOut: call before the first ExitBootServices() attempt. */
void log_console_off(void);

/* Format as format_line() does; lines over 255 bytes are truncated. */
void log_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* "EFI_NOT_FOUND" etc. for the statuses napkin-efi can meet, else "error". */
const char *efi_status_name(EFI_STATUS status);

#endif /* BOOT_EFI_LOG_H */

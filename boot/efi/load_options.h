/* UEFI load options (UCS-2) -> boot_info command line (ASCII). Pure code,
 * no firmware calls, so it is host-testable. */
#ifndef BOOT_EFI_LOAD_OPTIONS_H
#define BOOT_EFI_LOAD_OPTIONS_H

#include <efi.h>

/*
 * Copy UCS-2 src (at most n units, stopping at a NUL) into out[size] as
 * NUL-terminated ASCII: tab/CR/LF become ' ', other non-printable or
 * non-ASCII characters '?'; truncates to size - 1 characters.
 */
void ucs2_to_ascii(const CHAR16 *src, UINTN n, char *out, UINTN size);

/*
 * Load options (n UCS-2 units) -> command line in out[size]. A first word
 * naming image_name (as the UEFI shell passes argv[0]; paths, case and
 * ".efi" ignored) is dropped, as are trailing spaces. Options that are mostly
 * not ASCII text (EDK II stores a GUID in the load options of boot entries it
 * creates) give an empty line. Returns 0, or -1 if ignored as binary.
 */
int load_options_to_cmdline(const CHAR16 *opt, UINTN n, const char *image_name,
			    char *out, UINTN size);

#endif /* BOOT_EFI_LOAD_OPTIONS_H */

/* The printf subset napkin-efi's log lines need, into a bounded buffer.
 * Pure code (no firmware), host-tested; not the kernel's lib/printf. */
#ifndef BOOT_EFI_FORMAT_H
#define BOOT_EFI_FORMAT_H

#include <stdarg.h>
#include <stddef.h>

/*
 * Conversions: %s %c %d %u %x %%, flag '0', a width, length 'l', 'll' or
 * 'z'; anything else is copied literally. Output beyond size - 1 bytes is
 * dropped; buf is always NUL-terminated when size > 0.
 */
void format_line(char *buf, size_t size, const char *fmt, va_list ap);

#endif /* BOOT_EFI_FORMAT_H */

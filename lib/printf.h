/* printf.h: kernel string formatting (vsnprintf and friends) with Linux
 * semantics; no floating point. Host builds rename like lib/string.h.
 *
 * Conversions: %d %i %u %x %X %o %c %s %p %%; flags - 0 + space #;
 * width and precision (also '*'); length hh h l ll z t j (L q as ll).
 * %s NULL prints "(null)". %p prints "0x" + 16 hex digits, NULL as
 * "(null)". Extensions in Linux's spelling, for network code:
 *   %pI4  dotted quad from 4 bytes in network order (const void *)
 *   %pM   MAC address aa:bb:cc:dd:ee:ff from 6 bytes
 * Unknown conversions are copied literally, never crash.
 */
#ifndef LIB_PRINTF_H
#define LIB_PRINTF_H

#include "lib/types.h"

#ifdef NAPKIN_HOST
#include <stdio.h>
#define vsnprintf(b, n, f, a)	napkin_vsnprintf(b, n, f, a)
#define vscnprintf(b, n, f, a)	napkin_vscnprintf(b, n, f, a)
#define snprintf(b, n, ...)	napkin_snprintf(b, n, __VA_ARGS__)
#define scnprintf(b, n, ...)	napkin_scnprintf(b, n, __VA_ARGS__)
#endif

/* Return the length the full output would have (excluding the NUL);
 * always NUL-terminate when size > 0. */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);

/* Return the number of characters actually written (excluding the NUL):
 * 0 when size == 0, at most size - 1. Safe for "pos += scnprintf(...)". */
int vscnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int scnprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);

#endif /* LIB_PRINTF_H */

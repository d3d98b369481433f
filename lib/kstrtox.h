/* kstrtox.h: strict string-to-integer parsing with Linux kstrto*()
 * semantics, for the command line, sysctls and the shell. */
#ifndef LIB_KSTRTOX_H
#define LIB_KSTRTOX_H

#include "lib/types.h"

/*
 * The whole string must be a number (one trailing '\n' is allowed), with
 * an optional leading '+' (and '-' for the signed variants). base 0 means
 * auto: "0x"/"0X" is hex, a leading "0" octal, else decimal; base 16 also
 * accepts a "0x" prefix. Returns 0 and stores *res, -EINVAL on bad syntax
 * or empty input, -ERANGE when the value does not fit; *res is untouched
 * on error.
 */
int kstrtoull(const char *s, unsigned int base, u64 *res);
int kstrtoll(const char *s, unsigned int base, s64 *res);
int kstrtoul(const char *s, unsigned int base, unsigned long *res);
int kstrtol(const char *s, unsigned int base, long *res);
int kstrtouint(const char *s, unsigned int base, unsigned int *res);
int kstrtoint(const char *s, unsigned int base, int *res);
int kstrtou16(const char *s, unsigned int base, u16 *res);
int kstrtos16(const char *s, unsigned int base, s16 *res);
int kstrtou8(const char *s, unsigned int base, u8 *res);
int kstrtos8(const char *s, unsigned int base, s8 *res);

/* The first character decides, as in Linux: y Y t T 1 e E (enable) mean
 * true, n N f F 0 d D (disable) false; "on"/"off" in any case. The rest
 * of the string is ignored. Returns 0 or -EINVAL. */
int kstrtobool(const char *s, bool *res);

/*
 * Lenient parse (Linux simple_strto*): no whitespace skipping, base as for
 * kstrto*, stops at the first invalid character and points *endp there
 * (if endp != NULL). Overflow is not reported: the value wraps. For
 * scanning within a larger string; validate whole input with kstrto*.
 */
unsigned long long simple_strtoull(const char *cp, char **endp, unsigned int base);
long long simple_strtoll(const char *cp, char **endp, unsigned int base);

#endif /* LIB_KSTRTOX_H */

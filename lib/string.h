/* string.h: napkin's own memory and string functions (libc names and
 * semantics, plus strlcpy/strlcat/strsep from BSD). No locale, no errno.
 *
 * Host builds (lib/ compiled for unit tests, __STDC_HOSTED__ == 1): the
 * libc names would clash with glibc, so each one is a function-like macro
 * mapping to napkin_<name>(). Code that includes this header calls and
 * tests napkin's code; glibc's is still reachable as (memcpy)(...). The
 * host <string.h> is included first so its later inclusion is a no-op and
 * cannot undo the mapping. The kernel build defines the plain names, which
 * gcc's own struct copies and zeroing also call.
 */
#ifndef LIB_STRING_H
#define LIB_STRING_H

#include "lib/types.h"

#ifdef NAPKIN_HOST
#include <string.h>
#include <strings.h>
#define memcpy(d, s, n)		napkin_memcpy(d, s, n)
#define memset(d, c, n)		napkin_memset(d, c, n)
#define memmove(d, s, n)	napkin_memmove(d, s, n)
#define memcmp(a, b, n)		napkin_memcmp(a, b, n)
#define memchr(s, c, n)		napkin_memchr(s, c, n)
#define strlen(s)		napkin_strlen(s)
#define strnlen(s, n)		napkin_strnlen(s, n)
#define strcmp(a, b)		napkin_strcmp(a, b)
#define strncmp(a, b, n)	napkin_strncmp(a, b, n)
#define strcasecmp(a, b)	napkin_strcasecmp(a, b)
#define strncasecmp(a, b, n)	napkin_strncasecmp(a, b, n)
#define strchr(s, c)		napkin_strchr(s, c)
#define strrchr(s, c)		napkin_strrchr(s, c)
#define strstr(h, n)		napkin_strstr(h, n)
#define strlcpy(d, s, n)	napkin_strlcpy(d, s, n)
#define strlcat(d, s, n)	napkin_strlcat(d, s, n)
#define strspn(s, a)		napkin_strspn(s, a)
#define strcspn(s, r)		napkin_strcspn(s, r)
#define strsep(sp, d)		napkin_strsep(sp, d)
#define memscan(s, c, n)	napkin_memscan(s, c, n)
#else
/* Let gcc inline small fixed-size cases (header copies, field compares);
 * it falls back to calling the functions below. lib/string.c #undefs
 * these to define the functions themselves. */
#define memcpy(d, s, n)		__builtin_memcpy(d, s, n)
#define memset(d, c, n)		__builtin_memset(d, c, n)
#define memmove(d, s, n)	__builtin_memmove(d, s, n)
#define memcmp(a, b, n)		__builtin_memcmp(a, b, n)
#define strlen(s)		__builtin_strlen(s)
#endif

void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
/* Regions may overlap. */
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
void *memchr(const void *s, int c, size_t n);
/* Like memchr but returns s + n (not NULL) when c is absent. */
void *memscan(void *s, int c, size_t n);

size_t strlen(const char *s);
size_t strnlen(const char *s, size_t maxlen);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
/* ASCII-only case folding. */
int strcasecmp(const char *a, const char *b);
int strncasecmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
char *strstr(const char *haystack, const char *needle);

/*
 * Copy/append with truncation; the result is always NUL-terminated when
 * size > 0. Both return the length they tried to create (strlen(src), or
 * initial strlen(dst) + strlen(src)), so ret >= size means truncated.
 */
size_t strlcpy(char *dst, const char *src, size_t size);
size_t strlcat(char *dst, const char *src, size_t size);

size_t strspn(const char *s, const char *accept);
size_t strcspn(const char *s, const char *reject);
/* Split *sp at the first byte in delim: returns the token, NUL-terminates
 * it and advances *sp past the delimiter (NULL after the last token). */
char *strsep(char **sp, const char *delim);

#endif /* LIB_STRING_H */

/* string.c: memory and string functions for the kernel (and, renamed
 * napkin_*, for host tests). Bulk copies use x86 string instructions;
 * everything else is plain byte-at-a-time C, which is what short kernel
 * strings need. */
#include "lib/string.h"
#include "lib/ctype.h"

/* The kernel header maps these to gcc builtins; define the real ones. */
#ifndef NAPKIN_HOST
#undef memcpy
#undef memset
#undef memmove
#undef memcmp
#undef strlen
#endif

/*
 * Quadwords then the 0..7 byte tail. The copy loops are assembly, not C,
 * because gcc turns a C copy loop into a call to memcpy -- from memcpy.
 */
static __always_inline void copy_forward(void *dst, const void *src, size_t n)
{
	size_t words = n / 8, tail = n % 8;

	__asm__ __volatile__("rep movsq\n\t"
			     "mov %3, %%rcx\n\t"
			     "rep movsb"
			     : "+D"(dst), "+S"(src), "+c"(words)
			     : "r"(tail)
			     : "memory");
}

void *memcpy(void *dst, const void *src, size_t n)
{
	copy_forward(dst, src, n);
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	u64 pattern = 0x0101010101010101ULL * (u8)c;
	size_t words = n / 8, tail = n % 8;
	void *d = dst;

	__asm__ __volatile__("rep stosq\n\t"
			     "mov %3, %%rcx\n\t"
			     "rep stosb"
			     : "+D"(d), "+c"(words)
			     : "a"(pattern), "r"(tail)
			     : "memory");
	return dst;
}

/*
 * Overlap with dst above src must copy from the end. The barrier keeps
 * gcc from turning this loop back into a memmove call; without SSE it
 * costs nothing, as every iteration loads and stores anyway.
 */
static void copy_backward(u8 *dst, const u8 *src, size_t n)
{
	while (n >= 8) {
		u64 w;

		n -= 8;
		__builtin_memcpy(&w, src + n, 8);
		__builtin_memcpy(dst + n, &w, 8);
		barrier();
	}
	while (n) {
		n--;
		dst[n] = src[n];
		barrier();
	}
}

void *memmove(void *dst, const void *src, size_t n)
{
	uintptr_t d = (uintptr_t)dst, s = (uintptr_t)src;

	/* A forward copy is safe unless dst starts inside [src, src + n). */
	if (d - s >= n)
		copy_forward(dst, src, n);
	else
		copy_backward(dst, src, n);
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const u8 *p = a, *q = b;

	for (; n; n--, p++, q++)
		if (*p != *q)
			return *p - *q;
	return 0;
}

void *memchr(const void *s, int c, size_t n)
{
	const u8 *p = s;

	for (; n; n--, p++)
		if (*p == (u8)c)
			return (void *)p;
	return NULL;
}

void *memscan(void *s, int c, size_t n)
{
	u8 *p = s;

	while (n && *p != (u8)c) {
		p++;
		n--;
	}
	return p;
}

size_t strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return p - s;
}

size_t strnlen(const char *s, size_t maxlen)
{
	const char *p = s;

	while (maxlen-- && *p)
		p++;
	return p - s;
}

/* Bytes compare as unsigned char, as C requires. */
int strcmp(const char *a, const char *b)
{
	const u8 *p = (const u8 *)a, *q = (const u8 *)b;

	while (*p && *p == *q) {
		p++;
		q++;
	}
	return *p - *q;
}

int strncmp(const char *a, const char *b, size_t n)
{
	const u8 *p = (const u8 *)a, *q = (const u8 *)b;

	for (; n; n--, p++, q++) {
		if (*p != *q)
			return *p - *q;
		if (!*p)
			break;
	}
	return 0;
}

int strncasecmp(const char *a, const char *b, size_t n)
{
	const u8 *p = (const u8 *)a, *q = (const u8 *)b;

	for (; n; n--, p++, q++) {
		int c1 = tolower(*p), c2 = tolower(*q);

		if (c1 != c2)
			return c1 - c2;
		if (!c1)
			break;
	}
	return 0;
}

int strcasecmp(const char *a, const char *b)
{
	return strncasecmp(a, b, (size_t)-1);
}

/* Finds the terminating NUL too when c == 0, as C requires. */
char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

char *strrchr(const char *s, int c)
{
	const char *last = NULL;

	for (;; s++) {
		if (*s == (char)c)
			last = s;
		if (!*s)
			return (char *)last;
	}
}

char *strstr(const char *haystack, const char *needle)
{
	size_t n = strlen(needle);

	if (!n)
		return (char *)haystack;
	for (; *haystack; haystack++)
		if (*haystack == *needle && !strncmp(haystack, needle, n))
			return (char *)haystack;
	return NULL;
}

size_t strlcpy(char *dst, const char *src, size_t size)
{
	size_t len = strlen(src);

	if (size) {
		size_t n = len < size ? len : size - 1;

		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return len;
}

/* If dst holds no NUL within size, it is left alone (BSD semantics). */
size_t strlcat(char *dst, const char *src, size_t size)
{
	size_t dlen = strnlen(dst, size);

	if (dlen == size)
		return size + strlen(src);
	return dlen + strlcpy(dst + dlen, src, size - dlen);
}

size_t strspn(const char *s, const char *accept)
{
	const char *p = s;

	while (*p && strchr(accept, *p))
		p++;
	return p - s;
}

size_t strcspn(const char *s, const char *reject)
{
	const char *p = s;

	while (*p && !strchr(reject, *p))
		p++;
	return p - s;
}

char *strsep(char **sp, const char *delim)
{
	char *tok = *sp, *end;

	if (!tok)
		return NULL;
	end = tok + strcspn(tok, delim);
	if (*end) {
		*end = '\0';
		*sp = end + 1;
	} else {
		*sp = NULL;
	}
	return tok;
}

/* ctype.h: ASCII character classes (no locale); bytes >= 0x80 are in no
 * class. Host builds map the names to napkin_* like lib/string.h does. */
#ifndef LIB_CTYPE_H
#define LIB_CTYPE_H

#include "lib/compiler.h"

#ifdef NAPKIN_HOST
#include <ctype.h>
#undef isdigit
#undef isxdigit
#undef isspace
#undef isalpha
#undef isalnum
#undef isupper
#undef islower
#undef isprint
#undef ispunct
#undef iscntrl
#undef tolower
#undef toupper
#define isdigit(c)	napkin_isdigit(c)
#define isxdigit(c)	napkin_isxdigit(c)
#define isspace(c)	napkin_isspace(c)
#define isalpha(c)	napkin_isalpha(c)
#define isalnum(c)	napkin_isalnum(c)
#define isupper(c)	napkin_isupper(c)
#define islower(c)	napkin_islower(c)
#define isprint(c)	napkin_isprint(c)
#define ispunct(c)	napkin_ispunct(c)
#define iscntrl(c)	napkin_iscntrl(c)
#define tolower(c)	napkin_tolower(c)
#define toupper(c)	napkin_toupper(c)
#endif

static inline int isdigit(int c)
{
	return c >= '0' && c <= '9';
}

static inline int isupper(int c)
{
	return c >= 'A' && c <= 'Z';
}

static inline int islower(int c)
{
	return c >= 'a' && c <= 'z';
}

static inline int isalpha(int c)
{
	return isupper(c) || islower(c);
}

static inline int isalnum(int c)
{
	return isalpha(c) || isdigit(c);
}

static inline int isxdigit(int c)
{
	return isdigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* space, \t \n \v \f \r */
static inline int isspace(int c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

static inline int isprint(int c)
{
	return c >= 0x20 && c < 0x7f;
}

static inline int iscntrl(int c)
{
	return (c >= 0 && c < 0x20) || c == 0x7f;
}

static inline int ispunct(int c)
{
	return isprint(c) && !isalnum(c) && c != ' ';
}

static inline int tolower(int c)
{
	return isupper(c) ? c - 'A' + 'a' : c;
}

static inline int toupper(int c)
{
	return islower(c) ? c - 'a' + 'A' : c;
}

/* Value of hex digit c, or -1. */
static inline int hex_to_bin(int c)
{
	if (isdigit(c))
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

#endif /* LIB_CTYPE_H */

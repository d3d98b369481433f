/* kstrtox.c: string to integer conversion, following Linux lib/kstrtox.c
 * (same radix rules, same -EINVAL/-ERANGE split). */
#include "lib/kstrtox.h"
#include "lib/ctype.h"
#include "lib/errno.h"

/* Choose the base for base 0 and skip a "0x" prefix for base 16. */
static const char *fixup_radix(const char *s, unsigned int *base)
{
	if (*base == 0) {
		if (s[0] == '0') {
			if (tolower(s[1]) == 'x' && isxdigit(s[2]))
				*base = 16;
			else
				*base = 8;
		} else {
			*base = 10;
		}
	}
	if (*base == 16 && s[0] == '0' && tolower(s[1]) == 'x')
		s += 2;
	return s;
}

static unsigned int digit_value(char c)
{
	if (isdigit(c))
		return c - '0';
	if (isalpha(c))
		return tolower(c) - 'a' + 10;
	return 36;	/* larger than any base */
}

/* Parse digits; returns how many were consumed and flags wraparound. */
static size_t parse_digits(const char *s, unsigned int base, u64 *res,
			   bool *overflow)
{
	size_t n = 0;
	u64 acc = 0;

	*overflow = false;
	for (;; n++) {
		unsigned int d = digit_value(s[n]);

		if (d >= base)
			break;
		if (__builtin_mul_overflow(acc, (u64)base, &acc) ||
		    __builtin_add_overflow(acc, (u64)d, &acc))
			*overflow = true;
	}
	*res = acc;
	return n;
}

/* kstrtoull without accepting a '+' (so "-+1" is rejected). */
static int do_kstrtoull(const char *s, unsigned int base, u64 *res)
{
	bool overflow;
	size_t n;
	u64 val;

	if (base == 1 || base > 36)
		return -EINVAL;
	s = fixup_radix(s, &base);
	n = parse_digits(s, base, &val, &overflow);
	if (overflow)
		return -ERANGE;
	if (n == 0)
		return -EINVAL;
	s += n;
	if (*s == '\n')
		s++;
	if (*s)
		return -EINVAL;
	*res = val;
	return 0;
}

int kstrtoull(const char *s, unsigned int base, u64 *res)
{
	if (s[0] == '+')
		s++;
	return do_kstrtoull(s, base, res);
}

int kstrtoll(const char *s, unsigned int base, s64 *res)
{
	u64 tmp;
	int rv;

	if (s[0] == '-') {
		rv = do_kstrtoull(s + 1, base, &tmp);
		if (rv < 0)
			return rv;
		if (tmp > (u64)INT64_MAX + 1)
			return -ERANGE;
		*res = (s64)(0 - tmp);
	} else {
		rv = kstrtoull(s, base, &tmp);
		if (rv < 0)
			return rv;
		if (tmp > INT64_MAX)
			return -ERANGE;
		*res = (s64)tmp;
	}
	return 0;
}

/* Parse into a u64, then refuse values above max. */
static int kstrtou_max(const char *s, unsigned int base, u64 max, u64 *res)
{
	u64 tmp;
	int rv = kstrtoull(s, base, &tmp);

	if (rv < 0)
		return rv;
	if (tmp > max)
		return -ERANGE;
	*res = tmp;
	return 0;
}

static int kstrtos_range(const char *s, unsigned int base, s64 lo, s64 hi,
			 s64 *res)
{
	s64 tmp;
	int rv = kstrtoll(s, base, &tmp);

	if (rv < 0)
		return rv;
	if (tmp < lo || tmp > hi)
		return -ERANGE;
	*res = tmp;
	return 0;
}

/* Defines kstrto<name>() for a narrower unsigned type. */
#define DEFINE_KSTRTOU(name, type, max)					\
int kstrto##name(const char *s, unsigned int base, type *res)		\
{									\
	u64 tmp;							\
	int rv = kstrtou_max(s, base, max, &tmp);			\
									\
	if (rv == 0)							\
		*res = (type)tmp;					\
	return rv;							\
}

#define DEFINE_KSTRTOS(name, type, lo, hi)				\
int kstrto##name(const char *s, unsigned int base, type *res)		\
{									\
	s64 tmp;							\
	int rv = kstrtos_range(s, base, lo, hi, &tmp);			\
									\
	if (rv == 0)							\
		*res = (type)tmp;					\
	return rv;							\
}

DEFINE_KSTRTOU(ul, unsigned long, (u64)~0UL)
DEFINE_KSTRTOU(uint, unsigned int, UINT32_MAX)
DEFINE_KSTRTOU(u16, u16, UINT16_MAX)
DEFINE_KSTRTOU(u8, u8, UINT8_MAX)
DEFINE_KSTRTOS(l, long, INT64_MIN, INT64_MAX)
DEFINE_KSTRTOS(int, int, INT32_MIN, INT32_MAX)
DEFINE_KSTRTOS(s16, s16, INT16_MIN, INT16_MAX)
DEFINE_KSTRTOS(s8, s8, INT8_MIN, INT8_MAX)

int kstrtobool(const char *s, bool *res)
{
	if (!s)
		return -EINVAL;
	switch (s[0]) {
	case 'y': case 'Y': case 't': case 'T': case '1': case 'e': case 'E':
		*res = true;
		return 0;
	case 'n': case 'N': case 'f': case 'F': case '0': case 'd': case 'D':
		*res = false;
		return 0;
	case 'o': case 'O':
		if (tolower(s[1]) == 'n') {
			*res = true;
			return 0;
		}
		if (tolower(s[1]) == 'f') {
			*res = false;
			return 0;
		}
		break;
	}
	return -EINVAL;
}

unsigned long long simple_strtoull(const char *cp, char **endp, unsigned int base)
{
	bool overflow;
	u64 val = 0;

	if (base != 1 && base <= 36) {
		cp = fixup_radix(cp, &base);
		cp += parse_digits(cp, base, &val, &overflow);
	}
	if (endp)
		*endp = (char *)cp;
	return val;
}

long long simple_strtoll(const char *cp, char **endp, unsigned int base)
{
	if (*cp == '-')
		return -(long long)simple_strtoull(cp + 1, endp, base);
	return simple_strtoull(cp, endp, base);
}

/* sysctl: lookup, parsing, range checking and formatting over the table the
 * linker collects from SYSCTL_*_ENTRY() definitions. Prints nothing: callers
 * (command line, shell) report errors. Also compiled for host unit tests. */
#include "kernel/sysctl.h"
#include "lib/ctype.h"
#include "lib/errno.h"
#include "lib/kstrtox.h"
#include "lib/printf.h"
#include "lib/string.h"

/* Longest value text accepted: three ints with room for spacing. */
#define SYSCTL_VALUE_MAX	128
#define SYSCTL_MAX_VALS		3

/*
 * The table: what arch/x86_64/kernel.ld gathered between __sysctl_start and
 * __sysctl_end. Host unit tests have no such section; they define their own
 * sysctl_table() over a plain array, which overrides this weak one (the weak
 * bound symbols let that link succeed without a linker script).
 */
extern const struct sysctl_entry __sysctl_start[] __weak;
extern const struct sysctl_entry __sysctl_end[] __weak;

const struct sysctl_entry *sysctl_table(size_t *count);

__weak const struct sysctl_entry *sysctl_table(size_t *count)
{
	*count = __sysctl_end - __sysctl_start;
	return __sysctl_start;
}

const struct sysctl_entry *sysctl_entry_at(size_t i)
{
	size_t count;
	const struct sysctl_entry *table = sysctl_table(&count);

	return i < count ? &table[i] : NULL;
}

const struct sysctl_entry *sysctl_find(const char *name)
{
	const struct sysctl_entry *e;
	size_t i;

	if (!name)
		return NULL;
	for (i = 0; (e = sysctl_entry_at(i)) != NULL; i++)
		if (strcmp(e->name, name) == 0)
			return e;
	return NULL;
}

static int sysctl_nvals(const struct sysctl_entry *e)
{
	switch (e->type) {
	case SYSCTL_INT:
		return 1;
	case SYSCTL_INT_VEC3:
		return 3;
	default:
		return -EINVAL;
	}
}

/*
 * One integer: decimal with an optional sign, or hex with a 0x prefix. No
 * octal: "010" is ten, as a person typing a tunable means. Then the entry's
 * inclusive bounds, and int's (the storage) in case the bounds are wider.
 */
static int sysctl_parse_one(const struct sysctl_entry *e, const char *s, int *out)
{
	const char *digits = (*s == '-' || *s == '+') ? s + 1 : s;
	unsigned int base = 10;
	s64 v;
	int ret;

	if (digits[0] == '0' && tolower(digits[1]) == 'x')
		base = 16;
	ret = kstrtoll(s, base, &v);
	if (ret)
		return ret;
	if (v < e->min || v > e->max || v < INT32_MIN || v > INT32_MAX)
		return -ERANGE;
	*out = (int)v;
	return 0;
}

/* "a b c": exactly three space-separated ints, each in range, a <= b <= c. */
static int sysctl_parse_vec3(const struct sysctl_entry *e, const char *value,
			     int *vals)
{
	char buf[SYSCTL_VALUE_MAX], *p = buf, *tok;
	int n = 0, ret;

	if (strlcpy(buf, value, sizeof(buf)) >= sizeof(buf))
		return -EINVAL;
	while ((tok = strsep(&p, " \t")) != NULL) {
		if (*tok == '\0')
			continue;	/* runs of separators */
		if (n == 3)
			return -EINVAL;
		ret = sysctl_parse_one(e, tok, &vals[n++]);
		if (ret)
			return ret;
	}
	if (n != 3 || vals[0] > vals[1] || vals[1] > vals[2])
		return -EINVAL;
	return 0;
}

int sysctl_set(const char *name, const char *value)
{
	const struct sysctl_entry *e = sysctl_find(name);
	int vals[SYSCTL_MAX_VALS];
	int n, i, ret;

	if (!e)
		return -ENOENT;
	if (e->flags & SYSCTL_RO)
		return -EPERM;
	n = sysctl_nvals(e);
	if (n < 0 || !value)
		return -EINVAL;
	if (n == 1)
		ret = sysctl_parse_one(e, value, &vals[0]);
	else
		ret = sysctl_parse_vec3(e, value, vals);
	if (ret == 0 && e->validate)
		ret = e->validate(e, vals);
	if (ret)
		return ret;
	for (i = 0; i < n; i++)
		WRITE_ONCE(e->data[i], vals[i]);
	return 0;
}

int sysctl_format(const struct sysctl_entry *e, char *buf, size_t size)
{
	switch (e->type) {
	case SYSCTL_INT:
		return snprintf(buf, size, "%d", READ_ONCE(e->data[0]));
	case SYSCTL_INT_VEC3:
		return snprintf(buf, size, "%d %d %d", READ_ONCE(e->data[0]),
				READ_ONCE(e->data[1]), READ_ONCE(e->data[2]));
	default:
		return -EINVAL;
	}
}

const char *sysctl_strerror(const struct sysctl_entry *e, int err,
			    char *buf, size_t size)
{
	switch (err) {
	case -ENOENT:
		return "no such sysctl";
	case -EPERM:
		return "read-only";
	case -EINVAL:
		return "invalid value";
	case -ERANGE:
		if (!e)
			return "value out of range";
		snprintf(buf, size, "value out of range [%lld, %lld]", e->min, e->max);
		return buf;
	default:
		return strerror_name(err);
	}
}

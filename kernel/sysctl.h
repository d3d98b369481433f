/* sysctl: every tunable, by its Linux name where Linux has one, with type,
 * bounds and value. Entries are defined beside the code they tune and
 * collected by the linker (section .sysctl_table); set from the command line
 * as sysctl.<name>=<value> and from the shell with `sysctl -w`. */
#ifndef KERNEL_SYSCTL_H
#define KERNEL_SYSCTL_H

#include "lib/types.h"

enum sysctl_type {
	SYSCTL_INT,		/* int, bounds min..max */
	SYSCTL_INT_VEC3,	/* three ints "a b c" (tcp_rmem style), each min..max, a <= b <= c */
};

#define SYSCTL_RO	0x1	/* readable only */

struct sysctl_entry {
	const char *name;
	int type;
	u32 flags;
	int *data;		/* int[1] or int[3] */
	long long min, max;
	/* Optional: called with the new value(s) after the range check, before
	 * storing; return 0 to accept or -errno (with a reason printed). */
	int (*validate)(const struct sysctl_entry *e, const int *vals);
	const char *help;
};

#define __SYSCTL(id, nm, ty, fl, ptr, lo, hi, hlp)				\
	static const struct sysctl_entry __sysctl_##id				\
	__attribute__((used, section(".sysctl_table"), aligned(8))) = {	\
		.name = nm, .type = ty, .flags = fl, .data = ptr,		\
		.min = lo, .max = hi, .help = hlp }

#define SYSCTL_INT_ENTRY(id, nm, ptr, lo, hi, hlp) \
	__SYSCTL(id, nm, SYSCTL_INT, 0, ptr, lo, hi, hlp)
#define SYSCTL_INT_RO_ENTRY(id, nm, ptr, hlp) \
	__SYSCTL(id, nm, SYSCTL_INT, SYSCTL_RO, ptr, 0, 0, hlp)

const struct sysctl_entry *sysctl_find(const char *name);
/* Parse and set from text; returns 0 or -EINVAL (syntax), -ERANGE (bounds),
 * -ENOENT (no such name), -EPERM (read-only). Prints nothing. */
int sysctl_set(const char *name, const char *value);
/* Why sysctl_set() (or a command-line parameter, e == NULL) refused, in the
 * words the command line and the shell both print; may format into buf. */
const char *sysctl_strerror(const struct sysctl_entry *e, int err,
			    char *buf, size_t size);
/* Format the current value ("7" or "4096 131072 6291456") into buf. */
int sysctl_format(const struct sysctl_entry *e, char *buf, size_t size);
/* Iterate: i from 0 until NULL. */
const struct sysctl_entry *sysctl_entry_at(size_t i);

#endif /* KERNEL_SYSCTL_H */

/* Kernel command line: the loader's (multiboot2 or UEFI load options) with
 * QEMU fw_cfg's opt/napkin/cmdline appended last. Keys are registered by the
 * code that owns them; sysctl.<name>=<value> goes to the sysctl table. */
#ifndef KERNEL_CMDLINE_H
#define KERNEL_CMDLINE_H

#include "lib/types.h"

#define CMDLINE_MAX	2048

struct cmdline_param {
	const char *key;
	/* Returns 0, or -errno with the reason printed by the caller as
	 * "cmdline: <key>=<value>: <reason>". value is "" for a bare key. */
	int (*set)(const char *value);
	const char *help;
};

#define CMDLINE_PARAM(id, k, fn, hlp)						\
	static const struct cmdline_param __cmdline_##id			\
	__attribute__((used, section(".cmdline_params"), aligned(8))) = {	\
		.key = k, .set = fn, .help = hlp }

/* Assemble loader + fw_cfg text into the saved command line. */
void cmdline_init(const char *loader_cmdline);
/* Apply every key; errors are reported by key and value, then ignored. */
void cmdline_parse(void);
const char *saved_command_line(void);
/* Look up a key's value in the saved command line (last one wins); NULL if absent. */
const char *cmdline_get(const char *key, char *buf, size_t size);

#endif /* KERNEL_CMDLINE_H */

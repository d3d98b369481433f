/* The serial console shell. Commands are defined beside the code they
 * inspect and collected by the linker (section .shell_cmds). */
#ifndef KERNEL_SHELL_H
#define KERNEL_SHELL_H

#include "lib/types.h"

#define SHELL_MAX_ARGS	32	/* an iptables rule can take 20 */

struct shell_cmd {
	const char *name;
	const char *help;
	/* argv[0] is the command name; returns 0 or -errno. Print with kprintf. */
	int (*fn)(int argc, char **argv);
};

#define SHELL_COMMAND(id, nm, fn_, hlp)						\
	static const struct shell_cmd __shell_cmd_##id				\
	__attribute__((used, section(".shell_cmds"), aligned(8))) = {		\
		.name = nm, .fn = fn_, .help = hlp }

void shell_start(void);		/* starts the shell thread */

#endif /* KERNEL_SHELL_H */

/* panic(): report, dump registers and a stack trace, halt (or reboot after
 * sysctl kernel.panic seconds). BUG_ON/WARN_ON for kernel invariants only —
 * never for wire data. */
#ifndef KERNEL_PANIC_H
#define KERNEL_PANIC_H

#include "lib/types.h"

__noreturn __printf(1, 2) void panic(const char *fmt, ...);

#define BUG_ON(cond)							\
	do {								\
		if (unlikely(cond))					\
			panic("BUG at %s:%d: %s", __FILE__, __LINE__, #cond); \
	} while (0)

void __warn(const char *file, int line, const char *cond);

#define WARN_ON(cond) ({						\
	bool __w = !!(cond);						\
	if (unlikely(__w))						\
		__warn(__FILE__, __LINE__, #cond);			\
	__w;								\
})

/* The end of every fatal report (panic, exception): "System halted." and
 * halt, or reboot after sysctl kernel.panic seconds. */
__noreturn void panic_finish(void);

/* Stop this CPU for good, interrupts off. */
__noreturn void machine_halt(void);
/* Reset through the ACPI reset register, the 8042, then a triple fault. */
__noreturn void machine_restart(void);

#endif /* KERNEL_PANIC_H */

/* Kernel symbols and stack traces: address-to-name lookup over the table
 * tools/gen-ksyms.sh embeds in .ksyms, and frame-pointer stack walks that
 * validate every frame before reading it. */
#ifndef KERNEL_KSYMS_H
#define KERNEL_KSYMS_H

#include "lib/types.h"

#define STACK_TRACE_MAX_DEPTH	32

/*
 * The text symbol containing addr, or NULL. *offset is addr minus the
 * symbol's start, *size the distance to the next symbol (either pointer
 * may be NULL).
 */
const char *ksym_lookup(u64 addr, u64 *offset, u64 *size);

/* Is addr inside the kernel's code (boot and main text)? */
bool kernel_text_address(u64 addr);

/* Print "Call trace:" from here, through printk (normal context). */
void dump_stack(void);

/*
 * Print "Call trace:" starting at rip, then the return address of every
 * frame on the rbp chain, through early_printk (exceptions, panic): no
 * locks, and no read outside the kernel image or the current thread's
 * stack, so a corrupt chain ends the trace instead of faulting.
 */
void show_stack_from(u64 rip, u64 rbp);

#endif /* KERNEL_KSYMS_H */

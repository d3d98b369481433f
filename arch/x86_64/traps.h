/* CPU exceptions: the report (vector, registers, faulting address, call
 * trace) and the halt that follows; shared with panic() in kernel/panic.c. */
#ifndef ARCH_X86_64_TRAPS_H
#define ARCH_X86_64_TRAPS_H

#include "lib/types.h"
#include "kernel/irq.h"

#define X86_TRAP_DE	0	/* divide error */
#define X86_TRAP_NMI	2
#define X86_TRAP_UD	6
#define X86_TRAP_DF	8
#define X86_TRAP_GP	13
#define X86_TRAP_PF	14
#define X86_TRAP_MC	18
#define NR_EXCEPTIONS	32

/* Called by the entry stubs for vectors 0-31, interrupts off. */
void do_exception(struct pt_regs *regs);

/*
 * Enter the fatal-error path (exception or panic): interrupts off, and
 * returns the nesting depth, 1 for the first. Greater means the report
 * itself failed; the caller then halts without printing much.
 */
int oops_begin(void);

/* Register dump (RIP= RSP= ... CR4=) through early_printk. */
void show_regs(const struct pt_regs *regs);

/* Fill regs with the caller's registers at the call (entry.asm). */
void crash_setup_regs(struct pt_regs *regs);

#endif /* ARCH_X86_64_TRAPS_H */

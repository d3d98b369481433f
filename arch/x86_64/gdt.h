/* Per-CPU GDT and TSS: flat 64-bit kernel code/data and the TSS whose
 * interrupt stack table gives #DF, NMI and #MC known-good stacks. No user
 * segments: napkin never leaves ring 0. */
#ifndef ARCH_X86_64_GDT_H
#define ARCH_X86_64_GDT_H

#include "lib/types.h"

/* Selectors; code and data match the boot GDT in boot/head.asm. */
#define KERNEL_CS	0x08
#define KERNEL_DS	0x10
#define GDT_TSS_SEL	0x18	/* 16-byte system descriptor, two slots */

/* IST slots (1-based as in the IDT gate) and their stacks. */
#define IST_DOUBLE_FAULT	1
#define IST_NMI_MCE		2
#define IST_STACK_SIZE		(16 * 1024)

/* Load the boot CPU's GDT and TSS (cpu 0). */
void gdt_init(void);
/* Same for CPU `cpu` (< NR_CPUS), run on that CPU. */
void gdt_init_cpu(unsigned int cpu);

#endif /* ARCH_X86_64_GDT_H */

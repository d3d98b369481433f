/* The IDT: all 256 vectors point at the stubs in entry.asm; #DF, NMI and
 * #MC run on their own IST stacks (arch/x86_64/gdt.h). */
#ifndef ARCH_X86_64_IDT_H
#define ARCH_X86_64_IDT_H

#include "lib/types.h"

#define NR_IDT_ENTRIES	256

/* Fill and load the IDT; needs gdt_init() first (the IST gates). */
void idt_init(void);
/* Load the already-filled IDT on another CPU. */
void idt_load(void);

#endif /* ARCH_X86_64_IDT_H */

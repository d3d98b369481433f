/* Hard interrupts: vector allocation, handler registration (shared lines
 * allowed), dispatch from the entry stubs, per-vector counters, and the
 * irq_enter()/irq_exit() bracket that runs softirqs on the way out. */
#ifndef KERNEL_IRQ_H
#define KERNEL_IRQ_H

#include "lib/types.h"

/* Vector map: 0-31 exceptions, 32 LAPIC timer, 48-71 IOAPIC pins (GSI n at
 * IRQ_GSI_BASE + n), 80-239 allocatable (MSI/MSI-X), 0xFF spurious. */
#define NR_VECTORS		256
#define FIRST_EXTERNAL_VECTOR	32
#define LOCAL_TIMER_VECTOR	32
#define IRQ_GSI_BASE		48
#define IRQ_NR_GSI		24
#define IRQ_DYN_FIRST		80
#define IRQ_DYN_LAST		239
#define SPURIOUS_VECTOR		0xFF

/* Register frame built by the entry stubs; layout fixed by arch/x86_64/entry.asm. */
struct pt_regs {
	u64 r15, r14, r13, r12, r11, r10, r9, r8;
	u64 rbp, rdi, rsi, rdx, rcx, rbx, rax;
	u64 vector;
	u64 error_code;
	u64 rip, cs, rflags, rsp, ss;	/* pushed by the CPU */
};

typedef enum irqreturn {
	IRQ_NONE = 0,
	IRQ_HANDLED = 1,
} irqreturn_t;

typedef irqreturn_t (*irq_handler_t)(int vector, void *ctx);

/*
 * Attach handler to vector; several handlers may share one vector (shared
 * INTx): each is called until one returns IRQ_HANDLED. `chip` names the
 * interrupt source in `interrupts` output ("LAPIC", "IO-APIC", "PCI-MSI").
 * Returns 0 or -EINVAL/-ENOMEM/-EBUSY.
 */
int request_irq(int vector, irq_handler_t handler, void *ctx,
		const char *name, const char *chip);
void free_irq(int vector, void *ctx);

/* Reserve a free vector in [IRQ_DYN_FIRST, IRQ_DYN_LAST] for MSI; -ENOSPC. */
int irq_alloc_vector(void);
void irq_free_vector(int vector);

/* Route IOAPIC input `gsi` to vector IRQ_GSI_BASE + gsi, unmasked. */
int irq_setup_gsi(u32 gsi, bool level, bool active_low);
/* ISA IRQ (0-15) to GSI, following the MADT interrupt source overrides. */
u32 irq_isa_to_gsi(u32 isa_irq, bool *level, bool *active_low);

/* Called by the entry stubs with interrupts off. */
void do_irq(struct pt_regs *regs);

/* Counters for the `interrupts` shell command (/proc/interrupts shape). */
u64 irq_count(int vector);
void show_interrupts(void);

#endif /* KERNEL_IRQ_H */

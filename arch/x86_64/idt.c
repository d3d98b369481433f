/* IDT setup: 256 interrupt gates (IF cleared on entry) to the entry stubs.
 * Interrupt gates everywhere, so no handler is ever entered with interrupts
 * on; do_irq() decides when to re-enable them (softirqs).
 * [Intel SDM Vol.3 6.14.1 64-bit mode IDT, Figure 6-8 gate descriptor] */
#include "arch/x86_64/idt.h"
#include "arch/x86_64/gdt.h"

#define GATE_INTERRUPT	0x8E	/* P, DPL0, type 0xE: 64-bit interrupt gate */

#define X86_TRAP_NMI	2
#define X86_TRAP_DF	8
#define X86_TRAP_MC	18

struct idt_gate {
	u16 offset_low;
	u16 selector;
	u8 ist;
	u8 type_attr;
	u16 offset_mid;
	u32 offset_high;
	u32 reserved;
} __packed;
static_assert(sizeof(struct idt_gate) == 16, "64-bit IDT gate is 16 bytes");

struct idt_ptr {
	u16 limit;
	u64 base;
} __packed;

/* Stub addresses, one per vector, from entry.asm. */
extern const u64 interrupt_entry_table[NR_IDT_ENTRIES];

static struct idt_gate idt_table[NR_IDT_ENTRIES] __aligned(16);

static void set_gate(int vector, u64 handler, int ist)
{
	struct idt_gate *g = &idt_table[vector];

	g->offset_low = handler & 0xFFFF;
	g->selector = KERNEL_CS;
	g->ist = ist;
	g->type_attr = GATE_INTERRUPT;
	g->offset_mid = (handler >> 16) & 0xFFFF;
	g->offset_high = handler >> 32;
	g->reserved = 0;
}

/* The IST stack is switched to unconditionally, so a #DF from a blown
 * stack and an NMI/#MC at any instruction boundary land on good memory. */
static int vector_ist(int vector)
{
	switch (vector) {
	case X86_TRAP_DF:
		return IST_DOUBLE_FAULT;
	case X86_TRAP_NMI:
	case X86_TRAP_MC:
		return IST_NMI_MCE;
	default:
		return 0;
	}
}

void idt_load(void)
{
	struct idt_ptr ip = {
		.limit = sizeof(idt_table) - 1,
		.base = (u64)(uintptr_t)idt_table,
	};

	asm volatile("lidt %0" : : "m"(ip) : "memory");
}

void idt_init(void)
{
	int v;

	for (v = 0; v < NR_IDT_ENTRIES; v++)
		set_gate(v, interrupt_entry_table[v], vector_ist(v));
	idt_load();
}

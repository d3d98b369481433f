/* Local APIC and IOAPIC: interrupt delivery for napkin. The legacy 8259s
 * are remapped and masked; the LAPIC takes EOIs and runs the tick timer;
 * IOAPIC pins are routed to vectors IRQ_GSI_BASE + GSI (kernel/irq.h). */
#ifndef ARCH_X86_64_APIC_H
#define ARCH_X86_64_APIC_H

#include "lib/types.h"

/* Local APIC register offsets (xAPIC MMIO; x2APIC MSR = 0x800 + off/16)
 * [Intel SDM Vol.3 Table 10-1]. */
#define APIC_ID		0x020
#define APIC_LVR	0x030	/* version; max LVT entry in bits 23:16 */
#define APIC_TASKPRI	0x080
#define APIC_EOI	0x0B0
#define APIC_SPIV	0x0F0
#define APIC_ESR	0x280
#define APIC_LVTT	0x320	/* timer */
#define APIC_LVTTHMR	0x330	/* thermal sensor */
#define APIC_LVTPC	0x340	/* performance counters */
#define APIC_LVT0	0x350	/* LINT0 */
#define APIC_LVT1	0x360	/* LINT1 */
#define APIC_LVTERR	0x370
#define APIC_TMICT	0x380	/* timer initial count */
#define APIC_TMCCT	0x390	/* timer current count */
#define APIC_TDCR	0x3E0	/* timer divide configuration */

#define APIC_SPIV_APIC_ENABLED	BIT(8)
#define APIC_LVT_MASKED		BIT(16)
#define APIC_LVT_LEVEL_TRIGGER	BIT(15)
#define APIC_LVT_ACTIVE_LOW	BIT(13)
#define APIC_DM_FIXED		(0U << 8)
#define APIC_DM_NMI		(4U << 8)
#define APIC_LVT_TIMER_PERIODIC	BIT(17)
#define APIC_TDR_DIV_16		0x3

/* LAPIC internal errors arrive here; the tick is LOCAL_TIMER_VECTOR. */
#define ERROR_APIC_VECTOR	0xFE

/* Mask the 8259s, enable the boot CPU's LAPIC, mask every IOAPIC pin.
 * Needs acpi_init() (MADT) and idt_init(). */
void apic_init(void);

/* Mask IOAPIC input gsi again (the counterpart of irq_setup_gsi()). */
int irq_mask_gsi(u32 gsi);

u32 lapic_read(u32 reg);
void lapic_write(u32 reg, u32 v);
void lapic_eoi(void);
u32 lapic_id(void);

#endif /* ARCH_X86_64_APIC_H */

/* Interrupt controllers: the 8259 pair remapped and masked, the boot CPU's
 * local APIC (xAPIC MMIO, or x2APIC MSRs if firmware left it in that mode),
 * and the IOAPICs from the MADT with ISA overrides applied. */
#include "arch/x86_64/apic.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/io.h"
#include "arch/x86_64/paging.h"
#include "drivers/acpi/acpi.h"
#include "kernel/irq.h"
#include "kernel/panic.h"
#include "kernel/percpu.h"
#include "kernel/printk.h"
#include "kernel/spinlock.h"
#include "lib/errno.h"

/* 8259A [Intel 8259A datasheet, initialization command words] */
#define PIC1_CMD		0x20
#define PIC1_DATA		0x21
#define PIC2_CMD		0xA0
#define PIC2_DATA		0xA1
#define ICW1_INIT		0x10
#define ICW1_ICW4		0x01	/* ICW4 follows */
#define ICW4_8086		0x01
#define PIC1_VECTOR		0x20	/* IRQ7 spurious -> 0x27, nothing there */
#define PIC2_VECTOR		0x28	/* IRQ15 spurious -> 0x2F, nothing there */
#define PIC_CASCADE_IRQ		2
#define PIC_MASK_ALL		0xFF

/* IA32_APIC_BASE [Intel SDM Vol.3 10.4.4, 10.12.1] */
#define APIC_BASE_X2APIC	BIT(10)
#define APIC_BASE_ENABLE	BIT(11)
#define APIC_BASE_ADDR_MASK	GENMASK_ULL(51, 12)
#define X2APIC_MSR_BASE		0x800
#define CPUID_1_EDX_APIC	BIT(9)
#define APIC_LVR_MAXLVT(v)	(((v) >> 16) & 0xFF)
#define APIC_MMIO_SIZE		4096

/* 82093AA IOAPIC [datasheet 3.0, 3.2.4 redirection table] */
#define IOAPIC_REGSEL		0x00
#define IOAPIC_WINDOW		0x10
#define IOAPIC_REG_VER		0x01
#define IOAPIC_REG_REDTBL	0x10	/* two 32-bit registers per pin */
#define IOAPIC_VER_MAXREDIR(v)	(((v) >> 16) & 0xFF)
#define IOAPIC_MMIO_SIZE	4096
#define IO_APIC_REDIR_ACTIVE_LOW BIT(13)
#define IO_APIC_REDIR_LEVEL	BIT(15)
#define IO_APIC_REDIR_MASKED	BIT(16)
#define IO_APIC_DEST_SHIFT	24	/* physical APIC id in the high word */

struct ioapic {
	volatile u8 *base;
	u32 id;
	u32 gsi_base;
	u32 nr_pins;
};

static volatile u8 *lapic_base;
static bool x2apic_mode;
static u32 boot_apic_id;
static u64 lapic_error_count;
static struct ioapic ioapics[ACPI_MAX_IOAPICS];
static int nr_ioapics;
static DEFINE_SPINLOCK(ioapic_lock);	/* REGSEL/WINDOW is a two-step access */

u32 lapic_read(u32 reg)
{
	if (x2apic_mode)
		return (u32)rdmsr(X2APIC_MSR_BASE + (reg >> 4));
	return readl(lapic_base + reg);
}

void lapic_write(u32 reg, u32 v)
{
	if (x2apic_mode)
		wrmsr(X2APIC_MSR_BASE + (reg >> 4), v);
	else
		writel(v, lapic_base + reg);
}

void lapic_eoi(void)
{
	if (x2apic_mode || lapic_base)
		lapic_write(APIC_EOI, 0);
}

u32 lapic_id(void)
{
	u32 id = lapic_read(APIC_ID);

	return x2apic_mode ? id : id >> 24;
}

/* Remap first so that a spurious IRQ7/15, which a masked 8259 can still
 * raise, lands on an unused vector instead of an exception's. */
static void legacy_pic_mask(void)
{
	outb(PIC1_CMD, ICW1_INIT | ICW1_ICW4);
	io_delay();
	outb(PIC2_CMD, ICW1_INIT | ICW1_ICW4);
	io_delay();
	outb(PIC1_DATA, PIC1_VECTOR);
	io_delay();
	outb(PIC2_DATA, PIC2_VECTOR);
	io_delay();
	outb(PIC1_DATA, 1 << PIC_CASCADE_IRQ);	/* slave on IRQ2 */
	io_delay();
	outb(PIC2_DATA, PIC_CASCADE_IRQ);	/* slave's cascade identity */
	io_delay();
	outb(PIC1_DATA, ICW4_8086);
	io_delay();
	outb(PIC2_DATA, ICW4_8086);
	io_delay();
	outb(PIC1_DATA, PIC_MASK_ALL);
	outb(PIC2_DATA, PIC_MASK_ALL);
}

static u32 madt_flags_to_lvt(u16 flags)
{
	return (flags & ACPI_MADT_POLARITY_MASK) == ACPI_MADT_POLARITY_ACTIVE_LOW ?
	       APIC_LVT_ACTIVE_LOW : 0;
}

static u32 this_cpu_uid(const struct acpi_madt_info *m)
{
	u32 i;

	for (i = 0; i < m->nr_cpus; i++)
		if (m->cpus[i].apic_id == boot_apic_id)
			return m->cpus[i].uid;
	return ACPI_UID_ALL;
}

/* LINT0 would carry the 8259's ExtINT: masked, the IOAPIC delivers ISA
 * IRQs. LINT1 is NMI on PCs; the MADT says which pin and polarity. */
static void lapic_setup_lint(const struct acpi_madt_info *m)
{
	u32 lvt[2] = { APIC_LVT_MASKED, APIC_DM_NMI };
	u32 uid = this_cpu_uid(m), i;

	for (i = 0; i < m->nr_lapic_nmis; i++) {
		const struct acpi_lapic_nmi *n = &m->lapic_nmis[i];

		if (n->lint > 1 || (n->uid != ACPI_UID_ALL && n->uid != uid))
			continue;
		lvt[n->lint] = APIC_DM_NMI | madt_flags_to_lvt(n->flags);
	}
	lapic_write(APIC_LVT0, lvt[0]);
	lapic_write(APIC_LVT1, lvt[1]);
}

static irqreturn_t lapic_error_interrupt(int vector, void *ctx)
{
	u32 esr;

	/* ESR latches on a write [SDM Vol.3 10.5.3]. */
	lapic_write(APIC_ESR, 0);
	esr = lapic_read(APIC_ESR);
	lapic_error_count++;
	pr_warn_ratelimited("APIC: error interrupt on CPU %u: ESR 0x%x (%llu so far)\n",
			    smp_processor_id(), esr, (unsigned long long)lapic_error_count);
	return IRQ_HANDLED;
}

static void lapic_map(const struct acpi_madt_info *m)
{
	u32 a, b, c, d;
	u64 base, phys;

	cpuid(1, 0, &a, &b, &c, &d);
	if (!(d & CPUID_1_EDX_APIC))
		panic("APIC: this CPU has no local APIC");
	base = rdmsr(MSR_IA32_APIC_BASE);
	if (!(base & APIC_BASE_ENABLE)) {
		base |= APIC_BASE_ENABLE;
		wrmsr(MSR_IA32_APIC_BASE, base);
	}
	x2apic_mode = base & APIC_BASE_X2APIC;
	if (x2apic_mode)
		return;
	/* The MSR is what the CPU decodes; the MADT only describes it. */
	phys = base & APIC_BASE_ADDR_MASK;
	if (m->lapic_addr && m->lapic_addr != phys)
		pr_warn("APIC: MADT says LAPIC at 0x%lx, IA32_APIC_BASE says 0x%lx; using the MSR\n",
			m->lapic_addr, phys);
	lapic_base = ioremap(phys, APIC_MMIO_SIZE);
	if (!lapic_base)
		panic("APIC: cannot map the local APIC at 0x%lx", phys);
}

static void lapic_setup(const struct acpi_madt_info *m)
{
	u32 maxlvt;

	lapic_map(m);
	boot_apic_id = lapic_id();
	this_cpu()->apic_id = boot_apic_id;
	maxlvt = APIC_LVR_MAXLVT(lapic_read(APIC_LVR));

	lapic_write(APIC_TASKPRI, 0);		/* accept every priority class */
	lapic_write(APIC_LVTT, APIC_LVT_MASKED | LOCAL_TIMER_VECTOR);
	lapic_write(APIC_LVTPC, APIC_LVT_MASKED);
	if (maxlvt >= 5)
		lapic_write(APIC_LVTTHMR, APIC_LVT_MASKED);
	lapic_setup_lint(m);
	lapic_write(APIC_ESR, 0);
	lapic_write(APIC_ESR, 0);
	lapic_write(APIC_LVTERR, ERROR_APIC_VECTOR);
	lapic_write(APIC_SPIV, APIC_SPIV_APIC_ENABLED | SPURIOUS_VECTOR);
	/* Firmware may have left a vector in service. */
	lapic_eoi();
}

/* ---- IOAPIC ---- */

static u32 ioapic_read(const struct ioapic *io, u32 reg)
{
	writel(reg, io->base + IOAPIC_REGSEL);
	return readl(io->base + IOAPIC_WINDOW);
}

static void ioapic_write(const struct ioapic *io, u32 reg, u32 v)
{
	writel(reg, io->base + IOAPIC_REGSEL);
	writel(v, io->base + IOAPIC_WINDOW);
}

/* Mask first, so the pin never fires half-programmed. Caller holds
 * ioapic_lock (or is apic_init(), alone with interrupts off). */
static void ioapic_write_entry(const struct ioapic *io, u32 pin, u32 lo, u32 hi)
{
	ioapic_write(io, IOAPIC_REG_REDTBL + 2 * pin, IO_APIC_REDIR_MASKED);
	ioapic_write(io, IOAPIC_REG_REDTBL + 2 * pin + 1, hi);
	ioapic_write(io, IOAPIC_REG_REDTBL + 2 * pin, lo);
}

static struct ioapic *ioapic_for_gsi(u32 gsi)
{
	int i;

	for (i = 0; i < nr_ioapics; i++)
		if (gsi >= ioapics[i].gsi_base && gsi - ioapics[i].gsi_base < ioapics[i].nr_pins)
			return &ioapics[i];
	return NULL;
}

static u32 gsi_vector(u32 gsi)
{
	return gsi < IRQ_NR_GSI ? IRQ_GSI_BASE + gsi : 0;
}

static void ioapic_add(const struct acpi_ioapic *a)
{
	struct ioapic *io = &ioapics[nr_ioapics];
	u32 ver, pin;

	io->base = ioremap(a->address, IOAPIC_MMIO_SIZE);
	if (!io->base) {
		pr_err("APIC: cannot map IOAPIC %u at 0x%x; its pins are unusable\n", a->id, a->address);
		return;
	}
	ver = ioapic_read(io, IOAPIC_REG_VER);
	if (ver == 0xFFFFFFFF) {
		pr_err("APIC: no IOAPIC answers at 0x%x (MADT id %u); ignored\n", a->address, a->id);
		return;
	}
	io->id = a->id;
	io->gsi_base = a->gsi_base;
	io->nr_pins = IOAPIC_VER_MAXREDIR(ver) + 1;
	for (pin = 0; pin < io->nr_pins; pin++)
		ioapic_write_entry(io, pin, IO_APIC_REDIR_MASKED | gsi_vector(io->gsi_base + pin), 0);
	pr_info("APIC: IOAPIC id %u at 0x%x, GSI %u-%u, all pins masked\n", io->id,
		a->address, io->gsi_base, io->gsi_base + io->nr_pins - 1);
	nr_ioapics++;
}

int irq_setup_gsi(u32 gsi, bool level, bool active_low)
{
	struct ioapic *io = ioapic_for_gsi(gsi);
	unsigned long flags;
	u32 lo;

	if (gsi >= IRQ_NR_GSI)
		return -EINVAL;
	if (!io)
		return -ENODEV;
	lo = gsi_vector(gsi) | APIC_DM_FIXED;
	if (level)
		lo |= IO_APIC_REDIR_LEVEL;
	if (active_low)
		lo |= IO_APIC_REDIR_ACTIVE_LOW;
	spin_lock_irqsave(&ioapic_lock, flags);
	ioapic_write_entry(io, gsi - io->gsi_base, lo, boot_apic_id << IO_APIC_DEST_SHIFT);
	spin_unlock_irqrestore(&ioapic_lock, flags);
	return 0;
}

int irq_mask_gsi(u32 gsi)
{
	struct ioapic *io = ioapic_for_gsi(gsi);
	unsigned long flags;

	if (!io)
		return -ENODEV;
	spin_lock_irqsave(&ioapic_lock, flags);
	ioapic_write_entry(io, gsi - io->gsi_base, IO_APIC_REDIR_MASKED | gsi_vector(gsi), 0);
	spin_unlock_irqrestore(&ioapic_lock, flags);
	return 0;
}

/* ISA interrupts are edge/active-high unless an override says otherwise
 * [ACPI 6.5 5.2.12.5]. */
u32 irq_isa_to_gsi(u32 isa_irq, bool *level, bool *active_low)
{
	const struct acpi_madt_info *m = acpi_get_madt();
	u32 i;

	*level = false;
	*active_low = false;
	for (i = 0; i < m->nr_overrides; i++) {
		const struct acpi_irq_override *o = &m->overrides[i];

		if (o->bus != 0 || o->source_irq != isa_irq)
			continue;
		*active_low = (o->flags & ACPI_MADT_POLARITY_MASK) == ACPI_MADT_POLARITY_ACTIVE_LOW;
		*level = (o->flags & ACPI_MADT_TRIGGER_MASK) == ACPI_MADT_TRIGGER_LEVEL;
		return o->gsi;
	}
	return isa_irq;
}

void apic_init(void)
{
	const struct acpi_madt_info *m = acpi_get_madt();
	u32 i;

	legacy_pic_mask();
	lapic_setup(m);
	for (i = 0; i < m->nr_ioapics; i++)
		ioapic_add(&m->ioapics[i]);
	if (!nr_ioapics)
		pr_err("APIC: no usable IOAPIC: device interrupts need MSI\n");
	if (request_irq(ERROR_APIC_VECTOR, lapic_error_interrupt, NULL, "error", "LAPIC"))
		pr_err("APIC: cannot register the LAPIC error interrupt\n");
	pr_info("APIC: boot CPU LAPIC id %u (%s), 8259 PIC masked\n", boot_apic_id,
		x2apic_mode ? "x2APIC" : "xAPIC");
}

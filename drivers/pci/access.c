/* PCI configuration space access: ECAM (memory-mapped, 4 KiB per function)
 * for the segment/bus ranges the ACPI MCFG lists, else configuration
 * mechanism #1 through ports 0xCF8/0xCFC (256 bytes, segment 0 only).
 * [PCI 3.0 3.2.2.3.2 mechanism #1; PCIe 4.0 7.2.2 ECAM] */
#include "drivers/pci/pci_internal.h"
#include "drivers/acpi/acpi.h"
#include "arch/x86_64/io.h"
#include "arch/x86_64/paging.h"
#include "kernel/printk.h"
#include "kernel/spinlock.h"

#define PCI_CONF1_ADDRESS	0xcf8
#define PCI_CONF1_DATA		0xcfc
#define PCI_CONF1_ENABLE	BIT(31)
#define PCI_CONF1_BUS_SHIFT	16
#define PCI_CONF1_DEVFN_SHIFT	8
#define PCI_CONF1_REG_MASK	0xfc

#define PCI_ECAM_BUS_SHIFT	20	/* 1 MiB of config space per bus */
#define PCI_ECAM_DEVFN_SHIFT	12
#define PCI_ECAM_BUS_SIZE	(1ULL << PCI_ECAM_BUS_SHIFT)

struct pci_ecam_window {
	u64 base;		/* address of bus 0, even if start_bus > 0 */
	u16 segment;
	u8 start_bus, end_bus;
	u64 mapped[PCI_MAX_BUS / 64];	/* buses ioremap()ped so far */
};

static struct pci_ecam_window ecam[ACPI_MAX_MCFG];
static int nr_ecam;
static bool conf1_ok;		/* mechanism #1 answers */
static DEFINE_SPINLOCK(pci_config_lock);	/* 0xCF8 then 0xCFC is two steps */

static struct {
	u16 segment;
	u8 bus;
} roots[ACPI_MAX_MCFG + 1];
static int nr_roots;

static struct pci_ecam_window *ecam_find(u16 seg, u8 bus)
{
	int i;

	for (i = 0; i < nr_ecam; i++)
		if (ecam[i].segment == seg && bus >= ecam[i].start_bus &&
		    bus <= ecam[i].end_bus)
			return &ecam[i];
	return NULL;
}

/* The bus's 1 MiB is mapped on first use: enumeration touches every bus
 * it finds, so later accesses (possibly in interrupt context) never map. */
static volatile u8 *ecam_addr(struct pci_ecam_window *w, u8 bus, u8 devfn, u16 off)
{
	u64 bus_base = w->base + ((u64)bus << PCI_ECAM_BUS_SHIFT);
	u64 bit = BIT_ULL(bus % 64);

	if (!(READ_ONCE(w->mapped[bus / 64]) & bit)) {
		if (!ioremap(bus_base, PCI_ECAM_BUS_SIZE)) {
			printk_ratelimited(KERN_ERR "PCI: cannot map ECAM of %04x:%02x at %#llx\n",
					   w->segment, bus, (unsigned long long)bus_base);
			return NULL;
		}
		__atomic_or_fetch(&w->mapped[bus / 64], bit, __ATOMIC_RELEASE);
	}
	return phys_to_virt(bus_base + ((u64)devfn << PCI_ECAM_DEVFN_SHIFT) + off);
}

static u32 conf1_address(u8 bus, u8 devfn, u16 off)
{
	return PCI_CONF1_ENABLE | (u32)bus << PCI_CONF1_BUS_SHIFT |
	       (u32)devfn << PCI_CONF1_DEVFN_SHIFT | (off & PCI_CONF1_REG_MASK);
}

static u32 conf1_read(u8 bus, u8 devfn, u16 off, int size)
{
	unsigned long flags;
	u16 port = PCI_CONF1_DATA + (off & 3);
	u32 v;

	spin_lock_irqsave(&pci_config_lock, flags);
	outl(PCI_CONF1_ADDRESS, conf1_address(bus, devfn, off));
	v = size == 1 ? inb(port) : size == 2 ? inw(port) : inl(port);
	spin_unlock_irqrestore(&pci_config_lock, flags);
	return v;
}

static void conf1_write(u8 bus, u8 devfn, u16 off, int size, u32 val)
{
	unsigned long flags;
	u16 port = PCI_CONF1_DATA + (off & 3);

	spin_lock_irqsave(&pci_config_lock, flags);
	outl(PCI_CONF1_ADDRESS, conf1_address(bus, devfn, off));
	if (size == 1)
		outb(port, val);
	else if (size == 2)
		outw(port, val);
	else
		outl(port, val);
	spin_unlock_irqrestore(&pci_config_lock, flags);
}

static bool access_ok(u16 seg, u8 bus, u16 off, int size)
{
	if ((size != 1 && size != 2 && size != 4) || (off & (size - 1)))
		return false;
	return off + size <= pci_cfg_size(seg, bus);
}

u16 pci_cfg_size(u16 seg, u8 bus)
{
	if (ecam_find(seg, bus))
		return PCI_CFG_SPACE_EXP_SIZE;
	return seg == 0 && conf1_ok ? PCI_CFG_SPACE_SIZE : 0;
}

/* What a read of an absent function returns, at this width. */
static u32 all_ones(int size)
{
	return size == 1 ? 0xff : size == 2 ? 0xffff : 0xffffffff;
}

u32 pci_raw_read(u16 seg, u8 bus, u8 devfn, u16 off, int size)
{
	struct pci_ecam_window *w;
	volatile u8 *p;

	if (!access_ok(seg, bus, off, size))
		return all_ones(size);
	w = ecam_find(seg, bus);
	if (!w)
		return conf1_read(bus, devfn, off, size);
	p = ecam_addr(w, bus, devfn, off);
	if (!p)
		return all_ones(size);
	return size == 1 ? readb(p) : size == 2 ? readw(p) : readl(p);
}

void pci_raw_write(u16 seg, u8 bus, u8 devfn, u16 off, int size, u32 val)
{
	struct pci_ecam_window *w;
	volatile u8 *p;

	if (!access_ok(seg, bus, off, size))
		return;
	w = ecam_find(seg, bus);
	if (!w) {
		conf1_write(bus, devfn, off, size, val);
		return;
	}
	p = ecam_addr(w, bus, devfn, off);
	if (!p)
		return;
	if (size == 1)
		writeb(val, p);
	else if (size == 2)
		writew(val, p);
	else
		writel(val, p);
}

/* Mechanism #1 exists if the address register holds what we write
 * (Linux's pci_check_type1). */
static bool conf1_probe(void)
{
	unsigned long flags;
	u32 saved, v;

	spin_lock_irqsave(&pci_config_lock, flags);
	saved = inl(PCI_CONF1_ADDRESS);
	outl(PCI_CONF1_ADDRESS, PCI_CONF1_ENABLE);
	v = inl(PCI_CONF1_ADDRESS);
	outl(PCI_CONF1_ADDRESS, saved);
	spin_unlock_irqrestore(&pci_config_lock, flags);
	return v == PCI_CONF1_ENABLE;
}

static void ecam_add(const struct acpi_mcfg_entry *e)
{
	struct pci_ecam_window *w = &ecam[nr_ecam];

	w->base = e->address;
	w->segment = e->segment;
	w->start_bus = e->start_bus;
	w->end_bus = e->end_bus;
	nr_ecam++;
	pr_info("PCI: ECAM at %#llx for segment %04x buses %02x-%02x\n",
		(unsigned long long)e->address, e->segment, e->start_bus, e->end_bus);
}

/* An MCFG pointing at nothing (seen on broken firmware) would hide every
 * device: if ECAM reads no host bridge where the ports see one, drop it. */
static void ecam_sanity_check(void)
{
	u32 via_ports, via_ecam;

	if (!conf1_ok || !ecam_find(0, 0))
		return;
	via_ports = conf1_read(0, 0, PCI_VENDOR_ID, 4);
	via_ecam = pci_raw_read(0, 0, 0, PCI_VENDOR_ID, 4);
	if (via_ports == via_ecam || (via_ports & 0xffff) == PCI_VENDOR_ID_NONE)
		return;
	pr_err("PCI: ECAM reads %#x at 0000:00:00.0 but the ports read %#x; ignoring the MCFG\n",
	       via_ecam, via_ports);
	nr_ecam = 0;
}

/* Segment 0's root is bus 0 (through the ports if no window covers it);
 * every other segment in the MCFG adds its first bus. Roots of further
 * host bridges on one segment are only described by ACPI _CRS: not found. */
static void add_root(u16 seg, u8 bus)
{
	int i;

	for (i = 0; i < nr_roots; i++)
		if (roots[i].segment == seg)
			return;
	if (nr_roots < (int)ARRAY_SIZE(roots)) {
		roots[nr_roots].segment = seg;
		roots[nr_roots].bus = bus;
		nr_roots++;
	}
}

static void roots_init(void)
{
	int i;

	if (conf1_ok || ecam_find(0, 0))
		add_root(0, 0);
	for (i = 0; i < nr_ecam; i++)
		add_root(ecam[i].segment, ecam[i].start_bus);
}

int pci_root_bus_count(void)
{
	return nr_roots;
}

void pci_root_bus(int i, u16 *seg, u8 *bus)
{
	*seg = roots[i].segment;
	*bus = roots[i].bus;
}

bool pci_config_init(void)
{
	int i, n = acpi_mcfg_count();

	for (i = 0; i < n && nr_ecam < ACPI_MAX_MCFG; i++) {
		const struct acpi_mcfg_entry *e = acpi_mcfg_get(i);

		if (e)
			ecam_add(e);
	}
	conf1_ok = conf1_probe();
	ecam_sanity_check();
	roots_init();
	if (!nr_ecam && conf1_ok)
		pr_info("PCI: configuration via ports 0xcf8/0xcfc\n");
	if (!nr_ecam && !conf1_ok) {
		pr_err("PCI: no ECAM and no configuration mechanism #1: no PCI devices\n");
		return false;
	}
	return true;
}

/* ---- by device ---- */

u8 pci_read_config_byte(const struct pci_dev *d, u16 off)
{
	return pci_raw_read(d->segment, d->bus, d->devfn, off, 1);
}

u16 pci_read_config_word(const struct pci_dev *d, u16 off)
{
	return pci_raw_read(d->segment, d->bus, d->devfn, off, 2);
}

u32 pci_read_config_dword(const struct pci_dev *d, u16 off)
{
	return pci_raw_read(d->segment, d->bus, d->devfn, off, 4);
}

void pci_write_config_byte(const struct pci_dev *d, u16 off, u8 v)
{
	pci_raw_write(d->segment, d->bus, d->devfn, off, 1, v);
}

void pci_write_config_word(const struct pci_dev *d, u16 off, u16 v)
{
	pci_raw_write(d->segment, d->bus, d->devfn, off, 2, v);
}

void pci_write_config_dword(const struct pci_dev *d, u16 off, u32 v)
{
	pci_raw_write(d->segment, d->bus, d->devfn, off, 4, v);
}

u8 pci_dev_read8(const void *d, u16 off)
{
	return pci_read_config_byte(d, off);
}

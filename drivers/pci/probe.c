/* PCI enumeration: scan the root buses and every bus behind a PCI-PCI
 * bridge (bus numbers as firmware programmed them; napkin never renumbers
 * or assigns BARs), size the BARs, print each function and keep up to
 * PCI_MAX_DEVICES of them. [PCI 3.0 6.1-6.2; PCI-PCI Bridge 1.2 3.2.5] */
#include "drivers/pci/pci_internal.h"
#include "kernel/printk.h"
#include "lib/printf.h"
#include "lib/string.h"

LIST_HEAD(pci_devices);
static struct pci_dev_priv pci_dev_table[PCI_MAX_DEVICES];
static struct pci_dev_priv pci_dev_spare;	/* a function past the cap, printed only */
static int nr_kept, nr_dropped, nr_buses;
static u64 bus_scanned[PCI_MAX_BUS / 64];	/* of the segment being scanned */

static void pci_scan_bus(u16 seg, u8 bus, int depth);

int pci_nr_dropped(void)
{
	return nr_dropped;
}

/* Sizing writes all-ones into each BAR, so the function must not decode
 * meanwhile [PCI 3.0 6.2.5.1]. Host bridges are left alone: on some
 * chipsets they decode ECAM itself (Linux's mmio_always_on). */
static void pci_read_bases(struct pci_dev_priv *p, int nbars)
{
	struct pci_dev *d = &p->dev;
	u16 cmd = pci_read_config_word(d, PCI_COMMAND);
	bool toggle = (d->class >> 8) != PCI_CLASS_BRIDGE_HOST &&
		      (cmd & (PCI_COMMAND_IO | PCI_COMMAND_MEMORY));
	int i = 0;

	if (toggle)
		pci_write_config_word(d, PCI_COMMAND, cmd & ~(PCI_COMMAND_IO | PCI_COMMAND_MEMORY));
	while (i < nbars) {
		u16 off = PCI_BASE_ADDRESS_0 + 4 * i;
		u32 lo, sz_lo, hi = 0, sz_hi = 0;
		bool has_hi;

		lo = pci_read_config_dword(d, off);
		pci_write_config_dword(d, off, 0xffffffff);
		sz_lo = pci_read_config_dword(d, off);
		pci_write_config_dword(d, off, lo);
		has_hi = pci_bar_is_mem64(lo) && i + 1 < nbars;
		if (has_hi) {
			hi = pci_read_config_dword(d, off + 4);
			pci_write_config_dword(d, off + 4, 0xffffffff);
			sz_hi = pci_read_config_dword(d, off + 4);
			pci_write_config_dword(d, off + 4, hi);
		}
		i += pci_bar_decode(lo, sz_lo, hi, sz_hi, has_hi, &d->bar[i]);
	}
	if (toggle)
		pci_write_config_word(d, PCI_COMMAND, cmd);
}

static void pci_read_irq_and_caps(struct pci_dev_priv *p)
{
	struct pci_dev *d = &p->dev;

	d->irq_pin = pci_read_config_byte(d, PCI_INTERRUPT_PIN);
	d->irq_line = pci_read_config_byte(d, PCI_INTERRUPT_LINE);
	d->msi_cap = pci_find_capability(d, PCI_CAP_ID_MSI);
	d->msix_cap = pci_find_capability(d, PCI_CAP_ID_MSIX);
	d->pcie_cap = pci_find_capability(d, PCI_CAP_ID_EXP);
	p->intx_gsi = -1;
	/* Until a driver asks for INTx, a function must not assert it: an
	 * unclaimed level on a shared line would fire forever. Chipset
	 * functions (bridges, e.g. the ACPI controller) are left alone. */
	if (d->irq_pin && p->hdr_type == PCI_HEADER_TYPE_NORMAL &&
	    (d->class >> 16) != PCI_BASE_CLASS_BRIDGE)
		pci_intx(d, false);
}

/* Fill *p from config space; the header type byte is already known. */
static void pci_setup_device(struct pci_dev_priv *p, u16 seg, u8 bus, u8 devfn, u8 hdr)
{
	struct pci_dev *d = &p->dev;
	u32 class_rev;

	memset(p, 0, sizeof(*p));
	d->segment = seg;
	d->bus = bus;
	d->devfn = devfn;
	pci_format_name(d->name, sizeof(d->name), seg, bus, devfn);
	d->vendor = pci_read_config_word(d, PCI_VENDOR_ID);
	d->device = pci_read_config_word(d, PCI_DEVICE_ID);
	class_rev = pci_read_config_dword(d, PCI_CLASS_REVISION);
	d->revision = class_rev & 0xff;
	d->class = class_rev >> 8;
	p->hdr_type = hdr & PCI_HEADER_TYPE_MASK;
	INIT_LIST_HEAD(&d->list);
	switch (p->hdr_type) {
	case PCI_HEADER_TYPE_NORMAL:
		d->subsystem_vendor = pci_read_config_word(d, PCI_SUBSYSTEM_VENDOR_ID);
		d->subsystem_device = pci_read_config_word(d, PCI_SUBSYSTEM_ID);
		pci_read_bases(p, PCI_NUM_BARS);
		break;
	case PCI_HEADER_TYPE_BRIDGE:
		p->secondary = pci_read_config_byte(d, PCI_SECONDARY_BUS);
		p->subordinate = pci_read_config_byte(d, PCI_SUBORDINATE_BUS);
		pci_read_bases(p, PCI_NUM_BARS_BRIDGE);
		break;
	default:	/* CardBus: no BARs of the standard layout */
		break;
	}
	pci_read_irq_and_caps(p);
}

static void pci_print_device(const struct pci_dev_priv *p, bool kept)
{
	const struct pci_dev *d = &p->dev;
	char line[80];
	int i;

	if (!d->irq_pin)
		line[0] = '\0';
	else if (d->irq_line == PCI_INTERRUPT_LINE_UNKNOWN)
		snprintf(line, sizeof(line), " irq unknown pin %c", pci_pin_name(d->irq_pin));
	else
		snprintf(line, sizeof(line), " irq %u pin %c", d->irq_line,
			 pci_pin_name(d->irq_pin));
	pr_info("pci %s [%04x:%04x] class %#08x (%s)%s%s\n", d->name, d->vendor,
		d->device, d->class, pci_class_name(d->class), line,
		kept ? "" : " (over the device table cap: not kept)");
	for (i = 0; i < PCI_NUM_BARS; i++) {
		if (pci_bar_format(line, sizeof(line), i, &d->bar[i]))
			pr_info("  %s\n", line);
	}
	if (p->hdr_type == PCI_HEADER_TYPE_BRIDGE)
		pr_info("  bridge to [bus %02x-%02x]\n", p->secondary, p->subordinate);
}

/* Firmware numbers buses depth-first, so a secondary bus is always above
 * its parent; anything else, or a bus seen already, would be a loop. */
static void pci_scan_bridge(const struct pci_dev_priv *p, int depth)
{
	u8 sec = p->secondary;

	if (sec <= p->dev.bus || (bus_scanned[sec / 64] & BIT_ULL(sec % 64))) {
		pr_warn("pci %s: bridge to bus %02x not followed (unassigned or seen)\n",
			p->dev.name, sec);
		return;
	}
	if (depth >= PCI_MAX_BRIDGE_DEPTH) {
		pr_warn("pci %s: bridges nested deeper than %d: bus %02x not scanned\n",
			p->dev.name, PCI_MAX_BRIDGE_DEPTH, sec);
		return;
	}
	pci_scan_bus(p->dev.segment, sec, depth + 1);
}

/* Returns the header type byte, or -1 if no function answers. Filled in
 * place (the table, or the spare slot past the cap), so the bridge
 * recursion keeps no copy on the stack. */
static int pci_scan_function(u16 seg, u8 bus, u8 devfn, int depth)
{
	bool keep = nr_kept < PCI_MAX_DEVICES;
	struct pci_dev_priv *p = keep ? &pci_dev_table[nr_kept] : &pci_dev_spare;
	u16 vendor = pci_raw_read(seg, bus, devfn, PCI_VENDOR_ID, 2);
	u8 hdr;

	if (vendor == PCI_VENDOR_ID_NONE || vendor == 0)
		return -1;
	hdr = pci_raw_read(seg, bus, devfn, PCI_HEADER_TYPE, 1);
	pci_setup_device(p, seg, bus, devfn, hdr);
	pci_print_device(p, keep);
	if (keep) {
		nr_kept++;
		list_add_tail(&p->dev.list, &pci_devices);
	} else {
		nr_dropped++;
	}
	if (p->hdr_type == PCI_HEADER_TYPE_BRIDGE)
		pci_scan_bridge(p, depth);
	return hdr;
}

static void pci_scan_bus(u16 seg, u8 bus, int depth)
{
	int slot, fn;

	bus_scanned[bus / 64] |= BIT_ULL(bus % 64);
	nr_buses++;
	for (slot = 0; slot < PCI_MAX_SLOT; slot++) {
		for (fn = 0; fn < PCI_MAX_FUNC; fn++) {
			int hdr = pci_scan_function(seg, bus, PCI_DEVFN(slot, fn), depth);

			/* Functions 1-7 exist only if function 0 says so. */
			if (fn == 0 && (hdr < 0 || !(hdr & PCI_HEADER_TYPE_MFD)))
				break;
		}
	}
}

void pci_scan_root_buses(void)
{
	int i, n = pci_root_bus_count();
	u16 seg;
	u8 bus;

	for (i = 0; i < n; i++) {
		pci_root_bus(i, &seg, &bus);
		memset(bus_scanned, 0, sizeof(bus_scanned));
		pci_scan_bus(seg, bus, 0);
	}
	pr_info("PCI: %d functions on %d bus%s", nr_kept + nr_dropped, nr_buses,
		nr_buses == 1 ? "" : "es");
	if (nr_dropped)
		pr_cont(", %d over the cap of %d not kept", nr_dropped, PCI_MAX_DEVICES);
	pr_cont("\n");
}

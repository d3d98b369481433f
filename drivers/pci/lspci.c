/* The `lspci` shell command: one line per kept function, or with -v its
 * BARs, COMMAND bits, interrupt routing and vectors, capabilities and
 * driver. Reads config space live; output shaped like pciutils' lspci. */
#include "drivers/pci/pci_internal.h"
#include "kernel/printk.h"
#include "kernel/shell.h"
#include "lib/errno.h"
#include "lib/string.h"

#define PCI_EXP_FLAGS		2	/* PCIe capabilities register */
#define  PCI_EXP_FLAGS_VERS	0x000f
#define  PCI_EXP_FLAGS_TYPE	0x00f0
#define  PCI_EXP_FLAGS_TYPE_SHIFT 4

static const char *const pcie_port_types[] = {
	"Endpoint", "Legacy Endpoint", "?", "?", "Root Port", "Upstream Port",
	"Downstream Port", "PCI-Express to PCI/PCI-X Bridge",
	"PCI/PCI-X to PCI-Express Bridge", "Root Complex Integrated Endpoint",
	"Root Complex Event Collector",
};

static char sign(bool on)
{
	return on ? '+' : '-';
}

static void lspci_cap_msi(const struct pci_dev *d, u8 pos)
{
	u16 f = pci_read_config_word(d, pos + PCI_MSI_FLAGS);

	kprintf(": Enable%c Count=%u/%u Maskable%c 64bit%c", sign(f & PCI_MSI_FLAGS_ENABLE),
		1u << ((f & PCI_MSI_FLAGS_QSIZE) >> 4), 1u << ((f & PCI_MSI_FLAGS_QMASK) >> 1),
		sign(f & PCI_MSI_FLAGS_MASKBIT), sign(f & PCI_MSI_FLAGS_64BIT));
}

static void lspci_cap_msix(const struct pci_dev *d, u8 pos)
{
	u16 f = pci_read_config_word(d, pos + PCI_MSIX_FLAGS);
	u32 table = pci_read_config_dword(d, pos + PCI_MSIX_TABLE);
	u32 pba = pci_read_config_dword(d, pos + PCI_MSIX_PBA);

	kprintf(": Enable%c Count=%u Masked%c Table: BAR%u+%#x PBA: BAR%u+%#x",
		sign(f & PCI_MSIX_FLAGS_ENABLE), (f & PCI_MSIX_FLAGS_QSIZE) + 1u,
		sign(f & PCI_MSIX_FLAGS_MASKALL), table & PCI_MSIX_TABLE_BIR,
		table & PCI_MSIX_TABLE_OFFSET, pba & PCI_MSIX_TABLE_BIR,
		pba & PCI_MSIX_TABLE_OFFSET);
}

static void lspci_cap_exp(const struct pci_dev *d, u8 pos)
{
	u16 f = pci_read_config_word(d, pos + PCI_EXP_FLAGS);
	u32 type = (f & PCI_EXP_FLAGS_TYPE) >> PCI_EXP_FLAGS_TYPE_SHIFT;

	kprintf(" (v%u) %s", f & PCI_EXP_FLAGS_VERS,
		type < ARRAY_SIZE(pcie_port_types) ? pcie_port_types[type] : "?");
}

static void lspci_caps(const struct pci_dev *d)
{
	struct pci_cap_iter it;
	u8 pos, id;

	pci_cap_iter_init(&it, pci_dev_read8, d);
	while (pci_cap_iter_next(&it, &pos, &id)) {
		kprintf("\tCapabilities: [%02x] %s", pos, pci_cap_name(id));
		if (id == PCI_CAP_ID_MSI)
			lspci_cap_msi(d, pos);
		else if (id == PCI_CAP_ID_MSIX)
			lspci_cap_msix(d, pos);
		else if (id == PCI_CAP_ID_EXP)
			lspci_cap_exp(d, pos);
		kprintf("\n");
	}
}

static void lspci_irq(const struct pci_dev *d)
{
	static const char *const types[] = {
		[PCI_IRQ_NONE] = "none", [PCI_IRQ_LEGACY] = "INTx",
		[PCI_IRQ_MSI] = "MSI", [PCI_IRQ_MSIX] = "MSI-X",
	};
	const struct pci_dev_priv *p = to_pci_priv(d);
	int i;

	if (d->irq_pin)
		kprintf("\tInterrupt: pin %c routed to IRQ %u\n", pci_pin_name(d->irq_pin),
			d->irq_line);
	kprintf("\tIRQ type: %s", d->irq_type < ARRAY_SIZE(types) && types[d->irq_type] ?
		types[d->irq_type] : "?");
	if (d->irq_type == PCI_IRQ_LEGACY)
		kprintf(" (GSI %d, %s, active %s)", p->intx_gsi,
			p->intx_level ? "level" : "edge", p->intx_active_low ? "low" : "high");
	if (d->nr_irq_vectors) {
		kprintf(", vectors");
		for (i = 0; i < d->nr_irq_vectors; i++)
			kprintf(" %d%s", d->irq_vectors[i],
				p->irq_requested & BIT(i) ? "" : "(no handler)");
	}
	kprintf("\n");
}

static void lspci_verbose(const struct pci_dev *d)
{
	const struct pci_dev_priv *p = to_pci_priv(d);
	u16 cmd = pci_read_config_word(d, PCI_COMMAND);
	char bar[80];
	int i;

	if (p->hdr_type == PCI_HEADER_TYPE_NORMAL)
		kprintf("\tSubsystem: %04x:%04x\n", d->subsystem_vendor, d->subsystem_device);
	if (p->hdr_type == PCI_HEADER_TYPE_BRIDGE)
		kprintf("\tBus: secondary=%02x, subordinate=%02x\n", p->secondary, p->subordinate);
	kprintf("\tControl: I/O%c Mem%c BusMaster%c DisINTx%c\n", sign(cmd & PCI_COMMAND_IO),
		sign(cmd & PCI_COMMAND_MEMORY), sign(cmd & PCI_COMMAND_MASTER),
		sign(cmd & PCI_COMMAND_INTX_DISABLE));
	lspci_irq(d);
	for (i = 0; i < PCI_NUM_BARS; i++)
		if (pci_bar_format(bar, sizeof(bar), i, &d->bar[i]))
			kprintf("\t%s\n", bar);
	lspci_caps(d);
	if (d->driver)
		kprintf("\tKernel driver in use: %s\n", d->driver->name);
	kprintf("\n");
}

static int cmd_lspci(int argc, char **argv)
{
	bool verbose = argc == 2 && !strcmp(argv[1], "-v");
	struct pci_dev *d;

	if (argc > 2 || (argc == 2 && !verbose)) {
		kprintf("usage: lspci [-v]\n");
		return -EINVAL;
	}
	list_for_each_entry(d, &pci_devices, list) {
		kprintf("%s %s [%04x]: %04x:%04x", d->name, pci_class_name(d->class),
			d->class >> 8, d->vendor, d->device);
		if (d->revision)
			kprintf(" (rev %02x)", d->revision);
		kprintf("\n");
		if (verbose)
			lspci_verbose(d);
	}
	if (pci_nr_dropped())
		kprintf("(%d more functions over the table cap of %d: see the boot log)\n",
			pci_nr_dropped(), PCI_MAX_DEVICES);
	return 0;
}
SHELL_COMMAND(lspci, "lspci", cmd_lspci,
	      "list PCI functions; -v adds BARs, interrupts, capabilities");

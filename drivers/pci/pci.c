/* PCI device operations for drivers: capabilities, decoding and bus
 * mastering in COMMAND, BAR mapping, device lookup, and pci_init().
 * No power management (devices are assumed in D0, as firmware leaves
 * them) and no resource assignment (BARs stay where firmware put them). */
#include "drivers/pci/pci_internal.h"
#include "arch/x86_64/paging.h"
#include "kernel/printk.h"

u8 pci_find_capability(const struct pci_dev *d, u8 cap_id)
{
	return pci_find_cap_in(pci_dev_read8, d, cap_id);
}

static void pci_command_update(struct pci_dev *d, u16 clear, u16 set)
{
	u16 old = pci_read_config_word(d, PCI_COMMAND);
	u16 cmd = (old & ~clear) | set;

	if (cmd != old)
		pci_write_config_word(d, PCI_COMMAND, cmd);
}

/* Decode only the address spaces the function has BARs in (Linux's
 * pci_enable_resources). */
int pci_enable_device(struct pci_dev *d)
{
	u16 set = 0;
	int i;

	for (i = 0; i < PCI_NUM_BARS; i++) {
		if (!d->bar[i].size)
			continue;
		set |= d->bar[i].io ? PCI_COMMAND_IO : PCI_COMMAND_MEMORY;
		if (!d->bar[i].addr)
			pr_warn("pci %s: BAR%d was not assigned by firmware\n", d->name, i);
	}
	pci_command_update(d, 0, set);
	to_pci_priv(d)->enabled = true;
	return 0;
}

void pci_disable_device(struct pci_dev *d)
{
	pci_command_update(d, PCI_COMMAND_IO | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER, 0);
	to_pci_priv(d)->enabled = false;
}

void pci_set_master(struct pci_dev *d)
{
	pci_command_update(d, 0, PCI_COMMAND_MASTER);
}

void pci_clear_master(struct pci_dev *d)
{
	pci_command_update(d, PCI_COMMAND_MASTER, 0);
}

void *pci_iomap(struct pci_dev *d, int bar, u64 maxlen)
{
	const struct pci_bar *b;
	u64 len;

	if (bar < 0 || bar >= PCI_NUM_BARS)
		return NULL;
	b = &d->bar[bar];
	if (!b->size || b->io || !b->addr)
		return NULL;
	len = maxlen && maxlen < b->size ? maxlen : b->size;
	return ioremap(b->addr, len);
}

struct pci_dev *pci_get_device(u16 vendor, u16 device, struct pci_dev *from)
{
	struct pci_dev *d;

	d = from ? list_next_entry(from, list) :
		   list_first_entry(&pci_devices, struct pci_dev, list);
	for (; !list_entry_is_head(d, &pci_devices, list); d = list_next_entry(d, list)) {
		if ((vendor == PCI_ANY_ID || d->vendor == vendor) &&
		    (device == PCI_ANY_ID || d->device == device))
			return d;
	}
	return NULL;
}

void pci_init(void)
{
	static bool done;

	if (done)
		return;
	done = true;
	if (!pci_config_init())
		return;
	pci_scan_root_buses();
	pci_probe_registered_drivers();
}

/* MSI-X and MSI: program the message (physical destination = this CPU's
 * local APIC, fixed delivery, edge) for vectors from irq_alloc_vector().
 * Vectors start masked at the device and are unmasked when a handler is
 * attached (pci_request_irq). MSI uses one message: multiple-message MSI
 * needs aligned vector blocks, which napkin does not allocate.
 * [PCI 3.0 6.8.1 MSI, 6.8.2 MSI-X; Intel SDM Vol.3 10.11] */
#include "drivers/pci/pci_internal.h"
#include "arch/x86_64/apic.h"
#include "arch/x86_64/io.h"
#include "arch/x86_64/paging.h"
#include "kernel/printk.h"
#include "lib/errno.h"

static void pci_free_vectors(struct pci_dev *d)
{
	int i;

	for (i = 0; i < d->nr_irq_vectors; i++)
		irq_free_vector(d->irq_vectors[i]);
	d->nr_irq_vectors = 0;
}

static int pci_alloc_vectors(struct pci_dev *d, int nvec)
{
	int i;

	d->nr_irq_vectors = 0;
	for (i = 0; i < nvec; i++) {
		int v = irq_alloc_vector();

		if (v < 0) {
			pci_free_vectors(d);
			return v;
		}
		d->irq_vectors[i] = v;
		d->nr_irq_vectors = i + 1;
	}
	return 0;
}

/* The MSI-X table must lie inside a memory BAR firmware assigned. */
static volatile u8 *msix_map_table(struct pci_dev *d, u16 nr_entries)
{
	u32 table = pci_read_config_dword(d, d->msix_cap + PCI_MSIX_TABLE);
	u32 bir = table & PCI_MSIX_TABLE_BIR, off = table & PCI_MSIX_TABLE_OFFSET;
	u64 len = (u64)nr_entries * PCI_MSIX_ENTRY_SIZE;
	const struct pci_bar *bar;

	if (bir >= PCI_NUM_BARS)
		return NULL;
	bar = &d->bar[bir];
	if (!bar->size || bar->io || !bar->addr || off + len > bar->size) {
		pr_err("pci %s: MSI-X table (BAR%u + %#x, %u entries) is outside the BAR\n",
		       d->name, bir, off, nr_entries);
		return NULL;
	}
	return ioremap(bar->addr + off, len);
}

static void msix_write_ctrl(volatile u8 *entry, bool masked)
{
	u32 ctrl = readl(entry + PCI_MSIX_ENTRY_VECTOR_CTRL);

	ctrl = masked ? ctrl | PCI_MSIX_ENTRY_CTRL_MASKBIT : ctrl & ~PCI_MSIX_ENTRY_CTRL_MASKBIT;
	writel(ctrl, entry + PCI_MSIX_ENTRY_VECTOR_CTRL);
	(void)readl(entry + PCI_MSIX_ENTRY_VECTOR_CTRL);	/* flush the posted write */
}

static int msix_program(struct pci_dev *d, volatile u8 *table, u16 size)
{
	struct msi_msg msg;
	int i, err;

	for (i = 0; i < size; i++)
		msix_write_ctrl(table + i * PCI_MSIX_ENTRY_SIZE, true);
	for (i = 0; i < d->nr_irq_vectors; i++) {
		volatile u8 *e = table + i * PCI_MSIX_ENTRY_SIZE;

		err = msi_compose_msg(lapic_id(), d->irq_vectors[i], &msg);
		if (err)
			return err;
		writel(msg.address_lo, e + PCI_MSIX_ENTRY_LOWER_ADDR);
		writel(msg.address_hi, e + PCI_MSIX_ENTRY_UPPER_ADDR);
		writel(msg.data, e + PCI_MSIX_ENTRY_DATA);
	}
	return 0;
}

int pci_msix_setup(struct pci_dev *d, int nvec)
{
	struct pci_dev_priv *p = to_pci_priv(d);
	u16 ctrl = pci_read_config_word(d, d->msix_cap + PCI_MSIX_FLAGS);
	u16 size = (ctrl & PCI_MSIX_FLAGS_QSIZE) + 1;
	volatile u8 *table;
	int err;

	if (nvec > size)
		return -ENOSPC;
	table = msix_map_table(d, size);
	if (!table)
		return -EIO;
	err = pci_alloc_vectors(d, nvec);
	if (err)
		return err;
	/* The table is reachable only with memory decoding on; the function
	 * mask keeps every entry quiet while it is written (Linux's order). */
	pci_write_config_word(d, PCI_COMMAND,
			      pci_read_config_word(d, PCI_COMMAND) | PCI_COMMAND_MEMORY);
	pci_write_config_word(d, d->msix_cap + PCI_MSIX_FLAGS,
			      ctrl | PCI_MSIX_FLAGS_ENABLE | PCI_MSIX_FLAGS_MASKALL);
	err = msix_program(d, table, size);
	if (err) {
		pci_write_config_word(d, d->msix_cap + PCI_MSIX_FLAGS, ctrl & ~PCI_MSIX_FLAGS_ENABLE);
		pci_free_vectors(d);
		return err;
	}
	pci_intx(d, false);
	pci_write_config_word(d, d->msix_cap + PCI_MSIX_FLAGS,
			      (ctrl | PCI_MSIX_FLAGS_ENABLE) & ~PCI_MSIX_FLAGS_MASKALL);
	p->msix_table = table;
	p->msix_table_size = size;
	d->irq_type = PCI_IRQ_MSIX;
	return 0;
}

void pci_msix_teardown(struct pci_dev *d)
{
	struct pci_dev_priv *p = to_pci_priv(d);
	u16 ctrl = pci_read_config_word(d, d->msix_cap + PCI_MSIX_FLAGS);
	int i;

	for (i = 0; i < d->nr_irq_vectors; i++)
		msix_write_ctrl(p->msix_table + i * PCI_MSIX_ENTRY_SIZE, true);
	pci_write_config_word(d, d->msix_cap + PCI_MSIX_FLAGS,
			      ctrl & ~(PCI_MSIX_FLAGS_ENABLE | PCI_MSIX_FLAGS_MASKALL));
	pci_free_vectors(d);
	p->msix_table = NULL;
	d->irq_type = PCI_IRQ_NONE;
}

int pci_msi_setup(struct pci_dev *d)
{
	u16 flags = pci_read_config_word(d, d->msi_cap + PCI_MSI_FLAGS);
	struct msi_msg msg;
	int err;

	err = pci_alloc_vectors(d, 1);
	if (err)
		return err;
	err = msi_compose_msg(lapic_id(), d->irq_vectors[0], &msg);
	if (err) {
		pci_free_vectors(d);
		return err;
	}
	pci_write_config_dword(d, d->msi_cap + PCI_MSI_ADDRESS_LO, msg.address_lo);
	if (flags & PCI_MSI_FLAGS_64BIT)
		pci_write_config_dword(d, d->msi_cap + PCI_MSI_ADDRESS_HI, msg.address_hi);
	pci_write_config_word(d, d->msi_cap + pci_msi_data_offset(flags), msg.data);
	if (flags & PCI_MSI_FLAGS_MASKBIT)
		pci_write_config_dword(d, d->msi_cap + pci_msi_mask_offset(flags), 1);
	pci_intx(d, false);
	/* Multiple Message Enable 0: one vector. */
	flags = (flags & ~PCI_MSI_FLAGS_QSIZE) | PCI_MSI_FLAGS_ENABLE;
	pci_write_config_word(d, d->msi_cap + PCI_MSI_FLAGS, flags);
	d->irq_type = PCI_IRQ_MSI;
	return 0;
}

void pci_msi_teardown(struct pci_dev *d)
{
	u16 flags = pci_read_config_word(d, d->msi_cap + PCI_MSI_FLAGS);

	pci_write_config_word(d, d->msi_cap + PCI_MSI_FLAGS, flags & ~PCI_MSI_FLAGS_ENABLE);
	if (flags & PCI_MSI_FLAGS_MASKBIT)
		pci_write_config_dword(d, d->msi_cap + pci_msi_mask_offset(flags), 1);
	pci_free_vectors(d);
	d->irq_type = PCI_IRQ_NONE;
}

/* Without per-vector masking, MSI stays live: the driver masks its own
 * interrupt sources, as on Linux. */
void pci_msi_set_masked(struct pci_dev *d, int nr, bool masked)
{
	struct pci_dev_priv *p = to_pci_priv(d);
	u16 flags, off;
	u32 bits;

	if (d->irq_type == PCI_IRQ_MSIX) {
		msix_write_ctrl(p->msix_table + nr * PCI_MSIX_ENTRY_SIZE, masked);
		return;
	}
	if (d->irq_type != PCI_IRQ_MSI)
		return;
	flags = pci_read_config_word(d, d->msi_cap + PCI_MSI_FLAGS);
	if (!(flags & PCI_MSI_FLAGS_MASKBIT))
		return;
	off = d->msi_cap + pci_msi_mask_offset(flags);
	bits = pci_read_config_dword(d, off);
	bits = masked ? bits | BIT(nr) : bits & ~BIT(nr);
	pci_write_config_dword(d, off, bits);
}

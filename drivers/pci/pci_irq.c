/* PCI interrupt allocation for drivers (MSI-X, else MSI, else INTx) and
 * legacy INTx routing: the firmware's Interrupt Line is an ISA IRQ, taken
 * to an IOAPIC input through the MADT overrides; the line is shared and
 * level-triggered, so it is unmasked only while a handler is attached.
 * [PCI 3.0 2.2.6 INTx, 6.2.4 Interrupt Line; ACPI 6.5 5.2.12.5] */
#include "drivers/pci/pci_internal.h"
#include "drivers/acpi/acpi.h"
#include "arch/x86_64/apic.h"
#include "kernel/printk.h"
#include "kernel/spinlock.h"
#include "lib/errno.h"

#define ISA_NR_IRQS		16

static int gsi_users[IRQ_NR_GSI];	/* INTx handlers attached per GSI */
static DEFINE_SPINLOCK(pci_irq_lock);

void pci_intx(struct pci_dev *d, bool enable)
{
	u16 cmd = pci_read_config_word(d, PCI_COMMAND);
	u16 want = enable ? cmd & ~PCI_COMMAND_INTX_DISABLE : cmd | PCI_COMMAND_INTX_DISABLE;

	if (want != cmd)
		pci_write_config_word(d, PCI_COMMAND, want);
}

/* An override with explicit flags is the board's word; where it says
 * "conforms" or is absent, PCI's own default applies: level, active low. */
static void pci_intx_polarity(u8 isa_irq, bool *level, bool *active_low)
{
	const struct acpi_madt_info *m = acpi_get_madt();
	u16 flags = 0;
	u32 i;

	for (i = 0; i < m->nr_overrides; i++)
		if (m->overrides[i].bus == 0 && m->overrides[i].source_irq == isa_irq)
			flags = m->overrides[i].flags;
	if ((flags & ACPI_MADT_TRIGGER_MASK) == ACPI_MADT_TRIGGER_CONFORMS)
		*level = true;
	if ((flags & ACPI_MADT_POLARITY_MASK) == ACPI_MADT_POLARITY_CONFORMS)
		*active_low = true;
}

int pci_intx_setup(struct pci_dev *d)
{
	struct pci_dev_priv *p = to_pci_priv(d);
	bool level, active_low;
	u32 gsi;

	if (!d->irq_line || d->irq_line >= ISA_NR_IRQS) {
		pr_warn("pci %s: no usable Interrupt Line (%u) from firmware: no INTx\n",
			d->name, d->irq_line);
		return -ENODEV;
	}
	gsi = irq_isa_to_gsi(d->irq_line, &level, &active_low);
	pci_intx_polarity(d->irq_line, &level, &active_low);
	if (gsi >= IRQ_NR_GSI) {
		pr_warn("pci %s: INTx on GSI %u, beyond napkin's %d IOAPIC vectors\n",
			d->name, gsi, IRQ_NR_GSI);
		return -ERANGE;
	}
	p->intx_gsi = gsi;
	p->intx_level = level;
	p->intx_active_low = active_low;
	d->irq_vectors[0] = IRQ_GSI_BASE + gsi;
	d->nr_irq_vectors = 1;
	d->irq_type = PCI_IRQ_LEGACY;
	return 0;
}

void pci_intx_teardown(struct pci_dev *d)
{
	pci_intx(d, false);
	to_pci_priv(d)->intx_gsi = -1;
	d->nr_irq_vectors = 0;
	d->irq_type = PCI_IRQ_NONE;
}

/* The first handler on a GSI unmasks it, the last masks it again. */
static int intx_gsi_get(struct pci_dev_priv *p)
{
	unsigned long flags;
	int err = 0;

	spin_lock_irqsave(&pci_irq_lock, flags);
	if (gsi_users[p->intx_gsi] == 0)
		err = irq_setup_gsi(p->intx_gsi, p->intx_level, p->intx_active_low);
	if (!err)
		gsi_users[p->intx_gsi]++;
	spin_unlock_irqrestore(&pci_irq_lock, flags);
	return err;
}

static void intx_gsi_put(struct pci_dev_priv *p)
{
	unsigned long flags;

	spin_lock_irqsave(&pci_irq_lock, flags);
	if (gsi_users[p->intx_gsi] > 0 && --gsi_users[p->intx_gsi] == 0)
		irq_mask_gsi(p->intx_gsi);
	spin_unlock_irqrestore(&pci_irq_lock, flags);
}

int pci_alloc_irq_vectors(struct pci_dev *d, int min_vecs, int max_vecs,
			  unsigned int flags)
{
	int n, err;

	if (min_vecs < 1 || max_vecs < min_vecs)
		return -EINVAL;
	if (d->irq_type != PCI_IRQ_NONE)
		return -EBUSY;
	max_vecs = min(max_vecs, PCI_MAX_IRQ_VECTORS);
	if ((flags & PCI_IRQ_MSIX) && d->msix_cap) {
		u16 ctrl = pci_read_config_word(d, d->msix_cap + PCI_MSIX_FLAGS);

		n = min(max_vecs, (ctrl & PCI_MSIX_FLAGS_QSIZE) + 1);
		if (n >= min_vecs) {
			err = pci_msix_setup(d, n);
			if (!err)
				return n;
			pr_warn("pci %s: MSI-X setup failed: %d\n", d->name, err);
		}
	}
	if (min_vecs > 1)
		return -ENOSPC;
	if ((flags & PCI_IRQ_MSI) && d->msi_cap) {
		err = pci_msi_setup(d);
		if (!err)
			return 1;
		pr_warn("pci %s: MSI setup failed: %d\n", d->name, err);
	}
	if ((flags & PCI_IRQ_LEGACY) && d->irq_pin && !pci_intx_setup(d))
		return 1;
	return -ENOSPC;
}

int pci_irq_vector(const struct pci_dev *d, int nr)
{
	if (nr < 0 || nr >= d->nr_irq_vectors)
		return -EINVAL;
	return d->irq_vectors[nr];
}

static const char *pci_irq_chip(const struct pci_dev *d)
{
	switch (d->irq_type) {
	case PCI_IRQ_MSIX:
		return "PCI-MSIX";
	case PCI_IRQ_MSI:
		return "PCI-MSI";
	default:
		return "IO-APIC";
	}
}

int pci_request_irq(struct pci_dev *d, int nr, irq_handler_t handler,
		    void *ctx, const char *name)
{
	struct pci_dev_priv *p = to_pci_priv(d);
	int vector = pci_irq_vector(d, nr), err;

	if (vector < 0)
		return vector;
	if (p->irq_requested & BIT(nr))
		return -EBUSY;
	err = request_irq(vector, handler, ctx, name, pci_irq_chip(d));
	if (err)
		return err;
	if (d->irq_type == PCI_IRQ_LEGACY) {
		err = intx_gsi_get(p);
		if (err) {
			free_irq(vector, ctx);
			return err;
		}
		pci_intx(d, true);
	} else {
		pci_msi_set_masked(d, nr, false);
	}
	p->irq_requested |= BIT(nr);
	p->irq_ctx[nr] = ctx;
	return 0;
}

void pci_free_irq(struct pci_dev *d, int nr, void *ctx)
{
	struct pci_dev_priv *p = to_pci_priv(d);
	int vector = pci_irq_vector(d, nr);

	if (vector < 0 || !(p->irq_requested & BIT(nr)))
		return;
	if (d->irq_type == PCI_IRQ_LEGACY)
		pci_intx(d, false);
	else
		pci_msi_set_masked(d, nr, true);
	free_irq(vector, ctx);
	if (d->irq_type == PCI_IRQ_LEGACY)
		intx_gsi_put(p);
	p->irq_requested &= ~BIT(nr);
}

void pci_free_irq_vectors(struct pci_dev *d)
{
	struct pci_dev_priv *p = to_pci_priv(d);
	int nr;

	for (nr = 0; nr < d->nr_irq_vectors; nr++) {
		if (!(p->irq_requested & BIT(nr)))
			continue;
		pr_warn("pci %s: vector %d still has a handler; freeing it\n", d->name, nr);
		pci_free_irq(d, nr, p->irq_ctx[nr]);
	}
	switch (d->irq_type) {
	case PCI_IRQ_MSIX:
		pci_msix_teardown(d);
		break;
	case PCI_IRQ_MSI:
		pci_msi_teardown(d);
		break;
	case PCI_IRQ_LEGACY:
		pci_intx_teardown(d);
		break;
	default:
		break;
	}
}

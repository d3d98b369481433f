/* What the files of drivers/pci share and nobody else uses: the private
 * per-function state around struct pci_dev, raw config access by address,
 * the device list, and the interrupt setup steps. Kernel-only. */
#ifndef DRIVERS_PCI_PCI_INTERNAL_H
#define DRIVERS_PCI_PCI_INTERNAL_H

#include "drivers/pci/pci.h"
#include "drivers/pci/pci_parse.h"

#define PCI_MAX_BRIDGE_DEPTH	8	/* bridges below bridges we follow */

struct pci_dev_priv {
	struct pci_dev dev;
	u8 hdr_type;			/* without the multi-function bit */
	u8 secondary, subordinate;	/* bus range of a bridge */
	bool enabled;			/* pci_enable_device() done */

	/* interrupt state, see pci_irq.c and msi.c */
	volatile u8 *msix_table;	/* mapped MSI-X table while in use */
	u16 msix_table_size;		/* entries the device has */
	int intx_gsi;			/* IOAPIC input of INTx; -1 none */
	bool intx_level, intx_active_low;
	u32 irq_requested;		/* bit nr: a handler is attached */
	void *irq_ctx[PCI_MAX_IRQ_VECTORS];	/* its context, for cleanup */
};

static inline struct pci_dev_priv *to_pci_priv(const struct pci_dev *d)
{
	return container_of((struct pci_dev *)d, struct pci_dev_priv, dev);
}

/* ---- access.c ---- */

/* Pick ECAM windows from the MCFG, else probe ports 0xCF8/0xCFC. Returns
 * false if there is no way to reach config space. */
bool pci_config_init(void);
/* Config access by address; size 1, 2 or 4 and off aligned to it. Reads
 * of what cannot be reached (bus outside every window, off >= 256 through
 * the ports, a misaligned off) return all-ones; such writes are dropped. */
u32 pci_raw_read(u16 seg, u8 bus, u8 devfn, u16 off, int size);
void pci_raw_write(u16 seg, u8 bus, u8 devfn, u16 off, int size, u32 val);
/* Config space size reachable for this bus: 4096 via ECAM, else 256. */
u16 pci_cfg_size(u16 seg, u8 bus);
/* Root buses to scan: one per segment (its first bus). */
int pci_root_bus_count(void);
void pci_root_bus(int i, u16 *seg, u8 *bus);

/* ---- probe.c ---- */

extern struct list_head pci_devices;	/* kept functions, in scan order */
void pci_scan_root_buses(void);
int pci_nr_dropped(void);		/* functions seen beyond the cap */
/* pci_read8_fn over a device, for the capability walker. */
u8 pci_dev_read8(const void *d, u16 off);

/* ---- pci-driver.c ---- */

void pci_probe_registered_drivers(void);	/* after enumeration */

/* ---- msi.c ---- */

int pci_msix_setup(struct pci_dev *d, int nvec);
int pci_msi_setup(struct pci_dev *d);
void pci_msix_teardown(struct pci_dev *d);
void pci_msi_teardown(struct pci_dev *d);
/* Mask or unmask vector nr at the device (MSI-X entry, MSI mask bit). */
void pci_msi_set_masked(struct pci_dev *d, int nr, bool masked);

/* ---- pci_irq.c ---- */

int pci_intx_setup(struct pci_dev *d);
void pci_intx_teardown(struct pci_dev *d);
void pci_intx(struct pci_dev *d, bool enable);	/* Linux's name */

#endif /* DRIVERS_PCI_PCI_INTERNAL_H */

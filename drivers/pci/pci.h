/* PCI: enumeration (ECAM from MCFG, else ports 0xCF8/0xCFC), config space
 * access, BARs, bus mastering, interrupts (MSI-X, MSI, INTx through the
 * IOAPIC) and a small driver model (ID tables, probe/remove).
 * [PCI Local Bus 3.0 ch. 6 config space; PCIe 4.0 7.2.2 ECAM; 6.8 MSI/MSI-X] */
#ifndef DRIVERS_PCI_PCI_H
#define DRIVERS_PCI_PCI_H

#include "lib/types.h"
#include "lib/list.h"
#include "kernel/irq.h"

#define PCI_ANY_ID		0xffffu
#define PCI_MAX_DEVICES		64	/* table cap: extra functions are listed, not kept */
#define PCI_NUM_BARS		6
#define PCI_MAX_IRQ_VECTORS	8

/* Config space offsets and bits used outside drivers/pci. */
#define PCI_VENDOR_ID		0x00
#define PCI_DEVICE_ID		0x02
#define PCI_COMMAND		0x04
#define  PCI_COMMAND_IO		0x0001
#define  PCI_COMMAND_MEMORY	0x0002
#define  PCI_COMMAND_MASTER	0x0004
#define  PCI_COMMAND_INTX_DISABLE 0x0400
#define PCI_STATUS		0x06
#define PCI_REVISION_ID		0x08
#define PCI_CLASS_PROG		0x09
#define PCI_HEADER_TYPE		0x0e
#define PCI_BASE_ADDRESS_0	0x10
#define PCI_SUBSYSTEM_VENDOR_ID	0x2c
#define PCI_SUBSYSTEM_ID	0x2e
#define PCI_CAPABILITY_LIST	0x34
#define PCI_INTERRUPT_LINE	0x3c
#define PCI_INTERRUPT_PIN	0x3d

#define PCI_CAP_ID_PM		0x01
#define PCI_CAP_ID_MSI		0x05
#define PCI_CAP_ID_EXP		0x10
#define PCI_CAP_ID_MSIX		0x11

struct pci_bar {
	u64 addr;		/* bus (= physical) address; 0 if unimplemented */
	u64 size;
	bool io;		/* I/O port BAR */
	bool is64;
	bool prefetch;
};

enum pci_irq_type {
	PCI_IRQ_NONE = 0,
	PCI_IRQ_LEGACY = 1,	/* INTx via the IOAPIC (shared, level) */
	PCI_IRQ_MSI = 2,
	PCI_IRQ_MSIX = 4,
};
#define PCI_IRQ_ALL_TYPES	(PCI_IRQ_LEGACY | PCI_IRQ_MSI | PCI_IRQ_MSIX)

struct pci_driver;

struct pci_dev {
	u16 segment;
	u8 bus, devfn;		/* devfn = dev << 3 | fn */
	u16 vendor, device;
	u16 subsystem_vendor, subsystem_device;
	u8 revision;
	u32 class;		/* class << 16 | subclass << 8 | prog_if */
	u8 irq_line, irq_pin;	/* firmware's Interrupt Line, INTA#=1 */
	u8 msi_cap, msix_cap, pcie_cap;	/* capability offsets, 0 = absent */
	struct pci_bar bar[PCI_NUM_BARS];
	char name[16];		/* "0000:00:03.0" */

	enum pci_irq_type irq_type;
	int nr_irq_vectors;
	int irq_vectors[PCI_MAX_IRQ_VECTORS];	/* CPU vectors */

	const struct pci_driver *driver;
	void *driver_data;
	struct list_head list;
};

struct pci_device_id {
	u16 vendor, device;
	unsigned long driver_data;	/* e.g. a chip type for per-chip differences */
};

struct pci_driver {
	const char *name;
	const struct pci_device_id *id_table;	/* ends with a zero vendor */
	int (*probe)(struct pci_dev *pdev, const struct pci_device_id *id);
	void (*remove)(struct pci_dev *pdev);
	struct list_head list;
};

void pci_init(void);			/* enumerate and print every function */
/* Probe every matching device now and every one found later; 0 or -errno. */
int pci_register_driver(struct pci_driver *drv);
void pci_unregister_driver(struct pci_driver *drv);

u8 pci_read_config_byte(const struct pci_dev *d, u16 off);
u16 pci_read_config_word(const struct pci_dev *d, u16 off);
u32 pci_read_config_dword(const struct pci_dev *d, u16 off);
void pci_write_config_byte(const struct pci_dev *d, u16 off, u8 v);
void pci_write_config_word(const struct pci_dev *d, u16 off, u16 v);
void pci_write_config_dword(const struct pci_dev *d, u16 off, u32 v);
u8 pci_find_capability(const struct pci_dev *d, u8 cap_id);

int pci_enable_device(struct pci_dev *d);	/* memory + I/O decoding on */
void pci_disable_device(struct pci_dev *d);
void pci_set_master(struct pci_dev *d);
void pci_clear_master(struct pci_dev *d);
/* Map BAR bar (MMIO) uncached; maxlen 0 = whole BAR. NULL if not MMIO. */
void *pci_iomap(struct pci_dev *d, int bar, u64 maxlen);

/*
 * Allocate between min_vecs and max_vecs interrupt vectors, trying the types
 * in flags in the order MSI-X, MSI, INTx. Returns the number allocated or
 * -errno; d->irq_type tells which type was chosen. INTx gives one shared
 * vector. pci_request_irq attaches handler to vector nr (0-based).
 */
int pci_alloc_irq_vectors(struct pci_dev *d, int min_vecs, int max_vecs,
			  unsigned int flags);
void pci_free_irq_vectors(struct pci_dev *d);
int pci_irq_vector(const struct pci_dev *d, int nr);
int pci_request_irq(struct pci_dev *d, int nr, irq_handler_t handler,
		    void *ctx, const char *name);
void pci_free_irq(struct pci_dev *d, int nr, void *ctx);

/* ---- additions by the PCI driver ---- */

static inline const char *pci_name(const struct pci_dev *d)
{
	return d->name;
}

/* The next kept function after from (NULL: the first) whose vendor and
 * device match (PCI_ANY_ID: any); NULL after the last. Devices live
 * forever, so there is no reference to drop. */
struct pci_dev *pci_get_device(u16 vendor, u16 device, struct pci_dev *from);

/*
 * Contracts of the functions above, in detail:
 * - Config accessors take any offset: what cannot be reached (>= 256
 *   without ECAM, >= 4096, misaligned for the size) reads all-ones and
 *   drops writes. Safe in any context once pci_init() has run.
 * - pci_init() must run after acpi_init(), apic_init(), paging and slab;
 *   it prints every function and probes drivers registered before it.
 *   Functions beyond PCI_MAX_DEVICES are printed but not kept. A second
 *   call does nothing.
 * - Functions other than bridges (class 06) start with INTx disabled
 *   (COMMAND.INTX_DISABLE), so a device without a driver cannot hold a
 *   shared line asserted.
 * - pci_alloc_irq_vectors(): vectors start masked at the device.
 *   pci_request_irq() attaches the handler, then unmasks: the MSI-X entry,
 *   the MSI mask bit (if the function has per-vector masking; otherwise
 *   MSI is live from allocation), or for INTx clears INTX_DISABLE and
 *   unmasks the IOAPIC input when its first handler arrives.
 *   pci_free_irq() masks again. Call pci_enable_device() first, and
 *   pci_set_master(): an MSI is a memory write by the device, dropped
 *   without bus mastering (QEMU drops it too). Shared
 *   INTx handlers must return IRQ_NONE when their device did not
 *   interrupt. MSI/MSI-X messages target the CPU that allocated them.
 * - Probe and remove run in thread context without PCI locks held.
 *
 * Not supported:
 * - MSI with more than one message (needs aligned vector blocks): MSI
 *   gives one vector; ask for MSI-X to get several.
 * - INTx where the Interrupt Line (an ISA IRQ under the PIC routing the
 *   firmware set up) does not also reach the IOAPIC input of that number.
 *   QEMU's PIIX (-machine pc) and ICH9 (q35) models drive both the PIC
 *   input and the same-numbered IOAPIC input (ICH9 additionally drives
 *   GSI 16+PIRQ), so INTx works there with SeaBIOS and OVMF. Real boards
 *   describe APIC-mode PCI routing in ACPI _PRT (on Intel ICH/PCH usually
 *   GSI 16-23), which needs an AML interpreter napkin does not have: there
 *   INTx is not guaranteed; use MSI/MSI-X (every PCIe function has MSI).
 *   GSIs at or above IRQ_NR_GSI are refused (-ERANGE).
 * - Hotplug, power management (functions are assumed in D0), BAR and
 *   bus-number assignment (firmware's are used as they are), expansion
 *   ROMs, extended capabilities (AER, SR-IOV), peer root buses on one
 *   segment (known only from ACPI _CRS), x2APIC ids above 255 for MSI.
 */

#endif /* DRIVERS_PCI_PCI_H */

/* The pure half of the PCI driver: register layouts, BAR decoding, the
 * capability-list walk, ID-table matching, MSI message composition and
 * names for printing. Reads only what it is given (no port or MMIO
 * access), so tests/unit/test_pci.c runs it on the host over fake
 * config-space arrays. [PCI Local Bus 3.0 6.1-6.8; PCIe 4.0 7.5, 7.7] */
#ifndef DRIVERS_PCI_PCI_PARSE_H
#define DRIVERS_PCI_PCI_PARSE_H

#include "drivers/pci/pci.h"

#define PCI_CFG_SPACE_SIZE	256	/* conventional; ports reach only this */
#define PCI_CFG_SPACE_EXP_SIZE	4096	/* PCIe extended, through ECAM */
#define PCI_MAX_BUS		256
#define PCI_MAX_SLOT		32
#define PCI_MAX_FUNC		8
#define PCI_DEVFN(slot, fn)	((u8)(((slot) << 3) | (fn)))
#define PCI_SLOT(devfn)		(((devfn) >> 3) & 0x1f)
#define PCI_FUNC(devfn)		((devfn) & 0x07)

/* Header [PCI 3.0 6.2] */
#define  PCI_STATUS_CAP_LIST	0x0010	/* capability list present */
#define PCI_CLASS_REVISION	0x08	/* revision:8, prog-if:8, class:16 */
#define  PCI_HEADER_TYPE_MASK	0x7f
#define  PCI_HEADER_TYPE_NORMAL	0
#define  PCI_HEADER_TYPE_BRIDGE	1
#define  PCI_HEADER_TYPE_CARDBUS 2
#define  PCI_HEADER_TYPE_MFD	0x80	/* multi-function device */
#define PCI_CB_CAPABILITY_LIST	0x14	/* CardBus bridges keep it here */
#define PCI_NUM_BARS_BRIDGE	2
#define PCI_PRIMARY_BUS		0x18	/* type 1 header: bus numbers */
#define PCI_SECONDARY_BUS	0x19
#define PCI_SUBORDINATE_BUS	0x1a
#define PCI_BASE_CLASS_BRIDGE	0x06
#define PCI_CLASS_BRIDGE_HOST	0x0600	/* class:subclass of a host bridge */
#define PCI_INTERRUPT_LINE_UNKNOWN 0xff
#define PCI_VENDOR_ID_NONE	0xffff	/* what an absent function reads */

/* BARs [PCI 3.0 6.2.5.1] */
#define  PCI_BASE_ADDRESS_SPACE_IO	0x01
#define  PCI_BASE_ADDRESS_MEM_TYPE_MASK	0x06
#define  PCI_BASE_ADDRESS_MEM_TYPE_32	0x00
#define  PCI_BASE_ADDRESS_MEM_TYPE_1M	0x02	/* legacy: below 1 MiB */
#define  PCI_BASE_ADDRESS_MEM_TYPE_64	0x04
#define  PCI_BASE_ADDRESS_MEM_PREFETCH	0x08
#define  PCI_BASE_ADDRESS_MEM_MASK	(~0x0fU)
#define  PCI_BASE_ADDRESS_IO_MASK	(~0x03U)

/* Capability list [PCI 3.0 6.7]: a pointer's low two bits are reserved
 * and masked; capabilities live above the 64-byte header. */
#define PCI_CAP_LIST_ID		0
#define PCI_CAP_LIST_NEXT	1
#define PCI_CAP_MIN_OFFSET	0x40
#define PCI_FIND_CAP_TTL	48	/* (256 - 64) / 4: no honest list is longer */
#define PCI_CAP_ID_VPD		0x03
#define PCI_CAP_ID_VNDR		0x09
#define PCI_CAP_ID_SSVID	0x0d
#define PCI_CAP_ID_AF		0x13

/* MSI capability [PCI 3.0 6.8.1] */
#define PCI_MSI_FLAGS		2
#define  PCI_MSI_FLAGS_ENABLE	0x0001
#define  PCI_MSI_FLAGS_QMASK	0x000e	/* multiple message capable */
#define  PCI_MSI_FLAGS_QSIZE	0x0070	/* multiple message enable */
#define  PCI_MSI_FLAGS_64BIT	0x0080
#define  PCI_MSI_FLAGS_MASKBIT	0x0100	/* per-vector masking */
#define PCI_MSI_ADDRESS_LO	4
#define PCI_MSI_ADDRESS_HI	8	/* 64-bit variant only */
#define PCI_MSI_DATA_32		8
#define PCI_MSI_DATA_64		12
#define PCI_MSI_MASK_32		12
#define PCI_MSI_MASK_64		16

/* MSI-X capability and table [PCI 3.0 6.8.2] */
#define PCI_MSIX_FLAGS		2
#define  PCI_MSIX_FLAGS_QSIZE	0x07ff	/* table size - 1 */
#define  PCI_MSIX_FLAGS_MASKALL	0x4000
#define  PCI_MSIX_FLAGS_ENABLE	0x8000
#define PCI_MSIX_TABLE		4
#define  PCI_MSIX_TABLE_BIR	0x00000007
#define  PCI_MSIX_TABLE_OFFSET	0xfffffff8
#define PCI_MSIX_PBA		8
#define PCI_MSIX_ENTRY_SIZE		16
#define PCI_MSIX_ENTRY_LOWER_ADDR	0
#define PCI_MSIX_ENTRY_UPPER_ADDR	4
#define PCI_MSIX_ENTRY_DATA		8
#define PCI_MSIX_ENTRY_VECTOR_CTRL	12
#define  PCI_MSIX_ENTRY_CTRL_MASKBIT	0x1

/* x86 MSI message [Intel SDM Vol.3 10.11.1, 10.11.2]: physical
 * destination, no redirection hint; fixed delivery, edge trigger. */
#define MSI_ADDR_BASE_LO	0xfee00000u
#define MSI_ADDR_DEST_ID_SHIFT	12
#define MSI_ADDR_DEST_ID_MAX	0xff	/* 8-bit xAPIC id without remapping */
#define MSI_DATA_VECTOR_MASK	0xff
#define MSI_DATA_DELIVERY_FIXED	(0u << 8)
#define MSI_DATA_TRIGGER_EDGE	(0u << 15)

struct msi_msg {
	u32 address_lo;
	u32 address_hi;
	u32 data;
};

/* ---- BARs ---- */

/* True if a BAR's original value says it is 64-bit memory, so sizing
 * must also write the next slot (the upper half). */
bool pci_bar_is_mem64(u32 lo);

/*
 * Decode one BAR from its original value lo and the value read back after
 * writing all-ones (sz_lo); for a 64-bit BAR also the upper half's
 * original hi and readback sz_hi, valid only if has_hi (a next slot
 * exists). The size is the lowest writable address bit. Unimplemented or
 * broken BARs (readback 0 or all-ones, 64-bit in the last slot) come out
 * all zero. Returns the slots consumed: 2 for 64-bit memory, else 1.
 */
int pci_bar_decode(u32 lo, u32 sz_lo, u32 hi, u32 sz_hi, bool has_hi,
		   struct pci_bar *bar);

/* "BAR0: mem 0xfebc0000 size 0x20000 64bit prefetch"; "" if unimplemented.
 * Returns the length written (scnprintf). */
int pci_bar_format(char *buf, size_t len, int i, const struct pci_bar *bar);

/* ---- capability list ---- */

/* Reads one config byte for the walker: ctx is a device or a test array. */
typedef u8 (*pci_read8_fn)(const void *ctx, u16 off);

struct pci_cap_iter {
	pci_read8_fn read8;
	const void *ctx;
	u8 pos;		/* next capability, 0 = end */
	int ttl;	/* steps left: a looping list still ends */
};

/* Start at the header's capability pointer (none if STATUS says so). */
void pci_cap_iter_init(struct pci_cap_iter *it, pci_read8_fn read8, const void *ctx);
/* Next capability's offset and ID; false at the end of the list, at a
 * pointer into the header, at an absent device (ID 0xff), or after
 * PCI_FIND_CAP_TTL steps. */
bool pci_cap_iter_next(struct pci_cap_iter *it, u8 *pos, u8 *id);
/* Offset of the first capability cap_id, 0 if none. */
u8 pci_find_cap_in(pci_read8_fn read8, const void *ctx, u8 cap_id);

/* ---- driver matching, MSI, names ---- */

/* First entry of ids (ending with vendor 0) matching d's vendor/device,
 * PCI_ANY_ID matching anything; NULL if none. Linux's name. */
const struct pci_device_id *pci_match_id(const struct pci_device_id *ids,
					 const struct pci_dev *d);

/* The MSI message that delivers vector to the CPU with apic_id; -EINVAL
 * if either does not fit the x86 MSI format. */
int msi_compose_msg(u32 apic_id, int vector, struct msi_msg *msg);

/* MSI register offsets for the control word flags (32/64-bit layouts). */
u8 pci_msi_data_offset(u16 flags);
u8 pci_msi_mask_offset(u16 flags);

const char *pci_class_name(u32 class);	/* "Ethernet controller" */
const char *pci_cap_name(u8 id);	/* "MSI-X" */
char pci_pin_name(u8 pin);		/* 1 -> 'A'; '?' if not 1-4 */
/* "0000:00:03.0" into buf (at least 13 bytes). */
void pci_format_name(char *buf, size_t len, u16 seg, u8 bus, u8 devfn);

#endif /* DRIVERS_PCI_PCI_PARSE_H */

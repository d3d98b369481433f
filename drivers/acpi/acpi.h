/* ACPI static tables: RSDP -> XSDT/RSDT -> MADT (CPUs, IOAPICs, interrupt
 * overrides, NMIs), MCFG (PCIe ECAM) and FADT (reset register). No AML
 * interpreter, no sleep states. The parsers only read the table they are
 * given and are also compiled for the host unit tests. */
#ifndef DRIVERS_ACPI_ACPI_H
#define DRIVERS_ACPI_ACPI_H

#include "lib/types.h"

/* [ACPI 6.5 5.2.5.3] Root System Description Pointer */
struct acpi_table_rsdp {
	char signature[8];		/* "RSD PTR " */
	u8 checksum;			/* first 20 bytes sum to 0 */
	char oem_id[6];
	u8 revision;			/* 0: ACPI 1.0 (20 bytes), 2: 2.0+ */
	u32 rsdt_address;
	u32 length;			/* rev >= 2 from here on */
	u64 xsdt_address;
	u8 extended_checksum;		/* whole structure sums to 0 */
	u8 reserved[3];
} __packed;
static_assert(sizeof(struct acpi_table_rsdp) == 36, "RSDP is 36 bytes");
#define ACPI_RSDP_V1_LEN	20

/* [ACPI 6.5 5.2.6] System Description Table header */
struct acpi_table_header {
	char signature[4];
	u32 length;			/* whole table, header included */
	u8 revision;
	u8 checksum;			/* all length bytes sum to 0 */
	char oem_id[6];
	char oem_table_id[8];
	u32 oem_revision;
	u32 creator_id;
	u32 creator_revision;
} __packed;
static_assert(sizeof(struct acpi_table_header) == 36, "table header is 36 bytes");

/* [ACPI 6.5 5.2.3.2] Generic Address Structure */
struct acpi_generic_address {
	u8 space_id;
	u8 bit_width;
	u8 bit_offset;
	u8 access_width;
	u64 address;
} __packed;
static_assert(sizeof(struct acpi_generic_address) == 12, "GAS is 12 bytes");

#define ACPI_ADR_SPACE_SYSTEM_MEMORY	0
#define ACPI_ADR_SPACE_SYSTEM_IO	1
#define ACPI_ADR_SPACE_PCI_CONFIG	2

#define ACPI_SIG_MADT	"APIC"
#define ACPI_SIG_MCFG	"MCFG"
#define ACPI_SIG_FADT	"FACP"
#define ACPI_SIG_RSDT	"RSDT"
#define ACPI_SIG_XSDT	"XSDT"

/* Largest table we accept; a header claiming more is corrupt. */
#define ACPI_TABLE_MAX_LEN	(1U << 20)

/* Caps on what the MADT/MCFG parsers keep; more entries are counted in
 * nr_dropped and reported, never written past the arrays. */
#define ACPI_MAX_CPUS		64
#define ACPI_MAX_IOAPICS	8
#define ACPI_MAX_OVERRIDES	16
#define ACPI_MAX_LAPIC_NMIS	8
#define ACPI_MAX_NMI_SOURCES	4
#define ACPI_MAX_MCFG		8

/* MADT flags: a PC-AT dual 8259 is present and must be masked [Table 5.20]. */
#define ACPI_MADT_PCAT_COMPAT		BIT(0)

/* MPS INTI flags of overrides and NMI entries [ACPI 6.5 Table 5.26]. */
#define ACPI_MADT_POLARITY_MASK		0x3
#define ACPI_MADT_POLARITY_CONFORMS	0x0	/* bus default: ISA active high */
#define ACPI_MADT_POLARITY_ACTIVE_HIGH	0x1
#define ACPI_MADT_POLARITY_ACTIVE_LOW	0x3
#define ACPI_MADT_TRIGGER_MASK		0xC
#define ACPI_MADT_TRIGGER_CONFORMS	0x0	/* bus default: ISA edge */
#define ACPI_MADT_TRIGGER_EDGE		0x4
#define ACPI_MADT_TRIGGER_LEVEL		0xC

/* A Local APIC NMI entry with this processor UID applies to every CPU. */
#define ACPI_UID_ALL_8		0xFF
#define ACPI_UID_ALL		0xFFFFFFFF

struct acpi_cpu {
	u32 apic_id;
	u32 uid;		/* ACPI processor UID */
};

struct acpi_ioapic {
	u32 id;
	u32 address;		/* physical MMIO base */
	u32 gsi_base;		/* GSI of its pin 0 */
};

struct acpi_irq_override {
	u8 bus;			/* 0: ISA */
	u8 source_irq;		/* ISA IRQ */
	u32 gsi;
	u16 flags;		/* MPS INTI polarity/trigger */
};

struct acpi_lapic_nmi {
	u32 uid;		/* ACPI_UID_ALL: every CPU */
	u16 flags;
	u8 lint;		/* LINT0 or LINT1 */
};

struct acpi_nmi_source {
	u32 gsi;
	u16 flags;
};

struct acpi_madt_info {
	u64 lapic_addr;
	u32 flags;
	u32 nr_cpus;		/* enabled CPUs listed in cpus[] */
	u32 nr_disabled_cpus;	/* present in the table but not usable */
	u32 nr_ioapics;
	u32 nr_overrides;
	u32 nr_lapic_nmis;
	u32 nr_nmi_sources;
	u32 nr_dropped;		/* entries over a cap */
	u32 nr_bad;		/* entries too short for their type */
	struct acpi_cpu cpus[ACPI_MAX_CPUS];
	struct acpi_ioapic ioapics[ACPI_MAX_IOAPICS];
	struct acpi_irq_override overrides[ACPI_MAX_OVERRIDES];
	struct acpi_lapic_nmi lapic_nmis[ACPI_MAX_LAPIC_NMIS];
	struct acpi_nmi_source nmi_sources[ACPI_MAX_NMI_SOURCES];
};

/* One PCI Express ECAM window [PCI Firmware spec 3.2 4.1.2]. */
struct acpi_mcfg_entry {
	u64 address;
	u16 segment;
	u8 start_bus;
	u8 end_bus;
};

struct acpi_fadt_info {
	bool reset_supported;	/* RESET_REG_SUP and a reset register given */
	struct acpi_generic_address reset_reg;
	u8 reset_value;
	u16 boot_arch;		/* IAPC_BOOT_ARCH flags */
};

/* ---- parsers (pure: read only the memory given; host-tested) ---- */

/* Byte sum of len bytes; a valid table sums to 0. */
u8 acpi_checksum(const void *p, size_t len);
/* 0 if p (avail readable bytes) is a valid RSDP, else -EINVAL (bad
 * signature, length) or -EBADMSG (bad checksum). */
int acpi_rsdp_validate(const void *p, size_t avail);
/* 0 if the table header fits avail, its length is sane and within avail,
 * and its checksum is right; -EINVAL or -EBADMSG otherwise. */
int acpi_table_validate(const struct acpi_table_header *h, size_t avail);
/* Address of the first valid RSDP on a 16-byte boundary in
 * [start, start + len), or 0; start must be readable memory. */
u64 acpi_scan_rsdp(u64 start, u64 len);
/*
 * Fill *m from a validated MADT. Returns 0, -EINVAL if the table is not a
 * MADT or too short, or -EBADMSG if an entry's length is 0 or runs past
 * the table: parsing stops there and *m keeps the entries before it.
 */
int acpi_parse_madt(const struct acpi_table_header *h, struct acpi_madt_info *m);
/* Fill out[0..max) from a validated MCFG; returns the number of entries
 * kept or -EINVAL. Entries with start_bus > end_bus are skipped. */
int acpi_parse_mcfg(const struct acpi_table_header *h, struct acpi_mcfg_entry *out,
		    int max, int *nr_dropped);
/* Fill *f from a validated FADT; 0 or -EINVAL. */
int acpi_parse_fadt(const struct acpi_table_header *h, struct acpi_fadt_info *f);

/* ---- kernel side ---- */

/*
 * Find the tables (rsdp from the boot loader, or 0: scan the EBDA and
 * 0xE0000-0xFFFFF) and parse MADT, MCFG and FADT. Anything missing or
 * invalid is reported and replaced by PC defaults (LAPIC at 0xFEE00000,
 * one IOAPIC at 0xFEC00000, ISA IRQs identity-mapped). Needs paging_init().
 */
void acpi_init(u64 rsdp);

/* The interrupt topology; valid (possibly defaults) after acpi_init(). */
const struct acpi_madt_info *acpi_get_madt(void);

/* PCIe ECAM windows, for the PCI driver. */
int acpi_mcfg_count(void);
const struct acpi_mcfg_entry *acpi_mcfg_get(int i);

/* Write the FADT reset value to the reset register. Returns -ENODEV
 * without one (or -EINVAL if it is unusable); returns 0 if the write did
 * not reset the machine at once, so the caller can try something else. */
int acpi_reboot(void);

#endif /* DRIVERS_ACPI_ACPI_H */

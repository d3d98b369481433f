/* ACPI table discovery and the MADT/MCFG/FADT parsers. Every table is
 * length- and checksum-checked before a field is read, and every entry's
 * length is checked against the table before it is used. Not here: AML,
 * power management, and tables nothing in napkin needs (DSDT, SRAT, HPET). */
#include "drivers/acpi/acpi.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/io.h"
#include "arch/x86_64/paging.h"
#include "kernel/printk.h"
#include "lib/errno.h"
#include "lib/string.h"

#define RSDP_SIG		"RSD PTR "
#define RSDP_ALIGN		16
#define MADT_ENTRIES_OFF	44	/* header, LAPIC address, flags */
#define MCFG_ENTRIES_OFF	44	/* header, 8 reserved bytes */
#define MCFG_ENTRY_LEN		16

/* MADT entry types and the length each needs [ACPI 6.5 5.2.12]. */
enum madt_type {
	MADT_LOCAL_APIC = 0,		/* 8 */
	MADT_IO_APIC = 1,		/* 12 */
	MADT_INT_OVERRIDE = 2,		/* 10 */
	MADT_NMI_SOURCE = 3,		/* 8 */
	MADT_LOCAL_APIC_NMI = 4,	/* 6 */
	MADT_LAPIC_OVERRIDE = 5,	/* 12 */
	MADT_LOCAL_X2APIC = 9,		/* 16 */
	MADT_LOCAL_X2APIC_NMI = 10,	/* 12 */
};
#define MADT_LAPIC_ENABLED	BIT(0)
#define MADT_LAPIC_ONLINE_CAP	BIT(1)

/* FADT field offsets [ACPI 6.5 Table 5.9]. */
#define FADT_BOOT_ARCH_OFF	109
#define FADT_FLAGS_OFF		112
#define FADT_RESET_REG_OFF	116
#define FADT_RESET_VALUE_OFF	128
#define FADT_RESET_REG_SUP	BIT(10)

/* Legacy PC defaults when there is no usable MADT. */
#define DEFAULT_LAPIC_ADDR	0xFEE00000U
#define DEFAULT_IOAPIC_ADDR	0xFEC00000U

/* BIOS areas scanned for the RSDP [ACPI 6.5 5.2.5.1]. */
#define BDA_EBDA_SEG		0x40E
#define EBDA_SCAN_LEN		1024
#define BIOS_ROM_START		0xE0000
#define BIOS_ROM_END		0x100000

/* PCI configuration mechanism #1, for a reset register in config space. */
#define PCI_CONF_ADDR		0xCF8
#define PCI_CONF_DATA		0xCFC
#define PCI_CONF_ENABLE		BIT(31)

static u16 get_u16(const u8 *p)
{
	u16 v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static u32 get_u32(const u8 *p)
{
	u32 v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static u64 get_u64(const u8 *p)
{
	u64 v;

	memcpy(&v, p, sizeof(v));
	return v;
}

u8 acpi_checksum(const void *p, size_t len)
{
	const u8 *b = p;
	u8 sum = 0;

	while (len--)
		sum += *b++;
	return sum;
}

int acpi_rsdp_validate(const void *p, size_t avail)
{
	const struct acpi_table_rsdp *r = p;
	u32 len;

	if (avail < ACPI_RSDP_V1_LEN || memcmp(r->signature, RSDP_SIG, 8))
		return -EINVAL;
	if (acpi_checksum(r, ACPI_RSDP_V1_LEN))
		return -EBADMSG;
	if (r->revision < 2)
		return 0;
	if (avail < sizeof(*r))
		return -EINVAL;
	len = r->length;
	if (len < sizeof(*r) || len > avail)
		return -EINVAL;
	return acpi_checksum(r, len) ? -EBADMSG : 0;
}

int acpi_table_validate(const struct acpi_table_header *h, size_t avail)
{
	if (avail < sizeof(*h))
		return -EINVAL;
	if (h->length < sizeof(*h) || h->length > avail || h->length > ACPI_TABLE_MAX_LEN)
		return -EINVAL;
	return acpi_checksum(h, h->length) ? -EBADMSG : 0;
}

u64 acpi_scan_rsdp(u64 start, u64 len)
{
	const u8 *base = phys_to_virt(start);
	u64 off;

	for (off = 0; off + ACPI_RSDP_V1_LEN <= len; off += RSDP_ALIGN)
		if (!acpi_rsdp_validate(base + off, len - off))
			return start + off;
	return 0;
}

/* ---- MADT ---- */

static bool madt_has_cpu(const struct acpi_madt_info *m, u32 apic_id)
{
	u32 i;

	for (i = 0; i < m->nr_cpus; i++)
		if (m->cpus[i].apic_id == apic_id)
			return true;
	return false;
}

static void madt_add_cpu(struct acpi_madt_info *m, u32 apic_id, u32 uid, u32 flags)
{
	if (!(flags & MADT_LAPIC_ENABLED)) {
		m->nr_disabled_cpus++;
		return;
	}
	/* Firmware may list a CPU as both LAPIC and x2APIC. */
	if (madt_has_cpu(m, apic_id))
		return;
	if (m->nr_cpus >= ACPI_MAX_CPUS) {
		m->nr_dropped++;
		return;
	}
	m->cpus[m->nr_cpus].apic_id = apic_id;
	m->cpus[m->nr_cpus].uid = uid;
	m->nr_cpus++;
}

static void madt_add_ioapic(struct acpi_madt_info *m, const u8 *e)
{
	struct acpi_ioapic *io;

	if (m->nr_ioapics >= ACPI_MAX_IOAPICS) {
		m->nr_dropped++;
		return;
	}
	io = &m->ioapics[m->nr_ioapics++];
	io->id = e[2];
	io->address = get_u32(e + 4);
	io->gsi_base = get_u32(e + 8);
}

static void madt_add_override(struct acpi_madt_info *m, const u8 *e)
{
	struct acpi_irq_override *o;

	if (m->nr_overrides >= ACPI_MAX_OVERRIDES) {
		m->nr_dropped++;
		return;
	}
	o = &m->overrides[m->nr_overrides++];
	o->bus = e[2];
	o->source_irq = e[3];
	o->gsi = get_u32(e + 4);
	o->flags = get_u16(e + 8);
}

static void madt_add_lapic_nmi(struct acpi_madt_info *m, u32 uid, u16 flags, u8 lint)
{
	struct acpi_lapic_nmi *n;

	if (m->nr_lapic_nmis >= ACPI_MAX_LAPIC_NMIS) {
		m->nr_dropped++;
		return;
	}
	n = &m->lapic_nmis[m->nr_lapic_nmis++];
	n->uid = uid;
	n->flags = flags;
	n->lint = lint;
}

static void madt_add_nmi_source(struct acpi_madt_info *m, const u8 *e)
{
	struct acpi_nmi_source *n;

	if (m->nr_nmi_sources >= ACPI_MAX_NMI_SOURCES) {
		m->nr_dropped++;
		return;
	}
	n = &m->nmi_sources[m->nr_nmi_sources++];
	n->flags = get_u16(e + 2);
	n->gsi = get_u32(e + 4);
}

static u8 madt_min_len(u8 type)
{
	static const u8 min_len[] = {
		[MADT_LOCAL_APIC] = 8, [MADT_IO_APIC] = 12,
		[MADT_INT_OVERRIDE] = 10, [MADT_NMI_SOURCE] = 8,
		[MADT_LOCAL_APIC_NMI] = 6, [MADT_LAPIC_OVERRIDE] = 12,
		[MADT_LOCAL_X2APIC] = 16, [MADT_LOCAL_X2APIC_NMI] = 12,
	};

	return type < ARRAY_SIZE(min_len) ? min_len[type] : 0;
}

/* One entry whose length is known to be within the table. */
static void madt_entry(struct acpi_madt_info *m, const u8 *e, u8 len)
{
	u8 uid8;

	if (len < madt_min_len(e[0])) {
		m->nr_bad++;
		return;
	}
	switch (e[0]) {
	case MADT_LOCAL_APIC:
		madt_add_cpu(m, e[3], e[2], get_u32(e + 4));
		break;
	case MADT_IO_APIC:
		madt_add_ioapic(m, e);
		break;
	case MADT_INT_OVERRIDE:
		madt_add_override(m, e);
		break;
	case MADT_NMI_SOURCE:
		madt_add_nmi_source(m, e);
		break;
	case MADT_LOCAL_APIC_NMI:
		uid8 = e[2];
		madt_add_lapic_nmi(m, uid8 == ACPI_UID_ALL_8 ? ACPI_UID_ALL : uid8,
				   get_u16(e + 3), e[5]);
		break;
	case MADT_LAPIC_OVERRIDE:
		m->lapic_addr = get_u64(e + 4);
		break;
	case MADT_LOCAL_X2APIC:
		madt_add_cpu(m, get_u32(e + 4), get_u32(e + 12), get_u32(e + 8));
		break;
	case MADT_LOCAL_X2APIC_NMI:
		madt_add_lapic_nmi(m, get_u32(e + 4), get_u16(e + 2), e[8]);
		break;
	default:
		break;		/* GIC, RINTC and friends: other architectures */
	}
}

int acpi_parse_madt(const struct acpi_table_header *h, struct acpi_madt_info *m)
{
	const u8 *t = (const u8 *)h;
	u32 off, len = h->length;

	memset(m, 0, sizeof(*m));
	if (memcmp(h->signature, ACPI_SIG_MADT, 4) || len < MADT_ENTRIES_OFF)
		return -EINVAL;
	m->lapic_addr = get_u32(t + 36);
	m->flags = get_u32(t + 40);
	for (off = MADT_ENTRIES_OFF; off < len; off += t[off + 1]) {
		/* A zero length would never advance; past the end is truncated. */
		if (len - off < 2 || t[off + 1] < 2 || t[off + 1] > len - off)
			return -EBADMSG;
		madt_entry(m, t + off, t[off + 1]);
	}
	return 0;
}

/* ---- MCFG, FADT ---- */

int acpi_parse_mcfg(const struct acpi_table_header *h, struct acpi_mcfg_entry *out,
		    int max, int *nr_dropped)
{
	const u8 *t = (const u8 *)h;
	u32 off;
	int n = 0;

	*nr_dropped = 0;
	if (memcmp(h->signature, ACPI_SIG_MCFG, 4) || h->length < MCFG_ENTRIES_OFF)
		return -EINVAL;
	for (off = MCFG_ENTRIES_OFF; off + MCFG_ENTRY_LEN <= h->length; off += MCFG_ENTRY_LEN) {
		const u8 *e = t + off;

		if (e[10] > e[11] || n >= max) {
			(*nr_dropped)++;
			continue;
		}
		out[n].address = get_u64(e);
		out[n].segment = get_u16(e + 8);
		out[n].start_bus = e[10];
		out[n].end_bus = e[11];
		n++;
	}
	return n;
}

int acpi_parse_fadt(const struct acpi_table_header *h, struct acpi_fadt_info *f)
{
	const u8 *t = (const u8 *)h;
	u32 flags;

	memset(f, 0, sizeof(*f));
	if (memcmp(h->signature, ACPI_SIG_FADT, 4))
		return -EINVAL;
	if (h->length >= FADT_BOOT_ARCH_OFF + 2)
		f->boot_arch = get_u16(t + FADT_BOOT_ARCH_OFF);
	/* ACPI 1.0 FADTs end before the reset register. */
	if (h->length < FADT_RESET_VALUE_OFF + 1)
		return 0;
	flags = get_u32(t + FADT_FLAGS_OFF);
	memcpy(&f->reset_reg, t + FADT_RESET_REG_OFF, sizeof(f->reset_reg));
	f->reset_value = t[FADT_RESET_VALUE_OFF];
	f->reset_supported = (flags & FADT_RESET_REG_SUP) && f->reset_reg.address;
	return 0;
}

/* ---- kernel side: finding and mapping the tables ---- */

static struct acpi_madt_info madt_info;
static struct acpi_mcfg_entry mcfg_entries[ACPI_MAX_MCFG];
static int mcfg_count;
static struct acpi_fadt_info fadt_info;

const struct acpi_madt_info *acpi_get_madt(void)
{
	return &madt_info;
}

int acpi_mcfg_count(void)
{
	return mcfg_count;
}

const struct acpi_mcfg_entry *acpi_mcfg_get(int i)
{
	return i >= 0 && i < mcfg_count ? &mcfg_entries[i] : NULL;
}

/* Tables sit in RAM the identity map covers; only above 4 GiB might the
 * boot map lack them. */
static const void *acpi_map(u64 phys, u64 len)
{
	if (!phys || phys + len < phys)
		return NULL;
	if (phys + len <= (1ULL << 32))
		return phys_to_virt(phys);
	return ioremap(phys, len);
}

/* Printable copy of a fixed-width, space-padded firmware string. */
static const char *acpi_str(char *buf, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n && s[i]; i++)
		buf[i] = s[i] >= 0x20 && s[i] < 0x7F ? s[i] : '?';
	while (i > 0 && buf[i - 1] == ' ')
		i--;
	buf[i] = '\0';
	return buf;
}

static const char *acpi_strerror(int err)
{
	return err == -EBADMSG ? "bad checksum" : "bad length or signature";
}

/* The table at phys, validated; NULL (with a message) otherwise. */
static const struct acpi_table_header *acpi_get_table(u64 phys)
{
	const struct acpi_table_header *h = acpi_map(phys, sizeof(*h));
	char sig[5], oem[7], oem_table[9];
	int err;

	if (!h) {
		pr_err("ACPI: table at 0x%lx cannot be mapped; ignored\n", phys);
		return NULL;
	}
	if (h->length > ACPI_TABLE_MAX_LEN || h->length < sizeof(*h)) {
		pr_err("ACPI: table at 0x%lx claims length %u; ignored\n", phys, h->length);
		return NULL;
	}
	h = acpi_map(phys, h->length);
	acpi_str(sig, h ? h->signature : "????", 4);
	err = h ? acpi_table_validate(h, h->length) : -EINVAL;
	if (err) {
		pr_err("ACPI: %s at 0x%lx: %s; ignored\n", sig, phys, acpi_strerror(err));
		return NULL;
	}
	pr_info("ACPI: %s 0x%016lx %06x (v%02u %-6s %-8s)\n", sig, phys, h->length,
		h->revision, acpi_str(oem, h->oem_id, 6),
		acpi_str(oem_table, h->oem_table_id, 8));
	return h;
}

/*
 * paging.c leaves page 0 unmapped to catch NULL dereferences, and the BDA
 * pointer to the EBDA lives there: walk the live page tables first.
 */
static bool phys_page_mapped(u64 addr)
{
	const u64 *table = phys_to_virt(read_cr3() & GENMASK_ULL(51, 12));
	int level;

	for (level = 3; level >= 0; level--) {
		u64 e = table[(addr >> (12 + 9 * level)) & 511];

		if (!(e & BIT(0)))
			return false;
		if (level == 0 || (level < 3 && (e & BIT(7))))
			return true;
		table = phys_to_virt(e & GENMASK_ULL(51, 12));
	}
	return false;
}

static u64 acpi_find_rsdp(void)
{
	u64 ebda = 0, rsdp = 0;
	const volatile u16 *bda = phys_to_virt(BDA_EBDA_SEG);

	/* gcc takes a constant low address for a NULL-based object; hide it. */
	asm("" : "+r"(bda));
	if (phys_page_mapped(BDA_EBDA_SEG))
		ebda = (u64)readw(bda) << 4;
	/* An EBDA outside 0x80000..0xA0000 is not a real one. */
	if (ebda >= 0x80000 && ebda < 0xA0000)
		rsdp = acpi_scan_rsdp(ebda, EBDA_SCAN_LEN);
	if (!rsdp)
		rsdp = acpi_scan_rsdp(BIOS_ROM_START, BIOS_ROM_END - BIOS_ROM_START);
	return rsdp;
}

/* ---- kernel side: using the tables ---- */

static void madt_set_defaults(struct acpi_madt_info *m)
{
	memset(m, 0, sizeof(*m));
	m->lapic_addr = DEFAULT_LAPIC_ADDR;
	m->flags = ACPI_MADT_PCAT_COMPAT;
	m->nr_ioapics = 1;
	m->ioapics[0].address = DEFAULT_IOAPIC_ADDR;
	/* The boot CPU; apic.c corrects the id from the LAPIC itself. */
	m->nr_cpus = 1;
}

static void acpi_use_madt(const struct acpi_table_header *h)
{
	struct acpi_madt_info *m = &madt_info;
	int err = acpi_parse_madt(h, m);

	/* A malformed tail still leaves the entries before it usable. */
	if ((err && err != -EBADMSG) || !m->nr_ioapics || !m->nr_cpus) {
		pr_err("ACPI: MADT: %s; using PC defaults\n",
		       err == -EBADMSG ? "malformed entry (length 0 or past the end)" :
		       err ? "too short" : "no CPU or no IOAPIC listed");
		madt_set_defaults(m);
		return;
	}
	if (err)
		pr_err("ACPI: MADT: malformed entry (length 0 or past the end); using the %u CPUs and %u IOAPICs before it\n",
		       m->nr_cpus, m->nr_ioapics);
	if (m->nr_dropped || m->nr_bad)
		pr_warn("ACPI: MADT: %u entries over napkin's caps ignored, %u too short\n",
			m->nr_dropped, m->nr_bad);
}

static void acpi_use_mcfg(const struct acpi_table_header *h)
{
	int dropped, n = acpi_parse_mcfg(h, mcfg_entries, ACPI_MAX_MCFG, &dropped);

	mcfg_count = n > 0 ? n : 0;
	if (dropped)
		pr_warn("ACPI: MCFG: %d entries ignored (empty bus range or over %d)\n",
			dropped, ACPI_MAX_MCFG);
}

static void acpi_use_table(const struct acpi_table_header *h, bool *have_madt)
{
	if (!memcmp(h->signature, ACPI_SIG_MADT, 4) && !*have_madt) {
		*have_madt = true;
		acpi_use_madt(h);
	} else if (!memcmp(h->signature, ACPI_SIG_MCFG, 4) && !mcfg_count) {
		acpi_use_mcfg(h);
	} else if (!memcmp(h->signature, ACPI_SIG_FADT, 4)) {
		acpi_parse_fadt(h, &fadt_info);
	}
}

/* Walk the XSDT (8-byte entries) or RSDT (4-byte entries). */
static void acpi_walk_root(const struct acpi_table_header *root, bool xsdt, bool *have_madt)
{
	const u8 *e = (const u8 *)root + sizeof(*root);
	u32 esize = xsdt ? 8 : 4;
	u32 i, n = (root->length - sizeof(*root)) / esize;

	for (i = 0; i < n; i++, e += esize) {
		u64 phys = xsdt ? get_u64(e) : get_u32(e);
		const struct acpi_table_header *h = acpi_get_table(phys);

		if (h)
			acpi_use_table(h, have_madt);
	}
}

/* XSDT when the RSDP has one and it is valid, else the RSDT. */
static int acpi_load_root(const struct acpi_table_rsdp *r, bool *have_madt)
{
	const struct acpi_table_header *root = NULL;
	bool xsdt = false;

	if (r->revision >= 2 && r->xsdt_address) {
		root = acpi_get_table(r->xsdt_address);
		if (root && memcmp(root->signature, ACPI_SIG_XSDT, 4))
			root = NULL;
		xsdt = root != NULL;
		if (!root)
			pr_err("ACPI: XSDT unusable; trying the RSDT\n");
	}
	if (!root) {
		root = acpi_get_table(r->rsdt_address);
		if (root && memcmp(root->signature, ACPI_SIG_RSDT, 4))
			root = NULL;
	}
	if (!root)
		return -ENOENT;
	acpi_walk_root(root, xsdt, have_madt);
	return 0;
}

static void acpi_report(bool have_madt)
{
	const struct acpi_madt_info *m = &madt_info;
	const struct acpi_generic_address *rr = &fadt_info.reset_reg;
	int i;

	if (!have_madt)
		pr_warn("ACPI: MADT: not found; assuming LAPIC at 0x%x, one IOAPIC at 0x%x, ISA IRQs identity-mapped\n",
			DEFAULT_LAPIC_ADDR, DEFAULT_IOAPIC_ADDR);
	pr_info("ACPI: MADT: %u CPUs, %u IOAPICs, %u overrides (LAPIC at 0x%lx)\n",
		m->nr_cpus, m->nr_ioapics, m->nr_overrides, m->lapic_addr);
	if (!mcfg_count)
		pr_info("ACPI: MCFG: not present (no PCIe ECAM; PCI config via ports 0xCF8/0xCFC)\n");
	for (i = 0; i < mcfg_count; i++)
		pr_info("ACPI: MCFG: segment %u buses %02x-%02x ECAM at 0x%lx\n",
			mcfg_entries[i].segment, mcfg_entries[i].start_bus,
			mcfg_entries[i].end_bus, mcfg_entries[i].address);
	if (fadt_info.reset_supported)
		pr_info("ACPI: FADT: reset register space %u address 0x%lx value 0x%x\n",
			rr->space_id, rr->address, fadt_info.reset_value);
	else
		pr_info("ACPI: FADT: no reset register\n");
}

void acpi_init(u64 rsdp_phys)
{
	const struct acpi_table_rsdp *r;
	bool have_madt = false;
	char oem[7];
	int err;

	madt_set_defaults(&madt_info);
	mcfg_count = 0;
	memset(&fadt_info, 0, sizeof(fadt_info));
	if (!rsdp_phys)
		rsdp_phys = acpi_find_rsdp();
	r = acpi_map(rsdp_phys, sizeof(*r));
	if (!r) {
		pr_err("ACPI: no RSDP found (loader gave none, BIOS areas scanned)\n");
		goto out;
	}
	/* rev 0 RSDPs are 20 bytes; only read the rest for rev >= 2. */
	err = acpi_rsdp_validate(r, r->revision >= 2 ? sizeof(*r) : ACPI_RSDP_V1_LEN);
	if (err) {
		pr_err("ACPI: RSDP at 0x%lx: %s; ignoring ACPI\n", rsdp_phys, acpi_strerror(err));
		goto out;
	}
	pr_info("ACPI: RSDP at 0x%lx (rev %u, OEM %s)\n", rsdp_phys, r->revision,
		acpi_str(oem, r->oem_id, 6));
	if (acpi_load_root(r, &have_madt))
		pr_err("ACPI: no valid RSDT or XSDT; using PC defaults\n");
out:
	acpi_report(have_madt);
}

/* [ACPI 6.5 4.8.4.6] reset register; a PCI config one is on bus 0. */
int acpi_reboot(void)
{
	const struct acpi_generic_address *rr = &fadt_info.reset_reg;
	u64 a = rr->address;
	u32 dev, fn, reg;
	void *p;

	if (!fadt_info.reset_supported)
		return -ENODEV;
	switch (rr->space_id) {
	case ACPI_ADR_SPACE_SYSTEM_IO:
		if (a > 0xFFFF)
			return -EINVAL;
		outb(a, fadt_info.reset_value);
		return 0;
	case ACPI_ADR_SPACE_SYSTEM_MEMORY:
		p = (void *)acpi_map(a, 1);
		if (!p)
			return -EINVAL;
		writeb(fadt_info.reset_value, p);
		return 0;
	case ACPI_ADR_SPACE_PCI_CONFIG:
		dev = (a >> 32) & 0xFFFF;
		fn = (a >> 16) & 0xFFFF;
		reg = a & 0xFFFF;
		if (dev > 31 || fn > 7 || reg > 0xFF)
			return -EINVAL;
		outl(PCI_CONF_ADDR, PCI_CONF_ENABLE | dev << 11 | fn << 8 | (reg & 0xFC));
		outb(PCI_CONF_DATA + (reg & 3), fadt_info.reset_value);
		return 0;
	default:
		return -EINVAL;
	}
}

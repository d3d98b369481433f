/* Host tests for drivers/acpi/acpi.c: the RSDP/table validators and the
 * MADT/MCFG/FADT parsers on byte-array fixtures (valid, bad checksum,
 * truncated, zero-length entries, over-cap), then acpi_init() end to end
 * on tables placed below 4 GiB so 32-bit RSDT pointers reach them. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "tests/unit/ktest.h"
#include "drivers/acpi/acpi.h"
#include "kernel/printk.h"
#include "arch/x86_64/paging.h"

/* ---- what acpi.c needs from the kernel ---- */

static char log_text[16384];
static size_t log_len;

int printk(const char *fmt, ...)
{
	char line[512];
	const char *text = line;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (line[0] == KERN_SOH[0] && line[1])
		text += 2;
	n = snprintf(log_text + log_len, sizeof(log_text) - log_len, "%s", text);
	if (n > 0 && (size_t)n < sizeof(log_text) - log_len)
		log_len += n;
	return n;
}

/* Fixtures live below 4 GiB; nothing should need a mapping above. */
static int ioremap_calls;

void *ioremap(u64 phys, u64 size)
{
	(void)phys;
	(void)size;
	ioremap_calls++;
	return NULL;
}

static bool log_has(const char *s)
{
	return strstr(log_text, s) != NULL;
}

KTEST_SETUP(reset_log)
{
	log_len = 0;
	log_text[0] = '\0';
	ioremap_calls = 0;
}

/* ---- fixture builders ---- */

struct buf {
	u8 *p;
	u32 len;
};

static void put16(u8 *p, u16 v)
{
	memcpy(p, &v, 2);
}

static void put32(u8 *p, u32 v)
{
	memcpy(p, &v, 4);
}

static void put64(u8 *p, u64 v)
{
	memcpy(p, &v, 8);
}

static void fix_checksum(u8 *t, u32 len, u32 csum_off)
{
	t[csum_off] = 0;
	t[csum_off] = (u8)(0x100 - acpi_checksum(t, len));
}

/* Header of a table of length len at t, checksum left to the caller. */
static void make_header(u8 *t, const char *sig, u32 len, u8 rev)
{
	memset(t, 0, 36);
	memcpy(t, sig, 4);
	put32(t + 4, len);
	t[8] = rev;
	memcpy(t + 10, "NAPKIN", 6);
	memcpy(t + 16, "TESTTBL ", 8);
}

static void seal(u8 *t)
{
	u32 len;

	memcpy(&len, t + 4, 4);
	fix_checksum(t, len, 9);
}

/* A QEMU-like MADT: one CPU, one disabled CPU, one IOAPIC, two overrides,
 * an NMI source, a LAPIC NMI for all CPUs. Returns its length. */
static u32 make_madt(u8 *t)
{
	u32 off = 44;

	make_header(t, "APIC", 0, 3);
	put32(t + 36, 0xFEE00000);
	put32(t + 40, 1);		/* PCAT_COMPAT */
	/* LAPIC uid 0, id 0, enabled */
	t[off] = 0; t[off + 1] = 8; t[off + 2] = 0; t[off + 3] = 0; put32(t + off + 4, 1);
	off += 8;
	/* LAPIC uid 1, id 1, disabled */
	t[off] = 0; t[off + 1] = 8; t[off + 2] = 1; t[off + 3] = 1; put32(t + off + 4, 0);
	off += 8;
	/* IOAPIC id 0 at 0xFEC00000, GSI base 0 */
	t[off] = 1; t[off + 1] = 12; t[off + 2] = 0; t[off + 3] = 0;
	put32(t + off + 4, 0xFEC00000); put32(t + off + 8, 0);
	off += 12;
	/* ISA IRQ0 -> GSI2, conforming */
	t[off] = 2; t[off + 1] = 10; t[off + 2] = 0; t[off + 3] = 0;
	put32(t + off + 4, 2); put16(t + off + 8, 0);
	off += 10;
	/* ISA IRQ9 -> GSI9, level, active high (as QEMU's SCI) */
	t[off] = 2; t[off + 1] = 10; t[off + 2] = 0; t[off + 3] = 9;
	put32(t + off + 4, 9); put16(t + off + 8, 0xD);
	off += 10;
	/* NMI source GSI 23, active low */
	t[off] = 3; t[off + 1] = 8; put16(t + off + 2, 3); put32(t + off + 4, 23);
	off += 8;
	/* LAPIC NMI: all CPUs, LINT1 */
	t[off] = 4; t[off + 1] = 6; t[off + 2] = 0xFF; put16(t + off + 3, 0); t[off + 5] = 1;
	off += 6;
	put32(t + 4, off);
	seal(t);
	return off;
}

static void make_rsdp(u8 *r, u8 rev, u32 rsdt, u64 xsdt)
{
	memset(r, 0, 36);
	memcpy(r, "RSD PTR ", 8);
	memcpy(r + 9, "NAPKIN", 6);
	r[15] = rev;
	put32(r + 16, rsdt);
	if (rev >= 2) {
		put32(r + 20, 36);
		put64(r + 24, xsdt);
	}
	/* The extended checksum covers the first one, so it goes last. */
	fix_checksum(r, 20, 8);
	if (rev >= 2)
		fix_checksum(r, 36, 32);
}

/* ---- checksums and validation ---- */

KTEST(checksum_sums_bytes)
{
	u8 b[4] = { 1, 2, 3, 0xFA };

	EXPECT_EQ(acpi_checksum(b, 4), 0);
	EXPECT_EQ(acpi_checksum(b, 3), 6);
	EXPECT_EQ(acpi_checksum(b, 0), 0);
}

KTEST(rsdp_v1_and_v2_valid)
{
	u8 r[36];

	make_rsdp(r, 0, 0x1000, 0);
	EXPECT_EQ(acpi_rsdp_validate(r, 20), 0);
	make_rsdp(r, 2, 0x1000, 0x2000);
	EXPECT_EQ(acpi_rsdp_validate(r, 36), 0);
}

KTEST(rsdp_rejects_bad_input)
{
	u8 r[36];

	make_rsdp(r, 0, 0x1000, 0);
	r[0] = 'X';
	EXPECT_EQ(acpi_rsdp_validate(r, 36), -EINVAL);

	make_rsdp(r, 0, 0x1000, 0);
	r[16] ^= 1;			/* RSDT address changed, checksum stale */
	EXPECT_EQ(acpi_rsdp_validate(r, 36), -EBADMSG);

	make_rsdp(r, 2, 0x1000, 0x2000);
	r[24] ^= 1;			/* only the extended checksum covers XSDT */
	EXPECT_EQ(acpi_rsdp_validate(r, 36), -EBADMSG);

	make_rsdp(r, 2, 0x1000, 0x2000);
	EXPECT_EQ(acpi_rsdp_validate(r, 30), -EINVAL);	/* truncated */
	EXPECT_EQ(acpi_rsdp_validate(r, 19), -EINVAL);

	make_rsdp(r, 2, 0x1000, 0x2000);
	put32(r + 20, 1000);		/* length beyond what is readable */
	fix_checksum(r, 20, 8);
	EXPECT_EQ(acpi_rsdp_validate(r, 36), -EINVAL);
}

KTEST(table_validate_length_and_checksum)
{
	u8 t[64];

	make_header(t, "TEST", 40, 1);
	seal(t);
	EXPECT_EQ(acpi_table_validate((void *)t, sizeof(t)), 0);
	EXPECT_EQ(acpi_table_validate((void *)t, 39), -EINVAL);	/* length > avail */
	EXPECT_EQ(acpi_table_validate((void *)t, 20), -EINVAL);	/* no room for header */

	t[38] ^= 0x55;
	EXPECT_EQ(acpi_table_validate((void *)t, sizeof(t)), -EBADMSG);

	make_header(t, "TEST", 12, 1);	/* shorter than its own header */
	seal(t);
	EXPECT_EQ(acpi_table_validate((void *)t, sizeof(t)), -EINVAL);
}

KTEST(table_validate_refuses_huge_length)
{
	size_t big = ACPI_TABLE_MAX_LEN + 64;
	u8 *t = calloc(1, big);

	ASSERT_NOT_NULL(t);
	make_header(t, "TEST", ACPI_TABLE_MAX_LEN + 16, 1);
	seal(t);
	EXPECT_EQ(acpi_table_validate((void *)t, big), -EINVAL);
	free(t);
}

/* ---- MADT ---- */

KTEST(madt_valid)
{
	u8 t[256];
	struct acpi_madt_info m;

	make_madt(t);
	ASSERT_EQ(acpi_parse_madt((void *)t, &m), 0);
	EXPECT_EQ(m.lapic_addr, 0xFEE00000);
	EXPECT_EQ(m.flags & ACPI_MADT_PCAT_COMPAT, ACPI_MADT_PCAT_COMPAT);
	EXPECT_EQ(m.nr_cpus, 1);
	EXPECT_EQ(m.cpus[0].apic_id, 0);
	EXPECT_EQ(m.nr_disabled_cpus, 1);
	ASSERT_EQ(m.nr_ioapics, 1);
	EXPECT_EQ(m.ioapics[0].address, 0xFEC00000);
	EXPECT_EQ(m.ioapics[0].gsi_base, 0);
	ASSERT_EQ(m.nr_overrides, 2);
	EXPECT_EQ(m.overrides[0].source_irq, 0);
	EXPECT_EQ(m.overrides[0].gsi, 2);
	EXPECT_EQ(m.overrides[1].source_irq, 9);
	EXPECT_EQ(m.overrides[1].flags & ACPI_MADT_TRIGGER_MASK, ACPI_MADT_TRIGGER_LEVEL);
	ASSERT_EQ(m.nr_nmi_sources, 1);
	EXPECT_EQ(m.nmi_sources[0].gsi, 23);
	ASSERT_EQ(m.nr_lapic_nmis, 1);
	EXPECT_EQ(m.lapic_nmis[0].uid, ACPI_UID_ALL);
	EXPECT_EQ(m.lapic_nmis[0].lint, 1);
	EXPECT_EQ(m.nr_dropped, 0);
	EXPECT_EQ(m.nr_bad, 0);
}

KTEST(madt_zero_length_entry_stops)
{
	u8 t[256];
	struct acpi_madt_info m;
	u32 len = make_madt(t);

	/* Append an entry of length 0: a naive parser loops forever here. */
	t[len] = 1;
	t[len + 1] = 0;
	put32(t + 4, len + 12);
	seal(t);
	EXPECT_EQ(acpi_parse_madt((void *)t, &m), -EBADMSG);
	EXPECT_EQ(m.nr_cpus, 1);	/* what came before is kept */
	EXPECT_EQ(m.nr_ioapics, 1);

	/* Length 1 would also never get past its own type byte. */
	t[len + 1] = 1;
	seal(t);
	EXPECT_EQ(acpi_parse_madt((void *)t, &m), -EBADMSG);
}

KTEST(madt_entry_past_end)
{
	u8 t[256];
	struct acpi_madt_info m;
	u32 len = make_madt(t);

	/* An IOAPIC entry claiming 12 bytes with only 6 left in the table. */
	memset(t + len, 0, 6);
	t[len] = 1;
	t[len + 1] = 12;
	put32(t + 4, len + 6);
	seal(t);
	EXPECT_EQ(acpi_parse_madt((void *)t, &m), -EBADMSG);
	EXPECT_EQ(m.nr_ioapics, 1);

	/* A single trailing byte cannot even hold an entry header. */
	t[len] = 0;
	put32(t + 4, len + 1);
	seal(t);
	EXPECT_EQ(acpi_parse_madt((void *)t, &m), -EBADMSG);
}

KTEST(madt_short_entry_counted_not_read)
{
	u8 t[256];
	struct acpi_madt_info m;
	u32 len = make_madt(t);

	/* An IOAPIC entry of 8 bytes (needs 12): skipped and counted. */
	memset(t + len, 0xAB, 8);
	t[len] = 1;
	t[len + 1] = 8;
	put32(t + 4, len + 8);
	seal(t);
	EXPECT_EQ(acpi_parse_madt((void *)t, &m), 0);
	EXPECT_EQ(m.nr_ioapics, 1);
	EXPECT_EQ(m.nr_bad, 1);
}

KTEST(madt_caps_enforced)
{
	u8 t[1024];
	struct acpi_madt_info m;
	u32 off = 44, i;

	make_header(t, "APIC", 0, 3);
	put32(t + 36, 0xFEE00000);
	put32(t + 40, 0);
	for (i = 0; i < ACPI_MAX_IOAPICS + 3; i++, off += 12) {
		t[off] = 1; t[off + 1] = 12; t[off + 2] = i; t[off + 3] = 0;
		put32(t + off + 4, 0xFEC00000 + i * 0x1000);
		put32(t + off + 8, i * 24);
	}
	for (i = 0; i < ACPI_MAX_CPUS + 2; i++, off += 8) {
		t[off] = 0; t[off + 1] = 8; t[off + 2] = i; t[off + 3] = i;
		put32(t + off + 4, 1);
	}
	put32(t + 4, off);
	seal(t);
	ASSERT_EQ(acpi_parse_madt((void *)t, &m), 0);
	EXPECT_EQ(m.nr_ioapics, ACPI_MAX_IOAPICS);
	EXPECT_EQ(m.nr_cpus, ACPI_MAX_CPUS);
	EXPECT_EQ(m.nr_dropped, 3 + 2);
	EXPECT_EQ(m.ioapics[ACPI_MAX_IOAPICS - 1].gsi_base, (ACPI_MAX_IOAPICS - 1) * 24);
}

KTEST(madt_x2apic_and_address_override)
{
	u8 t[256];
	struct acpi_madt_info m;
	u32 off = 44;

	make_header(t, "APIC", 0, 4);
	put32(t + 36, 0xFEE00000);
	put32(t + 40, 0);
	t[off] = 0; t[off + 1] = 8; t[off + 2] = 0; t[off + 3] = 5; put32(t + off + 4, 1);
	off += 8;
	/* x2APIC entry for the same CPU (id 5): deduplicated */
	memset(t + off, 0, 16);
	t[off] = 9; t[off + 1] = 16; put32(t + off + 4, 5); put32(t + off + 8, 1); put32(t + off + 12, 0);
	off += 16;
	/* x2APIC CPU id 300 */
	memset(t + off, 0, 16);
	t[off] = 9; t[off + 1] = 16; put32(t + off + 4, 300); put32(t + off + 8, 1); put32(t + off + 12, 7);
	off += 16;
	/* LAPIC address override */
	memset(t + off, 0, 12);
	t[off] = 5; t[off + 1] = 12; put64(t + off + 4, 0x1FEE00000ULL);
	off += 12;
	/* unknown type 0x7F, 4 bytes: skipped */
	t[off] = 0x7F; t[off + 1] = 4; t[off + 2] = 0; t[off + 3] = 0;
	off += 4;
	put32(t + 4, off);
	seal(t);
	ASSERT_EQ(acpi_parse_madt((void *)t, &m), 0);
	EXPECT_EQ(m.nr_cpus, 2);
	EXPECT_EQ(m.cpus[1].apic_id, 300);
	EXPECT_EQ(m.cpus[1].uid, 7);
	EXPECT_EQ(m.lapic_addr, 0x1FEE00000ULL);
}

KTEST(madt_wrong_signature_or_too_short)
{
	u8 t[256];
	struct acpi_madt_info m;

	make_madt(t);
	memcpy(t, "APIX", 4);
	seal(t);
	EXPECT_EQ(acpi_parse_madt((void *)t, &m), -EINVAL);

	make_header(t, "APIC", 40, 3);	/* no room for LAPIC address + flags */
	seal(t);
	EXPECT_EQ(acpi_parse_madt((void *)t, &m), -EINVAL);
}

/* ---- MCFG, FADT ---- */

static u32 make_mcfg(u8 *t, int n)
{
	u32 len = 44 + 16 * n;
	int i;

	make_header(t, "MCFG", len, 1);
	memset(t + 36, 0, 8);
	for (i = 0; i < n; i++) {
		u8 *e = t + 44 + 16 * i;

		memset(e, 0, 16);
		put64(e, 0xB0000000ULL + (u64)i * 0x10000000);
		put16(e + 8, i);
		e[10] = 0;
		e[11] = 0xFF;
	}
	seal(t);
	return len;
}

KTEST(mcfg_valid_and_capped)
{
	u8 t[256];
	struct acpi_mcfg_entry e[4];
	int dropped;

	make_mcfg(t, 3);
	EXPECT_EQ(acpi_parse_mcfg((void *)t, e, 4, &dropped), 3);
	EXPECT_EQ(dropped, 0);
	EXPECT_EQ(e[0].address, 0xB0000000ULL);
	EXPECT_EQ(e[2].segment, 2);
	EXPECT_EQ(e[1].end_bus, 0xFF);

	EXPECT_EQ(acpi_parse_mcfg((void *)t, e, 2, &dropped), 2);
	EXPECT_EQ(dropped, 1);
}

KTEST(mcfg_bad_bus_range_and_partial_entry)
{
	u8 t[256];
	struct acpi_mcfg_entry e[4];
	int dropped;

	make_mcfg(t, 2);
	t[44 + 16 + 10] = 0x80;		/* second entry: start bus > end bus */
	t[44 + 16 + 11] = 0x10;
	put32(t + 4, 44 + 32 + 7);	/* plus 7 stray bytes: not an entry */
	seal(t);
	EXPECT_EQ(acpi_parse_mcfg((void *)t, e, 4, &dropped), 1);
	EXPECT_EQ(dropped, 1);

	make_header(t, "MCFG", 40, 1);
	seal(t);
	EXPECT_EQ(acpi_parse_mcfg((void *)t, e, 4, &dropped), -EINVAL);
}

static u32 make_fadt(u8 *t, u32 len, bool reset_sup, u8 space, u64 addr, u8 value)
{
	make_header(t, "FACP", len, len >= 244 ? 5 : 1);
	memset(t + 36, 0, len - 36);
	if (len >= 129) {
		put32(t + 112, reset_sup ? 1U << 10 : 0);
		t[116] = space;
		t[117] = 8;
		put64(t + 120, addr);
		t[128] = value;
	}
	seal(t);
	return len;
}

KTEST(fadt_reset_register)
{
	u8 t[276];
	struct acpi_fadt_info f;

	make_fadt(t, 276, true, ACPI_ADR_SPACE_SYSTEM_IO, 0xCF9, 0x06);
	ASSERT_EQ(acpi_parse_fadt((void *)t, &f), 0);
	EXPECT_TRUE(f.reset_supported);
	EXPECT_EQ(f.reset_reg.space_id, ACPI_ADR_SPACE_SYSTEM_IO);
	EXPECT_EQ(f.reset_reg.address, 0xCF9);
	EXPECT_EQ(f.reset_value, 0x06);

	make_fadt(t, 276, false, ACPI_ADR_SPACE_SYSTEM_IO, 0xCF9, 0x06);
	ASSERT_EQ(acpi_parse_fadt((void *)t, &f), 0);
	EXPECT_FALSE(f.reset_supported);	/* flag clear */

	make_fadt(t, 276, true, ACPI_ADR_SPACE_SYSTEM_IO, 0, 0x06);
	ASSERT_EQ(acpi_parse_fadt((void *)t, &f), 0);
	EXPECT_FALSE(f.reset_supported);	/* no address */
}

KTEST(fadt_acpi1_has_no_reset_register)
{
	u8 t[276];
	struct acpi_fadt_info f;

	make_fadt(t, 116, true, 0, 0, 0);
	ASSERT_EQ(acpi_parse_fadt((void *)t, &f), 0);
	EXPECT_FALSE(f.reset_supported);
	memcpy(t, "FACX", 4);
	EXPECT_EQ(acpi_parse_fadt((void *)t, &f), -EINVAL);
}

/* ---- RSDP scan ---- */

KTEST(scan_finds_aligned_valid_rsdp)
{
	u8 *area = aligned_alloc(16, 0x2000);
	u64 base = (u64)(uintptr_t)area;

	ASSERT_NOT_NULL(area);
	memset(area, 0, 0x2000);
	/* A signature with a bad checksum first, then one off the 16-byte grid. */
	make_rsdp(area + 0x100, 0, 0x1000, 0);
	area[0x100 + 8] ^= 1;
	make_rsdp(area + 0x208, 0, 0x1000, 0);
	EXPECT_EQ(acpi_scan_rsdp(base, 0x2000), 0);

	make_rsdp(area + 0x1230, 2, 0x1000, 0x3000);
	EXPECT_EQ(acpi_scan_rsdp(base, 0x2000), base + 0x1230);
	/* The region must hold the whole structure. */
	EXPECT_EQ(acpi_scan_rsdp(base, 0x1240), 0);
	free(area);
}

/* ---- acpi_init end to end, in memory below 4 GiB ---- */

struct low_mem {
	u8 *base;
	size_t used;
};

static struct low_mem low;

static u8 *low_alloc(size_t n)
{
	u8 *p;

	if (!low.base) {
		low.base = mmap(NULL, 1 << 16, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
		if (low.base == MAP_FAILED)
			return NULL;
	}
	p = low.base + low.used;
	low.used += (n + 15) & ~15UL;
	memset(p, 0, n);
	return p;
}

static u32 addr32(const void *p)
{
	return (u32)(uintptr_t)p;
}

/* RSDT (4-byte entries) or XSDT (8-byte) listing n tables. */
static u8 *make_root(const char *sig, u8 **tables, int n)
{
	int esize = sig[0] == 'X' ? 8 : 4, i;
	u8 *t = low_alloc(36 + esize * n);

	make_header(t, sig, 36 + esize * n, 1);
	for (i = 0; i < n; i++) {
		if (esize == 8)
			put64(t + 36 + 8 * i, (u64)(uintptr_t)tables[i]);
		else
			put32(t + 36 + 4 * i, addr32(tables[i]));
	}
	seal(t);
	return t;
}

static void build_tables(u8 **madt, u8 **mcfg, u8 **fadt)
{
	*madt = low_alloc(256);
	make_madt(*madt);
	*mcfg = low_alloc(64);
	make_mcfg(*mcfg, 1);
	*fadt = low_alloc(276);
	make_fadt(*fadt, 276, true, ACPI_ADR_SPACE_SYSTEM_IO, 0xCF9, 0x06);
}

KTEST(init_through_xsdt)
{
	u8 *tables[3], *xsdt, *rsdp;
	const struct acpi_madt_info *m;

	ASSERT_NOT_NULL(low_alloc(0));
	build_tables(&tables[0], &tables[1], &tables[2]);
	xsdt = make_root("XSDT", tables, 3);
	rsdp = low_alloc(36);
	make_rsdp(rsdp, 2, 0, (u64)(uintptr_t)xsdt);
	acpi_init((u64)(uintptr_t)rsdp);

	m = acpi_get_madt();
	EXPECT_EQ(m->nr_cpus, 1);
	EXPECT_EQ(m->nr_ioapics, 1);
	EXPECT_EQ(m->nr_overrides, 2);
	ASSERT_EQ(acpi_mcfg_count(), 1);
	EXPECT_EQ(acpi_mcfg_get(0)->address, 0xB0000000ULL);
	EXPECT_NULL(acpi_mcfg_get(1));
	EXPECT_NULL(acpi_mcfg_get(-1));
	EXPECT_TRUE(log_has("ACPI: RSDP at 0x"));
	EXPECT_TRUE(log_has("(rev 2, OEM NAPKIN)"));
	EXPECT_TRUE(log_has("ACPI: MADT: 1 CPUs, 1 IOAPICs, 2 overrides"));
	EXPECT_TRUE(log_has("ACPI: MCFG: segment 0 buses 00-ff ECAM at 0xb0000000"));
	EXPECT_TRUE(log_has("ACPI: FADT: reset register"));
	EXPECT_EQ(ioremap_calls, 0);
}

KTEST(init_bad_xsdt_falls_back_to_rsdt)
{
	u8 *tables[3], *xsdt, *rsdt, *rsdp;

	ASSERT_NOT_NULL(low_alloc(0));
	build_tables(&tables[0], &tables[1], &tables[2]);
	xsdt = make_root("XSDT", tables, 3);
	xsdt[40] ^= 0xFF;		/* checksum now wrong */
	rsdt = make_root("RSDT", tables, 2);	/* no FADT listed here */
	rsdp = low_alloc(36);
	make_rsdp(rsdp, 2, addr32(rsdt), (u64)(uintptr_t)xsdt);
	acpi_init((u64)(uintptr_t)rsdp);

	EXPECT_TRUE(log_has("XSDT at"));
	EXPECT_TRUE(log_has("bad checksum"));
	EXPECT_TRUE(log_has("trying the RSDT"));
	EXPECT_EQ(acpi_get_madt()->nr_overrides, 2);
}

KTEST(init_skips_corrupt_table_and_defaults_madt)
{
	u8 *tables[3], *rsdt, *rsdp;
	const struct acpi_madt_info *m;

	ASSERT_NOT_NULL(low_alloc(0));
	build_tables(&tables[0], &tables[1], &tables[2]);
	tables[0][50] ^= 0x40;		/* MADT checksum broken: must not be used */
	rsdt = make_root("RSDT", tables, 3);
	rsdp = low_alloc(36);
	make_rsdp(rsdp, 0, addr32(rsdt), 0);
	acpi_init((u64)(uintptr_t)rsdp);

	m = acpi_get_madt();
	EXPECT_TRUE(log_has("APIC at 0x"));
	EXPECT_TRUE(log_has("MADT: not found; assuming LAPIC at 0xfee00000"));
	EXPECT_EQ(m->nr_ioapics, 1);
	EXPECT_EQ(m->ioapics[0].address, 0xFEC00000);
	EXPECT_EQ(m->nr_overrides, 0);
	EXPECT_EQ(m->lapic_addr, 0xFEE00000);
}

KTEST(init_malformed_madt_uses_entries_before_it)
{
	u8 *tables[1], *rsdt, *rsdp, *madt;
	u32 len;

	ASSERT_NOT_NULL(low_alloc(0));
	madt = low_alloc(256);
	len = make_madt(madt);
	madt[len] = 2;
	madt[len + 1] = 0;		/* zero-length entry at the end */
	put32(madt + 4, len + 2);
	seal(madt);
	tables[0] = madt;
	rsdt = make_root("RSDT", tables, 1);
	rsdp = low_alloc(36);
	make_rsdp(rsdp, 0, addr32(rsdt), 0);
	acpi_init((u64)(uintptr_t)rsdp);

	EXPECT_TRUE(log_has("malformed entry"));
	EXPECT_EQ(acpi_get_madt()->nr_overrides, 2);
	EXPECT_EQ(acpi_mcfg_count(), 0);	/* nothing left over from earlier runs */
}

KTEST(init_bad_rsdp_and_garbage_pointers)
{
	u8 *rsdp, *rsdt, *tables[2];

	ASSERT_NOT_NULL(low_alloc(0));
	rsdp = low_alloc(36);
	make_rsdp(rsdp, 0, 0x1000, 0);
	rsdp[8] ^= 1;
	acpi_init((u64)(uintptr_t)rsdp);
	EXPECT_TRUE(log_has("bad checksum; ignoring ACPI"));
	EXPECT_EQ(acpi_get_madt()->nr_ioapics, 1);	/* defaults */

	/* An RSDT entry pointing at a header with an absurd length. */
	tables[0] = low_alloc(64);
	make_header(tables[0], "APIC", 0xFFFFFF00, 1);
	tables[1] = low_alloc(64);
	make_header(tables[1], "ZERO", 0, 1);
	rsdt = make_root("RSDT", tables, 2);
	make_rsdp(rsdp, 0, addr32(rsdt), 0);
	acpi_init((u64)(uintptr_t)rsdp);
	EXPECT_TRUE(log_has("claims length 4294967040"));
	EXPECT_TRUE(log_has("claims length 0"));
	EXPECT_TRUE(log_has("MADT: not found"));
}

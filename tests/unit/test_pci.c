/* Host tests for drivers/pci/pci_parse.c: BAR decoding (32/64-bit, I/O,
 * prefetch, sizing arithmetic from the all-ones readback), the capability
 * walk over fake config spaces including looping and malformed lists (it
 * must end), ID-table matching, MSI messages and the printed names. */
#include <string.h>

#include "tests/unit/ktest.h"
#include "drivers/pci/pci_parse.h"
#include "lib/errno.h"

/* ---- BARs ---- */

KTEST(bar_mem32)
{
	struct pci_bar b;

	EXPECT_EQ(pci_bar_decode(0xfebc0000, 0xfffe0000, 0, 0, true, &b), 1);
	EXPECT_EQ(b.addr, 0xfebc0000);
	EXPECT_EQ(b.size, 0x20000);
	EXPECT_FALSE(b.io);
	EXPECT_FALSE(b.is64);
	EXPECT_FALSE(b.prefetch);
}

KTEST(bar_mem32_prefetch)
{
	struct pci_bar b;

	EXPECT_EQ(pci_bar_decode(0xfd000008, 0xff000008, 0, 0, true, &b), 1);
	EXPECT_EQ(b.addr, 0xfd000000);
	EXPECT_EQ(b.size, 0x1000000);
	EXPECT_TRUE(b.prefetch);
	EXPECT_FALSE(b.is64);
}

KTEST(bar_io)
{
	struct pci_bar b;

	EXPECT_EQ(pci_bar_decode(0xc001, 0xffffffc1, 0, 0, true, &b), 1);
	EXPECT_TRUE(b.io);
	EXPECT_EQ(b.addr, 0xc000);
	EXPECT_EQ(b.size, 0x40);
	/* 16-bit decoders read the upper half back as zero. */
	EXPECT_EQ(pci_bar_decode(0xc041, 0x0000ffc1, 0, 0, true, &b), 1);
	EXPECT_EQ(b.addr, 0xc040);
	EXPECT_EQ(b.size, 0x40);
}

KTEST(bar_mem64)
{
	struct pci_bar b;

	EXPECT_TRUE(pci_bar_is_mem64(0xfebd400c));
	EXPECT_EQ(pci_bar_decode(0xfebd400c, 0xffffc00c, 0, 0xffffffff, true, &b), 2);
	EXPECT_EQ(b.addr, 0xfebd4000);
	EXPECT_EQ(b.size, 0x4000);
	EXPECT_TRUE(b.is64);
	EXPECT_TRUE(b.prefetch);
	/* Above 4 GiB, as OVMF places igb's BAR3. */
	EXPECT_EQ(pci_bar_decode(0x00040004, 0xffffc004, 0xe0, 0xffffffff, true, &b), 2);
	EXPECT_EQ(b.addr, 0xe000040000ULL);
	EXPECT_FALSE(b.prefetch);
}

KTEST(bar_mem64_over_4g_size)
{
	struct pci_bar b;

	/* 8 GiB: no writable bit in the low half at all. */
	EXPECT_EQ(pci_bar_decode(0x0000000c, 0x0000000c, 0x4, 0xfffffffe, true, &b), 2);
	EXPECT_EQ(b.size, 0x200000000ULL);
	EXPECT_EQ(b.addr, 0x400000000ULL);
}

KTEST(bar_unimplemented_and_broken)
{
	struct pci_bar b;

	EXPECT_EQ(pci_bar_decode(0, 0, 0, 0, true, &b), 1);
	EXPECT_EQ(b.size, 0);
	EXPECT_EQ(b.addr, 0);
	/* No device answered: everything reads all-ones. */
	EXPECT_EQ(pci_bar_decode(0xffffffff, 0xffffffff, 0, 0, true, &b), 1);
	EXPECT_EQ(b.size, 0);
	/* A 64-bit BAR in the last slot has no upper half: unusable. */
	EXPECT_EQ(pci_bar_decode(0xfebd400c, 0xffffc00c, 0, 0, false, &b), 1);
	EXPECT_EQ(b.size, 0);
	/* 64-bit type with nothing writable still consumes both slots. */
	EXPECT_EQ(pci_bar_decode(0x4, 0x4, 0, 0, true, &b), 2);
	EXPECT_EQ(b.size, 0);
	/* I/O BAR with only flag bits: unimplemented. */
	EXPECT_EQ(pci_bar_decode(0x1, 0x1, 0, 0, true, &b), 1);
	EXPECT_EQ(b.size, 0);
}

KTEST(bar_legacy_1m_type_is_32bit)
{
	struct pci_bar b;

	EXPECT_FALSE(pci_bar_is_mem64(0x000d0002));
	EXPECT_EQ(pci_bar_decode(0x000d0002, 0xffff0002, 0, 0, true, &b), 1);
	EXPECT_EQ(b.addr, 0x000d0000);
	EXPECT_EQ(b.size, 0x10000);
	EXPECT_FALSE(b.is64);
}

/* Sizing arithmetic: a BAR of size 2^k reads back ~(2^k - 1) plus its
 * read-only flag bits, whatever the address it holds. */
KTEST(bar_sizing_every_power_of_two)
{
	struct pci_bar b;
	int k;

	for (k = 4; k < 32; k++) {
		u32 size = 1u << k, flags = 0x8;

		pci_bar_decode(0x80000000u | flags, ~(size - 1) | flags, 0, 0, true, &b);
		EXPECT_EQ(b.size, size);
	}
	/* A 16-bit I/O decoder has at most 15 writable bits. */
	for (k = 2; k < 16; k++) {
		u32 size = 1u << k;

		pci_bar_decode(0x1001, (~(size - 1) & 0xffff) | 1, 0, 0, true, &b);
		EXPECT_EQ(b.size, size);
	}
	for (k = 4; k < 48; k++) {
		u64 size = 1ULL << k, mask = ~(size - 1);

		EXPECT_EQ(pci_bar_decode(0x4, (u32)mask | 0x4, 0x10, (u32)(mask >> 32), true, &b), 2);
		EXPECT_EQ(b.size, size);
	}
}

KTEST(bar_format)
{
	struct pci_bar mem = { .addr = 0xfebc0000, .size = 0x20000 };
	struct pci_bar io = { .addr = 0xc000, .size = 0x40, .io = true };
	struct pci_bar m64 = { .addr = 0xe000040000ULL, .size = 0x4000, .is64 = true, .prefetch = true };
	struct pci_bar none = { 0 };
	char buf[80], tiny[8];

	pci_bar_format(buf, sizeof(buf), 0, &mem);
	EXPECT_STREQ(buf, "BAR0: mem 0xfebc0000 size 0x20000");
	pci_bar_format(buf, sizeof(buf), 1, &io);
	EXPECT_STREQ(buf, "BAR1: io 0xc000 size 0x40");
	pci_bar_format(buf, sizeof(buf), 3, &m64);
	EXPECT_STREQ(buf, "BAR3: mem 0xe000040000 size 0x4000 64bit prefetch");
	EXPECT_EQ(pci_bar_format(buf, sizeof(buf), 2, &none), 0);
	EXPECT_STREQ(buf, "");
	EXPECT_EQ(pci_bar_format(tiny, sizeof(tiny), 0, &mem), 7);
	EXPECT_STREQ(tiny, "BAR0: m");
}

/* ---- capability walk over a fake config space ---- */

static u8 cfg[256];

static u8 fake_read8(const void *ctx, u16 off)
{
	const u8 *space = ctx;

	return off < 256 ? space[off] : 0xff;
}

static void cfg_reset(u8 first_cap)
{
	memset(cfg, 0, sizeof(cfg));
	cfg[PCI_VENDOR_ID] = 0x86;
	cfg[PCI_VENDOR_ID + 1] = 0x80;
	cfg[PCI_STATUS] = PCI_STATUS_CAP_LIST;
	cfg[PCI_CAPABILITY_LIST] = first_cap;
}

static void cap_put(u8 pos, u8 id, u8 next)
{
	cfg[pos + PCI_CAP_LIST_ID] = id;
	cfg[pos + PCI_CAP_LIST_NEXT] = next;
}

/* Walk the whole list; returns the count, checking every position. */
static int walk_all(void)
{
	struct pci_cap_iter it;
	u8 pos, id;
	int n = 0;

	pci_cap_iter_init(&it, fake_read8, cfg);
	while (pci_cap_iter_next(&it, &pos, &id)) {
		EXPECT_GE(pos, PCI_CAP_MIN_OFFSET);
		EXPECT_EQ(pos & 3, 0);
		if (++n > 1000)
			break;	/* the walker failed to stop: reported below */
	}
	return n;
}

KTEST(cap_walk_normal)
{
	struct pci_cap_iter it;
	u8 pos, id;

	cfg_reset(0x40);
	cap_put(0x40, PCI_CAP_ID_PM, 0x50);
	cap_put(0x50, PCI_CAP_ID_MSI, 0x70);
	cap_put(0x70, PCI_CAP_ID_MSIX, 0);
	EXPECT_EQ(pci_find_cap_in(fake_read8, cfg, PCI_CAP_ID_MSI), 0x50);
	EXPECT_EQ(pci_find_cap_in(fake_read8, cfg, PCI_CAP_ID_MSIX), 0x70);
	EXPECT_EQ(pci_find_cap_in(fake_read8, cfg, PCI_CAP_ID_EXP), 0);
	pci_cap_iter_init(&it, fake_read8, cfg);
	ASSERT_TRUE(pci_cap_iter_next(&it, &pos, &id));
	EXPECT_EQ(pos, 0x40);
	EXPECT_EQ(id, PCI_CAP_ID_PM);
	EXPECT_EQ(walk_all(), 3);
}

KTEST(cap_walk_needs_status_bit)
{
	cfg_reset(0x40);
	cap_put(0x40, PCI_CAP_ID_MSI, 0);
	cfg[PCI_STATUS] = 0;
	EXPECT_EQ(pci_find_cap_in(fake_read8, cfg, PCI_CAP_ID_MSI), 0);
	EXPECT_EQ(walk_all(), 0);
}

KTEST(cap_walk_self_loop_ends)
{
	cfg_reset(0x40);
	cap_put(0x40, PCI_CAP_ID_PM, 0x40);
	EXPECT_EQ(pci_find_cap_in(fake_read8, cfg, PCI_CAP_ID_MSI), 0);
	EXPECT_EQ(walk_all(), PCI_FIND_CAP_TTL);
}

KTEST(cap_walk_two_cycle_ends)
{
	cfg_reset(0x40);
	cap_put(0x40, PCI_CAP_ID_PM, 0x50);
	cap_put(0x50, PCI_CAP_ID_VNDR, 0x40);
	EXPECT_EQ(pci_find_cap_in(fake_read8, cfg, PCI_CAP_ID_MSIX), 0);
	EXPECT_EQ(pci_find_cap_in(fake_read8, cfg, PCI_CAP_ID_VNDR), 0x50);
	EXPECT_EQ(walk_all(), PCI_FIND_CAP_TTL);
}

KTEST(cap_walk_pointer_into_header_stops)
{
	cfg_reset(0x10);	/* first pointer inside the header */
	cap_put(0x10, PCI_CAP_ID_MSI, 0);
	EXPECT_EQ(walk_all(), 0);
	cfg_reset(0x40);
	cap_put(0x40, PCI_CAP_ID_PM, 0x3c);	/* next points back into it */
	cap_put(0x3c, PCI_CAP_ID_MSI, 0x40);
	EXPECT_EQ(pci_find_cap_in(fake_read8, cfg, PCI_CAP_ID_MSI), 0);
	EXPECT_EQ(walk_all(), 1);
}

KTEST(cap_walk_masks_reserved_pointer_bits)
{
	cfg_reset(0x43);
	cap_put(0x40, PCI_CAP_ID_PM, 0x52);
	cap_put(0x50, PCI_CAP_ID_MSI, 0xff);	/* 0xfc after masking */
	cap_put(0xfc, PCI_CAP_ID_MSIX, 0);
	EXPECT_EQ(pci_find_cap_in(fake_read8, cfg, PCI_CAP_ID_MSI), 0x50);
	EXPECT_EQ(pci_find_cap_in(fake_read8, cfg, PCI_CAP_ID_MSIX), 0xfc);
	EXPECT_EQ(walk_all(), 3);
}

KTEST(cap_walk_absent_device_and_id_ff)
{
	memset(cfg, 0xff, sizeof(cfg));
	EXPECT_EQ(walk_all(), 0);
	EXPECT_EQ(pci_find_cap_in(fake_read8, cfg, 0xff), 0);
	cfg_reset(0x40);
	cap_put(0x40, PCI_CAP_ID_PM, 0x50);
	cap_put(0x50, 0xff, 0x60);
	cap_put(0x60, PCI_CAP_ID_MSI, 0);
	EXPECT_EQ(walk_all(), 1);
}

KTEST(cap_walk_cardbus_pointer)
{
	cfg_reset(0);
	cfg[PCI_HEADER_TYPE] = PCI_HEADER_TYPE_CARDBUS;
	cfg[PCI_CB_CAPABILITY_LIST] = 0x80;
	cap_put(0x80, PCI_CAP_ID_PM, 0);
	EXPECT_EQ(pci_find_cap_in(fake_read8, cfg, PCI_CAP_ID_PM), 0x80);
}

/* Random config spaces: every walk ends within the bound. */
KTEST(cap_walk_random_spaces_terminate)
{
	int i;

	for (i = 0; i < 2000; i++) {
		ktest_fill_random(cfg, sizeof(cfg));
		cfg[PCI_STATUS] |= PCI_STATUS_CAP_LIST;
		cfg[PCI_STATUS + 1] = 0;
		EXPECT_LE(walk_all(), PCI_FIND_CAP_TTL);
		if (ktest_failures())
			return;
	}
}

/* ---- ID tables ---- */

static const struct pci_device_id e1000_ids[] = {
	{ 0x8086, 0x100e, 1 },
	{ 0x8086, 0x10d3, 2 },
	{ 0x8086, PCI_ANY_ID, 3 },
	{ 0 },
	{ 0x1234, 0x1111, 4 },		/* after the terminator: never seen */
};

static struct pci_dev dev_with(u16 vendor, u16 device)
{
	struct pci_dev d = { .vendor = vendor, .device = device };

	return d;
}

KTEST(match_id_table)
{
	struct pci_dev d = dev_with(0x8086, 0x10d3);
	const struct pci_device_id *id = pci_match_id(e1000_ids, &d);

	ASSERT_NOT_NULL(id);
	EXPECT_EQ(id->driver_data, 2);
	d = dev_with(0x8086, 0x100e);
	EXPECT_EQ(pci_match_id(e1000_ids, &d)->driver_data, 1);
	d = dev_with(0x8086, 0x1234);	/* only the wildcard entry */
	EXPECT_EQ(pci_match_id(e1000_ids, &d)->driver_data, 3);
	d = dev_with(0x1234, 0x1111);
	EXPECT_NULL(pci_match_id(e1000_ids, &d));
	EXPECT_NULL(pci_match_id(NULL, &d));
}

KTEST(match_id_any_vendor)
{
	static const struct pci_device_id any[] = {
		{ PCI_ANY_ID, 0x1111, 7 },
		{ PCI_ANY_ID, PCI_ANY_ID, 8 },
		{ 0 },
	};
	struct pci_dev d = dev_with(0x1234, 0x1111);

	EXPECT_EQ(pci_match_id(any, &d)->driver_data, 7);
	d = dev_with(0x1af4, 0x1000);
	EXPECT_EQ(pci_match_id(any, &d)->driver_data, 8);
}

/* ---- MSI ---- */

KTEST(msi_message)
{
	struct msi_msg msg;

	ASSERT_EQ(msi_compose_msg(0, 80, &msg), 0);
	EXPECT_EQ(msg.address_lo, 0xfee00000);
	EXPECT_EQ(msg.address_hi, 0);
	EXPECT_EQ(msg.data, 80);	/* fixed delivery, edge: only the vector */
	ASSERT_EQ(msi_compose_msg(3, 0xef, &msg), 0);
	EXPECT_EQ(msg.address_lo, 0xfee03000);
	EXPECT_EQ(msg.data, 0xef);
	EXPECT_EQ(msi_compose_msg(256, 80, &msg), -EINVAL);
	EXPECT_EQ(msi_compose_msg(0, 256, &msg), -EINVAL);
	EXPECT_EQ(msi_compose_msg(0, 20, &msg), -EINVAL);
}

KTEST(msi_register_layouts)
{
	EXPECT_EQ(pci_msi_data_offset(0), 8);
	EXPECT_EQ(pci_msi_mask_offset(PCI_MSI_FLAGS_MASKBIT), 12);
	EXPECT_EQ(pci_msi_data_offset(PCI_MSI_FLAGS_64BIT), 12);
	EXPECT_EQ(pci_msi_mask_offset(PCI_MSI_FLAGS_64BIT | PCI_MSI_FLAGS_MASKBIT), 16);
}

/* ---- names ---- */

KTEST(names)
{
	char name[16];

	EXPECT_STREQ(pci_class_name(0x020000), "Ethernet controller");
	EXPECT_STREQ(pci_class_name(0x060400), "PCI bridge");
	EXPECT_STREQ(pci_class_name(0x028000), "Network controller");
	EXPECT_STREQ(pci_class_name(0xff0000), "Unassigned class");
	EXPECT_STREQ(pci_cap_name(PCI_CAP_ID_MSIX), "MSI-X");
	EXPECT_STREQ(pci_cap_name(0x42), "Unknown");
	EXPECT_EQ(pci_pin_name(1), 'A');
	EXPECT_EQ(pci_pin_name(4), 'D');
	EXPECT_EQ(pci_pin_name(0), '?');
	EXPECT_EQ(pci_pin_name(5), '?');
	pci_format_name(name, sizeof(name), 0, 0, PCI_DEVFN(3, 0));
	EXPECT_STREQ(name, "0000:00:03.0");
	pci_format_name(name, sizeof(name), 1, 0xab, PCI_DEVFN(31, 7));
	EXPECT_STREQ(name, "0001:ab:1f.7");
}

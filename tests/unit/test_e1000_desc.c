/* test_e1000_desc.c: pure parts of the e1000 driver — descriptor layouts,
 * the receive descriptor classifier (EOP, error bits, FCS, lengths), ring
 * arithmetic, ring-size bounds and the STATUS speed field. */
#include "drivers/net/e1000/e1000_hw.h"
#include "tests/unit/ktest.h"

#define MAX_LEN	1664

KTEST(descriptor_layout)
{
	struct e1000_rx_desc rx;
	struct e1000_tx_desc tx;

	EXPECT_EQ(sizeof(rx), 16u);
	EXPECT_EQ(offsetof(struct e1000_rx_desc, length), 8u);
	EXPECT_EQ(offsetof(struct e1000_rx_desc, status), 12u);
	EXPECT_EQ(offsetof(struct e1000_rx_desc, errors), 13u);
	EXPECT_EQ(sizeof(tx), 16u);
	EXPECT_EQ(offsetof(struct e1000_tx_desc, lower), 8u);
	EXPECT_EQ(offsetof(struct e1000_tx_desc, upper), 12u);
	/* cmd is the top byte of lower: EOP 0x01, IFCS 0x02, RS 0x08 in the SDM. */
	EXPECT_EQ(E1000_TXD_CMD_EOP >> 24, 0x01u);
	EXPECT_EQ(E1000_TXD_CMD_IFCS >> 24, 0x02u);
	EXPECT_EQ(E1000_TXD_CMD_RS >> 24, 0x08u);
	EXPECT_EQ(E1000_RING_ALIGN / sizeof(rx), (size_t)E1000_DESC_MULTIPLE);
}

KTEST(rx_classify_good)
{
	unsigned int len = 0;
	u8 st = E1000_RXD_STAT_DD | E1000_RXD_STAT_EOP;

	EXPECT_EQ(e1000_rx_classify(st, 0, 64, false, MAX_LEN, &len), E1000_RX_FRAME);
	EXPECT_EQ(len, 64u);
	/* 8254x: the FCS is in the buffer and comes off. */
	EXPECT_EQ(e1000_rx_classify(st, 0, 64, true, MAX_LEN, &len), E1000_RX_FRAME);
	EXPECT_EQ(len, 60u);
	EXPECT_EQ(e1000_rx_classify(st, 0, 1522, true, MAX_LEN, &len), E1000_RX_FRAME);
	EXPECT_EQ(len, 1518u);
	/* Short frames pass: eth_type_trans judges runts. */
	EXPECT_EQ(e1000_rx_classify(st, 0, 5, true, MAX_LEN, &len), E1000_RX_FRAME);
	EXPECT_EQ(len, 1u);
	/* Checksum error bits are ignored: no offload, software checks. */
	EXPECT_EQ(e1000_rx_classify(st, E1000_RXD_ERR_IPE | E1000_RXD_ERR_TCPE, 100, false,
				    MAX_LEN, &len), E1000_RX_FRAME);
}

KTEST(rx_classify_errors)
{
	unsigned int len = 12345;
	u8 st = E1000_RXD_STAT_DD | E1000_RXD_STAT_EOP;

	EXPECT_EQ(e1000_rx_classify(E1000_RXD_STAT_DD, 0, 2048, false, MAX_LEN, &len),
		  E1000_RX_NO_EOP);
	EXPECT_EQ(e1000_rx_classify(st, E1000_RXD_ERR_CE, 64, false, MAX_LEN, &len),
		  E1000_RX_ERR_CE);
	EXPECT_EQ(e1000_rx_classify(st, E1000_RXD_ERR_SE, 64, false, MAX_LEN, &len),
		  E1000_RX_ERR_SE);
	EXPECT_EQ(e1000_rx_classify(st, E1000_RXD_ERR_SEQ, 64, false, MAX_LEN, &len),
		  E1000_RX_ERR_SEQ);
	EXPECT_EQ(e1000_rx_classify(st, E1000_RXD_ERR_CXE, 64, false, MAX_LEN, &len),
		  E1000_RX_ERR_CXE);
	EXPECT_EQ(e1000_rx_classify(st, E1000_RXD_ERR_RXE, 64, false, MAX_LEN, &len),
		  E1000_RX_ERR_RXE);
	/* Several bits: CRC reported first. */
	EXPECT_EQ(e1000_rx_classify(st, E1000_RXD_ERR_RXE | E1000_RXD_ERR_CE, 64, false,
				    MAX_LEN, &len), E1000_RX_ERR_CE);
	/* Lengths: nothing but FCS, zero, or beyond the buffer. */
	EXPECT_EQ(e1000_rx_classify(st, 0, 4, true, MAX_LEN, &len), E1000_RX_BAD_LENGTH);
	EXPECT_EQ(e1000_rx_classify(st, 0, 0, true, MAX_LEN, &len), E1000_RX_BAD_LENGTH);
	EXPECT_EQ(e1000_rx_classify(st, 0, 0, false, MAX_LEN, &len), E1000_RX_BAD_LENGTH);
	EXPECT_EQ(e1000_rx_classify(st, 0, MAX_LEN + 1, false, MAX_LEN, &len),
		  E1000_RX_BAD_LENGTH);
	EXPECT_EQ(e1000_rx_classify(st, 0, 0xFFFF, true, MAX_LEN, &len), E1000_RX_BAD_LENGTH);
	/* No verdict but FRAME touches the length. */
	EXPECT_EQ(len, 12345u);
}

KTEST(ring_unused)
{
	/* Empty ring at open: everything but the one spare slot. */
	EXPECT_EQ(e1000_desc_unused(256, 0, 0), 255u);
	/* Fully posted. */
	EXPECT_EQ(e1000_desc_unused(256, 255, 0), 0u);
	EXPECT_EQ(e1000_desc_unused(80, 10, 11), 0u);
	EXPECT_EQ(e1000_desc_unused(80, 10, 10), 79u);
	EXPECT_EQ(e1000_desc_unused(80, 70, 5), 14u);
	EXPECT_EQ(e1000_desc_unused(80, 5, 70), 64u);
}

KTEST(ring_sizes)
{
	EXPECT_FALSE(e1000_ring_size_valid(0));
	EXPECT_FALSE(e1000_ring_size_valid(72));
	EXPECT_TRUE(e1000_ring_size_valid(80));
	EXPECT_FALSE(e1000_ring_size_valid(84));
	EXPECT_TRUE(e1000_ring_size_valid(256));
	EXPECT_TRUE(e1000_ring_size_valid(4096));
	EXPECT_FALSE(e1000_ring_size_valid(4104));
	EXPECT_FALSE(e1000_ring_size_valid(-8));
	/* A valid ring is a whole number of 128-byte lines (RDLEN/TDLEN). */
	EXPECT_EQ((E1000_MIN_DESC * 16) % E1000_RING_ALIGN, 0);
}

KTEST(status_speed)
{
	EXPECT_EQ(e1000_status_speed(0), 10u);
	EXPECT_EQ(e1000_status_speed(1u << E1000_STATUS_SPEED_SHIFT), 100u);
	EXPECT_EQ(e1000_status_speed(2u << E1000_STATUS_SPEED_SHIFT), 1000u);
	EXPECT_EQ(e1000_status_speed(3u << E1000_STATUS_SPEED_SHIFT), 1000u);
	/* QEMU's reset value of STATUS: 1000 Mb/s, full duplex, link up. */
	EXPECT_EQ(e1000_status_speed(0x80080783), 1000u);
}

/* A fake statistics register: clearing or running, with events added
 * between the first and second read of e1000_stat_delta. */
struct fake_counter {
	u32 value;
	bool clears;
	u32 between;		/* events between two back-to-back reads */
	int reads;
};

static u32 fake_read(void *ctx)
{
	struct fake_counter *c = ctx;
	u32 v;

	c->value += c->between;
	v = c->value;
	if (c->clears)
		c->value = 0;
	c->reads++;
	return v;
}

static u64 poll_counter(struct e1000_stat_track *t, struct fake_counter *c)
{
	u32 v = fake_read(c);

	c->between = 0;
	return e1000_stat_delta(t, v, fake_read, c);
}

KTEST(stat_clear_on_read)
{
	struct fake_counter c = { .clears = true };
	struct e1000_stat_track t = { 0 };
	u64 total = 0;

	e1000_stat_reset(&t, fake_read(&c));
	total += poll_counter(&t, &c);		/* zero: no check yet */
	EXPECT_FALSE(t.checked);
	c.value = 7;
	c.between = 1;				/* one more event during the check */
	total += poll_counter(&t, &c);
	EXPECT_TRUE(t.checked);
	EXPECT_FALSE(t.running);
	EXPECT_EQ(total, 8u);
	c.value = 5;
	total += poll_counter(&t, &c);
	EXPECT_EQ(total, 13u);
	EXPECT_EQ(c.reads, 5);			/* the second read happened once */
}

KTEST(stat_running_counter)
{
	struct fake_counter c = { .clears = false, .value = 100 };
	struct e1000_stat_track t = { 0 };
	u64 total = 0;

	e1000_stat_reset(&t, fake_read(&c));	/* baseline 100 at reset */
	total += poll_counter(&t, &c);		/* 100 again: checked, running */
	EXPECT_TRUE(t.running);
	EXPECT_EQ(total, 0u);
	c.value += 25;
	total += poll_counter(&t, &c);
	c.value += 3;
	total += poll_counter(&t, &c);
	EXPECT_EQ(total, 28u);
	/* A 32-bit wrap is still a small difference. */
	c.value = 0xFFFFFFF0u;
	t.last = 0xFFFFFFF0u;
	c.value += 0x20;
	EXPECT_EQ(poll_counter(&t, &c), 0x20u);
}

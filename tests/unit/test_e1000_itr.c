/* test_e1000_itr.c: the e1000 interrupt throttling policy — register
 * encoding, accepted dev.e1000.itr values, the latency classes of Linux's
 * e1000_update_itr, and the adaptive rate over traffic patterns. */
#include "drivers/net/e1000/e1000_itr.h"
#include "tests/unit/ktest.h"

KTEST(itr_register_encoding)
{
	EXPECT_EQ(e1000_itr_to_reg(0), 0u);
	EXPECT_EQ(e1000_itr_to_reg(20000), 195u);	/* Linux: "hwitr = ~200" */
	EXPECT_EQ(e1000_itr_to_reg(4000), 976u);
	EXPECT_EQ(e1000_itr_to_reg(70000), 55u);
	EXPECT_EQ(e1000_itr_to_reg(100), 39062u);	/* still fits 16 bits */
	EXPECT_LE(e1000_itr_to_reg(E1000_ITR_MIN_FIXED), 0xFFFFu);
	EXPECT_EQ(e1000_itr_to_reg(100000), 39u);
}

KTEST(itr_setting_values)
{
	EXPECT_TRUE(e1000_itr_setting_valid(0));
	EXPECT_TRUE(e1000_itr_setting_valid(1));
	EXPECT_FALSE(e1000_itr_setting_valid(2));
	EXPECT_TRUE(e1000_itr_setting_valid(3));
	EXPECT_FALSE(e1000_itr_setting_valid(4));
	EXPECT_FALSE(e1000_itr_setting_valid(99));
	EXPECT_TRUE(e1000_itr_setting_valid(100));
	EXPECT_TRUE(e1000_itr_setting_valid(20000));
	EXPECT_TRUE(e1000_itr_setting_valid(100000));
	EXPECT_FALSE(e1000_itr_setting_valid(100001));
	EXPECT_FALSE(e1000_itr_setting_valid(-1));
	EXPECT_TRUE(e1000_itr_is_adaptive(1));
	EXPECT_TRUE(e1000_itr_is_adaptive(3));
	EXPECT_FALSE(e1000_itr_is_adaptive(0));
	EXPECT_FALSE(e1000_itr_is_adaptive(20000));
}

KTEST(update_itr_classes)
{
	/* No packets: stay. */
	EXPECT_EQ(e1000_update_itr(E1000_BULK_LATENCY, 0, 0), E1000_BULK_LATENCY);
	/* lowest: jumbo average -> bulk; a few mid packets -> low; pings stay. */
	EXPECT_EQ(e1000_update_itr(E1000_LOWEST_LATENCY, 1, 9000), E1000_BULK_LATENCY);
	EXPECT_EQ(e1000_update_itr(E1000_LOWEST_LATENCY, 2, 1200), E1000_LOW_LATENCY);
	EXPECT_EQ(e1000_update_itr(E1000_LOWEST_LATENCY, 1, 98), E1000_LOWEST_LATENCY);
	EXPECT_EQ(e1000_update_itr(E1000_LOWEST_LATENCY, 64, 64 * 98), E1000_LOWEST_LATENCY);
	/* napkin's addition: many full-size frames leave lowest. */
	EXPECT_EQ(e1000_update_itr(E1000_LOWEST_LATENCY, 64, 64 * 1514), E1000_LOW_LATENCY);
	/* low: full-size volume -> bulk; small-packet flood -> lowest; ping-pong -> lowest. */
	EXPECT_EQ(e1000_update_itr(E1000_LOW_LATENCY, 64, 64 * 1514), E1000_BULK_LATENCY);
	EXPECT_EQ(e1000_update_itr(E1000_LOW_LATENCY, 9, 9 * 1200), E1000_BULK_LATENCY);
	EXPECT_EQ(e1000_update_itr(E1000_LOW_LATENCY, 64, 64 * 200), E1000_LOWEST_LATENCY);
	EXPECT_EQ(e1000_update_itr(E1000_LOW_LATENCY, 20, 20 * 600), E1000_LOW_LATENCY);
	EXPECT_EQ(e1000_update_itr(E1000_LOW_LATENCY, 3, 3 * 3000), E1000_BULK_LATENCY);
	EXPECT_EQ(e1000_update_itr(E1000_LOW_LATENCY, 2, 200), E1000_LOWEST_LATENCY);
	EXPECT_EQ(e1000_update_itr(E1000_LOW_LATENCY, 5, 2000), E1000_LOW_LATENCY);
	/* bulk: light -> low; heavy with many packets -> low; else stays. */
	EXPECT_EQ(e1000_update_itr(E1000_BULK_LATENCY, 3, 3000), E1000_LOW_LATENCY);
	EXPECT_EQ(e1000_update_itr(E1000_BULK_LATENCY, 40, 40 * 1000), E1000_LOW_LATENCY);
	EXPECT_EQ(e1000_update_itr(E1000_BULK_LATENCY, 10, 10 * 1514), E1000_BULK_LATENCY);
	EXPECT_EQ(e1000_update_itr(E1000_BULK_LATENCY, 20, 20 * 1000), E1000_BULK_LATENCY);
}

static u32 run(struct e1000_itr_state *s, bool conservative, int rounds,
	       u32 rxp, u64 rxb, u32 txp, u64 txb)
{
	u32 rate = s->rate;

	while (rounds--)
		rate = e1000_next_itr(s, conservative, 1000, rxp, rxb, txp, txb);
	return rate;
}

KTEST(adaptive_rates)
{
	struct e1000_itr_state s;

	e1000_itr_init(&s);
	EXPECT_EQ(s.rate, (u32)E1000_ITR_LOW_LATENCY_RATE);
	/* Ping-pong: climbs to 70000 by quarter steps (20000 -> 37500 -> ...). */
	EXPECT_EQ(e1000_next_itr(&s, false, 1000, 1, 98, 1, 98), 37500u);
	EXPECT_EQ(run(&s, false, 5, 1, 98, 1, 98), (u32)E1000_ITR_LOWEST_LATENCY_RATE);
	/* Bulk transfer: down to 4000 (through low) and it stays. */
	EXPECT_EQ(run(&s, false, 3, 30, 30 * 1514, 15, 15 * 66), (u32)E1000_ITR_BULK_LATENCY_RATE);
	EXPECT_EQ(s.rx_range, E1000_BULK_LATENCY);
	/* Traffic stops: the last class holds (no evidence). */
	EXPECT_EQ(run(&s, false, 3, 0, 0, 0, 0), (u32)E1000_ITR_BULK_LATENCY_RATE);
	/* Saturated at 4000 (more than 35 full frames an interrupt): back to
	 * low, climbing a quarter step first. */
	EXPECT_EQ(run(&s, false, 1, 64, 64 * 1514, 0, 0), 9000u);
	EXPECT_EQ(s.rx_range, E1000_LOW_LATENCY);
	/* The slower class of RX and TX wins. */
	e1000_itr_init(&s);
	EXPECT_EQ(run(&s, false, 8, 1, 98, 64, 64 * 1514), (u32)E1000_ITR_BULK_LATENCY_RATE);
}

KTEST(adaptive_conservative_and_speed)
{
	struct e1000_itr_state s;

	e1000_itr_init(&s);
	/* Conservative never goes above 20000. */
	EXPECT_EQ(run(&s, true, 10, 1, 98, 1, 98), (u32)E1000_ITR_LOW_LATENCY_RATE);
	EXPECT_EQ(s.rx_range, E1000_LOW_LATENCY);
	/* Below gigabit: fixed at the bulk rate whatever the traffic. */
	EXPECT_EQ(e1000_next_itr(&s, false, 100, 1, 98, 1, 98),
		  (u32)E1000_ITR_BULK_LATENCY_RATE);
}

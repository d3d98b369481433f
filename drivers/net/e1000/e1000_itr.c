/* Interrupt throttling policy: register encoding and the adaptive
 * algorithm of Linux's e1000, from packets and bytes per interrupt.
 * Pure code, shared by the driver and the host unit test. */
#include "drivers/net/e1000/e1000_itr.h"
#include "lib/compiler.h"

/* ITR counts in 256 ns units. */
#define E1000_ITR_UNIT_NS	256
#define NSEC_PER_SEC		1000000000u

/* Thresholds on one interval's work (one interrupt), Linux's values. */
#define JUMBO_AVG_BYTES		8000	/* average frame: bulk whatever the count */
#define FULL_FRAME_AVG_BYTES	1200	/* average frame: mostly full-size */
#define LARGE_AVG_BYTES		2000
#define SMALL_BYTES		512	/* a few small packets: latency matters */
#define MANY_BYTES		10000	/* enough data to judge by frame size */
#define LIGHT_BULK_BYTES	6000	/* bulk so light it should speed up */
#define HEAVY_BULK_BYTES	25000
#define MANY_PACKETS		35
#define FEW_PACKETS_LOWEST	5
#define FEW_PACKETS_LOW		10
#define PING_PONG_PACKETS	2

void e1000_itr_init(struct e1000_itr_state *s)
{
	s->rx_range = E1000_LOWEST_LATENCY;
	s->tx_range = E1000_LOWEST_LATENCY;
	s->rate = E1000_ITR_LOW_LATENCY_RATE;
}

bool e1000_itr_setting_valid(long long v)
{
	return v == E1000_ITR_OFF || v == E1000_ITR_DYNAMIC ||
	       v == E1000_ITR_DYNAMIC_CONSERVATIVE ||
	       (v >= E1000_ITR_MIN_FIXED && v <= E1000_ITR_MAX_FIXED);
}

bool e1000_itr_is_adaptive(int setting)
{
	return setting == E1000_ITR_DYNAMIC || setting == E1000_ITR_DYNAMIC_CONSERVATIVE;
}

u32 e1000_itr_to_reg(u32 rate)
{
	if (!rate)
		return 0;
	return NSEC_PER_SEC / (rate * E1000_ITR_UNIT_NS);
}

/* One addition to Linux's table: a volume of full-size frames also leaves
 * lowest. Linux assumes 70000 ints/s never sees that much per interrupt;
 * a slow or emulated machine does, and would otherwise stay at lowest. */
static enum e1000_latency_range from_lowest(u32 packets, u64 bytes)
{
	if (bytes / packets > JUMBO_AVG_BYTES)
		return E1000_BULK_LATENCY;
	if (packets < FEW_PACKETS_LOWEST && bytes > SMALL_BYTES)
		return E1000_LOW_LATENCY;
	if (bytes > MANY_BYTES && bytes / packets > FULL_FRAME_AVG_BYTES)
		return E1000_LOW_LATENCY;
	return E1000_LOWEST_LATENCY;
}

static enum e1000_latency_range from_low(u32 packets, u64 bytes)
{
	if (bytes > MANY_BYTES) {
		if (bytes / packets > JUMBO_AVG_BYTES)
			return E1000_BULK_LATENCY;
		if (packets < FEW_PACKETS_LOW || bytes / packets > FULL_FRAME_AVG_BYTES)
			return E1000_BULK_LATENCY;
		if (packets > MANY_PACKETS)
			return E1000_LOWEST_LATENCY;
	} else if (bytes / packets > LARGE_AVG_BYTES) {
		return E1000_BULK_LATENCY;
	} else if (packets <= PING_PONG_PACKETS && bytes < SMALL_BYTES) {
		return E1000_LOWEST_LATENCY;
	}
	return E1000_LOW_LATENCY;
}

static enum e1000_latency_range from_bulk(u32 packets, u64 bytes)
{
	if (bytes > HEAVY_BULK_BYTES) {
		if (packets > MANY_PACKETS)
			return E1000_LOW_LATENCY;
	} else if (bytes < LIGHT_BULK_BYTES) {
		return E1000_LOW_LATENCY;
	}
	return E1000_BULK_LATENCY;
}

enum e1000_latency_range e1000_update_itr(enum e1000_latency_range cur,
					  u32 packets, u64 bytes)
{
	/* Nothing happened in this direction: no evidence to move on. */
	if (packets == 0)
		return cur;
	switch (cur) {
	case E1000_LOWEST_LATENCY:
		return from_lowest(packets, bytes);
	case E1000_LOW_LATENCY:
		return from_low(packets, bytes);
	case E1000_BULK_LATENCY:
		return from_bulk(packets, bytes);
	}
	return E1000_LOW_LATENCY;
}

static u32 range_rate(enum e1000_latency_range r)
{
	static const u32 rates[] = {
		[E1000_LOWEST_LATENCY] = E1000_ITR_LOWEST_LATENCY_RATE,
		[E1000_LOW_LATENCY] = E1000_ITR_LOW_LATENCY_RATE,
		[E1000_BULK_LATENCY] = E1000_ITR_BULK_LATENCY_RATE,
	};

	return rates[r];
}

/* Conservative mode never answers at the lowest-latency rate. */
static enum e1000_latency_range clamp_range(enum e1000_latency_range r, bool conservative)
{
	return conservative && r == E1000_LOWEST_LATENCY ? E1000_LOW_LATENCY : r;
}

u32 e1000_next_itr(struct e1000_itr_state *s, bool conservative, unsigned int speed,
		   u32 rx_packets, u64 rx_bytes, u32 tx_packets, u64 tx_bytes)
{
	enum e1000_latency_range cur;
	u32 target;

	if (speed != 1000) {
		s->rate = E1000_ITR_BULK_LATENCY_RATE;
		return s->rate;
	}
	s->tx_range = clamp_range(e1000_update_itr(s->tx_range, tx_packets, tx_bytes),
				  conservative);
	s->rx_range = clamp_range(e1000_update_itr(s->rx_range, rx_packets, rx_bytes),
				  conservative);
	cur = max(s->rx_range, s->tx_range);
	target = range_rate(cur);
	/* Step up by a quarter of the target at a time, down at once. */
	if (target > s->rate)
		target = min(s->rate + (target >> 2), target);
	s->rate = target;
	return target;
}

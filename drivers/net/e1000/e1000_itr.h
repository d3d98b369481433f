/* Interrupt throttling policy for the e1000 family: the ITR register value
 * for a rate, and the adaptive mode of Linux's e1000 (e1000_update_itr /
 * e1000_set_itr) as pure functions. No register access here. */
#ifndef DRIVERS_NET_E1000_E1000_ITR_H
#define DRIVERS_NET_E1000_E1000_ITR_H

#include "lib/types.h"

/* dev.e1000.itr values, as Linux's InterruptThrottleRate parameter. */
#define E1000_ITR_OFF			0	/* no throttling */
#define E1000_ITR_DYNAMIC		1	/* adaptive, 4000..70000 ints/s */
#define E1000_ITR_DYNAMIC_CONSERVATIVE	3	/* adaptive, 4000..20000 ints/s */
#define E1000_ITR_MIN_FIXED		100	/* fixed rates: 100..100000 ints/s */
#define E1000_ITR_MAX_FIXED		100000

/* Interrupt rates of the three latency classes, and the rate an adaptive
 * setting starts at (the low-latency one, Linux's default). */
#define E1000_ITR_LOWEST_LATENCY_RATE	70000
#define E1000_ITR_LOW_LATENCY_RATE	20000
#define E1000_ITR_BULK_LATENCY_RATE	4000

enum e1000_latency_range {
	E1000_LOWEST_LATENCY = 0,	/* few small packets: answer fast */
	E1000_LOW_LATENCY = 1,		/* mixed traffic */
	E1000_BULK_LATENCY = 2,		/* large packets or many: batch */
};

/* Adaptive state: the class of the last interval per direction and the
 * rate now programmed. */
struct e1000_itr_state {
	u8 rx_range;
	u8 tx_range;
	u32 rate;		/* interrupts/s now in the register, 0 = off */
};

/* Start of an adaptive period: both directions lowest, rate low-latency. */
void e1000_itr_init(struct e1000_itr_state *s);

/* True if v is an accepted dev.e1000.itr value. */
bool e1000_itr_setting_valid(long long v);
bool e1000_itr_is_adaptive(int setting);

/* ITR register value (256 ns units) for a rate; 0 for rate 0. */
u32 e1000_itr_to_reg(u32 rate);

/* The class for the next interval from one direction's work since the
 * last interrupt (Linux's e1000_update_itr thresholds). */
enum e1000_latency_range e1000_update_itr(enum e1000_latency_range cur,
					  u32 packets, u64 bytes);

/*
 * End of a NAPI cycle in adaptive mode: classify RX and TX, pick the
 * slower class of the two, and return the rate to program. Rising rates
 * move a quarter of the target at a time, biasing towards bulk; a link
 * below 1000 Mb/s is held at the bulk rate. Updates *s.
 */
u32 e1000_next_itr(struct e1000_itr_state *s, bool conservative, unsigned int speed,
		   u32 rx_packets, u64 rx_bytes, u32 tx_packets, u64 tx_bytes);

#endif /* DRIVERS_NET_E1000_E1000_ITR_H */

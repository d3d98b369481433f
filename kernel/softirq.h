/* Softirqs: deferred work raised from hard IRQ and run on interrupt exit
 * (bounded as in Linux: 10 restarts or ~2 ms), the rest by ksoftirqd. */
#ifndef KERNEL_SOFTIRQ_H
#define KERNEL_SOFTIRQ_H

#include "lib/types.h"

/* Numbered as in Linux's include/linux/interrupt.h, so counters line up. */
enum {
	HI_SOFTIRQ = 0,
	TIMER_SOFTIRQ,
	NET_TX_SOFTIRQ,
	NET_RX_SOFTIRQ,
	BLOCK_SOFTIRQ,
	IRQ_POLL_SOFTIRQ,
	TASKLET_SOFTIRQ,
	SCHED_SOFTIRQ,
	HRTIMER_SOFTIRQ,
	RCU_SOFTIRQ,
	NR_SOFTIRQS
};

#define MAX_SOFTIRQ_RESTART	10
#define MAX_SOFTIRQ_TIME_US	2000

struct softirq_action {
	void (*action)(void);
};

void open_softirq(int nr, void (*action)(void));
/* Mark nr pending; wakes ksoftirqd when not called from interrupt context. */
void raise_softirq(int nr);
/* Same, caller has interrupts off (hard IRQ handlers). */
void raise_softirq_irqoff(int nr);

void do_softirq(void);
void irq_enter(void);
void irq_exit(void);		/* runs pending softirqs when leaving the outermost IRQ */

void local_bh_disable(void);
void local_bh_enable(void);	/* runs what became pending meanwhile */

void softirq_init(void);	/* also starts ksoftirqd/0 (needs the scheduler) */

u64 softirq_count(int cpu, int nr);
extern const char *const softirq_to_name[NR_SOFTIRQS];

#endif /* KERNEL_SOFTIRQ_H */

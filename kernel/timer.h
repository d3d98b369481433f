/* jiffies and the timer wheel: add_timer/mod_timer/del_timer, callbacks run
 * in TIMER_SOFTIRQ. The wheel itself (struct timer_base) takes "now" as an
 * argument so tests can drive it in virtual time. */
#ifndef KERNEL_TIMER_H
#define KERNEL_TIMER_H

#include "lib/types.h"
#include "lib/list.h"

#define HZ		1000

extern volatile u64 jiffies;

#define time_after(a, b)	((s64)((b) - (a)) < 0)
#define time_before(a, b)	time_after(b, a)
#define time_after_eq(a, b)	((s64)((a) - (b)) >= 0)
#define time_before_eq(a, b)	time_after_eq(b, a)

static inline u64 msecs_to_jiffies(u64 ms)
{
	return ms * HZ / 1000;
}

static inline u64 jiffies_to_msecs(u64 j)
{
	return j * 1000 / HZ;
}

struct timer_list {
	struct list_head entry;		/* in a wheel slot while pending */
	u64 expires;			/* in jiffies */
	void (*function)(struct timer_list *);
	u32 flags;
	u32 slot;
};

#define timer_container_of(var, timer, member)	container_of(timer, __typeof__(*var), member)

void timer_setup(struct timer_list *t, void (*fn)(struct timer_list *), u32 flags);
void add_timer(struct timer_list *t);			/* t->expires must be set */
int mod_timer(struct timer_list *t, u64 expires);	/* 1 if it was pending */
int del_timer(struct timer_list *t);			/* 1 if it was pending */
bool timer_pending(const struct timer_list *t);

/* From the LAPIC timer interrupt: jiffies++, raise TIMER_SOFTIRQ when due. */
void timer_interrupt(void);
void timers_init(void);

/* The wheel, exposed for unit tests (kernel/timer.c keeps one per CPU). */
#define TIMER_WHEEL_BITS	8
#define TIMER_WHEEL_SIZE	(1U << TIMER_WHEEL_BITS)
#define TIMER_LEVELS		4	/* 8 bits a level: 2^32 jiffies ahead */

struct timer_base {
	u64 clk;			/* next jiffy to process */
	u32 pending;			/* timers on the wheel */
	struct list_head wheel[TIMER_LEVELS][TIMER_WHEEL_SIZE];
};

void timer_base_init(struct timer_base *base, u64 now);
void __add_timer(struct timer_base *base, struct timer_list *t);
int __del_timer(struct timer_base *base, struct timer_list *t);
/* Run every timer due at or before now; returns how many ran. */
u32 __run_timers(struct timer_base *base, u64 now);
/* The earliest jiffy at which something may be due (for idle), or now+max. */
u64 timer_base_next(const struct timer_base *base);

#endif /* KERNEL_TIMER_H */

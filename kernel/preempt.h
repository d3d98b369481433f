/* preempt_count: the per-CPU record of which context we are in, laid out as
 * in Linux so in_irq()/in_softirq()/in_interrupt() read the same. */
#ifndef KERNEL_PREEMPT_H
#define KERNEL_PREEMPT_H

#include "lib/types.h"
#include "kernel/percpu.h"

#define PREEMPT_MASK	0x000000ffU
#define SOFTIRQ_SHIFT	8
#define SOFTIRQ_MASK	0x0000ff00U
#define HARDIRQ_SHIFT	16
#define HARDIRQ_MASK	0x000f0000U
#define SOFTIRQ_OFFSET	(1U << SOFTIRQ_SHIFT)
#define HARDIRQ_OFFSET	(1U << HARDIRQ_SHIFT)
/* local_bh_disable() counts in steps of two so that "serving a softirq"
 * (one SOFTIRQ_OFFSET) and "bottom halves disabled" can be told apart. */
#define SOFTIRQ_DISABLE_OFFSET	(2 * SOFTIRQ_OFFSET)

static inline u32 preempt_count(void)
{
	return READ_ONCE(this_cpu()->preempt_count);
}

static inline void preempt_count_add(u32 v)
{
	this_cpu()->preempt_count += v;
	barrier();
}

static inline void preempt_count_sub(u32 v)
{
	barrier();
	this_cpu()->preempt_count -= v;
}

#define preempt_disable()	preempt_count_add(1)
#define preempt_enable()	preempt_count_sub(1)

#define in_irq()		(preempt_count() & HARDIRQ_MASK)
#define in_serving_softirq()	(preempt_count() & SOFTIRQ_OFFSET)
#define in_softirq()		(preempt_count() & SOFTIRQ_MASK)
#define in_interrupt()		(preempt_count() & (HARDIRQ_MASK | SOFTIRQ_MASK))
#define in_task()		(!in_interrupt())

#endif /* KERNEL_PREEMPT_H */

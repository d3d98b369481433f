/* Per-CPU data. One CPU runs today (the boot CPU, index 0), but per-CPU state
 * lives here, not in globals, so that starting more CPUs is not a rewrite. */
#ifndef KERNEL_PERCPU_H
#define KERNEL_PERCPU_H

#include "lib/types.h"

#define NR_CPUS		8

struct task_struct;

struct cpu_local {
	u32 cpu;			/* index into cpu_data[] */
	u32 apic_id;
	u32 preempt_count;		/* kernel/preempt.h */
	u32 need_resched;
	struct task_struct *curr_task;	/* read through `current` (kernel/sched.h) */
	struct task_struct *idle;
	struct task_struct *ksoftirqd;
	u32 softirq_pending;		/* bit n: softirq n raised */
};

extern struct cpu_local cpu_data[NR_CPUS];

static inline unsigned int smp_processor_id(void)
{
	return 0;
}

static inline struct cpu_local *this_cpu(void)
{
	return &cpu_data[smp_processor_id()];
}

#endif /* KERNEL_PERCPU_H */

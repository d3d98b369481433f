/* Softirqs as Linux runs them: a per-CPU pending mask raised from hard IRQs,
 * served on the outermost irq_exit() within 10 restarts / 2 ms, the rest by
 * ksoftirqd/N; irq_enter/irq_exit, local_bh_*, counters and `softirqs`.
 * Hard IRQ dispatch itself is kernel/irq.c. */
#include "kernel/softirq.h"
#include "kernel/preempt.h"
#include "kernel/percpu.h"
#include "kernel/sched.h"
#include "kernel/time.h"
#include "kernel/printk.h"
#include "kernel/panic.h"
#include "kernel/shell.h"
#include "arch/x86_64/cpu.h"
#include "lib/printf.h"
#include "lib/err.h"
#include "lib/errno.h"

const char *const softirq_to_name[NR_SOFTIRQS] = {
	"HI", "TIMER", "NET_TX", "NET_RX", "BLOCK", "IRQ_POLL",
	"TASKLET", "SCHED", "HRTIMER", "RCU",
};

static struct softirq_action softirq_vec[NR_SOFTIRQS];
static u64 softirq_stat[NR_CPUS][NR_SOFTIRQS];	/* handler runs, per CPU */
static u64 ksoftirqd_runs[NR_CPUS];		/* rounds served by ksoftirqd */

static u32 local_softirq_pending(void)
{
	return READ_ONCE(this_cpu()->softirq_pending);
}

void open_softirq(int nr, void (*action)(void))
{
	if (WARN_ON(nr < 0 || nr >= NR_SOFTIRQS))
		return;
	softirq_vec[nr].action = action;
}

static void wakeup_softirqd(void)
{
	struct task_struct *tsk = this_cpu()->ksoftirqd;

	/* before softirq_init() the next irq_exit() serves it */
	if (tsk)
		wake_up_process(tsk);
}

/* From a hard IRQ the pending bit is enough: irq_exit() runs it. From a
 * thread nothing would, so ksoftirqd is woken, as in Linux. */
void raise_softirq_irqoff(int nr)
{
	if (WARN_ON(nr < 0 || nr >= NR_SOFTIRQS))
		return;
	this_cpu()->softirq_pending |= 1U << nr;
	if (!in_interrupt())
		wakeup_softirqd();
}

void raise_softirq(int nr)
{
	unsigned long flags;

	local_irq_save(flags);
	raise_softirq_irqoff(nr);
	local_irq_restore(flags);
}

/* One pass over a snapshot of the pending mask, lowest number first. A
 * handler that leaks a preempt_count change is reported and repaired, since
 * the count would otherwise stop preemption (or softirqs) for good. */
static void run_softirq_actions(u32 pending)
{
	u32 cpu = smp_processor_id();
	u32 before = preempt_count();
	int nr;

	while (pending) {
		nr = __builtin_ctz(pending);
		pending &= pending - 1;
		softirq_stat[cpu][nr]++;
		if (softirq_vec[nr].action)
			softirq_vec[nr].action();
		if (unlikely(preempt_count() != before)) {
			pr_err("softirq %s: preempt_count %#x on entry, %#x on exit\n",
			       softirq_to_name[nr], before, preempt_count());
			this_cpu()->preempt_count = before;
		}
	}
}

/*
 * Linux's __do_softirq(): interrupts off on entry and exit, on while the
 * handlers run; SOFTIRQ_OFFSET marks "serving" so nested irq_exit()s do not
 * recurse and nothing preempts us. Handlers may raise more; we go round
 * again until MAX_SOFTIRQ_RESTART passes, MAX_SOFTIRQ_TIME_US or a pending
 * reschedule, then leave the rest to ksoftirqd so a flood cannot starve
 * threads.
 */
static void __do_softirq(void)
{
	u64 end = ktime_get_ns() + MAX_SOFTIRQ_TIME_US * 1000ULL;
	int max_restart = MAX_SOFTIRQ_RESTART;
	u32 pending = local_softirq_pending();

	preempt_count_add(SOFTIRQ_OFFSET);
	for (;;) {
		this_cpu()->softirq_pending = 0;
		local_irq_enable();
		run_softirq_actions(pending);
		local_irq_disable();
		pending = local_softirq_pending();
		if (!pending)
			break;
		if (ktime_get_ns() >= end || need_resched() || !--max_restart) {
			wakeup_softirqd();
			break;
		}
	}
	preempt_count_sub(SOFTIRQ_OFFSET);
}

void do_softirq(void)
{
	unsigned long flags;

	if (in_interrupt())
		return;
	local_irq_save(flags);
	if (local_softirq_pending())
		__do_softirq();
	local_irq_restore(flags);
}

void irq_enter(void)
{
	preempt_count_add(HARDIRQ_OFFSET);
}

/*
 * Contract with kernel/irq.c: called last in do_irq(), interrupts off, after
 * the EOI (we may run softirqs with interrupts on, then switch threads).
 * Leaving the outermost interrupt of a thread (preempt_count() == 0 once the
 * hardirq count is gone and softirqs are done) is the preemption point; an
 * interrupt only arrives with IF set, so that thread was preemptible.
 */
void irq_exit(void)
{
	preempt_count_sub(HARDIRQ_OFFSET);
	if (!in_interrupt() && local_softirq_pending())
		__do_softirq();
	if (need_resched() && !preempt_count())
		preempt_schedule_irq();
}

void local_bh_disable(void)
{
	preempt_count_add(SOFTIRQ_DISABLE_OFFSET);
}

/*
 * Softirqs raised meanwhile run here, with preemption still held off by one
 * count until they are done (Linux's __local_bh_enable_ip). With interrupts
 * off they wait for the next irq_exit() instead: __do_softirq() would turn
 * interrupts on behind the caller's back.
 */
void local_bh_enable(void)
{
	WARN_ON(in_irq());
	preempt_count_sub(SOFTIRQ_DISABLE_OFFSET - 1);
	if (!in_interrupt() && local_softirq_pending() && !irqs_disabled())
		do_softirq();
	preempt_count_sub(1);
	cond_resched();
}

/* --- ksoftirqd ----------------------------------------------------------- */

/* Linux's smpboot loop for ksoftirqd: sleep while nothing is pending; else
 * serve one bounded round and let others run between rounds. */
static int run_ksoftirqd(void *unused)
{
	u32 cpu = smp_processor_id();

	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (!local_softirq_pending()) {
			schedule();
			continue;
		}
		set_current_state(TASK_RUNNING);
		local_irq_disable();
		if (local_softirq_pending()) {
			ksoftirqd_runs[cpu]++;
			__do_softirq();
		}
		local_irq_enable();
		cond_resched();
	}
	return 0;
}

void softirq_init(void)
{
	char name[TASK_COMM_LEN];
	struct task_struct *t;

	snprintf(name, sizeof(name), "ksoftirqd/%u", smp_processor_id());
	t = kthread_create(run_ksoftirqd, NULL, name, SCHED_PRIO_NORMAL);
	if (IS_ERR(t))
		panic("softirq: cannot start %s: %ld", name, PTR_ERR(t));
	this_cpu()->ksoftirqd = t;
	wake_up_process(t);
}

u64 softirq_count(int cpu, int nr)
{
	if (cpu < 0 || cpu >= NR_CPUS || nr < 0 || nr >= NR_SOFTIRQS)
		return 0;
	return READ_ONCE(softirq_stat[cpu][nr]);
}

/* --- /proc/softirqs ------------------------------------------------------ */

/* A CPU has a column once its ksoftirqd exists; CPU 0 always has one. */
static bool softirq_cpu_shown(int cpu)
{
	return cpu == 0 || cpu_data[cpu].ksoftirqd;
}

/* Same layout as Linux's /proc/softirqs (fs/proc/softirqs.c). */
static void show_softirqs(void)
{
	int cpu, nr;

	kprintf("                    ");
	for (cpu = 0; cpu < NR_CPUS; cpu++)
		if (softirq_cpu_shown(cpu))
			kprintf("CPU%-8d", cpu);
	kprintf("\n");
	for (nr = 0; nr < NR_SOFTIRQS; nr++) {
		kprintf("%12s:", softirq_to_name[nr]);
		for (cpu = 0; cpu < NR_CPUS; cpu++)
			if (softirq_cpu_shown(cpu))
				kprintf(" %10llu", (unsigned long long)softirq_count(cpu, nr));
		kprintf("\n");
	}
	for (cpu = 0; cpu < NR_CPUS; cpu++)
		if (softirq_cpu_shown(cpu))
			kprintf("ksoftirqd/%d runs: %llu\n", cpu,
				(unsigned long long)READ_ONCE(ksoftirqd_runs[cpu]));
}

static int cmd_softirqs(int argc, char **argv)
{
	if (argc > 1) {
		kprintf("usage: %s (no arguments)\n", argv[0]);
		return -EINVAL;
	}
	show_softirqs();
	return 0;
}
SHELL_COMMAND(softirqs, "softirqs", cmd_softirqs,
	      "softirqs run per CPU, as /proc/softirqs, and ksoftirqd rounds");

/* Kernel threads and the scheduler: strict priority classes, round robin
 * with a time slice inside a class, preemption on interrupt exit. */
#ifndef KERNEL_SCHED_H
#define KERNEL_SCHED_H

#include "lib/types.h"
#include "lib/list.h"
#include "kernel/percpu.h"

enum task_state {
	TASK_RUNNING = 0,
	TASK_INTERRUPTIBLE,
	TASK_UNINTERRUPTIBLE,
	TASK_DEAD,
};

/* Lower number runs first. ksoftirqd is SCHED_PRIO_NORMAL like the
 * application (as nice 0 in Linux) so softirq load shares the CPU rather
 * than starving threads; it is woken to the head of its queue. */
enum sched_prio {
	SCHED_PRIO_HIGH = 0,
	SCHED_PRIO_NORMAL = 1,
	SCHED_PRIO_IDLE = 2,
	SCHED_NR_PRIO
};

#define TASK_COMM_LEN		16
#define THREAD_STACK_SIZE	(16 * 1024)
#define SCHED_SLICE_MS		10

struct task_struct {
	u64 rsp;			/* saved stack pointer while switched out */
	volatile int state;		/* enum task_state */
	int prio;
	u32 pid;
	u32 cpu;
	char comm[TASK_COMM_LEN];
	void *stack;			/* base of the THREAD_STACK_SIZE stack */
	struct list_head run_list;	/* on a run queue while TASK_RUNNING */
	struct list_head tasks;		/* all tasks, for `ps` */
	int (*fn)(void *);
	void *arg;
	u32 slice_left;			/* ticks left in this time slice */
	u64 switches;			/* times switched in */
	u64 runtime_ticks;
};

#define current	(this_cpu()->curr_task)

#define MAX_SCHEDULE_TIMEOUT	((long)(~0UL >> 1))

static inline bool need_resched(void)
{
	return READ_ONCE(this_cpu()->need_resched);
}

void sched_init(void);			/* turns the boot context into idle */
/* The boot context, now the idle task, ends here: it reaps exited threads,
 * runs the scheduler when asked and otherwise halts with interrupts on. */
__noreturn void cpu_idle(void);

/*
 * A new thread starts asleep (TASK_UNINTERRUPTIBLE) until wake_up_process();
 * kthread_run() does both. prio is a SCHED_PRIO_* class; the name is cut to
 * TASK_COMM_LEN - 1. Returns the task or ERR_PTR(-EINVAL/-ENOMEM/-EAGAIN),
 * -EAGAIN when all PID_MAX pids are in use. Threads only (it allocates).
 */
struct task_struct *kthread_create(int (*fn)(void *), void *arg,
				   const char *name, int prio);
struct task_struct *kthread_run(int (*fn)(void *), void *arg,
				const char *name, int prio);
/* Also what returning from the thread function does. The stack is freed
 * later by the idle task, never by the thread running on it. */
__noreturn void do_exit(int code);

/* Threads only, never with preempt_count() != 0 ("scheduling while atomic"
 * panics): the per-CPU count would follow us into the next thread. */
void schedule(void);
void yield(void);			/* to the tail of our class */
void cond_resched(void);		/* schedule() if need_resched and allowed */
/*
 * Make p runnable; 1 if it was asleep. Sets need_resched when p's class is
 * more urgent than current's (any task beats idle). This CPU's ksoftirqd is
 * queued at the head of its class, not the tail, so deferred softirq work
 * runs next — at the latest when the current thread's slice ends — yet
 * cannot starve a thread of the same class for more than a slice. From task
 * context with interrupts on it may switch to p at once. Any context.
 */
int wake_up_process(struct task_struct *p);
/* With a full barrier after the store, so the caller's following condition
 * check cannot pass the state change (pairs with the lock in wake_up). */
void set_current_state(int state);

/* From the timer interrupt: account the tick, set need_resched on expiry. */
void scheduler_tick(void);
/*
 * From irq_exit(), interrupts off, only when preempt_count() == 0 after the
 * hardirq count was dropped and softirqs ran. That implies the interrupt hit
 * a thread (not an IRQ or softirq) with IF set, and the controller's EOI
 * must already be sent: we may switch away for a long time. Switches while
 * need_resched; the interrupted thread stays runnable whatever its state.
 */
void preempt_schedule_irq(void);

/* Sleep in TASK_INTERRUPTIBLE/UNINTERRUPTIBLE (set by caller) for at most
 * timeout jiffies; returns jiffies left (0 = timed out). The caller's state
 * is TASK_RUNNING again on return. MAX_SCHEDULE_TIMEOUT sleeps until woken. */
long schedule_timeout(long timeout);
/* Sleeps at least ms milliseconds (one jiffy more, as Linux). Threads only. */
void msleep(unsigned int ms);

/* For the `ps` shell command: pid, class, state, switches, ticks, name. */
void show_tasks(void);

#endif /* KERNEL_SCHED_H */

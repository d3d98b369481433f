/* The scheduler: kernel threads on per-CPU run queues, strict priority between
 * classes and round robin inside one, preemption on interrupt exit, sleeping
 * with timeouts, exit and reaping, pids, `ps`. The register switch itself is
 * arch/x86_64/switch.asm; wait queues are kernel/wait.c. */
#include "kernel/sched.h"
#include "kernel/preempt.h"
#include "kernel/spinlock.h"
#include "kernel/timer.h"
#include "kernel/printk.h"
#include "kernel/panic.h"
#include "kernel/shell.h"
#include "kernel/mm/page_alloc.h"
#include "kernel/mm/slab.h"
#include "arch/x86_64/cpu.h"
#include "lib/string.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "lib/kstrtox.h"

#define THREAD_STACK_ORDER	2
static_assert(PAGE_SIZE << THREAD_STACK_ORDER == THREAD_STACK_SIZE,
	      "THREAD_STACK_ORDER must match THREAD_STACK_SIZE");
static_assert(offsetof(struct task_struct, rsp) == 0,
	      "switch.asm stores the stack pointer at offset 0 (TASK_RSP)");

/* Written at the lowest word of every stack and checked on each switch, as
 * Linux does: there is no guard page (RAM is mapped in 2 MiB pages), so an
 * overflow is caught after the fact, before it spreads further. */
#define STACK_END_MAGIC		0x57AC6E9DUL
#define SCHED_SLICE_TICKS	((u32)msecs_to_jiffies(SCHED_SLICE_MS))
/* Pids are 0 (idle) .. PID_MAX-1; this also caps the number of threads. */
#define PID_MAX			1024

/* The stack of a switched-out thread, as __switch_to_asm leaves it. A new
 * thread gets one that "returns" into kthread_start(). */
struct inactive_task_frame {
	u64 r15, r14, r13, r12, rbx, rbp;
	u64 ret_addr;
	u64 entry_ret;		/* kthread_start's own return slot: never used */
};

/*
 * One per CPU. The lock is held across the switch: the thread that switches
 * out takes it, the thread switched in drops it (schedule() or
 * kthread_start()), so nobody sees a half-switched task.
 */
struct rq {
	spinlock_t lock;
	struct list_head queue[SCHED_NR_PRIO];	/* idle itself is never queued */
	u32 nr_queued;
	struct list_head dead;	/* exited, stacks not yet freed (by idle) */
};

static struct rq runqueues[NR_CPUS];

/* all_tasks, the pid bitmap and nr_threads. */
static DEFINE_SPINLOCK(tasks_lock);
static LIST_HEAD(all_tasks);
static u64 pid_map[PID_MAX / 64];
static u32 last_pid;
static u32 nr_threads;

void __switch_to_asm(struct task_struct *prev, struct task_struct *next);
/* Top of the boot stack (boot/head.asm), which the idle task keeps. Its
 * BOOT_STACK_SIZE equals THREAD_STACK_SIZE. */
extern char boot_stack_top[];

static struct rq *this_rq(void)
{
	return &runqueues[smp_processor_id()];
}

static struct rq *task_rq(const struct task_struct *p)
{
	return &runqueues[p->cpu];
}

static void set_stack_end_magic(struct task_struct *p)
{
	*(u64 *)p->stack = STACK_END_MAGIC;
}

static void check_stack_end(const struct task_struct *p)
{
	if (unlikely(*(const u64 *)p->stack != STACK_END_MAGIC))
		panic("stack overflow in %s/%u", p->comm, p->pid);
}

/* --- pids ---------------------------------------------------------------- */

/* Cyclic, like Linux: a pid just freed is not handed out again at once, so
 * a stale pid in a log line rarely names a new thread. Caller holds
 * tasks_lock. */
static int alloc_pid(void)
{
	u32 i, pid;

	for (i = 1; i <= PID_MAX; i++) {
		pid = (last_pid + i) % PID_MAX;
		if (pid == 0 || (pid_map[pid / 64] & BIT_ULL(pid % 64)))
			continue;
		pid_map[pid / 64] |= BIT_ULL(pid % 64);
		last_pid = pid;
		return pid;
	}
	return -EAGAIN;
}

static void free_pid(u32 pid)
{
	pid_map[pid / 64] &= ~BIT_ULL(pid % 64);
}

/* --- run queues ---------------------------------------------------------- */

static bool task_on_rq(const struct task_struct *p)
{
	return !list_empty(&p->run_list);
}

/* Head for a thread that still has slice left (preempted, or ksoftirqd on
 * wake-up), tail otherwise: round robin inside the class. */
static void enqueue_task(struct rq *rq, struct task_struct *p, bool head)
{
	if (head)
		list_add(&p->run_list, &rq->queue[p->prio]);
	else
		list_add_tail(&p->run_list, &rq->queue[p->prio]);
	rq->nr_queued++;
}

static void dequeue_task(struct rq *rq, struct task_struct *p)
{
	list_del_init(&p->run_list);
	rq->nr_queued--;
}

/* Is a thread of class prio or more urgent waiting? Caller holds rq->lock. */
static bool rq_has_peer(struct rq *rq, int prio)
{
	int i;

	for (i = 0; i <= prio && i < SCHED_NR_PRIO; i++)
		if (!list_empty(&rq->queue[i]))
			return true;
	return false;
}

static struct task_struct *pick_next_task(struct rq *rq, struct task_struct *idle)
{
	struct task_struct *p;
	int prio;

	for (prio = 0; prio < SCHED_NR_PRIO; prio++) {
		p = list_first_entry_or_null(&rq->queue[prio], struct task_struct,
					     run_list);
		if (p) {
			dequeue_task(rq, p);
			if (!p->slice_left)
				p->slice_left = SCHED_SLICE_TICKS;
			return p;
		}
	}
	return idle;
}

/*
 * Where prev goes when it stops running. A preempted thread stays runnable
 * whatever its state: it may have set TASK_INTERRUPTIBLE and not yet reached
 * schedule() (Linux's preempt_schedule_irq does the same).
 */
static void put_prev_task(struct rq *rq, struct task_struct *prev, bool preempt)
{
	if (prev == this_cpu()->idle)
		return;
	if (prev->state == TASK_DEAD) {
		/* Off every queue for good; run_list now links rq->dead. */
		list_add_tail(&prev->run_list, &rq->dead);
		return;
	}
	if (prev->state == TASK_RUNNING || preempt)
		enqueue_task(rq, prev, prev->slice_left > 0);
}

static void context_switch(struct task_struct *prev, struct task_struct *next)
{
	this_cpu()->curr_task = next;
	next->switches++;
	__switch_to_asm(prev, next);
	/* Running prev again; whoever switched to us left rq->lock held. */
}

static void __schedule(bool preempt)
{
	struct task_struct *prev = current, *next;
	struct rq *rq = this_rq();
	unsigned long flags;

	if (unlikely(preempt_count()))
		panic("scheduling while atomic: %s/%u preempt_count %#x",
		      prev->comm, prev->pid, preempt_count());
	check_stack_end(prev);
	local_irq_save(flags);
	spin_lock(&rq->lock);
	WRITE_ONCE(this_cpu()->need_resched, 0);
	if (unlikely(prev == this_cpu()->idle && prev->state != TASK_RUNNING))
		panic("the idle task tried to sleep");
	put_prev_task(rq, prev, preempt);
	next = pick_next_task(rq, this_cpu()->idle);
	if (next != prev)
		context_switch(prev, next);
	spin_unlock(&rq->lock);
	local_irq_restore(flags);
}

void schedule(void)
{
	__schedule(false);
}

void preempt_schedule_irq(void)
{
	BUG_ON(preempt_count() || !irqs_disabled());
	while (need_resched())
		__schedule(true);
}

void cond_resched(void)
{
	if (need_resched() && !preempt_count() && !irqs_disabled())
		schedule();
}

void yield(void)
{
	current->slice_left = 0;
	schedule();
}

void set_current_state(int state)
{
	WRITE_ONCE(current->state, state);
	smp_mb();
}

/* Caller holds rq->lock. */
static void check_preempt_curr(struct rq *rq, struct task_struct *p)
{
	struct cpu_local *cpu = &cpu_data[p->cpu];

	if (p->prio < cpu->curr_task->prio)
		WRITE_ONCE(cpu->need_resched, 1);
}

int wake_up_process(struct task_struct *p)
{
	struct cpu_local *cpu = &cpu_data[p->cpu];
	struct rq *rq = task_rq(p);
	unsigned long flags;
	int woke = 0;

	spin_lock_irqsave(&rq->lock, flags);
	if (p->state == TASK_INTERRUPTIBLE || p->state == TASK_UNINTERRUPTIBLE) {
		WRITE_ONCE(p->state, TASK_RUNNING);
		/* current, or preempted while going to sleep: already runnable */
		if (p != cpu->curr_task && !task_on_rq(p)) {
			enqueue_task(rq, p, p == cpu->ksoftirqd);
			check_preempt_curr(rq, p);
		}
		woke = 1;
	}
	spin_unlock_irqrestore(&rq->lock, flags);
	if (flags & X86_EFLAGS_IF)
		cond_resched();
	return woke;
}

void scheduler_tick(void)
{
	struct task_struct *curr = current;
	struct rq *rq = this_rq();

	if (!curr)
		return;
	curr->runtime_ticks++;
	/* idle is preempted by wake-ups, not by its slice */
	if (curr == this_cpu()->idle)
		return;
	if (curr->slice_left && --curr->slice_left)
		return;
	spin_lock(&rq->lock);
	if (rq_has_peer(rq, curr->prio))
		WRITE_ONCE(this_cpu()->need_resched, 1);
	else
		curr->slice_left = SCHED_SLICE_TICKS;
	spin_unlock(&rq->lock);
}

/* --- sleeping ------------------------------------------------------------ */

struct process_timer {
	struct timer_list timer;
	struct task_struct *task;
};

static void process_timeout(struct timer_list *t)
{
	struct process_timer *pt = container_of(t, struct process_timer, timer);

	wake_up_process(pt->task);
}

/*
 * The timer lives on our stack. del_timer() (not a _sync variant) is enough
 * to take it back: the timer softirq runs on this CPU and softirqs are never
 * preempted, so its callback cannot still be running when we get here.
 */
long schedule_timeout(long timeout)
{
	struct process_timer pt;
	u64 expire;
	s64 left;

	if (timeout == MAX_SCHEDULE_TIMEOUT) {
		schedule();
		return timeout;
	}
	if (timeout < 0) {
		pr_err("schedule_timeout: negative timeout %ld from %s\n",
		       timeout, current->comm);
		set_current_state(TASK_RUNNING);
		return 0;
	}
	expire = jiffies + timeout;
	pt.task = current;
	timer_setup(&pt.timer, process_timeout, 0);
	mod_timer(&pt.timer, expire);
	schedule();
	del_timer(&pt.timer);
	left = (s64)(expire - jiffies);
	return left < 0 ? 0 : left;
}

void msleep(unsigned int ms)
{
	long timeout = msecs_to_jiffies(ms) + 1;

	while (timeout) {
		set_current_state(TASK_UNINTERRUPTIBLE);
		timeout = schedule_timeout(timeout);
	}
}

/* --- creation, exit, reaping --------------------------------------------- */

/* Where every new thread starts: finish the switch that brought us here
 * (drop the run-queue lock, turn interrupts on), run, exit. */
static __noreturn void kthread_start(void)
{
	struct task_struct *me = current;

	spin_unlock(&this_rq()->lock);
	local_irq_enable();
	do_exit(me->fn(me->arg));
}

static void init_thread_stack(struct task_struct *p)
{
	struct inactive_task_frame *frame;

	frame = (struct inactive_task_frame *)((char *)p->stack + THREAD_STACK_SIZE) - 1;
	memset(frame, 0, sizeof(*frame));
	/* rbp = 0 ends stack traces here; after the ret, rsp = top - 8, the
	 * alignment a called function expects. */
	frame->ret_addr = (u64)(uintptr_t)kthread_start;
	p->rsp = (u64)(uintptr_t)frame;
	set_stack_end_magic(p);
}

static void free_task(struct task_struct *p)
{
	unsigned long flags;

	spin_lock_irqsave(&tasks_lock, flags);
	list_del(&p->tasks);
	free_pid(p->pid);
	nr_threads--;
	spin_unlock_irqrestore(&tasks_lock, flags);
	free_pages(p->stack, THREAD_STACK_ORDER);
	kfree(p);
}

/* Free what exited threads left. Only from a thread that is not among them
 * (idle, or one creating a thread); the rq lock handoff guarantees a thread
 * on rq->dead has finished switching off its stack. */
static void reap_dead_tasks(void)
{
	struct rq *rq = this_rq();
	struct task_struct *p, *n;
	unsigned long flags;
	LIST_HEAD(dead);

	if (list_empty(&rq->dead))
		return;
	spin_lock_irqsave(&rq->lock, flags);
	list_splice_init(&rq->dead, &dead);
	spin_unlock_irqrestore(&rq->lock, flags);
	list_for_each_entry_safe(p, n, &dead, run_list)
		free_task(p);
}

static struct task_struct *alloc_task(void)
{
	struct task_struct *p;

	p = kzalloc(sizeof(*p), GFP_KERNEL);
	if (!p)
		return NULL;
	p->stack = alloc_pages(GFP_KERNEL, THREAD_STACK_ORDER);
	if (!p->stack) {
		kfree(p);
		return NULL;
	}
	return p;
}

/* Give p a pid and make it visible to `ps`; -EAGAIN when out of pids. */
static int register_task(struct task_struct *p)
{
	unsigned long flags;
	int pid;

	spin_lock_irqsave(&tasks_lock, flags);
	pid = alloc_pid();
	if (pid >= 0) {
		p->pid = pid;
		nr_threads++;
		list_add_tail(&p->tasks, &all_tasks);
	}
	spin_unlock_irqrestore(&tasks_lock, flags);
	return pid < 0 ? pid : 0;
}

struct task_struct *kthread_create(int (*fn)(void *), void *arg,
				   const char *name, int prio)
{
	struct task_struct *p;
	int err;

	if (!fn || !name || prio < 0 || prio >= SCHED_NR_PRIO)
		return ERR_PTR(-EINVAL);
	reap_dead_tasks();
	p = alloc_task();
	if (!p)
		return ERR_PTR(-ENOMEM);
	p->state = TASK_UNINTERRUPTIBLE;
	p->prio = prio;
	p->cpu = smp_processor_id();
	strlcpy(p->comm, name, sizeof(p->comm));
	p->fn = fn;
	p->arg = arg;
	INIT_LIST_HEAD(&p->run_list);
	init_thread_stack(p);
	err = register_task(p);
	if (err) {
		free_pages(p->stack, THREAD_STACK_ORDER);
		kfree(p);
		return ERR_PTR(err);
	}
	return p;
}

struct task_struct *kthread_run(int (*fn)(void *), void *arg,
				const char *name, int prio)
{
	struct task_struct *p = kthread_create(fn, arg, name, prio);

	if (!IS_ERR(p))
		wake_up_process(p);
	return p;
}

__noreturn void do_exit(int code)
{
	struct task_struct *me = current;

	if (me == this_cpu()->idle)
		panic("the idle task tried to exit (code %d)", code);
	if (code)
		pr_debug("%s/%u exited with %d\n", me->comm, me->pid, code);
	local_irq_disable();
	WRITE_ONCE(me->state, TASK_DEAD);
	__schedule(false);
	panic("dead thread %s/%u was scheduled again", me->comm, me->pid);
}

/* --- boot and idle ------------------------------------------------------- */

static void rq_init(struct rq *rq)
{
	int i;

	spin_lock_init(&rq->lock);
	for (i = 0; i < SCHED_NR_PRIO; i++)
		INIT_LIST_HEAD(&rq->queue[i]);
	INIT_LIST_HEAD(&rq->dead);
	rq->nr_queued = 0;
}

void sched_init(void)
{
	struct cpu_local *cpu = this_cpu();
	struct task_struct *idle;
	int i;

	for (i = 0; i < NR_CPUS; i++)
		rq_init(&runqueues[i]);
	idle = kzalloc(sizeof(*idle), GFP_KERNEL);
	if (!idle)
		panic("sched: no memory for the idle task");
	idle->state = TASK_RUNNING;
	idle->prio = SCHED_PRIO_IDLE;
	idle->cpu = cpu->cpu;
	strlcpy(idle->comm, "idle", sizeof(idle->comm));
	idle->stack = (void *)((uintptr_t)boot_stack_top - THREAD_STACK_SIZE);
	INIT_LIST_HEAD(&idle->run_list);
	set_stack_end_magic(idle);
	/* pid 0 is idle's: alloc_pid() never hands it out */
	list_add_tail(&idle->tasks, &all_tasks);
	nr_threads++;
	cpu->idle = idle;
	cpu->curr_task = idle;
	pr_info("sched: %d priority classes, %u ms slices, up to %u threads\n",
		SCHED_NR_PRIO, SCHED_SLICE_MS, PID_MAX - 1);
}

/*
 * The test and the hlt are one step with interrupts off: safe_halt()'s sti
 * only takes effect after the hlt begins, so a wake-up that sets
 * need_resched in between ends the hlt instead of being slept through.
 */
__noreturn void cpu_idle(void)
{
	for (;;) {
		reap_dead_tasks();
		local_irq_disable();
		if (need_resched()) {
			local_irq_enable();
			schedule();
		} else {
			safe_halt();
		}
	}
}

/* --- ps ------------------------------------------------------------------ */

struct task_snapshot {
	u32 pid;
	int prio;
	int state;
	u64 switches;
	u64 runtime_ticks;
	char comm[TASK_COMM_LEN];
};

static const char *const prio_name[SCHED_NR_PRIO] = { "high", "normal", "idle" };

static char task_state_char(int state)
{
	switch (state) {
	case TASK_RUNNING:
		return 'R';
	case TASK_INTERRUPTIBLE:
		return 'S';
	case TASK_UNINTERRUPTIBLE:
		return 'D';
	default:
		return 'X';
	}
}

/* Copy up to max tasks under the lock, so printing (slow, on the serial
 * line) happens with interrupts on. */
static u32 snapshot_tasks(struct task_snapshot *snap, u32 max)
{
	struct task_struct *p;
	unsigned long flags;
	u32 n = 0;

	spin_lock_irqsave(&tasks_lock, flags);
	list_for_each_entry(p, &all_tasks, tasks) {
		if (n == max)
			break;
		snap[n].pid = p->pid;
		snap[n].prio = p->prio;
		snap[n].state = READ_ONCE(p->state);
		snap[n].switches = p->switches;
		snap[n].runtime_ticks = p->runtime_ticks;
		memcpy(snap[n].comm, p->comm, TASK_COMM_LEN);
		n++;
	}
	spin_unlock_irqrestore(&tasks_lock, flags);
	return n;
}

void show_tasks(void)
{
	struct task_snapshot *snap;
	u32 i, n, max = READ_ONCE(nr_threads) + 8;

	snap = kcalloc(max, sizeof(*snap), GFP_KERNEL);
	if (!snap) {
		kprintf("ps: out of memory\n");
		return;
	}
	n = snapshot_tasks(snap, max);
	kprintf("  PID PRIO   S   SWITCHES      TICKS COMM\n");
	for (i = 0; i < n; i++)
		kprintf("%5u %-6s %c %10llu %10llu %s\n", snap[i].pid,
			prio_name[snap[i].prio], task_state_char(snap[i].state),
			(unsigned long long)snap[i].switches,
			(unsigned long long)snap[i].runtime_ticks, snap[i].comm);
	kfree(snap);
}

static int cmd_ps(int argc, char **argv)
{
	if (argc > 1) {
		kprintf("usage: %s (no arguments)\n", argv[0]);
		return -EINVAL;
	}
	show_tasks();
	return 0;
}
SHELL_COMMAND(ps, "ps", cmd_ps, "list threads: pid, class, state, switches, ticks run, name");

#define SHELL_SLEEP_MAX_MS	60000

/* `sleep <ms>`: an msleep() on a real timer, for scripts driving the shell. */
static int cmd_sleep(int argc, char **argv)
{
	unsigned int ms;

	if (argc != 2 || kstrtouint(argv[1], 10, &ms) || ms > SHELL_SLEEP_MAX_MS) {
		kprintf("usage: %s <milliseconds, 0..%u>\n", argv[0], SHELL_SLEEP_MAX_MS);
		return -EINVAL;
	}
	msleep(ms);
	return 0;
}
SHELL_COMMAND(sleep, "sleep", cmd_sleep, "sleep for <ms> milliseconds on a timer");

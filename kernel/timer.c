/* jiffies and the timer wheel. The wheel (struct timer_base, the __ functions)
 * is pure logic in virtual time, host-tested; the rest puts one per CPU behind
 * a lock, ticks it from the LAPIC timer and expires it in TIMER_SOFTIRQ. */
#include "kernel/timer.h"
#include "kernel/softirq.h"
#include "kernel/sched.h"
#include "kernel/spinlock.h"
#include "kernel/percpu.h"
#include "kernel/time.h"
#include "kernel/printk.h"
#include "kernel/panic.h"
#include "kernel/shell.h"
#include "lib/errno.h"

/*
 * The wheel is the classic cascading one (Linux before 4.8): level k has
 * TIMER_WHEEL_SIZE slots of 256^k jiffies, slot = (expires >> 8k) & 255, and
 * a timer sits at the lowest level whose span covers expires - clk. When
 * level 0 wraps, the level-1 slot now current is emptied and its timers
 * re-filed lower (and so on up), so every timer reaches level 0 before its
 * jiffy and fires exactly at `expires` — never early, and not late as long
 * as __run_timers() is called each jiffy. Farther than the wheel reaches
 * (2^32 - 1 jiffies, ~50 days) a timer is filed at that distance and re-filed
 * when it cascades down. Overdue timers go to the slot run next.
 */
#define LVL_BITS		TIMER_WHEEL_BITS
#define LVL_MASK		(TIMER_WHEEL_SIZE - 1)
#define LVL_SHIFT(lvl)		((lvl) * LVL_BITS)
#define WHEEL_MAX_DELTA		((1ULL << (TIMER_LEVELS * LVL_BITS)) - 1)

/* timer->flags: the low bits name the CPU whose base holds the timer. */
#define TIMER_CPUMASK		0xffU

volatile u64 jiffies;

static bool timer_is_queued(const struct timer_list *t)
{
	return t->entry.prev != NULL;
}

static void detach_timer(struct timer_base *base, struct timer_list *t)
{
	__list_del_entry(&t->entry);
	t->entry.next = NULL;
	t->entry.prev = NULL;
	base->pending--;
}

static void enqueue_timer(struct timer_base *base, struct timer_list *t)
{
	u64 expires = t->expires, delta = expires - base->clk;
	u32 lvl = 0, idx;

	if ((s64)delta < 0) {
		expires = base->clk;
		delta = 0;
	} else if (delta > WHEEL_MAX_DELTA) {
		expires = base->clk + WHEEL_MAX_DELTA;
		delta = WHEEL_MAX_DELTA;
	}
	while (lvl < TIMER_LEVELS - 1 && delta >> LVL_SHIFT(lvl + 1))
		lvl++;
	idx = (expires >> LVL_SHIFT(lvl)) & LVL_MASK;
	list_add_tail(&t->entry, &base->wheel[lvl][idx]);
	t->slot = lvl * TIMER_WHEEL_SIZE + idx;
	base->pending++;
}

void timer_base_init(struct timer_base *base, u64 now)
{
	u32 lvl, idx;

	base->clk = now;
	base->pending = 0;
	for (lvl = 0; lvl < TIMER_LEVELS; lvl++)
		for (idx = 0; idx < TIMER_WHEEL_SIZE; idx++)
			INIT_LIST_HEAD(&base->wheel[lvl][idx]);
}

/* Adding a timer that is already queued here moves it (as mod_timer). */
void __add_timer(struct timer_base *base, struct timer_list *t)
{
	if (timer_is_queued(t))
		detach_timer(base, t);
	enqueue_timer(base, t);
}

int __del_timer(struct timer_base *base, struct timer_list *t)
{
	if (!timer_is_queued(t))
		return 0;
	detach_timer(base, t);
	return 1;
}

/* Slot of level lvl that is current at jiffy clk. */
static struct list_head *wheel_slot(struct timer_base *base, u32 lvl, u64 clk)
{
	return &base->wheel[lvl][(clk >> LVL_SHIFT(lvl)) & LVL_MASK];
}

static bool slot_empty(const struct timer_base *base, u32 lvl, u64 clk)
{
	return list_empty(&base->wheel[lvl][(clk >> LVL_SHIFT(lvl)) & LVL_MASK]);
}

/* Does jiffy clk start a new block at some level whose slot holds timers? */
static bool cascade_due(const struct timer_base *base, u64 clk)
{
	u32 lvl;

	for (lvl = 1; lvl < TIMER_LEVELS; lvl++) {
		if (clk & ((1ULL << LVL_SHIFT(lvl)) - 1))
			break;
		if (!slot_empty(base, lvl, clk))
			return true;
	}
	return false;
}

static bool jiffy_has_work(const struct timer_base *base, u64 clk)
{
	return !slot_empty(base, 0, clk) || cascade_due(base, clk);
}

/* Re-file the timers of the slots that become current at clk, top down so
 * a timer can fall more than one level in one step. */
static void cascade(struct timer_base *base, u64 clk)
{
	struct timer_list *t, *n;
	LIST_HEAD(moving);
	u32 lvl, top = 0;

	while (top + 1 < TIMER_LEVELS && !(clk & ((1ULL << LVL_SHIFT(top + 1)) - 1)))
		top++;
	for (lvl = top; lvl >= 1; lvl--) {
		list_splice_init(wheel_slot(base, lvl, clk), &moving);
		list_for_each_entry_safe(t, n, &moving, entry) {
			base->pending--;
			enqueue_timer(base, t);
		}
		INIT_LIST_HEAD(&moving);
	}
}

/*
 * Earliest jiffy >= clk with work: a level-0 slot to run or a higher slot to
 * cascade. A level-k slot is next visited at the start of its block; the
 * current block's slot was already visited unless clk is that very start.
 */
u64 timer_base_next(const struct timer_base *base)
{
	u64 next = base->clk + WHEEL_MAX_DELTA, blk, when;
	u32 lvl, j, first;

	if (!base->pending)
		return next;
	for (j = 0; j < TIMER_WHEEL_SIZE; j++) {
		if (!slot_empty(base, 0, base->clk + j)) {
			next = base->clk + j;
			break;
		}
	}
	for (lvl = 1; lvl < TIMER_LEVELS; lvl++) {
		blk = base->clk >> LVL_SHIFT(lvl);
		first = (blk << LVL_SHIFT(lvl)) == base->clk ? 0 : 1;
		for (j = first; j < first + TIMER_WHEEL_SIZE; j++) {
			when = (blk + j) << LVL_SHIFT(lvl);
			if (time_after_eq(when, next))
				break;
			if (!slot_empty(base, lvl, when)) {
				next = when;
				break;
			}
		}
	}
	return next;
}

/*
 * Move clk over jiffies <= now with nothing to run or cascade; true when the
 * jiffy at clk has work. Long idle stretches are crossed in one jump.
 */
static bool timer_base_forward(struct timer_base *base, u64 now)
{
	u64 next;

	if (!base->pending) {
		if (time_before_eq(base->clk, now))
			base->clk = now + 1;
		return false;
	}
	while (time_before_eq(base->clk, now)) {
		if (jiffy_has_work(base, base->clk))
			return true;
		if (now - base->clk < TIMER_WHEEL_SIZE) {
			base->clk++;
			continue;
		}
		/* never past now + 1: timers added later are filed from clk */
		next = timer_base_next(base);
		if (time_after(next, now))
			base->clk = now + 1;
		else
			base->clk = time_after(next, base->clk) ? next : base->clk + 1;
	}
	return false;
}

/*
 * Advance to the next jiffy <= now with work, cascade, and move its due
 * timers onto *expired (they stay pending until detached, so a callback may
 * still delete one). clk is past that jiffy on return, so a timer re-armed
 * for "now" by its callback runs on the next jiffy, not in this loop.
 */
static bool collect_expired(struct timer_base *base, u64 now,
			    struct list_head *expired)
{
	u64 clk;

	if (!timer_base_forward(base, now))
		return false;
	clk = base->clk;
	cascade(base, clk);
	list_splice_tail_init(wheel_slot(base, 0, clk), expired);
	base->clk = clk + 1;
	return true;
}

u32 __run_timers(struct timer_base *base, u64 now)
{
	struct timer_list *t;
	LIST_HEAD(expired);
	u32 ran = 0;

	while (collect_expired(base, now, &expired)) {
		while (!list_empty(&expired)) {
			t = list_first_entry(&expired, struct timer_list, entry);
			detach_timer(base, t);
			t->function(t);
			ran++;
		}
	}
	return ran;
}

/* --- the per-CPU bases ---------------------------------------------------- */

/*
 * The lock is taken with interrupts off everywhere (timer_interrupt runs in
 * hard IRQ), so holders never nest on one CPU. running_timer is the timer
 * whose callback runs now, for debugging.
 */
struct timer_cpu_base {
	spinlock_t lock;
	struct timer_list *running_timer;
	struct timer_base base;
};

static struct timer_cpu_base timer_bases[NR_CPUS];
static bool timers_ready;

/* Lock the base t is queued on (or this CPU's if none); the CPU is read
 * again under the lock in case the timer moved meanwhile. */
static struct timer_cpu_base *lock_timer_base(struct timer_list *t,
					      unsigned long *flags)
{
	struct timer_cpu_base *tb;
	u32 cpu;

	for (;;) {
		cpu = READ_ONCE(t->flags) & TIMER_CPUMASK;
		if (!timer_is_queued(t))
			cpu = smp_processor_id();
		tb = &timer_bases[cpu];
		spin_lock_irqsave(&tb->lock, *flags);
		if (!timer_is_queued(t) || (t->flags & TIMER_CPUMASK) == cpu)
			return tb;
		spin_unlock_irqrestore(&tb->lock, *flags);
	}
}

void timer_setup(struct timer_list *t, void (*fn)(struct timer_list *), u32 flags)
{
	t->entry.next = NULL;
	t->entry.prev = NULL;
	t->expires = 0;
	t->function = fn;
	t->flags = flags & ~TIMER_CPUMASK;
	t->slot = 0;
}

/* With nothing queued the base may lag jiffies; catch up so a new timer is
 * filed relative to now, not to when the base last had work. */
static void forward_timer_base(struct timer_cpu_base *tb)
{
	if (!tb->base.pending && time_before(tb->base.clk, jiffies))
		tb->base.clk = jiffies;
}

int mod_timer(struct timer_list *t, u64 expires)
{
	struct timer_cpu_base *tb;
	unsigned long flags;
	int was_pending;

	tb = lock_timer_base(t, &flags);
	was_pending = __del_timer(&tb->base, t);
	forward_timer_base(tb);
	t->expires = expires;
	t->flags = (t->flags & ~TIMER_CPUMASK) | (u32)(tb - timer_bases);
	enqueue_timer(&tb->base, t);
	spin_unlock_irqrestore(&tb->lock, flags);
	return was_pending;
}

void add_timer(struct timer_list *t)
{
	if (WARN_ON(timer_pending(t)))
		return;
	mod_timer(t, t->expires);
}

int del_timer(struct timer_list *t)
{
	struct timer_cpu_base *tb;
	unsigned long flags;
	int ret;

	if (!timer_pending(t))
		return 0;
	tb = lock_timer_base(t, &flags);
	ret = __del_timer(&tb->base, t);
	spin_unlock_irqrestore(&tb->lock, flags);
	return ret;
}

bool timer_pending(const struct timer_list *t)
{
	return READ_ONCE(t->entry.prev) != NULL;
}

/* TIMER_SOFTIRQ: __run_timers() with the lock dropped around each callback,
 * so a callback may re-arm itself or delete other timers. */
static void run_timer_softirq(void)
{
	struct timer_cpu_base *tb = &timer_bases[smp_processor_id()];
	void (*fn)(struct timer_list *);
	u64 now = jiffies;
	struct timer_list *t;
	LIST_HEAD(expired);

	spin_lock_irq(&tb->lock);
	while (collect_expired(&tb->base, now, &expired)) {
		while (!list_empty(&expired)) {
			t = list_first_entry(&expired, struct timer_list, entry);
			fn = t->function;
			detach_timer(&tb->base, t);
			tb->running_timer = t;
			spin_unlock_irq(&tb->lock);
			fn(t);
			spin_lock_irq(&tb->lock);
		}
	}
	tb->running_timer = NULL;
	spin_unlock_irq(&tb->lock);
}

/* Hard IRQ, from the LAPIC timer at HZ. The softirq is raised only when the
 * base has work at this jiffy; otherwise its clock is moved on here. */
void timer_interrupt(void)
{
	struct timer_cpu_base *tb = &timer_bases[smp_processor_id()];
	bool due;

	if (smp_processor_id() == 0)
		jiffies++;
	scheduler_tick();
	if (!timers_ready)
		return;
	spin_lock(&tb->lock);
	due = timer_base_forward(&tb->base, jiffies);
	spin_unlock(&tb->lock);
	if (due)
		raise_softirq_irqoff(TIMER_SOFTIRQ);
}

void timers_init(void)
{
	int cpu;

	for (cpu = 0; cpu < NR_CPUS; cpu++) {
		spin_lock_init(&timer_bases[cpu].lock);
		timer_base_init(&timer_bases[cpu].base, jiffies);
	}
	open_softirq(TIMER_SOFTIRQ, run_timer_softirq);
	timers_ready = true;
	pr_info("timers: HZ=%u, %u-level wheel of %u slots\n", HZ, TIMER_LEVELS,
		TIMER_WHEEL_SIZE);
}

static int cmd_uptime(int argc, char **argv)
{
	u64 ms = ktime_get_ns() / 1000000;

	if (argc > 1) {
		kprintf("usage: %s (no arguments)\n", argv[0]);
		return -EINVAL;
	}
	kprintf("up %llu.%03llu s, jiffies %llu\n", (unsigned long long)(ms / 1000),
		(unsigned long long)(ms % 1000), (unsigned long long)jiffies);
	return 0;
}
SHELL_COMMAND(uptime, "uptime", cmd_uptime, "time since boot and the jiffies count");


/* test_timer.c: the timer wheel of kernel/timer.c (struct timer_base and the
 * __ functions) driven in virtual time. Every timer must fire exactly at its
 * expiry — never before, never after — across the level boundaries, the
 * cascades and beyond the wheel's 2^32-jiffy reach. The kernel glue in the
 * same file links against the small stubs at the bottom and is not run. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/timer.h"
#include "tests/unit/ktest.h"

struct probe {
	struct timer_list timer;
	u64 fired_at;
	u32 fired;
	u32 rearm_left;		/* re-arm this many more times ... */
	u64 period;		/* ... this far ahead of the firing jiffy */
	struct probe *victim;	/* deleted from the callback if set */
};

static struct timer_base base;
static u64 now;			/* the virtual jiffies __run_timers is called with */
static u64 fire_seq;		/* order check for the random test */
static u64 last_fired_expiry;
static int out_of_order;

static void probe_fn(struct timer_list *t)
{
	struct probe *p = timer_container_of(p, t, timer);

	p->fired++;
	p->fired_at = now;
	fire_seq++;
	if (t->expires < last_fired_expiry)
		out_of_order++;
	last_fired_expiry = t->expires;
	if (p->victim)
		__del_timer(&base, &p->victim->timer);
	if (p->rearm_left) {
		p->rearm_left--;
		t->expires = now + p->period;
		__add_timer(&base, t);
	}
}

static void probe_init(struct probe *p, u64 expires)
{
	memset(p, 0, sizeof(*p));
	p->timer.function = probe_fn;
	p->timer.expires = expires;
}

/* Run the wheel up to `to` and return how many timers fired. */
static u32 run_to(u64 to)
{
	now = to;
	return __run_timers(&base, to);
}

KTEST_SETUP(setup)
{
	timer_base_init(&base, 0);
	now = 0;
	fire_seq = 0;
	last_fired_expiry = 0;
	out_of_order = 0;
}

/* Every test leaves the wheel empty: nothing leaked on it. */
KTEST_TEARDOWN(teardown)
{
	EXPECT_EQ(base.pending, 0);
}

static const u64 deltas[] = {
	0, 1, 255, 256, 257, 511, 512, 65535, 65536, 65537, 1000000,
	(1ULL << 24) - 1, 1ULL << 24, (1ULL << 32) - 1, 1ULL << 32,
	(1ULL << 32) + 5, 3ULL << 33,
};

/* Starts that are, and are not, aligned with each level's block. */
static const u64 starts[] = {
	0, 1, 255, 256, 12345, 65535, 65536, (1ULL << 24) - 3, 1ULL << 32,
	(1ULL << 40) + 77, 0xfffffffffff0ULL,
};

/* Walk to expiry through uneven strides, then jiffy by jiffy over the last
 * 600: the timer must not fire before expires and must fire at it. */
static void check_one(u64 start, u64 delta)
{
	u64 expires = start + delta, t = start, stride = 1;
	struct probe p;

	timer_base_init(&base, start);
	now = start;
	probe_init(&p, expires);
	__add_timer(&base, &p.timer);
	while (expires - t > 600) {
		run_to(t);
		if (p.fired) {
			ktest_fail(__FILE__, __LINE__, "start %llu delta %llu: fired early at %llu",
				   (unsigned long long)start, (unsigned long long)delta,
				   (unsigned long long)t);
			return;
		}
		stride = stride * 3 + 7;
		t = min(t + stride, expires - 600);
	}
	for (; t < expires; t++)
		run_to(t);
	if (p.fired) {
		ktest_fail(__FILE__, __LINE__, "start %llu delta %llu: fired at %llu, early",
			   (unsigned long long)start, (unsigned long long)delta,
			   (unsigned long long)p.fired_at);
		return;
	}
	run_to(expires);
	EXPECT_EQ(p.fired, 1);
	EXPECT_EQ(p.fired_at, expires);
	run_to(expires + 1000);
	EXPECT_EQ(p.fired, 1);
}

KTEST(fires_exactly_at_expiry)
{
	size_t i, j;

	for (i = 0; i < ARRAY_SIZE(starts); i++)
		for (j = 0; j < ARRAY_SIZE(deltas); j++)
			check_one(starts[i], deltas[j]);
}

/* The kernel calls __run_timers every jiffy; stepping one at a time across
 * the first two cascade levels must give the same exact result. */
KTEST(every_jiffy_across_levels)
{
	static const u64 d[] = { 0, 1, 255, 256, 257, 65535, 65536, 70000 };
	struct probe p[ARRAY_SIZE(d)];
	size_t i;
	u64 t;

	timer_base_init(&base, 100);
	for (i = 0; i < ARRAY_SIZE(d); i++) {
		probe_init(&p[i], 100 + d[i]);
		__add_timer(&base, &p[i].timer);
	}
	for (t = 100; t <= 100 + 70000; t++)
		run_to(t);
	for (i = 0; i < ARRAY_SIZE(d); i++) {
		EXPECT_EQ(p[i].fired, 1);
		EXPECT_EQ(p[i].fired_at, 100 + d[i]);
	}
}

KTEST(overdue_fires_on_next_run)
{
	struct probe p;

	timer_base_init(&base, 5000);
	probe_init(&p, 10);
	__add_timer(&base, &p.timer);
	EXPECT_EQ(run_to(5000), 1);
	EXPECT_EQ(p.fired_at, 5000);
}

KTEST(del_before_expiry)
{
	struct probe a, b;

	probe_init(&a, 300);
	probe_init(&b, 70000);
	__add_timer(&base, &a.timer);
	__add_timer(&base, &b.timer);
	EXPECT_EQ(base.pending, 2);
	run_to(299);
	EXPECT_EQ(__del_timer(&base, &a.timer), 1);
	EXPECT_EQ(__del_timer(&base, &a.timer), 0);
	run_to(65600);				/* b has cascaded to level 0 */
	EXPECT_EQ(__del_timer(&base, &b.timer), 1);
	run_to(200000);
	EXPECT_EQ(a.fired, 0);
	EXPECT_EQ(b.fired, 0);
}

KTEST(rearm_from_callback)
{
	struct probe p;
	u64 t;

	probe_init(&p, 10);
	p.rearm_left = 5;
	p.period = 300;
	__add_timer(&base, &p.timer);
	for (t = 0; t <= 10 + 5 * 300 + 100; t++)
		run_to(t);
	EXPECT_EQ(p.fired, 6);
	EXPECT_EQ(p.fired_at, 10 + 5 * 300);
}

/* Re-armed for the jiffy being run: runs on the next jiffy, not in a loop. */
KTEST(rearm_for_now_waits_a_jiffy)
{
	struct probe p;

	probe_init(&p, 50);
	p.rearm_left = 1;
	p.period = 0;
	__add_timer(&base, &p.timer);
	EXPECT_EQ(run_to(50), 1);
	EXPECT_EQ(run_to(50), 0);
	EXPECT_EQ(run_to(51), 1);
	EXPECT_EQ(p.fired_at, 51);
}

KTEST(callback_deletes_another)
{
	struct probe a, b;

	probe_init(&a, 40);
	probe_init(&b, 40);
	a.victim = &b;
	__add_timer(&base, &a.timer);
	__add_timer(&base, &b.timer);
	EXPECT_EQ(run_to(100), 1);
	EXPECT_EQ(a.fired, 1);
	EXPECT_EQ(b.fired, 0);
}

KTEST(mod_pending_timer_moves_it)
{
	struct probe p;

	probe_init(&p, 100000);
	__add_timer(&base, &p.timer);
	p.timer.expires = 50;			/* earlier: from level 2 to 0 */
	__add_timer(&base, &p.timer);
	EXPECT_EQ(base.pending, 1);
	run_to(49);
	EXPECT_EQ(p.fired, 0);
	run_to(50);
	EXPECT_EQ(p.fired_at, 50);

	probe_init(&p, 60);
	__add_timer(&base, &p.timer);
	p.timer.expires = 70000;		/* later */
	__add_timer(&base, &p.timer);
	run_to(69999);
	EXPECT_EQ(p.fired, 0);
	run_to(70000);
	EXPECT_EQ(p.fired, 1);
	EXPECT_EQ(p.fired_at, 70000);
}

/* timer_base_next() may be early (a cascade) but never later than work. */
KTEST(next_is_a_lower_bound)
{
	struct probe p[64];
	u64 earliest = ~0ULL, next;
	int i, round;

	for (round = 0; round < 50; round++) {
		timer_base_init(&base, ktest_rand() >> 20);
		earliest = ~0ULL;
		for (i = 0; i < 64; i++) {
			probe_init(&p[i], base.clk + (ktest_rand() >> (ktest_rand() % 64)));
			earliest = min(earliest, p[i].timer.expires);
			__add_timer(&base, &p[i].timer);
		}
		next = timer_base_next(&base);
		EXPECT_LE(next, earliest);
		if (next > base.clk)
			EXPECT_EQ(run_to(next - 1), 0);
		for (i = 0; i < 64; i++)
			__del_timer(&base, &p[i].timer);
	}
	timer_base_init(&base, 7);
	EXPECT_GT(timer_base_next(&base), 7 + 0xffffffffULL - 1);
}

static int cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

/* 10k timers over every level and beyond the wheel; the clock visits each
 * distinct expiry (and the jiffy before it) in order, with random detours. */
KTEST(ten_thousand_random_in_order)
{
	enum { N = 10000 };
	struct probe *p = calloc(N, sizeof(*p));
	u64 *exp = calloc(N, sizeof(*exp));
	u64 start = 1000, t = start;
	int i, late = 0, missed = 0;

	ASSERT_NOT_NULL(p);
	ASSERT_NOT_NULL(exp);
	timer_base_init(&base, start);
	for (i = 0; i < N; i++) {
		exp[i] = start + (ktest_rand() >> (ktest_rand() % 63 + 1)) % (1ULL << 34);
		probe_init(&p[i], exp[i]);
		__add_timer(&base, &p[i].timer);
	}
	EXPECT_EQ(base.pending, N);
	qsort(exp, N, sizeof(*exp), cmp_u64);
	for (i = 0; i < N; i++) {
		if (exp[i] > t + 1) {
			if (ktest_rand() % 4 == 0)
				run_to(t + (exp[i] - t) / 2);
			run_to(exp[i] - 1);
		}
		t = exp[i];
		run_to(t);
	}
	for (i = 0; i < N; i++) {
		late += p[i].fired_at != p[i].timer.expires;
		missed += p[i].fired != 1;
	}
	EXPECT_EQ(missed, 0);
	EXPECT_EQ(late, 0);
	EXPECT_EQ(out_of_order, 0);
	EXPECT_EQ(fire_seq, N);
	free(p);
	free(exp);
}

/* --- what kernel/timer.c's kernel half links against -------------------- */

#pragma GCC diagnostic ignored "-Wunused-parameter"

void scheduler_tick(void)
{
}

void raise_softirq_irqoff(int nr)
{
}

void open_softirq(int nr, void (*action)(void))
{
}

u64 ktime_get_ns(void)
{
	return 0;
}

int printk(const char *fmt, ...)
{
	return 0;
}

int kprintf(const char *fmt, ...)
{
	return 0;
}

void __warn(const char *file, int line, const char *cond)
{
	ktest_fail(file, line, "WARN_ON(%s)", cond);
}

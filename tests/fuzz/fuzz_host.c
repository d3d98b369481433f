/* fuzz_host.c: the host side of the fuzz targets — the kernel services
 * below the network stack, as small as the stack allows: slab and page
 * allocation over malloc (tests/unit/host_alloc.h, which counts live
 * objects for the leak checks), softirqs run in the caller's thread, the
 * real timer wheel (kernel/timer.c) driven by fuzz_advance(), waits that
 * time out at once, printk formatted with napkin's own vsnprintf into a
 * scratch buffer (so every format string and its arguments still run),
 * and panic/WARN as abort() so libFuzzer reports them. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "lib/types.h"
#include "lib/string.h"
#include "lib/printf.h"
#include "kernel/percpu.h"
#include "kernel/preempt.h"
#include "kernel/printk.h"
#include "kernel/softirq.h"
#include "kernel/timer.h"
#include "kernel/wait.h"
#include "kernel/mm/slab.h"
#include "net/core/netdevice.h"
#include "tests/unit/host_alloc.h"

void cpuid(u32 leaf, u32 sub, u32 *a, u32 *b, u32 *c, u32 *d)
{
	*a = *b = *c = *d = 0;
}

long fuzz_live_objects(void)
{
	return fake_live;
}

void *kcalloc(size_t n, size_t size, gfp_t gfp)
{
	if (size && n > (size_t)-1 / size)
		return NULL;
	return kzalloc(n * size, gfp);
}

/* --- panic, WARN, printk --- */

void panic(const char *fmt, ...)
{
	abort();
}

void __warn(const char *file, int line, const char *cond)
{
	fprintf(stderr, "WARN_ON(%s) at %s:%d\n", cond, file, line);
	abort();
}

/* Not tests/unit/host_log.h: that one keeps the text and formats with
 * libc; here every message goes through napkin's own vsnprintf (lib/
 * printf.h maps the name), so %pI4 and friends run on fuzzed values, and
 * the text is dropped so millions of inputs need no buffer. */
static int fuzz_vprintk(const char *fmt, va_list ap)
{
	char buf[512];

	return vsnprintf(buf, sizeof(buf), fmt, ap);
}

int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = fuzz_vprintk(fmt, ap);
	va_end(ap);
	return n;
}

int kprintf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = fuzz_vprintk(fmt, ap);
	va_end(ap);
	return n;
}

bool __ratelimit(struct ratelimit_state *rs)
{
	return true;
}

/* --- softirqs: the same preempt_count bookkeeping as kernel/softirq.c --- */

static void (*softirq_vec[NR_SOFTIRQS])(void);
static unsigned long softirq_pending;

void open_softirq(int nr, void (*action)(void))
{
	softirq_vec[nr] = action;
}

void raise_softirq_irqoff(int nr)
{
	softirq_pending |= 1UL << nr;
}

void raise_softirq(int nr)
{
	raise_softirq_irqoff(nr);
}

void fuzz_run_softirqs(void)
{
	int rounds = 0, nr;

	if (in_interrupt())
		return;
	preempt_count_add(SOFTIRQ_OFFSET);
	while (softirq_pending) {
		/* A softirq that keeps raising itself is a livelock. */
		if (++rounds > 100000) {
			fprintf(stderr, "softirqs still pending after %d rounds\n", rounds);
			abort();
		}
		for (nr = 0; nr < NR_SOFTIRQS; nr++) {
			if (!(softirq_pending & (1UL << nr)))
				continue;
			softirq_pending &= ~(1UL << nr);
			if (softirq_vec[nr])
				softirq_vec[nr]();
		}
	}
	preempt_count_sub(SOFTIRQ_OFFSET);
}

void local_bh_disable(void)
{
	preempt_count_add(SOFTIRQ_DISABLE_OFFSET);
}

void local_bh_enable(void)
{
	if (in_irq())
		abort();
	preempt_count_sub(SOFTIRQ_DISABLE_OFFSET - 1);
	if (!in_interrupt() && softirq_pending && !irqs_disabled()) {
		preempt_count_sub(1);
		fuzz_run_softirqs();
		return;
	}
	preempt_count_sub(1);
}

/* --- time --- */

void scheduler_tick(void)
{
}

u64 ktime_get_ns(void)
{
	return jiffies * (1000000000ULL / HZ);
}

void fuzz_advance(u64 ticks)
{
	if (!ticks)
		return;
	/* timer_interrupt adds the last one; the wheel catches up at once. */
	jiffies += ticks - 1;
	preempt_count_add(HARDIRQ_OFFSET);
	timer_interrupt();
	preempt_count_sub(HARDIRQ_OFFSET);
	fuzz_run_softirqs();
}

void msleep(unsigned int ms)
{
	fuzz_advance(msecs_to_jiffies(ms));
}

/* --- waits: nothing else runs, so every wait times out at once --- */

void init_waitqueue_head(wait_queue_head_t *wq)
{
	INIT_LIST_HEAD(&wq->head);
}

void prepare_to_wait(wait_queue_head_t *wq, struct wait_queue_entry *w, int state)
{
}

void finish_wait(wait_queue_head_t *wq, struct wait_queue_entry *w)
{
}

void wake_up(wait_queue_head_t *wq)
{
}

long schedule_timeout(long timeout)
{
	return 0;
}

/* --- the shell and packet taps are not part of a fuzz target --- */

int ip_cmd_register(const char *object, int (*fn)(int argc, char **argv))
{
	return 0;
}

int netdev_register_show_ops(const struct netdev_show_ops *ops)
{
	return 0;
}

void packet_tap_init(void)
{
}

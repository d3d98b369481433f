/* host_lock.h: a checking stand-in for kernel/spinlock.h in host tests that
 * include kernel sources whole: cli/sti would crash a normal process, and a
 * lock taken twice (self-deadlock in the kernel) aborts the test instead. */
#ifndef TESTS_UNIT_HOST_LOCK_H
#define TESTS_UNIT_HOST_LOCK_H

#include <stdio.h>
#include <stdlib.h>

#define KERNEL_SPINLOCK_H	/* keep kernel/spinlock.h (cli/sti) out */
typedef struct {
	int locked;
} spinlock_t;
#define DEFINE_SPINLOCK(x)	spinlock_t x = { 0 }
static int locks_held;

static inline void spin_lock_init(spinlock_t *l)
{
	l->locked = 0;
}

static void spin_lock(spinlock_t *l)
{
	if (l->locked) {
		fprintf(stderr, "spinlock taken twice: self-deadlock\n");
		abort();
	}
	l->locked = 1;
	locks_held++;
}

static void spin_unlock(spinlock_t *l)
{
	if (!l->locked) {
		fprintf(stderr, "unlocking a free spinlock\n");
		abort();
	}
	l->locked = 0;
	locks_held--;
}
#define spin_lock_irqsave(l, f)		do { (f) = 0; spin_lock(l); } while (0)
#define spin_unlock_irqrestore(l, f)	do { (void)(f); spin_unlock(l); } while (0)

#endif /* TESTS_UNIT_HOST_LOCK_H */

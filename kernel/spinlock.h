/* Spinlocks. napkin runs on one CPU today, but every shared structure takes
 * its lock as if there were more; the irqsave forms also keep interrupt
 * handlers out on this CPU. Holding any spinlock disables preemption, as in
 * Linux: a holder switched out on interrupt exit would leave a waiter of
 * higher priority spinning forever. A reschedule asked for meanwhile waits
 * for the next interrupt exit or explicit schedule() (at most one tick). */
#ifndef KERNEL_SPINLOCK_H
#define KERNEL_SPINLOCK_H

#include "lib/types.h"
#include "arch/x86_64/cpu.h"
#include "kernel/preempt.h"

typedef struct {
	volatile u32 locked;
} spinlock_t;

#define __SPIN_LOCK_UNLOCKED	{ 0 }
#define DEFINE_SPINLOCK(x)	spinlock_t x = __SPIN_LOCK_UNLOCKED

static inline void spin_lock_init(spinlock_t *l)
{
	l->locked = 0;
}

static inline void spin_lock(spinlock_t *l)
{
	preempt_disable();
	while (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE))
		while (l->locked)
			cpu_relax();
}

static inline bool spin_trylock(spinlock_t *l)
{
	preempt_disable();
	if (!__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE))
		return true;
	preempt_enable();
	return false;
}

static inline void spin_unlock(spinlock_t *l)
{
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
	preempt_enable();
}

#define spin_lock_irqsave(l, flags)		\
	do {					\
		local_irq_save(flags);		\
		spin_lock(l);			\
	} while (0)

#define spin_unlock_irqrestore(l, flags)	\
	do {					\
		spin_unlock(l);			\
		local_irq_restore(flags);	\
	} while (0)

static inline void spin_lock_irq(spinlock_t *l)
{
	local_irq_disable();
	spin_lock(l);
}

static inline void spin_unlock_irq(spinlock_t *l)
{
	spin_unlock(l);
	local_irq_enable();
}

#endif /* KERNEL_SPINLOCK_H */

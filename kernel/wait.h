/* Wait queues: sleep until a condition holds, woken by wake_up(). Safe to
 * wake from hard IRQ and softirq context. */
#ifndef KERNEL_WAIT_H
#define KERNEL_WAIT_H

#include "lib/types.h"
#include "lib/list.h"
#include "kernel/spinlock.h"
#include "kernel/sched.h"

typedef struct wait_queue_head {
	spinlock_t lock;
	struct list_head head;
} wait_queue_head_t;

struct wait_queue_entry {
	struct task_struct *task;
	struct list_head entry;
};

#define DECLARE_WAIT_QUEUE_HEAD(name) \
	wait_queue_head_t name = { __SPIN_LOCK_UNLOCKED, LIST_HEAD_INIT(name.head) }

void init_waitqueue_head(wait_queue_head_t *wq);
void prepare_to_wait(wait_queue_head_t *wq, struct wait_queue_entry *w, int state);
void finish_wait(wait_queue_head_t *wq, struct wait_queue_entry *w);
void wake_up(wait_queue_head_t *wq);		/* wakes every waiter */
#define wake_up_all(wq)		wake_up(wq)
#define wake_up_interruptible(wq)	wake_up(wq)

/* Sleep until cond; re-checked after every wake-up. Threads only. */
#define wait_event(wq, cond)						\
	do {								\
		struct wait_queue_entry __w;				\
		for (;;) {						\
			prepare_to_wait(&(wq), &__w, TASK_UNINTERRUPTIBLE); \
			if (cond)					\
				break;					\
			schedule();					\
		}							\
		finish_wait(&(wq), &__w);				\
	} while (0)

/* As wait_event but gives up after timeout jiffies. Returns 0 if the
 * condition is still false at the timeout, else the jiffies left (>= 1). */
#define wait_event_timeout(wq, cond, timeout) ({			\
	long __t = (timeout);						\
	struct wait_queue_entry __w;					\
	for (;;) {							\
		prepare_to_wait(&(wq), &__w, TASK_UNINTERRUPTIBLE);	\
		if (cond) {						\
			if (!__t)					\
				__t = 1;				\
			break;						\
		}							\
		if (!__t)						\
			break;						\
		__t = schedule_timeout(__t);				\
	}								\
	finish_wait(&(wq), &__w);					\
	__t;								\
})

#endif /* KERNEL_WAIT_H */

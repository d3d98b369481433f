/* Wait queues (kernel/wait.h): the sleeping half is prepare_to_wait() +
 * condition check + schedule() + finish_wait(); the waking half wake_up().
 * Not a condition variable: the caller's condition needs its own locking. */
#include "kernel/wait.h"
#include "kernel/sched.h"

void init_waitqueue_head(wait_queue_head_t *wq)
{
	spin_lock_init(&wq->lock);
	INIT_LIST_HEAD(&wq->head);
}

/*
 * wait_event() passes a fresh, uninitialised entry and calls
 * prepare_to_wait() on every pass of its loop, so membership is decided by
 * looking, not by the entry's own (possibly stale) links. Queues hold at
 * most one entry per sleeping thread, so the walk is short. Caller holds
 * wq->lock.
 */
static bool wq_has_entry(wait_queue_head_t *wq, struct wait_queue_entry *w)
{
	struct list_head *pos;

	list_for_each(pos, &wq->head)
		if (pos == &w->entry)
			return true;
	return false;
}

/*
 * The state is set under the queue lock and before the caller tests its
 * condition: a wake_up() that comes after the test finds us on the queue
 * and sets TASK_RUNNING, so the following schedule() does not sleep.
 */
void prepare_to_wait(wait_queue_head_t *wq, struct wait_queue_entry *w, int state)
{
	unsigned long flags;

	spin_lock_irqsave(&wq->lock, flags);
	if (!wq_has_entry(wq, w)) {
		w->task = current;
		list_add_tail(&w->entry, &wq->head);
	}
	set_current_state(state);
	spin_unlock_irqrestore(&wq->lock, flags);
}

void finish_wait(wait_queue_head_t *wq, struct wait_queue_entry *w)
{
	unsigned long flags;

	set_current_state(TASK_RUNNING);
	spin_lock_irqsave(&wq->lock, flags);
	if (wq_has_entry(wq, w))
		list_del(&w->entry);
	spin_unlock_irqrestore(&wq->lock, flags);
}

/*
 * Entries stay queued until their owner's finish_wait(): a waiter whose
 * condition is still false goes back to sleep without re-queueing, and a
 * second wake_up() before it runs costs one state test.
 */
void wake_up(wait_queue_head_t *wq)
{
	struct wait_queue_entry *w;
	unsigned long flags;

	spin_lock_irqsave(&wq->lock, flags);
	list_for_each_entry(w, &wq->head, entry)
		wake_up_process(w->task);
	spin_unlock_irqrestore(&wq->lock, flags);
	/* wake_up_process() could not switch with the lock held */
	if (flags & X86_EFLAGS_IF)
		cond_resched();
}

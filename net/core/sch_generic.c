/* Generic packet scheduling, after Linux's net/sched/sch_generic.c: the
 * noop, noqueue and pfifo_fast qdiscs, qdisc_run() feeding the driver with
 * the xmit_more hint, requeue on NETDEV_TX_BUSY, NET_TX rescheduling.
 * No bulk dequeue, no BQL, no lockless qdiscs, no empty-queue bypass. */
#include "net/core/sch_generic.h"
#include "kernel/mm/slab.h"
#include "kernel/softirq.h"
#include "kernel/sched.h"
#include "kernel/timer.h"
#include "kernel/preempt.h"
#include "lib/errno.h"

/* Linux's default map from skb->priority (TC_PRIO_*) to band; band 0 is
 * served first (interactive), 2 last (bulk). */
const u8 sch_default_prio2band[TC_PRIO_MAX + 1] = {
	1, 2, 2, 2, 1, 2, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1
};

static int qdisc_drop(struct sk_buff *skb, struct Qdisc *q, struct list_head *to_free)
{
	list_add_tail(&skb->list, to_free);
	q->qstats.drops++;
	return NET_XMIT_DROP;
}

/* --- noop: what a device that is down transmits through --- */

static int noop_enqueue(struct sk_buff *skb, struct Qdisc *q, struct list_head *to_free)
{
	if (skb->dev)
		__atomic_add_fetch(&skb->dev->core_stats.tx_dropped, 1, __ATOMIC_RELAXED);
	qdisc_drop(skb, q, to_free);
	return NET_XMIT_CN;
}

static struct sk_buff *noop_dequeue(struct Qdisc *q)
{
	return NULL;
}

static const struct Qdisc_ops noop_qdisc_ops = {
	.id = "noop",
	.enqueue = noop_enqueue,
	.dequeue = noop_dequeue,
	.peek = noop_dequeue,
};

struct Qdisc noop_qdisc = {
	.ops = &noop_qdisc_ops,
	.gso_skb = { .list = LIST_HEAD_INIT(noop_qdisc.gso_skb.list) },
	.lock = __SPIN_LOCK_UNLOCKED,
};

/* noqueue: no enqueue op, so dev_queue_xmit calls the driver directly. */
const struct Qdisc_ops noqueue_qdisc_ops = {
	.id = "noqueue",
};

/* --- pfifo_fast --- */

struct pfifo_fast_priv {
	struct sk_buff_head band[PFIFO_FAST_BANDS];
};

static int pfifo_fast_enqueue(struct sk_buff *skb, struct Qdisc *q, struct list_head *to_free)
{
	struct pfifo_fast_priv *priv = qdisc_priv(q);
	u8 band = sch_default_prio2band[skb->priority & TC_PRIO_MAX];

	/* txqueuelen bounds all bands together (requeued packets included). */
	if (unlikely(qdisc_qlen(q) >= READ_ONCE(qdisc_dev(q)->tx_queue_len)))
		return qdisc_drop(skb, q, to_free);
	__skb_queue_tail(&priv->band[band], skb);
	q->qstats.qlen++;
	q->qstats.backlog += skb->len;
	return NET_XMIT_SUCCESS;
}

static struct sk_buff *pfifo_fast_peek(struct Qdisc *q)
{
	struct pfifo_fast_priv *priv = qdisc_priv(q);
	int band;

	for (band = 0; band < PFIFO_FAST_BANDS; band++)
		if (!skb_queue_empty(&priv->band[band]))
			return skb_peek(&priv->band[band]);
	return NULL;
}

static struct sk_buff *pfifo_fast_dequeue(struct Qdisc *q)
{
	struct pfifo_fast_priv *priv = qdisc_priv(q);
	struct sk_buff *skb;
	int band;

	for (band = 0; band < PFIFO_FAST_BANDS; band++) {
		skb = __skb_dequeue(&priv->band[band]);
		if (skb) {
			q->qstats.qlen--;
			q->qstats.backlog -= skb->len;
			return skb;
		}
	}
	return NULL;
}

static int pfifo_fast_init(struct Qdisc *q)
{
	struct pfifo_fast_priv *priv = qdisc_priv(q);
	int band;

	for (band = 0; band < PFIFO_FAST_BANDS; band++)
		__skb_queue_head_init(&priv->band[band]);
	return 0;
}

static void pfifo_fast_reset(struct Qdisc *q)
{
	struct pfifo_fast_priv *priv = qdisc_priv(q);
	int band;

	for (band = 0; band < PFIFO_FAST_BANDS; band++)
		__skb_queue_purge(&priv->band[band]);
}

const struct Qdisc_ops pfifo_fast_ops = {
	.id = "pfifo_fast",
	.priv_size = sizeof(struct pfifo_fast_priv),
	.enqueue = pfifo_fast_enqueue,
	.dequeue = pfifo_fast_dequeue,
	.peek = pfifo_fast_peek,
	.init = pfifo_fast_init,
	.reset = pfifo_fast_reset,
};

/* --- lifecycle --- */

struct Qdisc *qdisc_create_dflt(struct netdev_queue *txq, const struct Qdisc_ops *ops)
{
	struct Qdisc *q = kzalloc(sizeof(*q) + ops->priv_size, GFP_KERNEL);

	if (!q)
		return NULL;
	q->ops = ops;
	q->dev_queue = txq;
	spin_lock_init(&q->lock);
	skb_queue_head_init(&q->gso_skb);
	if (ops->init && ops->init(q)) {
		kfree(q);
		return NULL;
	}
	return q;
}

/* Caller holds q->lock. Purged packets are not counted as qdisc drops
 * (Linux does the same): the device went down, nothing was refused. */
void qdisc_reset(struct Qdisc *q)
{
	if (q->ops->reset)
		q->ops->reset(q);
	__skb_queue_purge(&q->gso_skb);
	q->qstats.qlen = 0;
	q->qstats.backlog = 0;
}

void qdisc_destroy(struct Qdisc *q)
{
	if (!q || q == &noop_qdisc)
		return;
	qdisc_reset(q);
	kfree(q);
}

int dev_init_scheduler(struct net_device *dev)
{
	const struct Qdisc_ops *ops = &pfifo_fast_ops;

	if ((dev->priv_flags & IFF_NO_QUEUE) || dev->tx_queue_len == 0)
		ops = &noqueue_qdisc_ops;
	dev->txq.qdisc_sleeping = qdisc_create_dflt(&dev->txq, ops);
	if (!dev->txq.qdisc_sleeping)
		return -ENOMEM;
	dev->qdisc = &noop_qdisc;
	return 0;
}

void dev_activate(struct net_device *dev)
{
	struct Qdisc *q = dev->txq.qdisc_sleeping;

	clear_bit(__QDISC_STATE_DEACTIVATED, &q->state);
	WRITE_ONCE(dev->qdisc, q);
}

void dev_deactivate(struct net_device *dev)
{
	struct Qdisc *q = dev->txq.qdisc_sleeping;

	WRITE_ONCE(dev->qdisc, &noop_qdisc);
	local_bh_disable();
	spin_lock(&q->lock);
	set_bit(__QDISC_STATE_DEACTIVATED, &q->state);
	/* Another CPU may be inside qdisc_run with the lock dropped. */
	while (READ_ONCE(q->running)) {
		spin_unlock(&q->lock);
		cpu_relax();
		spin_lock(&q->lock);
	}
	qdisc_reset(q);
	spin_unlock(&q->lock);
	local_bh_enable();
}

void dev_shutdown(struct net_device *dev)
{
	struct Qdisc *q = dev->txq.qdisc_sleeping;

	/* A scheduled qdisc is still on some CPU's output_queue; net_tx_action
	 * skips it (deactivated) but must be done with it before it goes. */
	while (test_bit(__QDISC_STATE_SCHED, &q->state))
		msleep(1);
	qdisc_destroy(q);
	dev->txq.qdisc_sleeping = NULL;
	dev->qdisc = &noop_qdisc;
}

/* --- running a qdisc --- */

void __netif_schedule(struct Qdisc *q)
{
	struct softnet_data *sd;
	unsigned long flags;

	if (test_and_set_bit(__QDISC_STATE_SCHED, &q->state))
		return;
	local_irq_save(flags);
	sd = this_softnet();
	q->next_sched = NULL;
	*sd->output_queue_tailp = q;
	sd->output_queue_tailp = &q->next_sched;
	raise_softirq_irqoff(NET_TX_SOFTIRQ);
	local_irq_restore(flags);
}

static void dev_requeue_skb(struct sk_buff *skb, struct Qdisc *q)
{
	__skb_queue_head(&q->gso_skb, skb);
	q->qstats.qlen++;
	q->qstats.backlog += skb->len;
	q->qstats.requeues++;
	__netif_schedule(q);
}

/* Requeued packets go first; nothing is taken while the driver is stopped. */
static struct sk_buff *dequeue_skb(struct Qdisc *q)
{
	struct sk_buff *skb;

	if (netif_xmit_stopped(q->dev_queue))
		return NULL;
	skb = __skb_dequeue(&q->gso_skb);
	if (skb) {
		q->qstats.qlen--;
		q->qstats.backlog -= skb->len;
		return skb;
	}
	return q->ops->dequeue(q);
}

int dev_hard_start_xmit(struct sk_buff *skb, struct net_device *dev,
			struct netdev_queue *txq, bool more)
{
	struct softnet_data *sd = this_softnet();
	int rc;

	if (dev_nit_active(dev))
		dev_queue_xmit_nit(skb, dev);
	sd->xmit.more = more;
	rc = dev->netdev_ops->ndo_start_xmit(skb, dev);
	sd->xmit.more = false;
	if (rc == NETDEV_TX_OK)
		txq->trans_start = jiffies;
	return rc;
}

/*
 * Called with q->lock held; drops it around the driver call (the running
 * flag keeps other CPUs from dequeuing meanwhile). Returns true if the
 * caller may send more.
 */
static bool sch_direct_xmit(struct sk_buff *skb, struct Qdisc *q,
			    struct net_device *dev, struct netdev_queue *txq, bool more)
{
	unsigned int len = skb->len;
	int rc = NETDEV_TX_BUSY;

	spin_unlock(&q->lock);
	spin_lock(&txq->xmit_lock);
	if (!netif_xmit_stopped(txq))
		rc = dev_hard_start_xmit(skb, dev, txq, more);
	spin_unlock(&txq->xmit_lock);
	spin_lock(&q->lock);

	if (!dev_xmit_complete(rc)) {
		dev_requeue_skb(skb, q);
		return false;
	}
	q->bstats.packets++;
	q->bstats.bytes += len;
	return !netif_xmit_stopped(txq);
}

/* dev_weight packets per run, so one busy device cannot hog the softirq. */
static void __qdisc_run(struct Qdisc *q)
{
	struct netdev_queue *txq = q->dev_queue;
	int quota = READ_ONCE(dev_weight);
	struct sk_buff *skb;
	bool more;

	while (quota > 0 && (skb = dequeue_skb(q)) != NULL) {
		/* Promise another call only if one is certain to follow. */
		more = quota > 1 && qdisc_qlen(q) > 0;
		quota--;
		if (!sch_direct_xmit(skb, q, txq->dev, txq, more))
			return;
	}
	if (quota <= 0 && qdisc_qlen(q))
		__netif_schedule(q);
}

void qdisc_run(struct Qdisc *q)
{
	if (q->running || !q->dev_queue)
		return;
	q->running = true;
	__qdisc_run(q);
	q->running = false;
}

int __dev_xmit_skb(struct sk_buff *skb, struct Qdisc *q, struct net_device *dev,
		   struct netdev_queue *txq)
{
	LIST_HEAD(to_free);
	int rc;

	spin_lock(&q->lock);
	if (unlikely(test_bit(__QDISC_STATE_DEACTIVATED, &q->state))) {
		rc = qdisc_drop(skb, q, &to_free);
	} else {
		rc = q->ops->enqueue(skb, q, &to_free) & NET_XMIT_MASK;
		qdisc_run(q);
	}
	spin_unlock(&q->lock);
	kfree_skb_list(&to_free);
	return rc;
}

/* The packet path through the device layer, after Linux's net/core/dev.c:
 * NAPI scheduling and net_rx_action (NET_RX_SOFTIRQ) with netdev_budget and
 * a time limit, netif_rx's per-CPU backlog, netif_receive_skb's taps and
 * EtherType dispatch, dev_queue_xmit, net_tx_action (NET_TX_SOFTIRQ).
 * Not implemented: GRO merging (napi_gro_receive passes skbs up one by
 * one, counted as GRO_NORMAL), RPS/RFS steering, busy polling. */
#include "net/core/dev.h"
#include "net/core/sch_generic.h"
#include "kernel/softirq.h"
#include "kernel/preempt.h"
#include "kernel/printk.h"
#include "kernel/panic.h"
#include "kernel/sched.h"
#include "kernel/sysctl.h"
#include "kernel/time.h"
#include "lib/byteorder.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "net/ethernet/eth.h"

struct softnet_data softnet_data[NR_CPUS];

int netdev_budget = 300;
int netdev_budget_usecs = 2000;
int dev_weight = 64;
int netdev_max_backlog = 1000;

SYSCTL_INT_ENTRY(netdev_budget, "net.core.netdev_budget", &netdev_budget, 1, 100000,
		 "packets one NET_RX softirq run may process over all NAPIs");
SYSCTL_INT_ENTRY(netdev_budget_usecs, "net.core.netdev_budget_usecs",
		 &netdev_budget_usecs, 1, 1000000,
		 "microseconds one NET_RX softirq run may take");
SYSCTL_INT_ENTRY(dev_weight, "net.core.dev_weight", &dev_weight, 1, 100000,
		 "backlog NAPI weight and qdisc packets per run");
SYSCTL_INT_ENTRY(netdev_max_backlog, "net.core.netdev_max_backlog",
		 &netdev_max_backlog, 1, 1000000,
		 "packets queued per CPU by netif_rx before dropping");

/* --- packet types --- */

#define PTYPE_HASH_SIZE	16

/* Readers walk these lists without a lock, from softirq or with bottom
 * halves off; writers hold ptype_lock with bottom halves off, and unlink
 * without poisoning, so a reader standing on a removed entry still finds
 * its way on. (Linux adds an RCU grace period for other CPUs.) */
static LIST_HEAD(ptype_all);
static struct list_head ptype_base[PTYPE_HASH_SIZE];
static DEFINE_SPINLOCK(ptype_lock);
static int ptype_count;

static struct list_head *ptype_head(const struct packet_type *pt)
{
	if (pt->type == htons(ETH_P_ALL))
		return &ptype_all;
	return &ptype_base[ntohs(pt->type) & (PTYPE_HASH_SIZE - 1)];
}

static bool ptype_listed(const struct packet_type *pt)
{
	const struct packet_type *p;

	list_for_each_entry(p, ptype_head(pt), list)
		if (p == pt)
			return true;
	return false;
}

int dev_add_pack(struct packet_type *pt)
{
	int err = 0;

	local_bh_disable();
	spin_lock(&ptype_lock);
	if (ptype_listed(pt))
		err = -EEXIST;
	else if (ptype_count >= PTYPE_MAX)
		err = -ENOSPC;
	else {
		list_add_tail(&pt->list, ptype_head(pt));
		ptype_count++;
	}
	spin_unlock(&ptype_lock);
	local_bh_enable();
	return err;
}

void dev_remove_pack(struct packet_type *pt)
{
	local_bh_disable();
	spin_lock(&ptype_lock);
	if (ptype_listed(pt)) {
		__list_del_entry(&pt->list);
		ptype_count--;
	}
	spin_unlock(&ptype_lock);
	local_bh_enable();
}

bool dev_nit_active(const struct net_device *dev)
{
	return !list_empty(&ptype_all);
}

/* --- receive --- */

/* A tap gets its own reference; the skb stays valid for the next one. */
static void deliver_tap(struct sk_buff *skb, struct packet_type *pt,
			struct net_device *dev)
{
	pt->func(skb_get(skb), dev, pt, dev);
}

/* Taps first, then the protocol handlers; the last handler inherits the
 * caller's reference, the others get one each. */
static int __netif_receive_skb(struct sk_buff *skb)
{
	struct net_device *dev = skb->dev;
	struct packet_type *pt, *pt_prev = NULL;
	__be16 type = skb->protocol;

	this_softnet()->processed++;
	skb_reset_network_header(skb);
	if (!skb_transport_header_was_set(skb))
		skb_reset_transport_header(skb);
	skb->skb_iif = dev->ifindex;

	if (!list_empty(&ptype_all)) {
		if (!skb->tstamp)
			skb->tstamp = ktime_get_ns();
		list_for_each_entry(pt, &ptype_all, list)
			if (!pt->dev || pt->dev == dev)
				deliver_tap(skb, pt, dev);
	}
	list_for_each_entry(pt, &ptype_base[ntohs(type) & (PTYPE_HASH_SIZE - 1)], list) {
		if (pt->type != type || (pt->dev && pt->dev != dev))
			continue;
		if (pt_prev)
			pt_prev->func(skb_get(skb), dev, pt_prev, dev);
		pt_prev = pt;
	}
	if (pt_prev)
		return pt_prev->func(skb, dev, pt_prev, dev);

	__atomic_add_fetch(&dev->core_stats.rx_nohandler, 1, __ATOMIC_RELAXED);
	kfree_skb(skb);
	return NET_RX_DROP;
}

int netif_receive_skb(struct sk_buff *skb)
{
	if (WARN_ON(!skb->dev)) {
		kfree_skb(skb);
		return NET_RX_DROP;
	}
	return __netif_receive_skb(skb);
}

gro_result_t napi_gro_receive(struct napi_struct *napi, struct sk_buff *skb)
{
	napi->gro_normal++;
	netif_receive_skb(skb);
	return GRO_NORMAL;
}

/* --- NAPI --- */

static void ____napi_schedule(struct softnet_data *sd, struct napi_struct *napi)
{
	list_add_tail(&napi->poll_list, &sd->poll_list);
	raise_softirq_irqoff(NET_RX_SOFTIRQ);
}

void __napi_schedule(struct napi_struct *napi)
{
	unsigned long flags;

	local_irq_save(flags);
	____napi_schedule(this_softnet(), napi);
	local_irq_restore(flags);
}

bool napi_schedule_prep(struct napi_struct *napi)
{
	unsigned long val, new;

	val = READ_ONCE(napi->state);
	do {
		if (unlikely(val & NAPIF_STATE_DISABLE))
			return false;
		new = val | NAPIF_STATE_SCHED;
		/* Already scheduled: tell the poller to go round once more. */
		if (val & NAPIF_STATE_SCHED)
			new |= NAPIF_STATE_MISSED;
	} while (!try_cmpxchg_long(&napi->state, &val, new));
	return !(val & NAPIF_STATE_SCHED);
}

bool napi_complete_done(struct napi_struct *napi, int work_done)
{
	unsigned long val, new, flags;

	if (unlikely(READ_ONCE(napi->state) & NAPIF_STATE_NPSVC))
		return false;
	if (unlikely(!list_empty(&napi->poll_list))) {
		local_irq_save(flags);
		list_del_init(&napi->poll_list);
		local_irq_restore(flags);
	}
	val = READ_ONCE(napi->state);
	do {
		WARN_ON(!(val & NAPIF_STATE_SCHED));
		new = val & ~(NAPIF_STATE_MISSED | NAPIF_STATE_SCHED);
		/* An interrupt came while polling: stay scheduled. */
		if (val & NAPIF_STATE_MISSED)
			new |= NAPIF_STATE_SCHED;
	} while (!try_cmpxchg_long(&napi->state, &val, new));
	if (unlikely(val & NAPIF_STATE_MISSED)) {
		__napi_schedule(napi);
		return false;
	}
	return true;
}

void netif_napi_add(struct net_device *dev, struct napi_struct *napi,
		    int (*poll)(struct napi_struct *, int), int weight)
{
	if (weight <= 0)
		weight = NAPI_POLL_WEIGHT;
	if (weight > NAPI_POLL_WEIGHT)
		pr_warn("%s: NAPI weight %d exceeds %d\n", dev->name, weight,
			NAPI_POLL_WEIGHT);
	INIT_LIST_HEAD(&napi->poll_list);
	napi->poll = poll;
	napi->weight = weight;
	napi->dev = dev;
	napi->state = NAPIF_STATE_SCHED | NAPIF_STATE_NPSVC;
	set_bit(NAPI_STATE_LISTED, &napi->state);
	list_add_tail(&napi->dev_list, &dev->napi_list);
}

void netif_napi_del(struct napi_struct *napi)
{
	if (!test_and_clear_bit(NAPI_STATE_LISTED, &napi->state))
		return;
	list_del_init(&napi->dev_list);
}

void napi_enable(struct napi_struct *napi)
{
	unsigned long val, new;

	val = READ_ONCE(napi->state);
	do {
		BUG_ON(!(val & NAPIF_STATE_SCHED));
		new = val & ~(NAPIF_STATE_SCHED | NAPIF_STATE_NPSVC);
	} while (!try_cmpxchg_long(&napi->state, &val, new));
}

void napi_disable(struct napi_struct *napi)
{
	unsigned long val, new;

	set_bit(NAPI_STATE_DISABLE, &napi->state);
	val = READ_ONCE(napi->state);
	do {
		/* A scheduled poll finishes (and completes, seeing DISABLE). */
		while (val & (NAPIF_STATE_SCHED | NAPIF_STATE_NPSVC)) {
			msleep(1);
			val = READ_ONCE(napi->state);
		}
		new = val | NAPIF_STATE_SCHED | NAPIF_STATE_NPSVC;
	} while (!try_cmpxchg_long(&napi->state, &val, new));
	clear_bit(NAPI_STATE_DISABLE, &napi->state);
}

/* --- the backlog: netif_rx --- */

/* The backlog NAPI: splice input_pkt_queue (IRQs off, short) and deliver
 * from the private process_queue with IRQs on. Only this CPU touches it,
 * so completing is a plain store. */
static int process_backlog(struct napi_struct *napi, int quota)
{
	struct softnet_data *sd = container_of(napi, struct softnet_data, backlog);
	unsigned long flags;
	struct sk_buff *skb;
	int work = 0;

	napi->weight = READ_ONCE(dev_weight);
	for (;;) {
		while ((skb = __skb_dequeue(&sd->process_queue)) != NULL) {
			__netif_receive_skb(skb);
			if (++work >= quota)
				return work;
		}
		local_irq_save(flags);
		if (skb_queue_empty(&sd->input_pkt_queue)) {
			WRITE_ONCE(napi->state, 0);
			local_irq_restore(flags);
			return work;
		}
		skb_queue_splice_tail_init(&sd->input_pkt_queue, &sd->process_queue);
		local_irq_restore(flags);
	}
}

/* Linux admits while qlen <= netdev_max_backlog: at most max + 1 queued. */
static int enqueue_to_backlog(struct sk_buff *skb, struct softnet_data *sd)
{
	unsigned long flags;
	u32 qlen;

	local_irq_save(flags);
	qlen = skb_queue_len(&sd->input_pkt_queue);
	if (qlen <= (u32)READ_ONCE(netdev_max_backlog)) {
		/* An empty queue means the backlog NAPI may be idle. */
		if (!qlen && !test_and_set_bit(NAPI_STATE_SCHED, &sd->backlog.state))
			____napi_schedule(sd, &sd->backlog);
		__skb_queue_tail(&sd->input_pkt_queue, skb);
		local_irq_restore(flags);
		return NET_RX_SUCCESS;
	}
	sd->dropped++;
	local_irq_restore(flags);
	__atomic_add_fetch(&skb->dev->core_stats.rx_dropped, 1, __ATOMIC_RELAXED);
	kfree_skb(skb);
	return NET_RX_DROP;
}

int netif_rx(struct sk_buff *skb)
{
	bool need_bh_off = !in_interrupt();
	int ret;

	if (WARN_ON(!skb->dev)) {
		kfree_skb(skb);
		return NET_RX_DROP;
	}
	if (!skb->tstamp && !list_empty(&ptype_all))
		skb->tstamp = ktime_get_ns();
	/* From a thread, let local_bh_enable run the softirq right away. */
	if (need_bh_off)
		local_bh_disable();
	ret = enqueue_to_backlog(skb, this_softnet());
	if (need_bh_off)
		local_bh_enable();
	return ret;
}

/* --- NET_RX_SOFTIRQ --- */

/* Poll one NAPI (already off the poll list). If it used its whole weight
 * it stays scheduled and goes to repoll; else the driver completed it. */
static int napi_poll(struct napi_struct *n, struct list_head *repoll)
{
	int weight = n->weight, work = 0;

	list_del_init(&n->poll_list);
	if (test_bit(NAPI_STATE_SCHED, &n->state)) {
		work = n->poll(n, weight);
		n->polls++;
	}
	if (WARN_ON(work > weight))
		work = weight;
	if (likely(work < weight))
		return work;
	n->full_polls++;
	/* ndo_stop is waiting in napi_disable: complete on its behalf. */
	if (unlikely(napi_disable_pending(n))) {
		napi_complete(n);
		return work;
	}
	/* The driver completed and something rescheduled it meanwhile. */
	if (unlikely(!list_empty(&n->poll_list)))
		return work;
	list_add_tail(&n->poll_list, repoll);
	return work;
}

void net_rx_action(void)
{
	struct softnet_data *sd = this_softnet();
	u64 time_limit = jiffies + usecs_to_jiffies(READ_ONCE(netdev_budget_usecs));
	int budget = READ_ONCE(netdev_budget);
	LIST_HEAD(list);
	LIST_HEAD(repoll);
	unsigned long flags;

	local_irq_save(flags);
	list_splice_init(&sd->poll_list, &list);
	local_irq_restore(flags);

	while (!list_empty(&list)) {
		struct napi_struct *n = list_first_entry(&list, struct napi_struct, poll_list);

		budget -= napi_poll(n, &repoll);
		/* Out of budget or time: leave the rest for the next run (or
		 * ksoftirqd) so that one busy NIC cannot starve the CPU. */
		if (unlikely(budget <= 0 || time_after_eq(jiffies, time_limit))) {
			sd->time_squeeze++;
			break;
		}
	}

	/* Unpolled NAPIs first, then newly scheduled ones, then those that
	 * used their whole weight: full pollers queue behind everyone. */
	local_irq_save(flags);
	list_splice_tail_init(&sd->poll_list, &list);
	list_splice_tail(&repoll, &list);
	list_splice(&list, &sd->poll_list);
	if (!list_empty(&sd->poll_list))
		raise_softirq_irqoff(NET_RX_SOFTIRQ);
	local_irq_restore(flags);
}

/* --- transmit --- */

void netif_wake_queue(struct net_device *dev)
{
	struct Qdisc *q;

	if (!test_and_clear_bit(__QUEUE_STATE_DRV_XOFF, &dev->txq.state))
		return;
	q = READ_ONCE(dev->qdisc);
	if (q != &noop_qdisc)
		__netif_schedule(q);
}

/* Taps see transmitted packets as PACKET_OUTGOING clones, as in Linux. */
void dev_queue_xmit_nit(struct sk_buff *skb, struct net_device *dev)
{
	struct packet_type *pt, *pt_prev = NULL;
	struct sk_buff *skb2 = NULL;

	list_for_each_entry(pt, &ptype_all, list) {
		if (pt->dev && pt->dev != dev)
			continue;
		if (!skb2) {
			skb2 = skb_clone(skb, GFP_ATOMIC);
			if (!skb2)
				return;
			skb2->tstamp = ktime_get_ns();
			skb_reset_mac_header(skb2);
			skb2->pkt_type = PACKET_OUTGOING;
		}
		if (pt_prev)
			pt_prev->func(skb_get(skb2), dev, pt_prev, dev);
		pt_prev = pt;
	}
	if (pt_prev)
		pt_prev->func(skb2, dev, pt_prev, dev);
}

/* noqueue (loopback): straight to the driver, which must not be busy. */
static int dev_xmit_noqueue(struct sk_buff *skb, struct Qdisc *q,
			    struct net_device *dev, struct netdev_queue *txq)
{
	unsigned int len = skb->len;
	int rc;

	if ((dev->flags & IFF_UP) && !netif_xmit_stopped(txq)) {
		spin_lock(&txq->xmit_lock);
		rc = dev_hard_start_xmit(skb, dev, txq, false);
		spin_unlock(&txq->xmit_lock);
		if (dev_xmit_complete(rc)) {
			q->bstats.packets++;
			q->bstats.bytes += len;
			return rc;
		}
		pr_warn_ratelimited("Virtual device %s asks to queue packet!\n", dev->name);
	}
	__atomic_add_fetch(&dev->core_stats.tx_dropped, 1, __ATOMIC_RELAXED);
	kfree_skb(skb);
	return -ENETDOWN;
}

int dev_queue_xmit(struct sk_buff *skb)
{
	struct net_device *dev = skb->dev;
	struct Qdisc *q;
	int rc;

	if (WARN_ON(!dev)) {
		kfree_skb(skb);
		return -EINVAL;
	}
	skb_reset_mac_header(skb);
	local_bh_disable();
	q = READ_ONCE(dev->qdisc);
	if (q->ops->enqueue)
		rc = __dev_xmit_skb(skb, q, dev, &dev->txq);
	else
		rc = dev_xmit_noqueue(skb, q, dev, &dev->txq);
	local_bh_enable();
	return rc;
}

/* The reason travels in the dead skb's control buffer, as in Linux. */
void dev_kfree_skb_irq_reason(struct sk_buff *skb, enum skb_drop_reason reason)
{
	unsigned long flags;

	if (!skb)
		return;
	if (__atomic_load_n(&skb->users, __ATOMIC_ACQUIRE) != 1 &&
	    __atomic_sub_fetch(&skb->users, 1, __ATOMIC_ACQ_REL) != 0)
		return;
	skb->users = 1;
	*(enum skb_drop_reason *)skb->cb = reason;
	local_irq_save(flags);
	__skb_queue_tail(&this_softnet()->completion_queue, skb);
	raise_softirq_irqoff(NET_TX_SOFTIRQ);
	local_irq_restore(flags);
}

void dev_kfree_skb_any_reason(struct sk_buff *skb, enum skb_drop_reason reason)
{
	if (in_irq() || irqs_disabled())
		dev_kfree_skb_irq_reason(skb, reason);
	else
		kfree_skb_reason(skb, reason);
}

static void net_tx_free_completed(struct softnet_data *sd)
{
	struct sk_buff_head list;
	struct sk_buff *skb;
	unsigned long flags;

	__skb_queue_head_init(&list);
	local_irq_save(flags);
	skb_queue_splice_tail_init(&sd->completion_queue, &list);
	local_irq_restore(flags);
	while ((skb = __skb_dequeue(&list)) != NULL)
		kfree_skb_reason(skb, *(enum skb_drop_reason *)skb->cb);
}

static void net_tx_run_qdiscs(struct softnet_data *sd)
{
	struct Qdisc *head, *q;
	unsigned long flags;

	local_irq_save(flags);
	head = sd->output_queue;
	sd->output_queue = NULL;
	sd->output_queue_tailp = &sd->output_queue;
	local_irq_restore(flags);

	while (head) {
		q = head;
		head = head->next_sched;
		/* Cleared first: a wake during the run schedules it again. */
		clear_bit(__QDISC_STATE_SCHED, &q->state);
		spin_lock(&q->lock);
		if (!test_bit(__QDISC_STATE_DEACTIVATED, &q->state))
			qdisc_run(q);
		spin_unlock(&q->lock);
	}
}

void net_tx_action(void)
{
	struct softnet_data *sd = this_softnet();

	if (!skb_queue_empty(&sd->completion_queue))
		net_tx_free_completed(sd);
	if (READ_ONCE(sd->output_queue))
		net_tx_run_qdiscs(sd);
	linkwatch_run_queue();
}

/* --- init --- */

static void softnet_init(struct softnet_data *sd)
{
	memset(sd, 0, sizeof(*sd));
	INIT_LIST_HEAD(&sd->poll_list);
	skb_queue_head_init(&sd->process_queue);
	skb_queue_head_init(&sd->input_pkt_queue);
	skb_queue_head_init(&sd->completion_queue);
	sd->output_queue_tailp = &sd->output_queue;
	INIT_LIST_HEAD(&sd->backlog.poll_list);
	INIT_LIST_HEAD(&sd->backlog.dev_list);
	sd->backlog.poll = process_backlog;
	sd->backlog.weight = dev_weight;
}

void net_dev_init(void)
{
	int i;

	skb_init();
	for (i = 0; i < PTYPE_HASH_SIZE; i++)
		INIT_LIST_HEAD(&ptype_base[i]);
	for (i = 0; i < NR_CPUS; i++)
		softnet_init(&softnet_data[i]);
	open_softirq(NET_TX_SOFTIRQ, net_tx_action);
	open_softirq(NET_RX_SOFTIRQ, net_rx_action);
	if (loopback_init())
		pr_err("net: cannot set up the loopback device\n");
	packet_tap_init();
}

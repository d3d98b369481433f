/* Queueing disciplines, after Linux's sch_generic.h: struct Qdisc and its
 * ops, the noop (device down), noqueue (loopback) and pfifo_fast (default)
 * qdiscs, and qdisc_run(). No tc classes, filters or shaping. */
#ifndef NET_CORE_SCH_GENERIC_H
#define NET_CORE_SCH_GENERIC_H

#include "net/core/netdevice.h"

#define TC_PRIO_MAX		15
#define PFIFO_FAST_BANDS	3

struct Qdisc;

struct Qdisc_ops {
	const char *id;
	size_t priv_size;
	/* Take skb or drop it (then: *to_free list, NET_XMIT_DROP). Called
	 * with the qdisc lock held. */
	int (*enqueue)(struct sk_buff *skb, struct Qdisc *q, struct list_head *to_free);
	struct sk_buff *(*dequeue)(struct Qdisc *q);
	struct sk_buff *(*peek)(struct Qdisc *q);
	int (*init)(struct Qdisc *q);
	void (*reset)(struct Qdisc *q);		/* drop everything queued */
};

struct gnet_stats_basic {
	u64 bytes;		/* handed to the driver */
	u64 packets;
};

struct gnet_stats_queue {
	u32 qlen;		/* packets queued (incl. requeued) */
	u32 backlog;		/* bytes queued */
	u32 drops;
	u32 requeues;
	u32 overlimits;
};

enum qdisc_state_t {
	__QDISC_STATE_SCHED,		/* on a softnet output_queue */
	__QDISC_STATE_DEACTIVATED,	/* device going down: refuse packets */
};

struct Qdisc {
	const struct Qdisc_ops *ops;
	struct netdev_queue *dev_queue;
	unsigned long state;
	bool running;			/* one CPU dequeues at a time */
	struct Qdisc *next_sched;	/* on softnet_data.output_queue */
	struct sk_buff_head gso_skb;	/* requeued after NETDEV_TX_BUSY */
	struct gnet_stats_basic bstats;
	struct gnet_stats_queue qstats;
	spinlock_t lock;
	u8 priv[] __aligned(8);
};

static inline void *qdisc_priv(struct Qdisc *q)
{
	return q->priv;
}

static inline struct net_device *qdisc_dev(const struct Qdisc *q)
{
	return q->dev_queue->dev;
}

static inline u32 qdisc_qlen(const struct Qdisc *q)
{
	return q->qstats.qlen;
}

extern struct Qdisc noop_qdisc;
extern const struct Qdisc_ops pfifo_fast_ops;
extern const struct Qdisc_ops noqueue_qdisc_ops;
extern const u8 sch_default_prio2band[TC_PRIO_MAX + 1];

/* A new qdisc of ops for txq (zeroed, init run); NULL on failure. */
struct Qdisc *qdisc_create_dflt(struct netdev_queue *txq, const struct Qdisc_ops *ops);
void qdisc_destroy(struct Qdisc *q);
void qdisc_reset(struct Qdisc *q);

/* Enqueue skb on q and run it; the dev_queue_xmit body. BH off. */
int __dev_xmit_skb(struct sk_buff *skb, struct Qdisc *q, struct net_device *dev,
		   struct netdev_queue *txq);
/* Hand one skb to the driver (taps first); more = netdev_xmit_more(). */
int dev_hard_start_xmit(struct sk_buff *skb, struct net_device *dev,
			struct netdev_queue *txq, bool more);
/* Dequeue and transmit until empty, stopped, or dev_weight packets (then
 * rescheduled). Caller holds q->lock with BH off. */
void qdisc_run(struct Qdisc *q);
/* Put q on this CPU's output_queue and raise NET_TX_SOFTIRQ. IRQ-safe. */
void __netif_schedule(struct Qdisc *q);

/* Attach the sleeping qdisc (device up) / noop and purge (device down). */
void dev_activate(struct net_device *dev);
void dev_deactivate(struct net_device *dev);
/* Give a newly registered device its default qdisc: 0 or -ENOMEM. */
int dev_init_scheduler(struct net_device *dev);
void dev_shutdown(struct net_device *dev);

#endif /* NET_CORE_SCH_GENERIC_H */

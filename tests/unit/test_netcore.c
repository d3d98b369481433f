/* test_netcore.c: the device layer on the host — NAPI scheduling and
 * net_rx_action's budget, weight and time-limit rules, the netif_rx
 * backlog bound, EtherType dispatch and taps, pfifo_fast bands and the
 * txqueuelen cap, xmit_more, requeue on NETDEV_TX_BUSY, eth_type_trans,
 * loopback, carrier notifications and the tap's packet summaries. The
 * net/core sources are compiled into this file after a host cpu.h;
 * softirqs are run by hand; every teardown checks for leaked skbs. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "lib/types.h"
#include "tests/unit/host_include/arch/x86_64/cpu.h"
#include "tests/unit/ktest.h"

#pragma GCC diagnostic ignored "-Wunused-parameter"
#include "net/core/skbuff.c"
#include "net/ethernet/eth.c"
#include "net/core/net_device.c"
#include "net/core/sch_generic.c"
#include "net/core/dev.c"
#include "net/core/loopback.c"
#include "net/core/pkt_print.c"
#include "tests/unit/host_alloc.h"

/* --- fakes: memory, softirqs, time, logging --- */

static unsigned long softirq_pending;
static void (*softirq_vec[NR_SOFTIRQS])(void);
static int warns;
struct cpu_local cpu_data[NR_CPUS];
volatile u64 jiffies;

void panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	abort();
}

void __warn(const char *file, int line, const char *cond)
{
	warns++;
}

int printk(const char *fmt, ...)
{
	return 0;
}

bool __ratelimit(struct ratelimit_state *rs)
{
	return false;
}

void raise_softirq_irqoff(int nr)
{
	softirq_pending |= 1UL << nr;
}

void open_softirq(int nr, void (*action)(void))
{
	softirq_vec[nr] = action;
}

void local_bh_disable(void)
{
	preempt_count_add(SOFTIRQ_DISABLE_OFFSET);
}

void local_bh_enable(void)
{
	preempt_count_sub(SOFTIRQ_DISABLE_OFFSET);
}

void msleep(unsigned int ms)
{
	jiffies += ms;
}

u64 ktime_get_ns(void)
{
	return jiffies * 1000000;
}

void packet_tap_init(void)
{
}

/* Run raised softirqs as irq_exit would; returns how many actions ran. */
static int run_softirqs(void)
{
	int runs = 0, nr;

	while (softirq_pending && runs < 1000) {
		unsigned long p = softirq_pending;

		softirq_pending = 0;
		for (nr = 0; nr < NR_SOFTIRQS; nr++)
			if ((p & (1UL << nr)) && softirq_vec[nr]) {
				softirq_vec[nr]();
				runs++;
			}
	}
	return runs;
}

/* --- a fake NIC driver and a fake protocol --- */

#define TEST_ETH_P	0x88B5		/* IEEE local experimental EtherType */

struct fake_priv {
	struct sk_buff_head sent;
	bool more[64];
	int nsent;
	int busy_count;			/* answer NETDEV_TX_BUSY this often */
	u32 stop_after;			/* stop the queue at this many sent */
};

static netdev_tx_t fake_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct fake_priv *p = netdev_priv(dev);

	if (p->busy_count) {
		p->busy_count--;
		return NETDEV_TX_BUSY;
	}
	p->more[p->nsent++ % 64] = netdev_xmit_more();
	__skb_queue_tail(&p->sent, skb);
	if (p->stop_after && skb_queue_len(&p->sent) >= p->stop_after)
		netif_stop_queue(dev);
	return NETDEV_TX_OK;
}

static const struct net_device_ops fake_ops = {
	.ndo_start_xmit = fake_xmit,
};

static const u8 fake_mac[ETH_ALEN] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
static struct net_device *fdev;

static struct sk_buff_head rcvd;
static int rcvd_pkt_type[16];

static int test_rcv(struct sk_buff *skb, struct net_device *dev,
		    struct packet_type *pt, struct net_device *orig)
{
	rcvd_pkt_type[skb_queue_len(&rcvd) % 16] = skb->pkt_type;
	__skb_queue_tail(&rcvd, skb);
	return NET_RX_SUCCESS;
}

static struct packet_type test_pt = {
	.type = cpu_to_be16(TEST_ETH_P),
	.func = test_rcv,
};

static int tapped;

static int test_tap(struct sk_buff *skb, struct net_device *dev,
		    struct packet_type *pt, struct net_device *orig)
{
	tapped++;
	consume_skb(skb);
	return NET_RX_SUCCESS;
}

static struct packet_type tap_pt = {
	.type = cpu_to_be16(ETH_P_ALL),
	.func = test_tap,
};

static struct net_device *make_fake_dev(void)
{
	struct net_device *dev = alloc_etherdev(sizeof(struct fake_priv));
	struct fake_priv *p;

	if (!dev)
		return NULL;
	p = netdev_priv(dev);
	__skb_queue_head_init(&p->sent);
	dev->netdev_ops = &fake_ops;
	memcpy(dev->dev_addr, fake_mac, ETH_ALEN);
	if (register_netdev(dev) || dev_open(dev)) {
		free_netdev(dev);
		return NULL;
	}
	return dev;
}

static void destroy_fake_dev(struct net_device *dev)
{
	struct fake_priv *p = netdev_priv(dev);

	unregister_netdev(dev);
	__skb_queue_purge(&p->sent);
	free_netdev(dev);
}

/* A frame for dev: dst, our TEST_ETH_P type (or type), payload bytes. */
static struct sk_buff *make_frame(const u8 *dst, u16 type, unsigned int payload)
{
	struct sk_buff *skb = alloc_skb(NET_SKB_PAD + ETH_HLEN + payload, GFP_ATOMIC);
	struct ethhdr *eth;

	skb_reserve(skb, NET_SKB_PAD);
	eth = skb_put(skb, ETH_HLEN);
	memcpy(eth->h_dest, dst, ETH_ALEN);
	memcpy(eth->h_source, "\x02\x00\x00\x00\x00\x01", ETH_ALEN);
	eth->h_proto = htons(type);
	memset(skb_put(skb, payload), 0xab, payload);
	return skb;
}

static void reset_tunables(void)
{
	netdev_budget = 300;
	netdev_budget_usecs = 2000;
	dev_weight = 64;
	netdev_max_backlog = 1000;
}

KTEST_SETUP(setup)
{
	static bool once;
	struct softnet_data *sd = this_softnet();

	if (!once) {
		net_dev_init();
		once = true;
	}
	reset_tunables();
	sd->processed = sd->dropped = sd->time_squeeze = 0;
	softirq_pending = 0;
	warns = 0;
	tapped = 0;
	__skb_queue_head_init(&rcvd);
	dev_add_pack(&test_pt);
	fdev = make_fake_dev();
}

KTEST_TEARDOWN(teardown)
{
	struct skb_stats st;

	run_softirqs();
	dev_remove_pack(&test_pt);
	dev_remove_pack(&tap_pt);
	__skb_queue_purge(&rcvd);
	if (fdev)
		destroy_fake_dev(fdev);
	fdev = NULL;
	EXPECT_TRUE(list_empty(&this_softnet()->poll_list));
	EXPECT_EQ(preempt_count(), 0);
	EXPECT_FALSE(irqs_disabled());
	skb_get_stats(&st);
	EXPECT_EQ(st.live, 0);
	EXPECT_EQ(st.data_live, 0);
}

/* --- NAPI and net_rx_action --- */

struct fake_napi {
	struct napi_struct napi;
	int work_left;			/* packets "on the ring"; -1 = endless */
	int polls;
	struct napi_struct *schedule_during_poll;
	u64 jiffies_per_poll;
	bool completed;
};

static int order[32], norder;

static int fake_poll(struct napi_struct *napi, int budget)
{
	struct fake_napi *f = container_of(napi, struct fake_napi, napi);
	int work = budget;

	f->polls++;
	order[norder++ % 32] = f->napi.weight;		/* weights tag the NAPIs */
	jiffies += f->jiffies_per_poll;
	if (f->schedule_during_poll)
		napi_schedule(f->schedule_during_poll);
	if (f->work_left >= 0) {
		work = min(budget, f->work_left);
		f->work_left -= work;
	}
	if (work < budget)
		f->completed = napi_complete_done(napi, work);
	return work;
}

static void fake_napi_init(struct fake_napi *f, int weight, int work)
{
	memset(f, 0, sizeof(*f));
	netif_napi_add(fdev, &f->napi, fake_poll, weight);
	napi_enable(&f->napi);
	f->work_left = work;
}

static void fake_napi_del(struct fake_napi *f)
{
	if (test_bit(NAPI_STATE_SCHED, &f->napi.state)) {
		/* Take it off the poll list the way a driver's ndo_stop would. */
		f->work_left = 0;
		run_softirqs();
	}
	napi_disable(&f->napi);
	netif_napi_del(&f->napi);
}

static struct napi_struct *poll_list_entry(int i)
{
	struct napi_struct *n;

	list_for_each_entry(n, &this_softnet()->poll_list, poll_list)
		if (i-- == 0)
			return n;
	return NULL;
}

KTEST(napi_schedule_once_then_missed)
{
	struct fake_napi a;

	ASSERT_NOT_NULL(fdev);
	fake_napi_init(&a, 16, 5);
	EXPECT_TRUE(napi_schedule(&a.napi));
	EXPECT_FALSE(napi_schedule(&a.napi));		/* already: MISSED */
	EXPECT_TRUE(test_bit(NAPI_STATE_MISSED, &a.napi.state));
	EXPECT_TRUE(softirq_pending & (1UL << NET_RX_SOFTIRQ));
	softirq_pending = 0;
	net_rx_action();
	/* Completed under weight, but MISSED: rescheduled, not unmasked. */
	EXPECT_EQ(a.polls, 1);
	EXPECT_FALSE(a.completed);
	EXPECT_EQ(poll_list_entry(0), &a.napi);
	EXPECT_TRUE(softirq_pending & (1UL << NET_RX_SOFTIRQ));
	softirq_pending = 0;
	net_rx_action();
	EXPECT_EQ(a.polls, 2);
	EXPECT_TRUE(a.completed);
	EXPECT_FALSE(test_bit(NAPI_STATE_SCHED, &a.napi.state));
	fake_napi_del(&a);
}

KTEST(full_weight_goes_to_tail)
{
	struct fake_napi a, b;

	ASSERT_NOT_NULL(fdev);
	fake_napi_init(&a, 8, -1);		/* always uses its whole weight */
	fake_napi_init(&b, 4, 2);		/* completes */
	a.schedule_during_poll = &b.napi;	/* "IRQ" for b while a polls */
	norder = 0;
	napi_schedule(&a.napi);
	net_rx_action();
	/* a: full, stays scheduled and queues behind b, which was scheduled
	 * during the run and not yet polled. */
	EXPECT_EQ(a.polls, 1);
	EXPECT_EQ(b.polls, 0);
	EXPECT_EQ(poll_list_entry(0), &b.napi);
	EXPECT_EQ(poll_list_entry(1), &a.napi);
	EXPECT_EQ(this_softnet()->time_squeeze, 0);
	EXPECT_EQ(a.napi.full_polls, 1);
	a.schedule_during_poll = NULL;
	a.work_left = 3;
	run_softirqs();
	EXPECT_EQ(order[1], 4);			/* b went first the second time */
	EXPECT_EQ(order[2], 8);
	EXPECT_TRUE(a.completed);
	EXPECT_TRUE(b.completed);
	fake_napi_del(&a);
	fake_napi_del(&b);
}

/* As in Linux, one run polls each NAPI at most once (a full one is
 * re-raised and goes round again), so the budget bites across NAPIs. */
KTEST(budget_exhaustion_squeezes_and_reraises)
{
	struct fake_napi n[6];
	int i;

	ASSERT_NOT_NULL(fdev);
	for (i = 0; i < 6; i++) {
		fake_napi_init(&n[i], 64, -1);
		napi_schedule(&n[i].napi);
	}
	softirq_pending = 0;
	net_rx_action();
	/* 300 budget, 64 a poll: five polls (320) and out. */
	for (i = 0; i < 6; i++)
		EXPECT_EQ(n[i].polls, i < 5);
	EXPECT_EQ(this_softnet()->time_squeeze, 1);
	EXPECT_TRUE(softirq_pending & (1UL << NET_RX_SOFTIRQ));
	EXPECT_EQ(poll_list_entry(0), &n[5].napi);	/* the unpolled one first */
	EXPECT_EQ(poll_list_entry(1), &n[0].napi);

	netdev_budget = 100;
	softirq_pending = 0;
	net_rx_action();				/* n[5], n[0]: 128 >= 100 */
	EXPECT_EQ(n[5].polls, 1);
	EXPECT_EQ(n[0].polls, 2);
	EXPECT_EQ(n[1].polls, 1);
	EXPECT_EQ(this_softnet()->time_squeeze, 2);

	/* A lone NAPI never exhausts the budget in one run. */
	for (i = 1; i < 6; i++)
		n[i].work_left = 0;
	run_softirqs();
	n[0].polls = 0;
	netdev_budget = 300;
	softirq_pending = 0;
	net_rx_action();
	EXPECT_EQ(n[0].polls, 1);
	EXPECT_EQ(this_softnet()->time_squeeze, 2);
	EXPECT_TRUE(softirq_pending & (1UL << NET_RX_SOFTIRQ));
	n[0].work_left = 0;
	for (i = 0; i < 6; i++)
		fake_napi_del(&n[i]);
}

KTEST(time_limit_squeezes)
{
	struct fake_napi a, b;

	ASSERT_NOT_NULL(fdev);
	fake_napi_init(&a, 64, -1);
	fake_napi_init(&b, 32, -1);
	a.jiffies_per_poll = 2;			/* netdev_budget_usecs 2000 = 2 jiffies */
	napi_schedule(&a.napi);
	napi_schedule(&b.napi);
	softirq_pending = 0;
	net_rx_action();
	EXPECT_EQ(a.polls, 1);
	EXPECT_EQ(b.polls, 0);			/* time ran out before b */
	EXPECT_EQ(this_softnet()->time_squeeze, 1);
	EXPECT_EQ(poll_list_entry(0), &b.napi);	/* unpolled first */
	EXPECT_EQ(poll_list_entry(1), &a.napi);
	EXPECT_TRUE(softirq_pending & (1UL << NET_RX_SOFTIRQ));
	a.work_left = b.work_left = 0;
	a.jiffies_per_poll = 0;
	fake_napi_del(&a);
	fake_napi_del(&b);
}

KTEST(disabled_napi_cannot_be_scheduled)
{
	struct fake_napi a;

	ASSERT_NOT_NULL(fdev);
	memset(&a, 0, sizeof(a));
	netif_napi_add(fdev, &a.napi, fake_poll, 64);
	EXPECT_FALSE(napi_schedule(&a.napi));	/* starts disabled */
	napi_enable(&a.napi);
	EXPECT_TRUE(napi_schedule(&a.napi));
	a.work_left = 0;
	run_softirqs();
	EXPECT_TRUE(a.completed);
	napi_disable(&a.napi);
	EXPECT_FALSE(napi_schedule(&a.napi));
	EXPECT_FALSE(napi_complete_done(&a.napi, 0));	/* NPSVC */
	netif_napi_del(&a.napi);
}

KTEST(gro_receive_passes_up)
{
	struct fake_napi a;
	struct sk_buff *skb;

	ASSERT_NOT_NULL(fdev);
	fake_napi_init(&a, 64, 0);
	skb = make_frame(fake_mac, TEST_ETH_P, 46);
	skb->protocol = eth_type_trans(skb, fdev);
	EXPECT_EQ(napi_gro_receive(&a.napi, skb), GRO_NORMAL);
	EXPECT_EQ(a.napi.gro_normal, 1);
	EXPECT_EQ(skb_queue_len(&rcvd), 1);
	fake_napi_del(&a);
}

/* --- the backlog and dispatch --- */

KTEST(backlog_bound_drops_and_counts)
{
	struct rtnl_link_stats64 s;
	int i, accepted = 0;

	ASSERT_NOT_NULL(fdev);
	netdev_max_backlog = 5;
	for (i = 0; i < 10; i++) {
		struct sk_buff *skb = make_frame(fake_mac, TEST_ETH_P, 46);

		skb->protocol = eth_type_trans(skb, fdev);
		accepted += netif_rx(skb) == NET_RX_SUCCESS;
	}
	/* As Linux: admitted while qlen <= netdev_max_backlog. */
	EXPECT_EQ(accepted, 6);
	EXPECT_EQ(this_softnet()->dropped, 4);
	dev_get_stats(fdev, &s);
	EXPECT_EQ(s.rx_dropped, 4);
	EXPECT_EQ(skb_queue_len(&rcvd), 0);
	run_softirqs();
	EXPECT_EQ(skb_queue_len(&rcvd), 6);
	EXPECT_EQ(this_softnet()->processed, 6);
	EXPECT_EQ(this_softnet()->backlog.state, 0);
}

KTEST(backlog_respects_weight)
{
	int i;

	ASSERT_NOT_NULL(fdev);
	/* As in Linux, the backlog picks dev_weight up at each poll for the
	 * next one; pretend an earlier poll already did. */
	dev_weight = 4;
	this_softnet()->backlog.weight = 4;
	for (i = 0; i < 10; i++) {
		struct sk_buff *skb = make_frame(fake_mac, TEST_ETH_P, 46);

		skb->protocol = eth_type_trans(skb, fdev);
		netif_rx(skb);
	}
	softirq_pending = 0;
	net_rx_action();		/* one poll of weight 4, then re-raised */
	EXPECT_EQ(skb_queue_len(&rcvd), 4);
	EXPECT_TRUE(softirq_pending & (1UL << NET_RX_SOFTIRQ));
	EXPECT_EQ(skb_queue_len(&this_softnet()->process_queue), 6);
	run_softirqs();
	EXPECT_EQ(skb_queue_len(&rcvd), 10);
	dev_weight = 64;
	this_softnet()->backlog.weight = 64;
}

KTEST(unknown_ethertype_counted)
{
	struct rtnl_link_stats64 s;
	struct sk_buff *skb;

	ASSERT_NOT_NULL(fdev);
	skb = make_frame(fake_mac, 0x1234, 46);
	skb->protocol = eth_type_trans(skb, fdev);
	EXPECT_EQ(netif_receive_skb(skb), NET_RX_DROP);
	dev_get_stats(fdev, &s);
	EXPECT_EQ(s.rx_nohandler, 1);
}

KTEST(tap_sees_rx_and_tx)
{
	struct fake_priv *p;
	struct sk_buff *skb;

	ASSERT_NOT_NULL(fdev);
	p = netdev_priv(fdev);
	EXPECT_EQ(dev_add_pack(&tap_pt), 0);
	EXPECT_EQ(dev_add_pack(&tap_pt), -EEXIST);
	skb = make_frame(fake_mac, TEST_ETH_P, 46);
	skb->protocol = eth_type_trans(skb, fdev);
	netif_receive_skb(skb);
	EXPECT_EQ(tapped, 1);
	ASSERT_EQ(skb_queue_len(&rcvd), 1);
	EXPECT_FALSE(skb_shared(skb_peek(&rcvd)));	/* the tap let go */
	EXPECT_NE(skb_peek(&rcvd)->tstamp, 0);

	skb = make_frame(fake_mac, TEST_ETH_P, 46);
	skb->dev = fdev;
	EXPECT_EQ(dev_queue_xmit(skb), NET_XMIT_SUCCESS);
	EXPECT_EQ(tapped, 2);
	EXPECT_EQ(skb_queue_len(&p->sent), 1);
	dev_remove_pack(&tap_pt);
	EXPECT_FALSE(dev_nit_active(fdev));
}

/* --- transmit --- */

static int xmit_prio(u32 prio, u8 tag)
{
	struct sk_buff *skb = make_frame(fake_mac, TEST_ETH_P, 46);

	skb->dev = fdev;
	skb->priority = prio;
	skb->data[ETH_HLEN] = tag;
	return dev_queue_xmit(skb);
}

KTEST(pfifo_fast_band_order_and_xmit_more)
{
	struct fake_priv *p;
	struct Qdisc *q;
	u8 want[] = { 'a', 'b', 'c', 'd', 'e' };
	int i;

	ASSERT_NOT_NULL(fdev);
	p = netdev_priv(fdev);
	q = fdev->qdisc;
	EXPECT_EQ(q->ops, &pfifo_fast_ops);
	netif_stop_queue(fdev);			/* let the queue fill */
	xmit_prio(0, 'c');			/* band 1 */
	xmit_prio(1, 'e');			/* band 2 (bulk) */
	xmit_prio(6, 'a');			/* band 0 (interactive) */
	xmit_prio(4, 'd');			/* band 1 */
	xmit_prio(7, 'b');			/* band 0 */
	EXPECT_EQ(qdisc_qlen(q), 5);
	EXPECT_EQ(skb_queue_len(&p->sent), 0);
	netif_wake_queue(fdev);
	EXPECT_TRUE(softirq_pending & (1UL << NET_TX_SOFTIRQ));
	run_softirqs();
	ASSERT_EQ(skb_queue_len(&p->sent), 5);
	for (i = 0; i < 5; i++) {
		struct sk_buff *skb = __skb_dequeue(&p->sent);

		EXPECT_EQ(skb->data[ETH_HLEN], want[i]);
		EXPECT_EQ(p->more[i], i < 4);	/* tail written once, at the end */
		consume_skb(skb);
	}
	EXPECT_EQ(q->bstats.packets, 5);
	EXPECT_EQ(q->qstats.backlog, 0);
}

KTEST(txqueuelen_caps_the_qdisc)
{
	struct fake_priv *p;
	int i, dropped = 0;

	ASSERT_NOT_NULL(fdev);
	p = netdev_priv(fdev);
	fdev->tx_queue_len = 4;
	netif_stop_queue(fdev);
	for (i = 0; i < 6; i++)
		dropped += xmit_prio(i, 'x') == NET_XMIT_DROP;
	EXPECT_EQ(dropped, 2);
	EXPECT_EQ(fdev->qdisc->qstats.drops, 2);
	EXPECT_EQ(qdisc_qlen(fdev->qdisc), 4);
	netif_wake_queue(fdev);
	run_softirqs();
	EXPECT_EQ(skb_queue_len(&p->sent), 4);
}

KTEST(busy_requeues_and_retries)
{
	struct fake_priv *p;

	ASSERT_NOT_NULL(fdev);
	p = netdev_priv(fdev);
	p->busy_count = 1;
	EXPECT_EQ(xmit_prio(0, 'r'), NET_XMIT_SUCCESS);
	EXPECT_EQ(skb_queue_len(&p->sent), 0);
	EXPECT_EQ(fdev->qdisc->qstats.requeues, 1);
	EXPECT_EQ(qdisc_qlen(fdev->qdisc), 1);
	run_softirqs();				/* __netif_schedule'd retry */
	EXPECT_EQ(skb_queue_len(&p->sent), 1);
	EXPECT_EQ(qdisc_qlen(fdev->qdisc), 0);
}

KTEST(driver_stop_ends_the_burst)
{
	struct fake_priv *p;
	int i;

	ASSERT_NOT_NULL(fdev);
	p = netdev_priv(fdev);
	netif_stop_queue(fdev);
	for (i = 0; i < 5; i++)
		xmit_prio(0, 'x');
	p->stop_after = 2;			/* ring "full" after two */
	netif_wake_queue(fdev);
	run_softirqs();
	EXPECT_EQ(skb_queue_len(&p->sent), 2);
	EXPECT_TRUE(netif_queue_stopped(fdev));
	EXPECT_EQ(qdisc_qlen(fdev->qdisc), 3);
	p->stop_after = 0;
	netif_wake_queue(fdev);
	run_softirqs();
	EXPECT_EQ(skb_queue_len(&p->sent), 5);
}

KTEST(down_device_drops)
{
	struct rtnl_link_stats64 s;

	ASSERT_NOT_NULL(fdev);
	dev_close(fdev);
	EXPECT_EQ(fdev->qdisc, &noop_qdisc);
	EXPECT_EQ(xmit_prio(0, 'x'), NET_XMIT_CN);
	dev_get_stats(fdev, &s);
	EXPECT_EQ(s.tx_dropped, 1);
	EXPECT_EQ(dev_open(fdev), 0);
	EXPECT_EQ(fdev->qdisc, fdev->txq.qdisc_sleeping);
}

KTEST(close_purges_queue)
{
	ASSERT_NOT_NULL(fdev);
	netif_stop_queue(fdev);
	xmit_prio(0, 'x');
	xmit_prio(0, 'y');
	dev_close(fdev);
	EXPECT_EQ(qdisc_qlen(fdev->txq.qdisc_sleeping), 0);
}

KTEST(kfree_skb_irq_defers_to_net_tx)
{
	struct sk_buff *skb = alloc_skb(64, GFP_ATOMIC);
	struct skb_stats before, after;
	unsigned long flags;

	ASSERT_NOT_NULL(skb);
	skb_get_stats(&before);
	local_irq_save(flags);
	dev_kfree_skb_any(skb);			/* IRQs off: deferred */
	local_irq_restore(flags);
	skb_get_stats(&after);
	EXPECT_EQ(after.live, before.live);
	EXPECT_TRUE(softirq_pending & (1UL << NET_TX_SOFTIRQ));
	run_softirqs();
	skb_get_stats(&after);
	EXPECT_EQ(after.live, before.live - 1);
	EXPECT_EQ(after.dropped, before.dropped + 1);
}

/* --- Ethernet --- */

KTEST(eth_type_trans_classifies)
{
	static const u8 bcast[ETH_ALEN] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	static const u8 mcast[ETH_ALEN] = { 0x01, 0x00, 0x5e, 0x00, 0x00, 0x01 };
	static const u8 other[ETH_ALEN] = { 0x52, 0x54, 0x00, 0x99, 0x99, 0x99 };
	const u8 *dst[] = { fake_mac, bcast, mcast, other };
	const int want[] = { PACKET_HOST, PACKET_BROADCAST, PACKET_MULTICAST, PACKET_OTHERHOST };
	struct sk_buff *skb;
	int i;

	ASSERT_NOT_NULL(fdev);
	for (i = 0; i < 4; i++) {
		skb = make_frame(dst[i], ETH_P_IP, 46);
		EXPECT_EQ(eth_type_trans(skb, fdev), htons(ETH_P_IP));
		EXPECT_EQ(skb->pkt_type, want[i]);
		EXPECT_EQ(skb->len, 46);
		EXPECT_EQ(skb_mac_header(skb), skb->data - ETH_HLEN);
		EXPECT_EQ(skb->dev, fdev);
		kfree_skb(skb);
	}
	skb = make_frame(fake_mac, 100, 46);		/* a length: 802.3 */
	EXPECT_EQ(eth_type_trans(skb, fdev), htons(ETH_P_802_2));
	kfree_skb(skb);
}

KTEST(eth_type_trans_runt)
{
	struct sk_buff *skb = alloc_skb(64, GFP_ATOMIC);

	ASSERT_NOT_NULL(fdev);
	memset(skb_put(skb, 10), 0xff, 10);
	EXPECT_EQ(eth_type_trans(skb, fdev), 0);
	EXPECT_EQ(skb->len, 10);			/* untouched */
	EXPECT_EQ(fdev->stats.rx_length_errors, 1);
	kfree_skb(skb);
}

KTEST(eth_header_and_addresses)
{
	struct sk_buff *skb = alloc_skb(128, GFP_ATOMIC);
	char buf[MAC_STR_LEN];
	u8 addr[ETH_ALEN];

	ASSERT_NOT_NULL(fdev);
	skb_reserve(skb, 64);
	skb_put(skb, 20);
	EXPECT_EQ(dev_hard_header(skb, fdev, ETH_P_ARP, fdev->broadcast, NULL, 20), ETH_HLEN);
	EXPECT_EQ(skb->len, 34);
	EXPECT_TRUE(is_broadcast_ether_addr(skb->data));
	EXPECT_TRUE(ether_addr_equal(skb->data + 6, fake_mac));
	EXPECT_EQ(get_unaligned_be16(skb->data + 12), ETH_P_ARP);
	EXPECT_EQ(dev_hard_header(skb, fdev, ETH_P_IP, NULL, NULL, 20), -ETH_HLEN);
	kfree_skb(skb);

	EXPECT_STREQ(mac_to_str(fake_mac, buf), "52:54:00:12:34:56");
	eth_random_addr(addr);
	EXPECT_TRUE(is_valid_ether_addr(addr));
	EXPECT_TRUE(is_local_ether_addr(addr));
	EXPECT_FALSE(is_valid_ether_addr((const u8 *)"\0\0\0\0\0\0"));
	EXPECT_FALSE(is_valid_ether_addr((const u8 *)"\x01\0\0\0\0\1"));
}

/* --- devices --- */

KTEST(loopback_round_trip)
{
	struct sk_buff *skb = alloc_skb(256, GFP_ATOMIC);

	ASSERT_NOT_NULL(loopback_dev);
	EXPECT_STREQ(loopback_dev->name, "lo");
	EXPECT_EQ(loopback_dev->ifindex, 1);
	EXPECT_TRUE(loopback_dev->flags & IFF_UP);
	EXPECT_STREQ(loopback_dev->qdisc->ops->id, "noqueue");
	skb_reserve(skb, 64);
	memset(skb_put(skb, 30), 0x5a, 30);
	skb->dev = loopback_dev;
	EXPECT_EQ(dev_hard_header(skb, loopback_dev, TEST_ETH_P, NULL, NULL, 30), ETH_HLEN);
	EXPECT_EQ(dev_queue_xmit(skb), NET_XMIT_SUCCESS);
	run_softirqs();
	ASSERT_EQ(skb_queue_len(&rcvd), 1);
	EXPECT_EQ(rcvd_pkt_type[0], PACKET_HOST);
	EXPECT_EQ(skb_peek(&rcvd)->len, 30);
	EXPECT_EQ(loopback_dev->stats.rx_packets, loopback_dev->stats.tx_packets);
}

KTEST(register_names_and_caps)
{
	struct net_device *d2 = make_fake_dev(), *bad;

	ASSERT_NOT_NULL(fdev);
	ASSERT_NOT_NULL(d2);
	EXPECT_STREQ(fdev->name, "eth0");
	EXPECT_STREQ(d2->name, "eth1");
	EXPECT_EQ(dev_get_by_name("eth1"), d2);
	EXPECT_EQ(dev_get_by_index(d2->ifindex), d2);
	EXPECT_NULL(dev_get_by_name("eth9"));
	bad = alloc_netdev(0, "bad name", ether_setup);
	ASSERT_NOT_NULL(bad);
	bad->netdev_ops = &fake_ops;
	EXPECT_EQ(register_netdev(bad), -EINVAL);
	free_netdev(bad);
	bad = alloc_netdev(0, "lo", ether_setup);
	bad->netdev_ops = &fake_ops;
	EXPECT_EQ(register_netdev(bad), -EEXIST);
	free_netdev(bad);
	EXPECT_NULL(alloc_netdev(0, "waytoolongnameforlinux", ether_setup));
	destroy_fake_dev(d2);
}

static int events[8], nevents;

static int record_event(struct notifier_block *nb, unsigned long ev, void *ptr)
{
	if (netdev_notifier_info_to_dev(ptr) == fdev)
		events[nevents++ % 8] = (int)ev;
	return NOTIFY_DONE;
}

static struct notifier_block test_nb = { .notifier_call = record_event };

KTEST(carrier_changes_notify_from_softirq)
{
	ASSERT_NOT_NULL(fdev);
	nevents = 0;
	EXPECT_EQ(register_netdevice_notifier(&test_nb), 0);
	EXPECT_EQ(nevents, 2);				/* replayed REGISTER, UP */
	EXPECT_EQ(events[1], NETDEV_UP);
	netif_carrier_off(fdev);
	EXPECT_FALSE(netif_carrier_ok(fdev));
	EXPECT_EQ(nevents, 2);				/* deferred ... */
	run_softirqs();
	EXPECT_EQ(nevents, 3);				/* ... to NET_TX */
	EXPECT_EQ(events[2], NETDEV_CHANGE);
	EXPECT_EQ(fdev->operstate, IF_OPER_DOWN);
	EXPECT_FALSE(dev_get_flags(fdev) & IFF_RUNNING);
	netif_carrier_on(fdev);
	netif_carrier_on(fdev);				/* no change, no event */
	run_softirqs();
	EXPECT_EQ(nevents, 4);
	EXPECT_EQ(fdev->operstate, IF_OPER_UP);
	EXPECT_TRUE(dev_get_flags(fdev) & IFF_RUNNING);
	EXPECT_EQ(fdev->carrier_down_count, 1);
}

KTEST(carrier_off_before_register_is_reported)
{
	struct net_device *d = alloc_etherdev(sizeof(struct fake_priv));

	ASSERT_NOT_NULL(d);
	__skb_queue_head_init(&((struct fake_priv *)netdev_priv(d))->sent);
	d->netdev_ops = &fake_ops;
	netif_carrier_off(d);			/* as a driver's probe does */
	run_softirqs();
	EXPECT_TRUE(test_bit(__LINK_STATE_LINKWATCH_PENDING, &d->state));
	ASSERT_EQ(register_netdev(d), 0);
	run_softirqs();
	EXPECT_FALSE(test_bit(__LINK_STATE_LINKWATCH_PENDING, &d->state));
	EXPECT_EQ(d->operstate, IF_OPER_DOWN);
	netif_carrier_on(d);			/* later events still flow */
	EXPECT_EQ(dev_open(d), 0);
	run_softirqs();
	EXPECT_EQ(d->operstate, IF_OPER_UP);
	destroy_fake_dev(d);
}

KTEST(promiscuity_counts)
{
	ASSERT_NOT_NULL(fdev);
	EXPECT_EQ(dev_set_promiscuity(fdev, 1), 0);
	EXPECT_EQ(dev_set_promiscuity(fdev, 1), 0);
	EXPECT_TRUE(fdev->flags & IFF_PROMISC);
	dev_set_promiscuity(fdev, -1);
	EXPECT_TRUE(fdev->flags & IFF_PROMISC);
	dev_set_promiscuity(fdev, -1);
	EXPECT_FALSE(fdev->flags & IFF_PROMISC);
	EXPECT_EQ(dev_set_promiscuity(fdev, -1), -EOVERFLOW);
}

/* --- tap summaries --- */

static const u8 arp_request[42] = {
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x52, 0x55, 0x0a, 0x00, 0x02, 0x02, 0x08, 0x06,
	0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x01,
	0x52, 0x55, 0x0a, 0x00, 0x02, 0x02, 10, 0, 2, 2,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 10, 0, 2, 15,
};

static const u8 icmp_echo[42] = {
	0x52, 0x54, 0x00, 0x12, 0x34, 0x56, 0x52, 0x55, 0x0a, 0x00, 0x02, 0x02, 0x08, 0x00,
	0x45, 0x00, 0x00, 0x1c, 0x00, 0x01, 0x00, 0x00, 0x40, 0x01, 0x00, 0x00,
	10, 0, 2, 2, 10, 0, 2, 15,
	0x08, 0x00, 0x00, 0x00, 0x12, 0x34, 0x00, 0x07,
};

KTEST(summary_lines)
{
	char line[160];
	u8 f[64];

	pkt_summary(line, sizeof(line), arp_request, sizeof(arp_request), 60, false);
	EXPECT_STREQ(line, "ARP, Request who-has 10.0.2.15 tell 10.0.2.2, length 46");
	pkt_summary(line, sizeof(line), icmp_echo, sizeof(icmp_echo), 42, false);
	EXPECT_STREQ(line, "IP 10.0.2.2 > 10.0.2.15: ICMP echo request, id 4660, seq 7, length 8");
	pkt_summary(line, sizeof(line), icmp_echo, 20, 42, false);
	EXPECT_STREQ(line, "IP, truncated, length 28");
	pkt_summary(line, sizeof(line), icmp_echo, 10, 10, false);
	EXPECT_STREQ(line, "truncated frame, length 10");

	memcpy(f, icmp_echo, sizeof(icmp_echo));
	f[14] = 0x4f;					/* IHL 60 > captured */
	pkt_summary(line, sizeof(line), f, sizeof(icmp_echo), 42, false);
	EXPECT_STREQ(line, "IP, bad header, length 28");

	memcpy(f, icmp_echo, 34);			/* UDP 10.0.2.2.53 > .15.1024 */
	f[23] = 17;
	f[17] = 28 + 4;
	memcpy(f + 34, "\x00\x35\x04\x00\x00\x0c\x00\x00\xde\xad\xbe\xef", 12);
	pkt_summary(line, sizeof(line), f, 46, 46, true);
	EXPECT_STREQ(line, "52:55:0a:00:02:02 > 52:54:00:12:34:56, "
		     "IP 10.0.2.2.53 > 10.0.2.15.1024: UDP, length 4");
	pkt_summary(line, 16, arp_request, sizeof(arp_request), 60, false);
	EXPECT_EQ(strlen(line), 15);			/* cut, terminated */
}

KTEST(summary_survives_random_bytes)
{
	char line[200];
	u8 f[128];
	int i;

	for (i = 0; i < 5000; i++) {
		u32 cap = ktest_rand() % sizeof(f);

		ktest_fill_random(f, sizeof(f));
		if (i & 1)
			f[12] = 0x08, f[13] = (i & 2) ? 0x00 : 0x06, f[14] = 0x45;
		pkt_summary(line, sizeof(line), f, cap, cap + ktest_rand() % 3000, i & 4);
		EXPECT_LT(strlen(line), sizeof(line));
	}
}

/* test_arp.c: the ARP cache state machine (net/ipv4/neighbour.c) and the
 * ARP receive rules (net/ipv4/arp_process.c) in virtual time: NUD state
 * transitions and timeouts, the 1/s request limit, the per-entry queue
 * cap, the table cap and eviction, PERMANENT entries, RFC 826's merge
 * rule, invalid senders, address conflicts, packet validation. The files
 * under test are compiled into this one after a host cpu.h, with real
 * skbs over malloc; every teardown checks that nothing is left. */
#include <stdlib.h>

#include "lib/types.h"
#include "tests/unit/host_include/arch/x86_64/cpu.h"
#include "tests/unit/ktest.h"

#pragma GCC diagnostic ignored "-Wunused-parameter"
#include "net/core/skbuff.c"
#include "net/core/netdevice.h"
#include "net/ipv4/neighbour.c"
#include "net/ipv4/arp_process.c"
#include "tests/unit/host_alloc.h"

/* --- fakes: slab, pages, panic --- */

struct cpu_local cpu_data[NR_CPUS];

void panic(const char *fmt, ...)
{
	abort();
}

void __warn(const char *file, int line, const char *cond)
{
	abort();
}

/* --- fixtures --- */

#define SEC	HZ
#define T0	1000000ULL	/* virtual jiffies at the start of each test */

static const struct neigh_parms test_parms = {
	.base_reachable_time_ms = 30000,
	.retrans_time_ms = 1000,
	.delay_first_probe_time = 5,
	.gc_stale_time = 60,
	.mcast_solicit = 3,
	.ucast_solicit = 3,
	.unres_qlen = 3,
	.locktime = 100,
	.gc_thresh3 = 16,
};

static struct neigh_table tbl;
static struct neigh_work w;
static struct net_device dev0, dev1;
static const u8 our_mac[ETH_ALEN] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
static const u8 mac_a[ETH_ALEN] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x0a };
static const u8 mac_b[ETH_ALEN] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x0b };
static struct arp_stats st;

static __be32 ip4(u8 a, u8 b, u8 c, u8 d)
{
	return htonl((u32)a << 24 | (u32)b << 16 | (u32)c << 8 | d);
}

#define OUR_IP		ip4(10, 0, 9, 2)
#define PEER_IP		ip4(10, 0, 9, 1)
#define OTHER_IP	ip4(10, 0, 9, 3)

static void work_reset(void)
{
	__skb_queue_purge(&w.xmit);
	neigh_work_init(&w);
}

KTEST_SETUP(setup)
{
	skb_init();
	neigh_table_init(&tbl, &test_parms, 0x1234);
	neigh_work_init(&w);
	memset(&st, 0, sizeof(st));
	memset(&dev0, 0, sizeof(dev0));
	memset(&dev1, 0, sizeof(dev1));
	strlcpy(dev0.name, "eth0", IFNAMSIZ);
	strlcpy(dev1.name, "eth1", IFNAMSIZ);
	memcpy(dev0.dev_addr, our_mac, ETH_ALEN);
	fail_next = 0;
}

KTEST_TEARDOWN(teardown)
{
	struct skb_stats s;

	neigh_flush_dev(&tbl, NULL, false);
	__skb_queue_purge(&w.xmit);
	EXPECT_EQ(tbl.entries, 0);
	skb_get_stats(&s);
	EXPECT_EQ(s.live, 0);
	EXPECT_EQ(fake_live, 0);
	EXPECT_EQ(preempt_count(), 0);
}

/* A packet whose first byte says which one it is. */
static struct sk_buff *pkt(u8 id)
{
	struct sk_buff *skb = alloc_skb(64, GFP_ATOMIC);

	skb_reserve(skb, 32);
	*(u8 *)skb_put(skb, 20) = id;
	return skb;
}

static u8 pkt_id(const struct sk_buff *skb)
{
	return skb->data[0];
}

/* Output through the cache, creating the entry as neigh_output_ip does. */
static struct neighbour *output(__be32 ip, struct net_device *dev, u8 id, u64 now)
{
	struct neighbour *n = neigh_lookup(&tbl, ip, dev);

	if (!n)
		n = neigh_create(&tbl, ip, dev, now);
	if (n)
		neigh_resolve_output(&tbl, n, pkt(id), now, &w);
	return n;
}

/* Run the timer at every jiffy it asks for, up to `until`. */
static u64 run_timers(u64 from, u64 until)
{
	u64 now = from, next;

	while (neigh_timer_run(&tbl, now, &w, &next)) {
		if (time_after(next, until))
			break;
		now = time_after(next, now) ? next : now + 1;
	}
	return now;
}

/* --- resolution --- */

KTEST(first_packet_queues_and_asks_once)
{
	struct neighbour *n = output(PEER_IP, &dev0, 1, T0);

	ASSERT_NOT_NULL(n);
	EXPECT_EQ(n->nud_state, NUD_INCOMPLETE);
	EXPECT_EQ(skb_queue_len(&n->arp_queue), 1);
	EXPECT_EQ(skb_queue_len(&w.xmit), 0);
	ASSERT_EQ(w.nsolicit, 1);
	EXPECT_EQ(w.solicit[0].target, PEER_IP);
	EXPECT_FALSE(w.solicit[0].unicast);
	EXPECT_EQ(w.solicit[0].dev, &dev0);

	/* More packets within the second: queued, no second request. */
	output(PEER_IP, &dev0, 2, T0 + 10);
	output(PEER_IP, &dev0, 3, T0 + 999);
	EXPECT_EQ(w.nsolicit, 1);
	EXPECT_EQ(skb_queue_len(&n->arp_queue), 3);
}

KTEST(incomplete_retries_three_times_then_fails)
{
	struct neighbour *n = output(PEER_IP, &dev0, 1, T0);
	u64 next;

	output(PEER_IP, &dev0, 2, T0 + 1);
	EXPECT_TRUE(neigh_timer_run(&tbl, T0 + 999, &w, &next));
	EXPECT_EQ(next, T0 + SEC);
	EXPECT_EQ(w.nsolicit, 1);
	neigh_timer_run(&tbl, T0 + SEC, &w, &next);
	EXPECT_EQ(w.nsolicit, 2);
	EXPECT_EQ(next, T0 + 2 * SEC);
	neigh_timer_run(&tbl, T0 + 2 * SEC, &w, &next);
	EXPECT_EQ(w.nsolicit, 3);
	EXPECT_EQ(n->nud_state, NUD_INCOMPLETE);
	neigh_timer_run(&tbl, T0 + 3 * SEC, &w, &next);
	EXPECT_EQ(w.nsolicit, 3);			/* no fourth request */
	EXPECT_EQ(n->nud_state, NUD_FAILED);
	EXPECT_EQ(skb_queue_len(&n->arp_queue), 0);
	EXPECT_EQ(tbl.stats.res_failed, 1);
	EXPECT_EQ(tbl.stats.unres_discards, 2);	/* the queue, counted */
	EXPECT_EQ(skb_queue_len(&w.xmit), 0);
}

KTEST(queue_keeps_newest_unres_qlen)
{
	struct neighbour *n = NULL;
	struct sk_buff *skb;
	u8 id;

	for (id = 1; id <= 5; id++)
		n = output(PEER_IP, &dev0, id, T0 + id);
	ASSERT_NOT_NULL(n);
	EXPECT_EQ(skb_queue_len(&n->arp_queue), 3);
	EXPECT_EQ(tbl.stats.unres_discards, 2);
	/* The answer sends the survivors, oldest first: 3, 4, 5. */
	neigh_update(&tbl, n, mac_a, NUD_REACHABLE, NEIGH_UPDATE_F_OVERRIDE, T0 + 10, &w);
	for (id = 3; id <= 5; id++) {
		skb = __skb_dequeue(&w.xmit);
		ASSERT_NOT_NULL(skb);
		EXPECT_EQ(pkt_id(skb), id);
		EXPECT_MEMEQ(NEIGH_CB(skb)->ha, mac_a, ETH_ALEN);
		consume_skb(skb);
	}
	EXPECT_NULL(__skb_dequeue(&w.xmit));
}

KTEST(reply_sends_queue_and_later_packets_directly)
{
	struct neighbour *n = output(PEER_IP, &dev0, 1, T0);

	EXPECT_EQ(neigh_update(&tbl, n, mac_a, NUD_REACHABLE, NEIGH_UPDATE_F_OVERRIDE,
			       T0 + 5, &w), 0);
	EXPECT_EQ(n->nud_state, NUD_REACHABLE);
	EXPECT_EQ(skb_queue_len(&w.xmit), 1);
	work_reset();
	EXPECT_EQ(neigh_resolve_output(&tbl, n, pkt(2), T0 + 6, &w), NEIGH_OUT_XMIT);
	EXPECT_EQ(skb_queue_len(&w.xmit), 1);
	EXPECT_EQ(w.nsolicit, 0);
	EXPECT_EQ(n->used, T0 + 6);
}

KTEST(request_from_target_while_incomplete_makes_it_stale)
{
	struct neighbour *n = output(PEER_IP, &dev0, 1, T0);

	neigh_update(&tbl, n, mac_a, NUD_STALE, 0, T0 + 3, &w);
	EXPECT_EQ(n->nud_state, NUD_STALE);
	EXPECT_EQ(skb_queue_len(&w.xmit), 1);		/* released at once */
	EXPECT_MEMEQ(n->ha, mac_a, ETH_ALEN);
}

/* --- cache validation: REACHABLE -> STALE -> DELAY -> PROBE -> FAILED --- */

static struct neighbour *reachable_entry(u64 now)
{
	struct neighbour *n = neigh_create(&tbl, PEER_IP, &dev0, now);

	neigh_update(&tbl, n, mac_a, NUD_REACHABLE, NEIGH_UPDATE_F_OVERRIDE, now, &w);
	return n;
}

KTEST(reachable_ages_to_stale_then_probes_then_fails)
{
	struct neighbour *n = reachable_entry(T0);
	u64 next, t;

	EXPECT_TRUE(neigh_timer_run(&tbl, T0 + 29 * SEC, &w, &next));
	EXPECT_EQ(next, T0 + 30 * SEC);
	neigh_timer_run(&tbl, T0 + 30 * SEC, &w, &next);
	EXPECT_EQ(n->nud_state, NUD_STALE);

	/* Used while STALE: sent with the old address, checked soon. */
	t = T0 + 40 * SEC;
	EXPECT_EQ(neigh_resolve_output(&tbl, n, pkt(1), t, &w), NEIGH_OUT_XMIT);
	EXPECT_EQ(n->nud_state, NUD_DELAY);
	EXPECT_EQ(w.nsolicit, 0);
	neigh_timer_run(&tbl, t + 5 * SEC - 1, &w, &next);
	EXPECT_EQ(n->nud_state, NUD_DELAY);
	neigh_timer_run(&tbl, t + 5 * SEC, &w, &next);
	EXPECT_EQ(n->nud_state, NUD_PROBE);
	ASSERT_EQ(w.nsolicit, 1);
	EXPECT_TRUE(w.solicit[0].unicast);
	EXPECT_MEMEQ(w.solicit[0].ha, mac_a, ETH_ALEN);

	/* Still usable while probing; three unicast probes, then FAILED. */
	EXPECT_EQ(neigh_resolve_output(&tbl, n, pkt(2), t + 5 * SEC + 1, &w), NEIGH_OUT_XMIT);
	neigh_timer_run(&tbl, t + 6 * SEC, &w, &next);
	neigh_timer_run(&tbl, t + 7 * SEC, &w, &next);
	EXPECT_EQ(w.nsolicit, 3);
	EXPECT_EQ(n->nud_state, NUD_PROBE);
	neigh_timer_run(&tbl, t + 8 * SEC, &w, &next);
	EXPECT_EQ(n->nud_state, NUD_FAILED);
	EXPECT_EQ(w.nsolicit, 3);
	EXPECT_EQ(tbl.stats.res_failed, 1);
}

KTEST(confirmation_during_delay_skips_probe)
{
	struct neighbour *n = reachable_entry(T0);
	u64 next, t = T0 + 31 * SEC;

	neigh_timer_run(&tbl, T0 + 30 * SEC, &w, &next);
	neigh_resolve_output(&tbl, n, pkt(1), t, &w);
	EXPECT_EQ(n->nud_state, NUD_DELAY);
	neigh_confirm(n, t + 2 * SEC);
	neigh_timer_run(&tbl, t + 5 * SEC, &w, &next);
	EXPECT_EQ(n->nud_state, NUD_REACHABLE);
	EXPECT_EQ(w.nsolicit, 0);
}

KTEST(unicast_reply_while_probing_is_reachable_again)
{
	struct neighbour *n = reachable_entry(T0);
	u64 next, t = T0 + 31 * SEC;

	neigh_timer_run(&tbl, T0 + 30 * SEC, &w, &next);
	neigh_resolve_output(&tbl, n, pkt(1), t, &w);
	neigh_timer_run(&tbl, t + 5 * SEC, &w, &next);
	ASSERT_EQ(n->nud_state, NUD_PROBE);
	neigh_update(&tbl, n, mac_a, NUD_REACHABLE, 0, t + 5 * SEC + 3, &w);
	EXPECT_EQ(n->nud_state, NUD_REACHABLE);
	EXPECT_EQ(n->probes, 0);
	EXPECT_EQ(n->confirmed, t + 5 * SEC + 3);
}

KTEST(idle_stale_and_failed_entries_are_collected)
{
	struct neighbour *n = reachable_entry(T0);
	u64 next;

	output(OTHER_IP, &dev0, 1, T0);		/* fails at T0 + 3 s */
	run_timers(T0, T0 + 30 * SEC);
	EXPECT_EQ(n->nud_state, NUD_STALE);	/* at T0 + 30 s */
	EXPECT_EQ(tbl.entries, 2);
	/* FAILED goes gc_stale_time after failing, STALE after its last use. */
	run_timers(T0 + 30 * SEC, T0 + 89 * SEC);
	EXPECT_EQ(tbl.entries, 1);
	EXPECT_EQ(neigh_lookup(&tbl, PEER_IP, &dev0), n);
	EXPECT_NULL(neigh_lookup(&tbl, OTHER_IP, &dev0));
	EXPECT_FALSE(neigh_timer_run(&tbl, T0 + 90 * SEC, &w, &next));
	EXPECT_EQ(tbl.entries, 0);
	EXPECT_EQ(tbl.stats.destroys, 2);
}

KTEST(failed_entry_restarts_on_use)
{
	struct neighbour *n = output(PEER_IP, &dev0, 1, T0);
	u64 t;

	run_timers(T0, T0 + 3 * SEC);
	ASSERT_EQ(n->nud_state, NUD_FAILED);
	work_reset();
	t = T0 + 3 * SEC + 100;
	EXPECT_EQ(neigh_resolve_output(&tbl, n, pkt(2), t, &w), NEIGH_OUT_QUEUED);
	EXPECT_EQ(n->nud_state, NUD_INCOMPLETE);
	EXPECT_EQ(w.nsolicit, 1);
	EXPECT_EQ(n->probes, 1);
}

/* [RFC 1122 §2.3.2.1] "at most one request per second per destination",
 * under random traffic to a few addresses, with the timer running. */
KTEST(request_rate_never_exceeds_one_per_second)
{
	u64 last[4] = { 0 }, now = T0, next;
	int sent[4] = { 0 }, i, k;

	for (i = 0; i < 3000; i++) {
		now += ktest_rand() % 40;
		k = ktest_rand() % 4;
		output(ip4(10, 0, 9, 10 + k), &dev0, (u8)i, now);
		if (neigh_timer_run(&tbl, now, &w, &next) && time_before(next, now))
			ktest_fail(__FILE__, __LINE__, "timer asks for the past");
		for (k = 0; k < w.nsolicit; k++) {
			int d = ntohl(w.solicit[k].target) - ntohl(ip4(10, 0, 9, 10));

			ASSERT_TRUE(d >= 0 && d < 4);
			if (sent[d]++ && now - last[d] < SEC)
				ktest_fail(__FILE__, __LINE__, "requests %lu ms apart",
					   (unsigned long)(now - last[d]));
			last[d] = now;
		}
		work_reset();
	}
	EXPECT_GT(sent[0], 10);
	EXPECT_LE(tbl.entries, 4);
}

/* --- table cap and eviction --- */

KTEST(full_table_refuses_fresh_entries_and_evicts_idle_ones)
{
	struct neighbour *n;
	int i;

	for (i = 0; i < test_parms.gc_thresh3; i++)
		ASSERT_NOT_NULL(output(ip4(10, 1, 0, i), &dev0, i, T0 + i));
	EXPECT_EQ(tbl.entries, 16);
	/* All touched within NEIGH_GC_PROTECT: nothing may go. */
	EXPECT_NULL(neigh_create(&tbl, ip4(10, 2, 0, 1), &dev0, T0 + 100));
	EXPECT_EQ(tbl.stats.table_fulls, 1);

	/* Later, the least recently active entry (10.1.0.0) makes room. */
	n = neigh_create(&tbl, ip4(10, 2, 0, 1), &dev0, T0 + 6 * SEC);
	ASSERT_NOT_NULL(n);
	EXPECT_EQ(tbl.entries, 16);
	EXPECT_EQ(tbl.stats.forced_gc_runs, 1);
	EXPECT_NULL(neigh_lookup(&tbl, ip4(10, 1, 0, 0), &dev0));
	EXPECT_NOT_NULL(neigh_lookup(&tbl, ip4(10, 1, 0, 1), &dev0));
	EXPECT_EQ(tbl.stats.unres_discards, 1);	/* its queued packet */
}

KTEST(failed_entries_are_evicted_first)
{
	struct neighbour *failed;
	int i;

	failed = output(ip4(10, 1, 1, 1), &dev0, 0, T0);
	run_timers(T0, T0 + 3 * SEC);
	ASSERT_EQ(failed->nud_state, NUD_FAILED);
	for (i = 1; i < test_parms.gc_thresh3; i++)
		neigh_update(&tbl, neigh_create(&tbl, ip4(10, 1, 0, i), &dev0, T0),
			     mac_a, NUD_STALE, 0, T0, &w);
	/* The STALE ones are older, but a FAILED entry goes first. */
	ASSERT_NOT_NULL(neigh_create(&tbl, ip4(10, 2, 0, 1), &dev0, T0 + 3 * SEC + 1));
	EXPECT_NULL(neigh_lookup(&tbl, ip4(10, 1, 1, 1), &dev0));
	EXPECT_EQ(tbl.entries, 16);
}

KTEST(allocation_failure_is_reported)
{
	fail_next = 1;
	EXPECT_NULL(neigh_create(&tbl, PEER_IP, &dev0, T0));
	EXPECT_EQ(tbl.entries, 0);
}

KTEST(entries_are_per_device)
{
	struct neighbour *a = output(PEER_IP, &dev0, 1, T0);
	struct neighbour *b = output(PEER_IP, &dev1, 2, T0);

	EXPECT_NE(a, b);
	EXPECT_EQ(tbl.entries, 2);
	neigh_flush_dev(&tbl, &dev0, false);
	EXPECT_EQ(tbl.entries, 1);
	EXPECT_EQ(neigh_lookup(&tbl, PEER_IP, &dev1), b);
	EXPECT_EQ(tbl.stats.unres_discards, 1);
	EXPECT_EQ(neigh_delete(&tbl, PEER_IP, &dev1), 0);
	EXPECT_EQ(neigh_delete(&tbl, PEER_IP, &dev1), -ENOENT);
}

/* --- PERMANENT (arp -s) --- */

KTEST(permanent_entries_ignore_the_wire_and_never_age)
{
	struct neighbour *n = neigh_create(&tbl, PEER_IP, &dev0, T0);
	u64 next;
	int i;

	EXPECT_EQ(neigh_update(&tbl, n, mac_a, NUD_PERMANENT,
			       NEIGH_UPDATE_F_ADMIN | NEIGH_UPDATE_F_OVERRIDE, T0, &w), 0);
	EXPECT_EQ(neigh_update(&tbl, n, mac_b, NUD_REACHABLE, NEIGH_UPDATE_F_OVERRIDE,
			       T0 + 10 * SEC, &w), -EPERM);
	EXPECT_MEMEQ(n->ha, mac_a, ETH_ALEN);
	EXPECT_FALSE(neigh_timer_run(&tbl, T0 + 1000 * SEC, &w, &next));
	EXPECT_EQ(neigh_resolve_output(&tbl, n, pkt(1), T0 + 1000 * SEC, &w), NEIGH_OUT_XMIT);
	/* Not evicted to make room, not flushed on carrier loss. */
	for (i = 1; i < test_parms.gc_thresh3; i++)
		output(ip4(10, 1, 0, i), &dev0, i, T0);
	EXPECT_NOT_NULL(neigh_create(&tbl, OTHER_IP, &dev0, T0 + 100 * SEC));
	EXPECT_EQ(neigh_lookup(&tbl, PEER_IP, &dev0), n);
	neigh_flush_dev(&tbl, &dev0, true);
	EXPECT_EQ(tbl.entries, 1);
	EXPECT_EQ(neigh_update(&tbl, n, mac_a, NUD_FAILED, NEIGH_UPDATE_F_ADMIN, T0, &w),
		  -EINVAL);
}

/* --- arp_parse --- */

static unsigned int arp_build(u8 *buf, u16 op, const u8 *sha, __be32 sip,
			      const u8 *tha, __be32 tip)
{
	struct arphdr *ah = (struct arphdr *)buf;

	ah->ar_hrd = htons(ARPHRD_ETHER_WIRE);
	ah->ar_pro = htons(ETH_P_IP);
	ah->ar_hln = ETH_ALEN;
	ah->ar_pln = 4;
	ah->ar_op = htons(op);
	memcpy(buf + ARP_SHA_OFF, sha, ETH_ALEN);
	memcpy(buf + ARP_SIP_OFF, &sip, 4);
	memcpy(buf + ARP_THA_OFF, tha, ETH_ALEN);
	memcpy(buf + ARP_TIP_OFF, &tip, 4);
	return ARP_ETH_IP_LEN;
}

KTEST(parse_good_request)
{
	static const u8 zero[ETH_ALEN];
	u8 buf[64];
	struct arp_msg m;
	unsigned int len = arp_build(buf, ARPOP_REQUEST, mac_a, PEER_IP, zero, OUR_IP);

	ASSERT_EQ(arp_parse(buf, len, &m), ARP_DROP_NONE);
	EXPECT_EQ(m.op, ARPOP_REQUEST);
	EXPECT_MEMEQ(m.sha, mac_a, ETH_ALEN);
	EXPECT_EQ(m.sip, PEER_IP);
	EXPECT_EQ(m.tip, OUR_IP);
	/* Ethernet padding after the packet is fine. */
	EXPECT_EQ(arp_parse(buf, 46, &m), ARP_DROP_NONE);
}

KTEST(parse_rejects_each_bad_field)
{
	static const struct {
		unsigned int off;	/* byte to change, or ~0 for the length */
		u8 val;
		unsigned int len;
		enum arp_drop_reason want;
	} cases[] = {
		{ ~0u, 0, 7, ARP_DROP_TRUNCATED },
		{ ~0u, 0, 27, ARP_DROP_TRUNCATED },
		{ 1, 6, 28, ARP_DROP_BAD_HRD },		/* IEEE 802 */
		{ 2, 0x86, 28, ARP_DROP_BAD_PRO },
		{ 4, 8, 28, ARP_DROP_BAD_HLN },
		{ 5, 16, 28, ARP_DROP_BAD_PLN },
		{ 7, 3, 28, ARP_DROP_BAD_OP },		/* RARP request */
		{ 7, 0, 28, ARP_DROP_BAD_OP },
	};
	static const u8 zero[ETH_ALEN];
	struct arp_msg m;
	size_t i;
	u8 buf[64];

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		arp_build(buf, ARPOP_REQUEST, mac_a, PEER_IP, zero, OUR_IP);
		if (cases[i].off != ~0u)
			buf[cases[i].off] = cases[i].val;
		EXPECT_EQ(arp_parse(buf, cases[i].len, &m), cases[i].want);
	}
}

/* --- arp_process: RFC 826 merge and RFC 1122 sender rules --- */

static struct arp_ctx ctx(bool pkt_host)
{
	return (struct arp_ctx){
		.dev = &dev0, .dev_hw = our_mac, .dev_addr = OUR_IP,
		.dev_bcast = ip4(10, 0, 9, 255), .pkt_host = pkt_host,
	};
}

static enum arp_action rcv(u16 op, const u8 *sha, __be32 sip, __be32 tip,
			   bool pkt_host, u64 now)
{
	static const u8 zero[ETH_ALEN];
	struct arp_ctx c = ctx(pkt_host);
	struct arp_msg m = { .op = op, .sip = sip, .tip = tip };

	memcpy(m.sha, sha, ETH_ALEN);
	memcpy(m.tha, zero, ETH_ALEN);
	return arp_process(&tbl, &m, &c, now, &w, &st);
}

KTEST(request_for_us_adds_sender_and_asks_reply)
{
	struct neighbour *n;

	EXPECT_EQ(rcv(ARPOP_REQUEST, mac_a, PEER_IP, OUR_IP, false, T0), ARP_ACT_REPLY);
	n = neigh_lookup(&tbl, PEER_IP, &dev0);
	ASSERT_NOT_NULL(n);
	EXPECT_EQ(n->nud_state, NUD_STALE);	/* a request proves nothing two-way */
	EXPECT_MEMEQ(n->ha, mac_a, ETH_ALEN);
	EXPECT_EQ(tbl.stats.rcv_probes_mcast, 1);
	EXPECT_EQ(st.rcv_requests, 1);
}

KTEST(request_for_another_host_adds_nothing)
{
	EXPECT_EQ(rcv(ARPOP_REQUEST, mac_a, PEER_IP, OTHER_IP, false, T0), ARP_ACT_NONE);
	EXPECT_EQ(tbl.entries, 0);
	EXPECT_EQ(st.not_for_us, 1);
}

KTEST(known_sender_is_updated_even_when_not_for_us)
{
	struct neighbour *n = output(PEER_IP, &dev0, 1, T0);

	/* "If the pair is already in my table, update it" - whoever is asked. */
	EXPECT_EQ(rcv(ARPOP_REQUEST, mac_a, PEER_IP, OTHER_IP, false, T0 + 5), ARP_ACT_NONE);
	EXPECT_EQ(n->nud_state, NUD_STALE);
	EXPECT_MEMEQ(n->ha, mac_a, ETH_ALEN);
	EXPECT_EQ(skb_queue_len(&w.xmit), 1);
}

KTEST(unicast_reply_makes_reachable_broadcast_reply_stale)
{
	struct neighbour *n = output(PEER_IP, &dev0, 1, T0);

	EXPECT_EQ(rcv(ARPOP_REPLY, mac_a, PEER_IP, OUR_IP, true, T0 + 5), ARP_ACT_NONE);
	EXPECT_EQ(n->nud_state, NUD_REACHABLE);
	n = output(OTHER_IP, &dev0, 2, T0);
	rcv(ARPOP_REPLY, mac_b, OTHER_IP, OUR_IP, false, T0 + 5);
	EXPECT_EQ(n->nud_state, NUD_STALE);
	EXPECT_EQ(st.rcv_replies, 2);
}

KTEST(unsolicited_reply_for_us_creates_entry)
{
	EXPECT_EQ(rcv(ARPOP_REPLY, mac_a, PEER_IP, OUR_IP, true, T0), ARP_ACT_NONE);
	ASSERT_NOT_NULL(neigh_lookup(&tbl, PEER_IP, &dev0));
	EXPECT_EQ(neigh_lookup(&tbl, PEER_IP, &dev0)->nud_state, NUD_REACHABLE);
}

KTEST(new_address_waits_for_locktime)
{
	struct neighbour *n;

	rcv(ARPOP_REPLY, mac_a, PEER_IP, OUR_IP, true, T0);
	n = neigh_lookup(&tbl, PEER_IP, &dev0);
	/* A second answer within locktime (1 s) does not replace the first. */
	rcv(ARPOP_REPLY, mac_b, PEER_IP, OUR_IP, true, T0 + SEC - 1);
	EXPECT_MEMEQ(n->ha, mac_a, ETH_ALEN);
	rcv(ARPOP_REPLY, mac_b, PEER_IP, OUR_IP, true, T0 + SEC);
	EXPECT_MEMEQ(n->ha, mac_b, ETH_ALEN);
	EXPECT_EQ(n->nud_state, NUD_REACHABLE);
}

KTEST(gratuitous_arp_updates_known_entries_only)
{
	struct neighbour *n;

	EXPECT_EQ(rcv(ARPOP_REQUEST, mac_a, PEER_IP, PEER_IP, false, T0), ARP_ACT_NONE);
	EXPECT_EQ(tbl.entries, 0);			/* unknown: no entry */
	EXPECT_EQ(st.rcv_garp, 1);

	rcv(ARPOP_REPLY, mac_a, PEER_IP, OUR_IP, true, T0);
	n = neigh_lookup(&tbl, PEER_IP, &dev0);
	/* An announcement overrides at once, even within locktime. */
	rcv(ARPOP_REQUEST, mac_b, PEER_IP, PEER_IP, false, T0 + 10);
	EXPECT_MEMEQ(n->ha, mac_b, ETH_ALEN);
	EXPECT_EQ(n->nud_state, NUD_STALE);
}

KTEST(same_address_request_does_not_demote_reachable)
{
	struct neighbour *n;

	rcv(ARPOP_REPLY, mac_a, PEER_IP, OUR_IP, true, T0);
	n = neigh_lookup(&tbl, PEER_IP, &dev0);
	rcv(ARPOP_REQUEST, mac_a, PEER_IP, OUR_IP, false, T0 + 2 * SEC);
	EXPECT_EQ(n->nud_state, NUD_REACHABLE);
	EXPECT_EQ(n->confirmed, T0);
}

KTEST(invalid_senders_make_no_entries)
{
	static const u8 bcast_mac[ETH_ALEN] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	static const u8 mcast_mac[ETH_ALEN] = { 0x01, 0x00, 0x5e, 0x00, 0x00, 0x01 };
	static const u8 zero_mac[ETH_ALEN];
	static const struct {
		const u8 *sha;
		__be32 sip;
		enum arp_drop_reason want;
	} cases[] = {
		{ mac_a, 0xffffffff, ARP_DROP_INVALID_SIP },		/* broadcast */
		{ mac_a, 0x010000e0, ARP_DROP_INVALID_SIP },		/* 224.0.0.1 */
		{ mac_a, 0xff09000a, ARP_DROP_INVALID_SIP },		/* 10.0.9.255 */
		{ mac_a, 0x01000000, ARP_DROP_INVALID_SIP },		/* 0.0.0.1 */
		{ mac_a, 0x0100007f, ARP_DROP_INVALID_SIP },		/* 127.0.0.1 */
		{ bcast_mac, 0x0109000a, ARP_DROP_INVALID_SHA },
		{ mcast_mac, 0x0109000a, ARP_DROP_INVALID_SHA },
		{ zero_mac, 0x0109000a, ARP_DROP_INVALID_SHA },
		{ our_mac, 0x0209000a, ARP_DROP_OWN_FRAME },		/* our GARP, looped */
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		memset(&st, 0, sizeof(st));
		EXPECT_EQ(rcv(ARPOP_REQUEST, cases[i].sha, cases[i].sip, OUR_IP, false, T0),
			  ARP_ACT_NONE);
		EXPECT_EQ(st.drops[cases[i].want], 1);
		EXPECT_EQ(tbl.entries, 0);
	}
}

KTEST(our_address_from_another_mac_is_a_conflict)
{
	EXPECT_EQ(rcv(ARPOP_REQUEST, mac_a, OUR_IP, OUR_IP, false, T0), ARP_ACT_CONFLICT);
	EXPECT_EQ(rcv(ARPOP_REPLY, mac_a, OUR_IP, PEER_IP, true, T0), ARP_ACT_CONFLICT);
	EXPECT_EQ(st.drops[ARP_DROP_CONFLICT], 2);
	EXPECT_EQ(tbl.entries, 0);
}

KTEST(target_multicast_or_loopback_is_dropped)
{
	EXPECT_EQ(rcv(ARPOP_REQUEST, mac_a, PEER_IP, 0x010000e0, false, T0), ARP_ACT_NONE);
	EXPECT_EQ(rcv(ARPOP_REQUEST, mac_a, PEER_IP, 0x0100007f, false, T0), ARP_ACT_NONE);
	EXPECT_EQ(st.drops[ARP_DROP_BAD_TIP], 2);
	EXPECT_EQ(tbl.entries, 0);
}

KTEST(dad_probe_for_us_is_answered_without_an_entry)
{
	EXPECT_EQ(rcv(ARPOP_REQUEST, mac_a, 0, OUR_IP, false, T0), ARP_ACT_REPLY);
	EXPECT_EQ(rcv(ARPOP_REQUEST, mac_a, 0, OTHER_IP, false, T0), ARP_ACT_NONE);
	EXPECT_EQ(st.rcv_dad_probes, 2);
	EXPECT_EQ(tbl.entries, 0);
}

KTEST(no_address_means_no_replies_and_no_entries)
{
	struct arp_ctx c = ctx(false);
	struct arp_msg m = { .op = ARPOP_REQUEST, .sip = PEER_IP, .tip = OUR_IP };

	c.dev_addr = 0;
	c.dev_bcast = 0;
	memcpy(m.sha, mac_a, ETH_ALEN);
	EXPECT_EQ(arp_process(&tbl, &m, &c, T0, &w, &st), ARP_ACT_NONE);
	EXPECT_EQ(tbl.entries, 0);
}

/* --- a long random run in virtual time: caps hold, nothing leaks --- */

KTEST(random_traffic_respects_caps)
{
	u64 now = T0, next;
	int i, max_entries = 0;

	for (i = 0; i < 20000; i++) {
		__be32 ip = ip4(10, 3, 0, ktest_rand() % 40);

		now += ktest_rand() % 50;
		switch (ktest_rand() % 4) {
		case 0:
		case 1:
			output(ip, &dev0, (u8)i, now);
			break;
		case 2:
			rcv(ktest_rand() % 2 ? ARPOP_REPLY : ARPOP_REQUEST,
			    ktest_rand() % 2 ? mac_a : mac_b, ip, OUR_IP, ktest_rand() % 2, now);
			break;
		default:
			neigh_timer_run(&tbl, now, &w, &next);
			break;
		}
		if (tbl.entries > max_entries)
			max_entries = tbl.entries;
		work_reset();
	}
	EXPECT_LE(max_entries, test_parms.gc_thresh3);
	EXPECT_GT(tbl.stats.forced_gc_runs + tbl.stats.table_fulls, 0);
}

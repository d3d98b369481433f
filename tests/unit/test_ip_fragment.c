/* test_ip_fragment.c: IPv4 reassembly (net/ipv4/inet_fragment.c) in
 * virtual time: in order and out of order, every overlap case (exact
 * duplicate, contained, partial front/back, containing), missing last
 * fragment, a last fragment that contradicts the datagram's end, the
 * 65,535-byte limit, the per-datagram and global memory caps with
 * eviction, the queue cap, timeouts with and without the first fragment.
 * Real skbs over malloc; every teardown checks that nothing is left. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "lib/types.h"
#include "tests/unit/host_include/arch/x86_64/cpu.h"
#include "tests/unit/ktest.h"

#pragma GCC diagnostic ignored "-Wunused-parameter"
#include "net/core/skbuff.c"
#include "net/core/netdevice.h"
#include "net/ipv4/inet_fragment.c"
#include "net/ipv4/proc.c"
#include "tests/unit/host_alloc.h"

/* --- fakes --- */

struct cpu_local cpu_data[NR_CPUS];
int sysctl_ip_default_ttl = 64;

void panic(const char *fmt, ...)
{
	abort();
}

void __warn(const char *file, int line, const char *cond)
{
	abort();
}

int kprintf(const char *fmt, ...)
{
	return 0;
}

/* --- fixtures --- */

#define HZ_S	1000ULL
#define SRC	0x0a000901
#define DST	0x0a000902

static struct net_device eth;
static struct ipfrag_table tbl;
static u8 dgram[IP_MAX_DGRAM + 8];	/* payload byte i is (u8)(i * 7 + 3) */

KTEST_SETUP(setup)
{
	siphash_key_t key = { { 1, 2 } };
	unsigned int i;

	skb_init();
	memset(ip_statistics, 0, sizeof(ip_statistics));
	memset(&eth, 0, sizeof(eth));
	eth.ifindex = 2;
	fail_next = 0;
	ipfrag_table_init(&tbl, &key);
	tbl.high_thresh = 4 << 20;
	tbl.low_thresh = 3 << 20;
	tbl.timeout = 30 * HZ_S;
	for (i = 0; i < sizeof(dgram); i++)
		dgram[i] = (u8)(i * 7 + 3);
}

KTEST_TEARDOWN(teardown)
{
	struct skb_stats s;

	ipfrag_flush(&tbl);
	EXPECT_EQ(tbl.nqueues, 0);
	EXPECT_EQ(tbl.mem, 0);
	skb_get_stats(&s);
	EXPECT_EQ(s.live, 0);
	EXPECT_EQ(fake_live, 0);
}

static u64 mib(int f)
{
	return ip_stats_read(f);
}

/* A fragment of datagram `id`: payload [off, off + len) of dgram, MF as
 * told, data at the IP header as ip_local_deliver hands it over. */
static struct sk_buff *frag_id(u16 id, unsigned int off, unsigned int len, bool mf)
{
	struct sk_buff *skb = alloc_skb(NET_SKB_PAD + IP_MIN_HLEN + len, GFP_ATOMIC);
	struct iphdr *iph;

	skb_reserve(skb, NET_SKB_PAD);
	iph = skb_put_zero(skb, IP_MIN_HLEN);
	skb_put_data(skb, dgram + off, len);
	iph->version = 4;
	iph->ihl = 5;
	iph->tot_len = htons(IP_MIN_HLEN + len);
	iph->id = htons(id);
	iph->frag_off = htons((off >> 3) | (mf ? IP_MF : 0));
	iph->ttl = 64;
	iph->protocol = IPPROTO_UDP;
	iph->saddr = htonl(SRC);
	iph->daddr = htonl(DST);
	iph->check = ip_fast_csum(iph, 5);
	skb_reset_network_header(skb);
	skb_set_transport_header(skb, IP_MIN_HLEN);
	skb->dev = &eth;
	IPCB(skb)->iif = 2;
	IPCB(skb)->rt_type = 2;	/* RTN_LOCAL */
	return skb;
}

static struct sk_buff *frag(unsigned int off, unsigned int len, bool mf)
{
	return frag_id(0x4242, off, len, mf);
}

/* Feed a fragment at time now; NULL unless it completed the datagram. */
static struct sk_buff *feed(struct sk_buff *skb, u64 now)
{
	return ipfrag_queue(&tbl, skb, now);
}

/* The whole datagram is a valid 20 + len byte IPv4 packet with dgram's
 * bytes, no MF or offset; consumes it. */
static void check_whole(struct sk_buff *skb, unsigned int len)
{
	const struct iphdr *iph;

	if (!skb) {
		ktest_fail(__FILE__, __LINE__, "no datagram");
		return;
	}
	iph = ip_hdr(skb);
	EXPECT_EQ(skb->len, IP_MIN_HLEN + len);
	EXPECT_TRUE(skb->data == (unsigned char *)iph);
	EXPECT_EQ(ntohs(iph->tot_len), IP_MIN_HLEN + len);
	EXPECT_EQ(iph->frag_off, 0);
	EXPECT_EQ(ip_fast_csum(iph, iph->ihl), 0);
	EXPECT_EQ(skb_transport_offset(skb), IP_MIN_HLEN);
	EXPECT_EQ(IPCB(skb)->iif, 2);
	EXPECT_TRUE(skb->dev == &eth);
	EXPECT_MEMEQ(skb->data + IP_MIN_HLEN, dgram, len);
	kfree_skb(skb);
}

/* --- whole datagrams --- */

KTEST(in_order)
{
	EXPECT_NULL(feed(frag(0, 1480, true), 0));
	EXPECT_NULL(feed(frag(1480, 1480, true), 0));
	EXPECT_EQ(tbl.nqueues, 1);
	EXPECT_GT(tbl.mem, 0);
	check_whole(feed(frag(2960, 100, false), 0), 3060);
	EXPECT_EQ(tbl.nqueues, 0);
	EXPECT_EQ(tbl.mem, 0);
	EXPECT_EQ(mib(IPSTATS_MIB_REASMREQDS), 3);
	EXPECT_EQ(mib(IPSTATS_MIB_REASMOKS), 1);
	EXPECT_EQ(mib(IPSTATS_MIB_REASMFAILS), 0);
}

KTEST(out_of_order_last_first)
{
	EXPECT_NULL(feed(frag(2960, 100, false), 0));
	EXPECT_NULL(feed(frag(1480, 1480, true), 0));
	check_whole(feed(frag(0, 1480, true), 0), 3060);
}

KTEST(out_of_order_middle_last)
{
	EXPECT_NULL(feed(frag(0, 8, true), 0));
	EXPECT_NULL(feed(frag(24, 8, false), 0));
	EXPECT_NULL(feed(frag(16, 8, true), 0));
	check_whole(feed(frag(8, 8, true), 0), 32);
}

KTEST(random_order_many)
{
	unsigned int order[40], i, j, t, n = 40;
	struct sk_buff *whole = NULL;

	for (i = 0; i < n; i++)
		order[i] = i;
	for (i = n - 1; i > 0; i--) {
		j = ktest_rand() % (i + 1);
		t = order[i];
		order[i] = order[j];
		order[j] = t;
	}
	for (i = 0; i < n; i++) {
		ASSERT_NULL(whole);
		whole = feed(frag(order[i] * 1000, 1000, order[i] != n - 1), 0);
	}
	check_whole(whole, n * 1000);
}

KTEST(two_datagrams_interleaved)
{
	EXPECT_NULL(feed(frag_id(1, 0, 16, true), 0));
	EXPECT_NULL(feed(frag_id(2, 0, 16, true), 0));
	EXPECT_EQ(tbl.nqueues, 2);
	check_whole(feed(frag_id(2, 16, 4, false), 0), 20);
	check_whole(feed(frag_id(1, 16, 4, false), 0), 20);
}

KTEST(max_size_datagram)
{
	unsigned int len = IP_MAX_DGRAM - IP_MIN_HLEN, off;
	struct sk_buff *whole = NULL;

	for (off = 0; off < len; off += 1480)
		whole = feed(frag(off, min(1480U, len - off), off + 1480 < len), 0);
	check_whole(whole, len);
}

/* --- overlaps [RFC 5722] --- */

/* Queue [0,16) and [32,48) of a 64-byte datagram, then f: returns what
 * became of the queue. */
static void overlap_case(struct sk_buff *f, bool queue_survives)
{
	EXPECT_NULL(feed(frag(0, 16, true), 0));
	EXPECT_NULL(feed(frag(32, 16, true), 0));
	EXPECT_NULL(feed(f, 0));
	EXPECT_EQ(tbl.nqueues, queue_survives ? 1 : 0);
	if (queue_survives) {
		EXPECT_EQ(ip_drops_read(IPDROP_FRAG_DUP), 1);
		EXPECT_EQ(mib(IPSTATS_MIB_REASMFAILS), 0);
		EXPECT_NULL(feed(frag(16, 16, true), 0));
		check_whole(feed(frag(48, 16, false), 0), 64);
	} else {
		EXPECT_EQ(ip_drops_read(IPDROP_FRAG_OVERLAP), 1);
		EXPECT_EQ(mib(IPSTATS_MIB_REASM_OVERLAPS), 1);
		EXPECT_EQ(mib(IPSTATS_MIB_REASMFAILS), 1);
		EXPECT_EQ(tbl.mem, 0);
	}
}

KTEST(overlap_exact_duplicate)		{ overlap_case(frag(32, 16, true), true); }
KTEST(overlap_contained)		{ overlap_case(frag(40, 8, true), true); }
KTEST(overlap_partial_front)		{ overlap_case(frag(24, 16, true), false); }
KTEST(overlap_partial_back)		{ overlap_case(frag(8, 16, true), false); }
KTEST(overlap_containing)		{ overlap_case(frag(24, 32, true), false); }
KTEST(overlap_containing_two)		{ overlap_case(frag(0, 48, true), false); }

KTEST(duplicate_spanning_adjacent_is_dup)
{
	EXPECT_NULL(feed(frag(0, 16, true), 0));
	EXPECT_NULL(feed(frag(16, 16, true), 0));
	EXPECT_NULL(feed(frag(8, 16, true), 0));	/* inside [0,32) held */
	EXPECT_EQ(ip_drops_read(IPDROP_FRAG_DUP), 1);
	check_whole(feed(frag(32, 8, false), 0), 40);
}

KTEST(overlap_after_last_known_tail)
{
	/* The common tail case: overlapping the last fragment's end. */
	EXPECT_NULL(feed(frag(0, 16, true), 0));
	EXPECT_NULL(feed(frag(8, 16, true), 0));
	EXPECT_EQ(tbl.nqueues, 0);
	EXPECT_EQ(ip_drops_read(IPDROP_FRAG_OVERLAP), 1);
}

/* --- inconsistent ends, sizes --- */

KTEST(missing_last_never_completes)
{
	EXPECT_NULL(feed(frag(0, 16, true), 0));
	EXPECT_NULL(feed(frag(16, 16, true), 0));
	EXPECT_EQ(tbl.nqueues, 1);
	EXPECT_EQ(mib(IPSTATS_MIB_REASMOKS), 0);
}

KTEST(last_before_known_data)
{
	/* MF=0 ending at 16 while data up to 32 is held. */
	EXPECT_NULL(feed(frag(16, 16, true), 0));
	EXPECT_NULL(feed(frag(0, 16, false), 0));
	EXPECT_EQ(tbl.nqueues, 0);
	EXPECT_EQ(ip_drops_read(IPDROP_FRAG_BADLEN), 1);
	EXPECT_EQ(mib(IPSTATS_MIB_REASMFAILS), 1);
}

KTEST(data_beyond_known_last)
{
	/* MF=0 ends at 32; then a fragment with data beyond it. */
	EXPECT_NULL(feed(frag(16, 16, false), 0));
	EXPECT_NULL(feed(frag(32, 16, true), 0));
	EXPECT_EQ(tbl.nqueues, 0);
	EXPECT_EQ(ip_drops_read(IPDROP_FRAG_BADLEN), 1);
}

KTEST(two_different_lasts)
{
	EXPECT_NULL(feed(frag(16, 16, false), 0));
	EXPECT_NULL(feed(frag(40, 8, false), 0));
	EXPECT_EQ(tbl.nqueues, 0);
	EXPECT_EQ(ip_drops_read(IPDROP_FRAG_BADLEN), 1);
}

KTEST(short_middle_fragment_is_empty)
{
	/* 7 bytes with MF: rounds down to nothing. */
	EXPECT_NULL(feed(frag(0, 7, true), 0));
	EXPECT_EQ(tbl.nqueues, 0);
	EXPECT_EQ(ip_drops_read(IPDROP_FRAG_BADLEN), 1);
}

KTEST(over_65535)
{
	/* Offset 65528 + 16 bytes + header > 65,535. */
	EXPECT_NULL(feed(frag(0, 16, true), 0));
	EXPECT_NULL(feed(frag(65528, 16, false), 0));
	EXPECT_EQ(tbl.nqueues, 0);
	EXPECT_EQ(ip_drops_read(IPDROP_FRAG_TOOBIG), 1);
	EXPECT_EQ(mib(IPSTATS_MIB_REASMFAILS), 1);
}

KTEST(exactly_65535_ok)
{
	unsigned int last = IP_MAX_DGRAM - IP_MIN_HLEN - 65512;

	EXPECT_NULL(feed(frag(65512, last, false), 0));
	EXPECT_EQ(tbl.nqueues, 1);
	EXPECT_EQ(ip_drops_read(IPDROP_FRAG_TOOBIG), 0);
}

/* --- caps and eviction --- */

KTEST(per_datagram_cap)
{
	unsigned int off = 0;

	/* 8-byte fragments cost a whole skb each: the cap ends it. */
	while (tbl.nqueues <= 1 && off < 60000) {
		EXPECT_NULL(feed(frag(off, 8, true), 0));
		off += 8;
		if (!tbl.nqueues)
			break;
		EXPECT_LE(tbl.mem, IPQ_MAX_MEM);
	}
	EXPECT_EQ(tbl.nqueues, 0);
	EXPECT_EQ(ip_drops_read(IPDROP_FRAG_QFULL), 1);
}

KTEST(global_cap_evicts_oldest_to_low)
{
	struct sk_buff *whole;
	unsigned int id;

	tbl.high_thresh = 64 * 1024;
	tbl.low_thresh = 32 * 1024;
	for (id = 1; id <= 200; id++) {
		EXPECT_NULL(feed(frag_id(id, 0, 1000, true), id));
		EXPECT_LE(tbl.mem, tbl.high_thresh);
	}
	EXPECT_GT(ip_drops_read(IPDROP_FRAG_EVICTED), 0);
	EXPECT_EQ(mib(IPSTATS_MIB_REASMFAILS), ip_drops_read(IPDROP_FRAG_EVICTED));
	/* The newest survive, the oldest went. */
	whole = feed(frag_id(200, 1000, 8, false), 300);
	EXPECT_NOT_NULL(whole);
	kfree_skb(whole);
	EXPECT_EQ(mib(IPSTATS_MIB_REASMOKS), 1);
	EXPECT_NULL(feed(frag_id(1, 1000, 8, false), 300));
	EXPECT_EQ(mib(IPSTATS_MIB_REASMOKS), 1);	/* 1 was evicted: a new queue */
}

KTEST(queue_count_cap)
{
	unsigned int id;

	for (id = 0; id < IPQ_MAX_QUEUES + 5; id++)
		EXPECT_NULL(feed(frag_id(id, 0, 8, true), 0));
	EXPECT_EQ(tbl.nqueues, IPQ_MAX_QUEUES);
	EXPECT_EQ(ip_drops_read(IPDROP_FRAG_EVICTED), 5);
}

KTEST(nomem_queue_and_reassembly)
{
	struct sk_buff *f = frag(0, 16, true);

	fail_next = 1;	/* the queue itself */
	EXPECT_NULL(feed(f, 0));
	EXPECT_EQ(ip_drops_read(IPDROP_FRAG_NOMEM), 1);
	EXPECT_NULL(feed(frag(0, 16, true), 0));
	f = frag(16, 8, false);
	fail_next = 1;	/* the reassembly buffer */
	EXPECT_NULL(feed(f, 0));
	EXPECT_EQ(ip_drops_read(IPDROP_FRAG_NOMEM), 2);
	EXPECT_EQ(tbl.nqueues, 0);
}

/* --- timeouts --- */

static unsigned int expire(u64 now, struct list_head *notify, u64 *next, bool *any)
{
	*any = ipfrag_expire(&tbl, now, notify, next);
	return list_count_nodes(notify);
}

static void free_list(struct list_head *l)
{
	struct sk_buff *skb, *n;

	list_for_each_entry_safe(skb, n, l, list) {
		list_del(&skb->list);
		kfree_skb(skb);
	}
}

KTEST(timeout_with_first_fragment_notifies)
{
	LIST_HEAD(notify);
	struct sk_buff *head;
	u64 next = 0;
	bool any;

	EXPECT_NULL(feed(frag(0, 16, true), 1000));
	EXPECT_NULL(feed(frag(32, 16, false), 5000));
	EXPECT_EQ(expire(1000 + 30 * HZ_S - 1, &notify, &next, &any), 0);
	EXPECT_TRUE(any);
	EXPECT_EQ(next, 1000 + 30 * HZ_S);
	EXPECT_EQ(expire(1000 + 30 * HZ_S, &notify, &next, &any), 1);
	EXPECT_FALSE(any);
	EXPECT_EQ(tbl.nqueues, 0);
	EXPECT_EQ(mib(IPSTATS_MIB_REASMTIMEOUT), 1);
	EXPECT_EQ(mib(IPSTATS_MIB_REASMFAILS), 1);
	head = list_first_entry(&notify, struct sk_buff, list);
	EXPECT_EQ(ntohs(ip_hdr(head)->frag_off) & IP_OFFSET, 0);
	EXPECT_EQ(IPCB(head)->rt_type, 2);
	free_list(&notify);
}

KTEST(timeout_without_first_fragment_is_silent)
{
	LIST_HEAD(notify);
	u64 next = 0;
	bool any;

	EXPECT_NULL(feed(frag(16, 16, true), 0));
	EXPECT_NULL(feed(frag(32, 16, false), 0));
	EXPECT_EQ(expire(30 * HZ_S, &notify, &next, &any), 0);
	EXPECT_EQ(tbl.nqueues, 0);
	EXPECT_EQ(mib(IPSTATS_MIB_REASMTIMEOUT), 1);
	EXPECT_EQ(ip_drops_read(IPDROP_FRAG_TIMEOUT), 1);
}

KTEST(timeout_only_expired_queues)
{
	LIST_HEAD(notify);
	u64 next = 0;
	bool any;

	EXPECT_NULL(feed(frag_id(1, 0, 16, true), 0));
	EXPECT_NULL(feed(frag_id(2, 16, 16, true), 10 * HZ_S));
	EXPECT_EQ(expire(30 * HZ_S, &notify, &next, &any), 1);
	EXPECT_TRUE(any);
	EXPECT_EQ(next, 40 * HZ_S);
	EXPECT_EQ(tbl.nqueues, 1);
	free_list(&notify);
	/* A fragment after the clock started does not restart it. */
	EXPECT_NULL(feed(frag_id(2, 0, 16, true), 35 * HZ_S));
	EXPECT_EQ(expire(40 * HZ_S, &notify, &next, &any), 1);
	EXPECT_EQ(tbl.nqueues, 0);
	free_list(&notify);
}

KTEST(timeout_jiffies_wrap)
{
	LIST_HEAD(notify);
	u64 start = ~0ULL - 1000, next = 0;
	bool any;

	EXPECT_NULL(feed(frag(0, 16, true), start));
	EXPECT_EQ(expire(start + 30 * HZ_S - 1, &notify, &next, &any), 0);
	EXPECT_EQ(expire(start + 30 * HZ_S, &notify, &next, &any), 1);
	free_list(&notify);
}

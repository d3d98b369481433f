/* test_udp.c: net/ipv4/udp.c and net/sock.c on the host — udp_rcv's
 * length and checksum checks (a table of datagrams), padding trimmed,
 * NoPorts/IgnoredMulti, the lookup's preference (connected 4-tuple over
 * address-bound over wildcard), the receive-buffer limit and its
 * accounting, RFC 6056 ephemeral ports (range, no collision, spread),
 * bind conflicts and SO_REUSEADDR, udp_sendmsg's header and checksum,
 * -EMSGSIZE and -EACCES, ICMP errors (udp_err) as Linux reports them.
 * Real skbs over malloc; routing, ICMP, IP output and wait queues are
 * fakes. Every teardown checks nothing is left. */
#include <stdio.h>
#include <stdlib.h>

#include "lib/types.h"
#include "tests/unit/host_include/arch/x86_64/cpu.h"
#include "tests/unit/ktest.h"

#pragma GCC diagnostic ignored "-Wunused-parameter"
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

/* The host cpu.h has no cpuid: report no RDRAND, so the TSC seeds. */
static inline void cpuid(u32 leaf, u32 sub, u32 *a, u32 *b, u32 *c, u32 *d)
{
	*a = *b = *c = *d = 0;
}

#include "net/core/skbuff.c"
#include "net/core/netdevice.h"
#include "net/sock.c"
#include "net/ipv4/udp.c"
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

int printk(const char *fmt, ...)
{
	return 0;
}

bool __ratelimit(struct ratelimit_state *rs)
{
	return true;
}

void init_waitqueue_head(wait_queue_head_t *wq)
{
	INIT_LIST_HEAD(&wq->head);
}

void prepare_to_wait(wait_queue_head_t *wq, struct wait_queue_entry *w, int state)
{
}

void finish_wait(wait_queue_head_t *wq, struct wait_queue_entry *w)
{
}

static int wakeups;

void wake_up(wait_queue_head_t *wq)
{
	wakeups++;
}

/* Nothing else runs: any wait times out at once. */
long schedule_timeout(long timeout)
{
	return 0;
}

#define LOCAL_A		0x0a000002	/* 10.0.0.2, eth0 */
#define LOCAL_B		0x0a000003	/* 10.0.0.3, a second address */
#define PEER		0x0a000009
#define BCAST		0x0a0000ff

struct net_device *ip_dev_find(__be32 addr)
{
	static struct net_device dev;

	return addr == htonl(LOCAL_A) || addr == htonl(LOCAL_B) ? &dev : NULL;
}

int ip_route_output_rt(__be32 daddr, struct rtable *rt)
{
	memset(rt, 0, sizeof(*rt));
	rt->rt_src = htonl(LOCAL_A);
	rt->rt_type = daddr == htonl(BCAST) || daddr == htonl(INADDR_BROADCAST) ?
		      RTN_BROADCAST : RTN_UNICAST;
	rt->mtu = 1500;
	return 0;
}

static int icmp_sent;

void icmp_send(struct sk_buff *skb_in, int type, int code, u32 info)
{
	if (type == ICMP_DEST_UNREACH && code == ICMP_PORT_UNREACH)
		icmp_sent++;
}

static struct sk_buff *sent_skb;	/* the last datagram ip_build_and_send_pkt got */
static __be32 sent_saddr, sent_daddr;

int ip_build_and_send_pkt(struct sk_buff *skb, __be32 saddr, __be32 daddr,
			  u8 proto, u8 ttl, u8 tos)
{
	kfree_skb(sent_skb);
	sent_skb = skb;
	sent_saddr = saddr;
	sent_daddr = daddr;
	return 0;
}

int inet_add_protocol(const struct net_protocol *prot, u8 protocol)
{
	return 0;
}

/* --- fixtures --- */

static struct sock *socks[128];
static int nsocks;

KTEST_SETUP(setup)
{
	skb_init();
	memset(udp_statistics, 0, sizeof(udp_statistics));
	memset(icmp_statistics, 0, sizeof(icmp_statistics));
	udp_init();
	sysctl_ip_local_port_min = 32768;
	sysctl_ip_local_port_max = 60999;
	sysctl_rmem_default = 212992;
	icmp_sent = 0;
	wakeups = 0;
	nsocks = 0;
}

KTEST_TEARDOWN(teardown)
{
	struct skb_stats s;
	int i;

	for (i = 0; i < nsocks; i++) {
		udp_prot.close(socks[i]);
		sock_put(socks[i]);
	}
	kfree_skb(sent_skb);
	sent_skb = NULL;
	EXPECT_EQ(udp_sockets_inuse(), 0);
	skb_get_stats(&s);
	EXPECT_EQ(s.live, 0);
	EXPECT_EQ(fake_live, 0);
}

static struct sock *new_sock(void)
{
	struct sock *sk = sk_alloc(IPPROTO_UDP, &udp_prot);

	socks[nsocks++] = sk;
	return sk;
}

static struct sock *bound(u32 addr, u16 port, bool reuse)
{
	struct sock *sk = new_sock();

	sk->sk_reuse = reuse;
	EXPECT_EQ(udp_prot.bind(sk, htonl(addr), htons(port)), 0);
	return sk;
}

static u64 mib(int f)
{
	return udp_stats_read(f);
}

/* A datagram as ip_local_deliver hands it over: data at the UDP header. */
struct dgram {
	u32 saddr, daddr;
	u16 sport, dport;
	const char *payload;
	int ulen_delta;		/* added to the right UDP length */
	int pad;		/* bytes after the datagram inside the IP packet */
	bool no_csum;
	bool bad_csum;
	unsigned int trunc;	/* > 0: the packet is cut to this many UDP bytes */
};

static struct sk_buff *build(const struct dgram *d)
{
	unsigned int plen = strlen(d->payload), ulen = UDP_HLEN + plen;
	struct sk_buff *skb = alloc_skb(NET_SKB_PAD + IP_MIN_HLEN + ulen + d->pad, GFP_ATOMIC);
	struct iphdr *iph;
	struct udphdr *uh;

	skb_reserve(skb, NET_SKB_PAD);
	iph = skb_put_zero(skb, IP_MIN_HLEN);
	iph->version = 4;
	iph->ihl = 5;
	iph->protocol = IPPROTO_UDP;
	iph->saddr = htonl(d->saddr);
	iph->daddr = htonl(d->daddr);
	skb_reset_network_header(skb);
	uh = skb_put_zero(skb, UDP_HLEN);
	skb_put_data(skb, d->payload, plen);
	skb_put_zero(skb, d->pad);
	uh->source = htons(d->sport);
	uh->dest = htons(d->dport);
	uh->len = htons(ulen + d->ulen_delta);
	uh->check = csum_tcpudp_magic(iph->saddr, iph->daddr, ulen, IPPROTO_UDP,
				      csum_partial(uh, ulen, 0));
	if (!uh->check)
		uh->check = CSUM_MANGLED_0;
	if (d->no_csum)
		uh->check = 0;
	if (d->bad_csum)
		uh->check ^= htons(0x0100);
	skb_pull(skb, IP_MIN_HLEN);
	if (d->trunc)
		skb_trim(skb, d->trunc);
	IPCB(skb)->rt_type = d->daddr == BCAST ? RTN_BROADCAST : RTN_LOCAL;
	return skb;
}

static void deliver(const struct dgram *d)
{
	udp_rcv(build(d));
}

/* The next datagram on sk as a string ("" if none). */
static const char *take(struct sock *sk, u32 *from, u16 *sport)
{
	static char buf[256];
	__be32 a = 0;
	__be16 p = 0;
	ssize_t n = udp_prot.recvmsg(sk, buf, sizeof(buf) - 1, MSG_DONTWAIT, &a, &p);

	buf[n > 0 ? n : 0] = 0;
	if (from)
		*from = ntohl(a);
	if (sport)
		*sport = ntohs(p);
	return buf;
}

/* --- receive checks --- */

KTEST(rcv_validation_table)
{
	static const struct {
		struct dgram d;
		bool delivered;
		u64 inerrors, csumerrors;
	} cases[] = {
		{ { PEER, LOCAL_A, 1000, 7, "hello" }, true, 0, 0 },
		{ { PEER, LOCAL_A, 1000, 7, "no sum", .no_csum = true }, true, 0, 0 },
		{ { PEER, LOCAL_A, 1000, 7, "bad sum", .bad_csum = true }, false, 1, 1 },
		{ { PEER, LOCAL_A, 1000, 7, "len<8", .ulen_delta = -6 }, false, 1, 0 },
		{ { PEER, LOCAL_A, 1000, 7, "len>pkt", .ulen_delta = 1 }, false, 1, 0 },
		{ { PEER, LOCAL_A, 1000, 7, "hdr cut", .trunc = 5 }, false, 1, 0 },
		{ { PEER, LOCAL_A, 1000, 7, "", }, true, 0, 0 },
	};
	struct sock *sk = bound(0, 7, false);
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		u64 e0 = mib(UDP_MIB_INERRORS), c0 = mib(UDP_MIB_CSUMERRORS);
		u32 q0 = skb_queue_len(&sk->sk_receive_queue);

		deliver(&cases[i].d);
		EXPECT_EQ(skb_queue_len(&sk->sk_receive_queue) - q0, cases[i].delivered ? 1u : 0u);
		EXPECT_EQ(mib(UDP_MIB_INERRORS) - e0, cases[i].inerrors);
		EXPECT_EQ(mib(UDP_MIB_CSUMERRORS) - c0, cases[i].csumerrors);
		if (cases[i].delivered)
			EXPECT_STREQ(take(sk, NULL, NULL), cases[i].d.payload);
	}
	EXPECT_EQ(mib(UDP_MIB_INDATAGRAMS), 3);
	EXPECT_EQ(mib(UDP_MIB_NOPORTS), 0);
}

KTEST(rcv_trims_padding_and_reports_source)
{
	struct dgram d = { PEER, LOCAL_A, 1234, 7, "abc", .pad = 9 };
	struct sock *sk = bound(0, 7, false);
	u32 from;
	u16 sport;

	deliver(&d);
	EXPECT_STREQ(take(sk, &from, &sport), "abc");
	EXPECT_EQ(from, PEER);
	EXPECT_EQ(sport, 1234);
	EXPECT_EQ(sk->sk_rmem_alloc, 0);
}

KTEST(no_socket_counts_noports_and_asks_icmp)
{
	struct dgram uni = { PEER, LOCAL_A, 1000, 4242, "x" };
	struct dgram bc = { PEER, BCAST, 1000, 4242, "x" };

	deliver(&uni);
	EXPECT_EQ(mib(UDP_MIB_NOPORTS), 1);
	EXPECT_EQ(icmp_sent, 1);
	deliver(&bc);
	EXPECT_EQ(mib(UDP_MIB_NOPORTS), 1);
	EXPECT_EQ(mib(UDP_MIB_IGNOREDMULTI), 1);
	EXPECT_EQ(icmp_sent, 1);
}

KTEST(broadcast_reaches_every_wildcard_socket)
{
	struct dgram bc = { PEER, BCAST, 1000, 5000, "all" };
	struct sock *a = bound(0, 5000, true), *b = bound(0, 5000, true);
	struct sock *other = bound(LOCAL_A, 5000, true);

	deliver(&bc);
	EXPECT_STREQ(take(a, NULL, NULL), "all");
	EXPECT_STREQ(take(b, NULL, NULL), "all");
	EXPECT_STREQ(take(other, NULL, NULL), "");
}

/* --- lookup --- */

/* Host-order arguments; the caller holds the table lock. */
static struct sock *lookup(u32 saddr, u16 sport, u32 daddr, u16 dport)
{
	return __udp4_lib_lookup(htonl(saddr), htons(sport), htonl(daddr), htons(dport));
}

KTEST(lookup_prefers_connected_then_bound_then_wildcard)
{
	struct sock *wild = bound(0, 5000, true);
	struct sock *addr = bound(LOCAL_A, 5000, true);
	struct sock *conn = bound(LOCAL_A, 5000, true);
	unsigned long f;

	ASSERT_EQ(udp_prot.connect(conn, htonl(PEER), htons(6000)), 0);
	f = udp_table_lock();
	EXPECT_TRUE(lookup(PEER, 6000, LOCAL_A, 5000) == conn);
	EXPECT_TRUE(lookup(PEER, 6001, LOCAL_A, 5000) == addr);
	EXPECT_TRUE(lookup(PEER, 6000, LOCAL_B, 5000) == wild);
	EXPECT_NULL(lookup(PEER, 6000, LOCAL_B, 5001));
	udp_table_unlock(f);

	/* Disconnected, it is an address-bound socket again (the oldest wins ties). */
	ASSERT_EQ(udp_prot.connect(conn, 0, 0), 0);
	f = udp_table_lock();
	EXPECT_TRUE(lookup(PEER, 6000, LOCAL_A, 5000) == addr);
	udp_table_unlock(f);
}

KTEST(connected_socket_filters_other_peers)
{
	struct sock *sk = new_sock();
	struct dgram from_peer = { PEER, LOCAL_A, 6000, 0, "peer" };
	struct dgram from_other = { PEER + 1, LOCAL_A, 6000, 0, "other" };

	ASSERT_EQ(udp_prot.connect(sk, htonl(PEER), htons(6000)), 0);
	EXPECT_EQ(ntohl(sk->inet_rcv_saddr), LOCAL_A);	/* the route's source */
	ASSERT_NE(sk->inet_sport, 0);			/* autobound */
	from_peer.dport = from_other.dport = ntohs(sk->inet_sport);
	deliver(&from_other);
	deliver(&from_peer);
	EXPECT_STREQ(take(sk, NULL, NULL), "peer");
	EXPECT_EQ(mib(UDP_MIB_NOPORTS), 1);
}

KTEST(bind_conflicts_and_reuseaddr)
{
	struct sock *a = bound(0, 53, false);
	struct sock *b = new_sock(), *c = new_sock(), *d = new_sock();

	EXPECT_EQ(udp_prot.bind(b, htonl(LOCAL_A), htons(53)), -EADDRINUSE);
	EXPECT_EQ(udp_prot.bind(b, htonl(PEER), htons(54)), -EADDRNOTAVAIL);
	EXPECT_EQ(udp_prot.bind(b, htonl(LOCAL_A), htons(54)), 0);
	EXPECT_EQ(udp_prot.bind(b, htonl(LOCAL_A), htons(55)), -EINVAL);	/* bound */
	c->sk_reuse = d->sk_reuse = true;
	EXPECT_EQ(udp_prot.bind(c, 0, htons(60)), 0);
	EXPECT_EQ(udp_prot.bind(d, 0, htons(60)), 0);
	(void)a;
}

/* --- receive buffer --- */

KTEST(rcvbuf_limit_drops_and_counts)
{
	struct dgram d = { PEER, LOCAL_A, 1000, 9, "0123456789" };
	struct sock *sk = bound(0, 9, false);
	int queued, i;

	sock_set_rcvbuf(sk, 1);			/* the floor: SOCK_MIN_RCVBUF */
	EXPECT_EQ(sk->sk_rcvbuf, SOCK_MIN_RCVBUF);
	for (i = 0; i < 20; i++)
		deliver(&d);
	queued = skb_queue_len(&sk->sk_receive_queue);
	EXPECT_GE(queued, 1);
	EXPECT_LT(queued, 20);
	EXPECT_LE(sk->sk_rmem_alloc, sk->sk_rcvbuf);
	EXPECT_EQ(mib(UDP_MIB_RCVBUFERRORS), (u64)(20 - queued));
	EXPECT_EQ(mib(UDP_MIB_INERRORS), (u64)(20 - queued));
	EXPECT_EQ(sk->sk_drops, (u64)(20 - queued));
	for (i = 0; i < queued; i++)
		EXPECT_STREQ(take(sk, NULL, NULL), "0123456789");
	EXPECT_EQ(sk->sk_rmem_alloc, 0);
	EXPECT_EQ(udp_prot.recvmsg(sk, NULL, 0, MSG_DONTWAIT, NULL, NULL), -EAGAIN);
	/* Drained, it takes traffic again. */
	deliver(&d);
	EXPECT_EQ(skb_queue_len(&sk->sk_receive_queue), 1u);
}

KTEST(rcvbuf_setsockopt_doubles_and_caps)
{
	struct sock *sk = new_sock();

	EXPECT_EQ(sk->sk_rcvbuf, 212992);
	sock_set_rcvbuf(sk, 10000);
	EXPECT_EQ(sk->sk_rcvbuf, 20000);
	sock_set_rcvbuf(sk, 1 << 30);
	EXPECT_EQ(sk->sk_rcvbuf, 2 * sysctl_rmem_max);
	sock_set_sndbuf(sk, 1);
	EXPECT_EQ(sk->sk_sndbuf, SOCK_MIN_SNDBUF);
}

KTEST(peek_and_trunc)
{
	struct dgram d = { PEER, LOCAL_A, 1000, 7, "abcdef" };
	struct sock *sk = bound(0, 7, false);
	char buf[4];

	deliver(&d);
	EXPECT_EQ(udp_prot.recvmsg(sk, buf, 3, MSG_PEEK | MSG_DONTWAIT, NULL, NULL), 3);
	EXPECT_EQ(skb_queue_len(&sk->sk_receive_queue), 1u);
	EXPECT_EQ(udp_prot.recvmsg(sk, buf, 3, MSG_TRUNC | MSG_DONTWAIT, NULL, NULL), 6);
	EXPECT_MEMEQ(buf, "abc", 3);
	EXPECT_EQ(sk->sk_rmem_alloc, 0);
	EXPECT_EQ(mib(UDP_MIB_INDATAGRAMS), 1);
}

KTEST(shutdown_rd_returns_zero_and_refuses_input)
{
	struct dgram d = { PEER, LOCAL_A, 1000, 7, "late" };
	struct sock *sk = bound(0, 7, false);

	sk->sk_shutdown |= RCV_SHUTDOWN;
	EXPECT_EQ(udp_prot.recvmsg(sk, NULL, 0, 0, NULL, NULL), 0);
	deliver(&d);
	EXPECT_EQ(skb_queue_len(&sk->sk_receive_queue), 0u);
}

/* --- ephemeral ports --- */

KTEST(ephemeral_ports_stay_in_range_and_never_collide)
{
	static bool seen[65536];
	struct sock *fixed;
	int i, port;

	memset(seen, 0, sizeof(seen));
	sysctl_ip_local_port_min = 40000;
	sysctl_ip_local_port_max = 40099;
	fixed = bound(0, 40050, false);
	seen[40050] = true;
	for (i = 0; i < 99; i++) {
		struct sock *sk = bound(0, 0, false);

		port = ntohs(sk->inet_sport);
		EXPECT_GE(port, 40000);
		EXPECT_LE(port, 40099);
		EXPECT_FALSE(seen[port]);
		seen[port] = true;
	}
	/* The range is full now. */
	EXPECT_EQ(udp_prot.bind(new_sock(), 0, 0), -EADDRINUSE);
	(void)fixed;
}

KTEST(ephemeral_ports_spread_over_the_range)
{
	int quarter[4] = { 0 };
	unsigned long f = udp_table_lock();
	int i, port, span = 60999 - 32768 + 1;

	/* One connection each to 2000 peers: algorithm 4's offset is a keyed
	 * hash of the tuple, so the ports land anywhere in the range. */
	for (i = 0; i < 2000; i++) {
		port = udp_pick_ephemeral(htonl(LOCAL_A), htonl(PEER + i), htons(53));
		ASSERT_GE(port, 32768);
		ASSERT_LE(port, 60999);
		quarter[(port - 32768) * 4 / span]++;
	}
	udp_table_unlock(f);
	for (i = 0; i < 4; i++) {
		EXPECT_GE(quarter[i], 400);	/* 500 expected each */
		EXPECT_LE(quarter[i], 600);
	}
}

KTEST(ephemeral_ports_depend_on_the_secret)
{
	siphash_key_t k1 = { { 1, 2 } }, k2 = { { 3, 4 } }, k3 = { { 5, 6 } };
	unsigned long f = udp_table_lock();
	int p1, p2, same = 0, i;

	for (i = 0; i < 16; i++) {
		udp_set_secret(&k1, &k2);
		p1 = udp_pick_ephemeral(htonl(LOCAL_A), htonl(PEER + i), htons(53));
		udp_set_secret(&k3, &k2);
		p2 = udp_pick_ephemeral(htonl(LOCAL_A), htonl(PEER + i), htons(53));
		same += p1 == p2;
	}
	udp_table_unlock(f);
	EXPECT_LE(same, 1);
}

/* --- send --- */

KTEST(sendmsg_builds_a_checksummed_datagram)
{
	struct sock *sk = new_sock();
	const struct udphdr *uh;

	ASSERT_EQ(udp_prot.sendmsg(sk, "ping", 4, htonl(PEER), htons(7), 0), 4);
	ASSERT_NOT_NULL(sent_skb);
	EXPECT_EQ(ntohl(sent_saddr), LOCAL_A);
	EXPECT_EQ(ntohl(sent_daddr), PEER);
	uh = (const struct udphdr *)sent_skb->data;
	EXPECT_EQ(sent_skb->len, UDP_HLEN + 4u);
	EXPECT_EQ(uh->source, sk->inet_sport);
	EXPECT_NE(sk->inet_sport, 0);
	EXPECT_EQ(ntohs(uh->dest), 7);
	EXPECT_EQ(ntohs(uh->len), UDP_HLEN + 4);
	EXPECT_NE(uh->check, 0);
	EXPECT_EQ(csum_tcpudp_magic(sent_saddr, sent_daddr, UDP_HLEN + 4, IPPROTO_UDP,
				    csum_partial(uh, UDP_HLEN + 4, 0)), 0);
	EXPECT_MEMEQ(sent_skb->data + UDP_HLEN, "ping", 4);
	EXPECT_GE(sent_skb->data - sent_skb->head, INET_TX_HEADROOM);
	EXPECT_GT(sk->sk_wmem_alloc, 0);
	kfree_skb(sent_skb);		/* the device is done with it */
	sent_skb = NULL;
	EXPECT_EQ(sk->sk_wmem_alloc, 0);
	EXPECT_EQ(mib(UDP_MIB_OUTDATAGRAMS), 1);
}

KTEST(sendmsg_limits)
{
	struct sock *sk = new_sock();
	static char big[UDP_MAX_PAYLOAD + 1];

	EXPECT_EQ(udp_prot.sendmsg(sk, big, sizeof(big), htonl(PEER), htons(7), 0), -EMSGSIZE);
	EXPECT_EQ(udp_prot.sendmsg(sk, "x", 1, 0, 0, 0), -EDESTADDRREQ);
	EXPECT_EQ(udp_prot.sendmsg(sk, "x", 1, htonl(PEER), 0, 0), -EINVAL);
	EXPECT_EQ(udp_prot.sendmsg(sk, "x", 1, htonl(BCAST), htons(7), 0), -EACCES);
	EXPECT_EQ(udp_prot.sendmsg(sk, "x", 1, htonl(INADDR_BROADCAST), htons(7), 0), -EACCES);
	sk->sk_broadcast = true;
	EXPECT_EQ(udp_prot.sendmsg(sk, "x", 1, htonl(BCAST), htons(7), 0), 1);
	EXPECT_EQ(udp_prot.sendmsg(sk, big, UDP_MAX_PAYLOAD, htonl(PEER), htons(7), 0),
		  UDP_MAX_PAYLOAD);
}

KTEST(sndbuf_full_is_eagain_when_nonblocking)
{
	struct sock *sk = new_sock();
	static char buf[4000];

	sock_set_sndbuf(sk, 1);			/* 4608 bytes */
	ASSERT_EQ(udp_prot.sendmsg(sk, buf, sizeof(buf), htonl(PEER), htons(7), 0),
		  (ssize_t)sizeof(buf));
	/* sent_skb is still "on the wire": the buffer is full. */
	EXPECT_EQ(udp_prot.sendmsg(sk, buf, sizeof(buf), htonl(PEER), htons(7), MSG_DONTWAIT),
		  -EAGAIN);
	EXPECT_EQ(mib(UDP_MIB_SNDBUFERRORS), 1);
	kfree_skb(sent_skb);
	sent_skb = NULL;
	EXPECT_EQ(udp_prot.sendmsg(sk, buf, sizeof(buf), htonl(PEER), htons(7), MSG_DONTWAIT),
		  (ssize_t)sizeof(buf));
}

KTEST(socket_outlives_its_inflight_datagram)
{
	struct sock *sk = new_sock();

	ASSERT_EQ(udp_prot.sendmsg(sk, "bye", 3, htonl(PEER), htons(7), 0), 3);
	/* Closed while the datagram is queued: the skb keeps sk alive. */
	udp_prot.close(sk);
	sock_put(sk);
	nsocks--;
	EXPECT_EQ(sk->sk_refcnt, 1);
	kfree_skb(sent_skb);		/* frees sk too (ASan checks) */
	sent_skb = NULL;
}

/* --- ICMP errors --- */

/* An ICMP error quoting a datagram LOCAL_A:lport -> PEER:rport, as
 * icmp_unreach hands it to udp_err: data at the quoted IP header. */
static struct sk_buff *icmp_err_skb(u8 type, u8 code, u16 lport, u16 rport)
{
	struct sk_buff *skb = alloc_skb(NET_SKB_PAD + 64, GFP_ATOMIC);
	struct icmphdr *icmph;
	struct iphdr *iph;
	struct udphdr *uh;

	skb_reserve(skb, NET_SKB_PAD);
	icmph = skb_put_zero(skb, sizeof(*icmph));
	icmph->type = type;
	icmph->code = code;
	skb_reset_transport_header(skb);
	iph = skb_put_zero(skb, IP_MIN_HLEN);
	iph->version = 4;
	iph->ihl = 5;
	iph->protocol = IPPROTO_UDP;
	iph->saddr = htonl(LOCAL_A);
	iph->daddr = htonl(PEER);
	uh = skb_put_zero(skb, UDP_HLEN);
	uh->source = htons(lport);
	uh->dest = htons(rport);
	skb_pull(skb, sizeof(*icmph));
	return skb;
}

static int icmp_err(struct sock *sk, u8 type, u8 code)
{
	struct sk_buff *skb = icmp_err_skb(type, code, ntohs(sk->inet_sport), 6000);
	int ret = udp_err(skb, 0);

	kfree_skb(skb);
	return ret;
}

KTEST(icmp_errors_reach_connected_sockets_once)
{
	struct sock *conn = new_sock(), *open = bound(LOCAL_A, 7000, false);
	char c;

	ASSERT_EQ(udp_prot.connect(conn, htonl(PEER), htons(6000)), 0);
	/* Soft errors and errors for unconnected sockets are not reported. */
	EXPECT_EQ(icmp_err(conn, ICMP_DEST_UNREACH, ICMP_NET_UNREACH), 0);
	EXPECT_EQ(icmp_err(conn, ICMP_TIME_EXCEEDED, 0), 0);
	EXPECT_EQ(icmp_err(conn, ICMP_DEST_UNREACH, ICMP_FRAG_NEEDED), 0);
	EXPECT_EQ(conn->sk_err, 0);
	EXPECT_EQ(icmp_err(open, ICMP_DEST_UNREACH, ICMP_PORT_UNREACH), 0);
	EXPECT_EQ(open->sk_err, 0);

	EXPECT_EQ(icmp_err(conn, ICMP_DEST_UNREACH, ICMP_PORT_UNREACH), 0);
	EXPECT_EQ(conn->sk_err, ECONNREFUSED);
	EXPECT_EQ(datagram_poll(conn) & 0x008, 0x008);	/* POLLERR */
	EXPECT_EQ(udp_prot.recvmsg(conn, &c, 1, MSG_DONTWAIT, NULL, NULL), -ECONNREFUSED);
	EXPECT_EQ(udp_prot.recvmsg(conn, &c, 1, MSG_DONTWAIT, NULL, NULL), -EAGAIN);

	EXPECT_EQ(icmp_err(conn, ICMP_PARAMETERPROB, 0), 0);
	EXPECT_EQ(udp_prot.sendmsg(conn, "x", 1, 0, 0, 0), -EPROTO);
	EXPECT_EQ(udp_prot.sendmsg(conn, "x", 1, 0, 0, 0), 1);
}

KTEST(icmp_error_for_no_socket_counts_inerrors)
{
	struct sk_buff *skb = icmp_err_skb(ICMP_DEST_UNREACH, ICMP_PORT_UNREACH, 1, 2);

	EXPECT_EQ(udp_err(skb, 0), -ENOENT);
	EXPECT_EQ(icmp_stats_read(ICMP_MIB_INERRORS), 1);
	kfree_skb(skb);
}

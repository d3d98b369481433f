/* test_icmp_rules.c: the ICMP error rules (net/ipv4/icmp_rules.c): the
 * RFC 1122 §3.2.2 table of datagrams that never get an error, which
 * types icmp_ratemask limits, and the two token buckets (global
 * icmp_msgs_per_sec/burst, per-destination icmp_ratelimit) in virtual
 * time. Pure functions: no allocation. */
#include "lib/types.h"
#include "tests/unit/host_include/arch/x86_64/cpu.h"
#include "tests/unit/ktest.h"

#include "net/ipv4/icmp_rules.c"

/* Host order in the table (htonl is not a constant), network order else. */
#define H(a, b, c, d)	(((u32)(a) << 24) | ((b) << 16) | ((c) << 8) | (d))
#define A(a, b, c, d)	htonl(H(a, b, c, d))

static struct iphdr hdr(__be32 saddr, __be32 daddr, u8 proto, u16 frag_off)
{
	struct iphdr h = {
		.version = 4, .ihl = 5, .tot_len = htons(48), .ttl = 64,
		.protocol = proto, .saddr = saddr, .daddr = daddr,
		.frag_off = htons(frag_off),
	};

	return h;
}

static struct icmp_err_ctx ctx_host(void)
{
	struct icmp_err_ctx c = {
		.pkt_type = PACKET_HOST, .rt_type = RTN_LOCAL,
		.dev_bcast = A(10, 0, 9, 255), .inner_type = -1,
	};

	return c;
}

struct rule_case {
	const char *what;
	u32 saddr, daddr;	/* host order */
	u8 proto;
	u16 frag_off;
	u8 pkt_type, rt_type;
	bool on_lo;
	int inner;
	enum icmp_suppress want;
};

#define OK	ICMP_SEND_OK
#define ME_H	H(10, 0, 9, 2)
#define PEER_H	H(10, 0, 9, 1)
#define ME	htonl(ME_H)
#define PEER	htonl(PEER_H)

static const struct rule_case rule_cases[] = {
	{ "udp to us", PEER_H, ME_H, IPPROTO_UDP, 0, PACKET_HOST, RTN_LOCAL, false, -1, OK },
	{ "first fragment", PEER_H, ME_H, IPPROTO_UDP, IP_MF, PACKET_HOST, RTN_LOCAL, false, -1, OK },
	{ "non-first fragment", PEER_H, ME_H, IPPROTO_UDP, IP_MF | 1, PACKET_HOST, RTN_LOCAL, false, -1,
	  ICMP_SUPPRESS_FRAGMENT },
	{ "last fragment", PEER_H, ME_H, IPPROTO_UDP, 185, PACKET_HOST, RTN_LOCAL, false, -1,
	  ICMP_SUPPRESS_FRAGMENT },
	{ "link-layer broadcast", PEER_H, ME_H, IPPROTO_UDP, 0, PACKET_BROADCAST, RTN_LOCAL, false, -1,
	  ICMP_SUPPRESS_LLBCAST },
	{ "link-layer multicast", PEER_H, ME_H, IPPROTO_UDP, 0, PACKET_MULTICAST, RTN_LOCAL, false, -1,
	  ICMP_SUPPRESS_LLBCAST },
	{ "subnet broadcast dst", PEER_H, H(10, 0, 9, 255), IPPROTO_UDP, 0, PACKET_HOST, RTN_BROADCAST,
	  false, -1, ICMP_SUPPRESS_BCAST },
	{ "limited broadcast dst", PEER_H, H(255, 255, 255, 255), IPPROTO_UDP, 0, PACKET_HOST,
	  RTN_LOCAL, false, -1, ICMP_SUPPRESS_BCAST },
	{ "multicast dst", PEER_H, H(224, 0, 0, 1), IPPROTO_UDP, 0, PACKET_HOST, RTN_MULTICAST, false,
	  -1, ICMP_SUPPRESS_BCAST },
	{ "source 0.0.0.0", H(0, 0, 0, 0), ME_H, IPPROTO_UDP, 0, PACKET_HOST, RTN_LOCAL, false, -1,
	  ICMP_SUPPRESS_SOURCE },
	{ "source 0/8", H(0, 1, 2, 3), ME_H, IPPROTO_UDP, 0, PACKET_HOST, RTN_LOCAL, false, -1,
	  ICMP_SUPPRESS_SOURCE },
	{ "source broadcast", H(255, 255, 255, 255), ME_H, IPPROTO_UDP, 0, PACKET_HOST, RTN_LOCAL,
	  false, -1, ICMP_SUPPRESS_SOURCE },
	{ "source subnet broadcast", H(10, 0, 9, 255), ME_H, IPPROTO_UDP, 0, PACKET_HOST, RTN_LOCAL,
	  false, -1, ICMP_SUPPRESS_SOURCE },
	{ "source multicast", H(239, 1, 1, 1), ME_H, IPPROTO_UDP, 0, PACKET_HOST, RTN_LOCAL, false, -1,
	  ICMP_SUPPRESS_SOURCE },
	{ "source loopback off lo", H(127, 0, 0, 1), ME_H, IPPROTO_UDP, 0, PACKET_HOST, RTN_LOCAL,
	  false, -1, ICMP_SUPPRESS_SOURCE },
	{ "source loopback on lo", H(127, 0, 0, 1), H(127, 0, 0, 1), IPPROTO_UDP, 0, PACKET_HOST,
	  RTN_LOCAL, true, -1, OK },
	{ "icmp echo", PEER_H, ME_H, IPPROTO_ICMP, 0, PACKET_HOST, RTN_LOCAL, false, ICMP_ECHO, OK },
	{ "icmp echo reply", PEER_H, ME_H, IPPROTO_ICMP, 0, PACKET_HOST, RTN_LOCAL, false,
	  ICMP_ECHOREPLY, OK },
	{ "icmp timestamp", PEER_H, ME_H, IPPROTO_ICMP, 0, PACKET_HOST, RTN_LOCAL, false,
	  ICMP_TIMESTAMP, OK },
	{ "icmp dest unreach", PEER_H, ME_H, IPPROTO_ICMP, 0, PACKET_HOST, RTN_LOCAL, false,
	  ICMP_DEST_UNREACH, ICMP_SUPPRESS_ERROR },
	{ "icmp time exceeded", PEER_H, ME_H, IPPROTO_ICMP, 0, PACKET_HOST, RTN_LOCAL, false,
	  ICMP_TIME_EXCEEDED, ICMP_SUPPRESS_ERROR },
	{ "icmp param problem", PEER_H, ME_H, IPPROTO_ICMP, 0, PACKET_HOST, RTN_LOCAL, false,
	  ICMP_PARAMETERPROB, ICMP_SUPPRESS_ERROR },
	{ "icmp redirect", PEER_H, ME_H, IPPROTO_ICMP, 0, PACKET_HOST, RTN_LOCAL, false,
	  ICMP_REDIRECT, ICMP_SUPPRESS_ERROR },
	{ "icmp unknown type 42", PEER_H, ME_H, IPPROTO_ICMP, 0, PACKET_HOST, RTN_LOCAL, false, 42,
	  ICMP_SUPPRESS_ERROR },
};

KTEST(suppression_table)
{
	size_t i;

	for (i = 0; i < sizeof(rule_cases) / sizeof(rule_cases[0]); i++) {
		const struct rule_case *c = &rule_cases[i];
		struct iphdr h = hdr(htonl(c->saddr), htonl(c->daddr), c->proto, c->frag_off);
		struct icmp_err_ctx x = ctx_host();
		enum icmp_suppress got;

		x.pkt_type = c->pkt_type;
		x.rt_type = c->rt_type;
		x.on_loopback = c->on_lo;
		x.inner_type = c->inner;
		got = icmp_error_check(&h, &x);
		if (got != c->want)
			ktest_fail(__FILE__, __LINE__, "%s: got %d, want %d", c->what, got, c->want);
	}
}

KTEST(is_error)
{
	EXPECT_FALSE(icmp_is_error(ICMP_ECHO));
	EXPECT_FALSE(icmp_is_error(ICMP_ADDRESSREPLY));
	EXPECT_TRUE(icmp_is_error(ICMP_DEST_UNREACH));
	EXPECT_TRUE(icmp_is_error(ICMP_SOURCE_QUENCH));
	EXPECT_TRUE(icmp_is_error(200));
}

KTEST(ratemask_default)
{
	u32 mask = 0x1818;

	EXPECT_TRUE(icmp_type_ratelimited(ICMP_DEST_UNREACH, ICMP_PORT_UNREACH, mask));
	EXPECT_TRUE(icmp_type_ratelimited(ICMP_SOURCE_QUENCH, 0, mask));
	EXPECT_TRUE(icmp_type_ratelimited(ICMP_TIME_EXCEEDED, ICMP_EXC_FRAGTIME, mask));
	EXPECT_TRUE(icmp_type_ratelimited(ICMP_PARAMETERPROB, 0, mask));
	EXPECT_FALSE(icmp_type_ratelimited(ICMP_DEST_UNREACH, ICMP_FRAG_NEEDED, mask));
	EXPECT_FALSE(icmp_type_ratelimited(ICMP_ECHOREPLY, 0, mask));
	EXPECT_FALSE(icmp_type_ratelimited(ICMP_REDIRECT, 0, mask));
	EXPECT_FALSE(icmp_type_ratelimited(ICMP_DEST_UNREACH, 0, 0));
	EXPECT_FALSE(icmp_type_ratelimited(40, 0, ~0U));
}

KTEST(global_bucket_burst_then_rate)
{
	struct icmp_global_bucket b = { 0, 0 };
	u64 now = 100000;
	int i, n = 0;

	/* Starts full: the burst, then nothing within the same jiffy. */
	for (i = 0; i < 100; i++)
		n += icmp_global_allow(&b, now, 1000, 50);
	EXPECT_EQ(n, 50);
	/* Less than 20 ms later: no refill. */
	EXPECT_FALSE(icmp_global_allow(&b, now + 19, 1000, 50));
	/* 20 ms at 1000/s: 20 more. */
	for (i = 0, n = 0; i < 100; i++)
		n += icmp_global_allow(&b, now + 20, 1000, 50);
	EXPECT_EQ(n, 20);
	/* A long pause refills to the burst only. */
	for (i = 0, n = 0; i < 100; i++)
		n += icmp_global_allow(&b, now + 100000, 1000, 50);
	EXPECT_EQ(n, 50);
}

KTEST(global_bucket_sustained_rate)
{
	struct icmp_global_bucket b = { 0, 0 };
	u64 t;
	int n = 0;

	/* One attempt per jiffy for 10 s at 100/s, burst 5: ~1000 + 5. */
	for (t = 1000; t < 11000; t++)
		n += icmp_global_allow(&b, t, 100, 5);
	EXPECT_GE(n, 995);
	EXPECT_LE(n, 1010);
}

KTEST(peer_bucket_burst_of_six_then_one_per_timeout)
{
	struct icmp_peer_table t = { .n = 0 };
	u64 now = 500000;
	int i, n = 0;

	for (i = 0; i < 20; i++)
		n += icmp_peer_allow(&t, PEER, now, 1000);
	EXPECT_EQ(n, XRLIM_BURST_FACTOR);
	EXPECT_FALSE(icmp_peer_allow(&t, PEER, now + 999, 1000));
	EXPECT_TRUE(icmp_peer_allow(&t, PEER, now + 1000, 1000));
	EXPECT_FALSE(icmp_peer_allow(&t, PEER, now + 1001, 1000));
	/* Another host has its own bucket. */
	EXPECT_TRUE(icmp_peer_allow(&t, ME, now, 1000));
	/* timeout 0 means no limit. */
	for (i = 0, n = 0; i < 20; i++)
		n += icmp_peer_allow(&t, A(10, 0, 0, 7), now, 0);
	EXPECT_EQ(n, 20);
}

KTEST(peer_table_cap_forgets_least_recent)
{
	struct icmp_peer_table t = { .n = 0 };
	u64 now = 500000;
	u32 i;

	for (i = 0; i < ICMP_PEER_MAX + 10; i++)
		icmp_peer_allow(&t, A(10, 1, i >> 8, i & 255), now + i, 1000);
	EXPECT_EQ(t.n, ICMP_PEER_MAX);
	/* Host 0 was forgotten: it comes back with a full bucket. */
	for (i = 0; i < XRLIM_BURST_FACTOR; i++)
		EXPECT_TRUE(icmp_peer_allow(&t, A(10, 1, 0, 0), now + 200, 1000));
	EXPECT_FALSE(icmp_peer_allow(&t, A(10, 1, 0, 0), now + 200, 1000));
}

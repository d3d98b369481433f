/* test_ip_validate.c: the IPv4 receive checks (net/ipv4/ip_validate.c)
 * table-driven - every malformed header hits its own IpDrop counter and
 * its MIB field, a good header passes, options are length-checked, the
 * link-layer padding is trimmed, source addresses are judged per RFC 1122
 * §3.2.1.3 - and the counter views of net/ipv4/proc.c (netstat -s, nstat).
 * Sources are compiled into this file after a host cpu.h; skbs are real,
 * over malloc; every teardown checks that nothing is left. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "lib/types.h"
#include "tests/unit/host_include/arch/x86_64/cpu.h"
#include "tests/unit/ktest.h"

#pragma GCC diagnostic ignored "-Wunused-parameter"
#include "net/core/skbuff.c"
#include "net/ipv4/ip_validate.c"
#include "net/ipv4/proc.c"
#include "tests/unit/host_alloc.h"

/* --- fakes --- */

struct cpu_local cpu_data[NR_CPUS];
int sysctl_ip_default_ttl = 64;
static char out[16384];
static size_t out_len;

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
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vscnprintf(out + out_len, sizeof(out) - out_len, fmt, ap);
	va_end(ap);
	out_len += n;
	return n;
}

/* --- fixtures --- */

static struct net_device eth;

KTEST_SETUP(setup)
{
	skb_init();
	memset(ip_statistics, 0, sizeof(ip_statistics));
	memset(icmp_statistics, 0, sizeof(icmp_statistics));
	memset(&eth, 0, sizeof(eth));
	eth.ifindex = 2;
	out_len = 0;
	out[0] = '\0';
}

KTEST_TEARDOWN(teardown)
{
	struct skb_stats s;

	skb_get_stats(&s);
	EXPECT_EQ(s.live, 0);
	EXPECT_EQ(fake_live, 0);
	EXPECT_EQ(preempt_count(), 0);
}

/* A valid 20-byte header (plus optlen bytes of options) and payload:
 * 10.0.9.1 -> 10.0.9.2, ICMP, in buf; returns the packet length. */
static unsigned int good_packet(u8 *buf, const u8 *opts, unsigned int optlen,
				unsigned int payload)
{
	struct iphdr *iph = (struct iphdr *)buf;
	unsigned int hlen = IP_MIN_HLEN + optlen, i;

	memset(buf, 0, hlen + payload);
	iph->version = 4;
	iph->ihl = hlen / 4;
	iph->tot_len = htons(hlen + payload);
	iph->id = htons(0x1234);
	iph->ttl = 64;
	iph->protocol = IPPROTO_ICMP;
	iph->saddr = htonl(0x0a000901);
	iph->daddr = htonl(0x0a000902);
	memcpy(buf + IP_MIN_HLEN, opts, optlen);
	for (i = 0; i < payload; i++)
		buf[hlen + i] = (u8)i;
	ip_send_check(iph);
	return hlen + payload;
}

/* ip_validate.c does not have it: the same as ip_output.c's. */
void ip_send_check(struct iphdr *iph)
{
	iph->check = 0;
	iph->check = ip_fast_csum(iph, iph->ihl);
}

static struct sk_buff *frame(const u8 *data, unsigned int len, u8 pkt_type)
{
	struct sk_buff *skb = alloc_skb(NET_SKB_PAD + len, GFP_ATOMIC);

	skb_reserve(skb, NET_SKB_PAD);
	skb_put_data(skb, data, len);
	skb->dev = &eth;
	skb->pkt_type = pkt_type;
	return skb;
}

/* --- the header checks, one counter per reason --- */

static void set_u16(u8 *buf, unsigned int off, u16 v)
{
	put_unaligned_be16(v, buf + off);
}

/* How to break a good packet, and what must notice. */
struct bad_case {
	const char *what;
	void (*mangle)(u8 *buf, unsigned int *len);
	enum ip_drop_reason want;
};

static void m_short(u8 *b, unsigned int *len)		{ *len = 19; }
static void m_version(u8 *b, unsigned int *len)		{ b[0] = 0x65; }
static void m_ihl(u8 *b, unsigned int *len)		{ b[0] = 0x44; }
static void m_hdr_trunc(u8 *b, unsigned int *len)	{ b[0] = 0x4f; *len = 40; }
static void m_csum(u8 *b, unsigned int *len)		{ b[10] ^= 0x01; }
static void m_totlen_long(u8 *b, unsigned int *len)	{ set_u16(b, 2, *len + 1); }
static void m_totlen_short(u8 *b, unsigned int *len)	{ set_u16(b, 2, 19); }

/* Options that run past the header: fixed so only that is wrong. */
static void m_opt(u8 *b, unsigned int *len, const u8 *opt)
{
	*len = good_packet(b, opt, 4, 8);
}

static void m_opt_overrun(u8 *b, unsigned int *len)
{
	static const u8 opt[4] = { 0x44, 12, 5, 0 };	/* timestamp, 12 bytes in 4 */

	m_opt(b, len, opt);
}

static void m_opt_len1(u8 *b, unsigned int *len)
{
	static const u8 opt[4] = { 0x07, 1, 0, 0 };	/* record route, length 1 */

	m_opt(b, len, opt);
}

static void m_opt_nolen(u8 *b, unsigned int *len)
{
	static const u8 opt[4] = { 1, 1, 1, 0x83 };	/* LSRR with no length byte */

	m_opt(b, len, opt);
}

/* The checksum is fixed up after mangling, except where it is the point. */
static const struct bad_case bad_cases[] = {
	{ "19 bytes", m_short, IPDROP_HDR_TOO_SHORT },
	{ "version 6", m_version, IPDROP_BAD_VERSION },
	{ "IHL 4", m_ihl, IPDROP_BAD_IHL },
	{ "IHL 15 in 40 bytes", m_hdr_trunc, IPDROP_HDR_TRUNCATED },
	{ "checksum", m_csum, IPDROP_BAD_CSUM },
	{ "total length > frame", m_totlen_long, IPDROP_TRUNCATED },
	{ "total length < header", m_totlen_short, IPDROP_TOTLEN_SHORT },
	{ "option overruns header", m_opt_overrun, IPDROP_BAD_OPTIONS },
	{ "option length 1", m_opt_len1, IPDROP_BAD_OPTIONS },
	{ "option without length", m_opt_nolen, IPDROP_BAD_OPTIONS },
};

static void fix_csum(u8 *buf, unsigned int len)
{
	struct iphdr *iph = (struct iphdr *)buf;

	if (len >= IP_MIN_HLEN && iph->ihl >= 5 && iph->ihl * 4u <= len)
		ip_send_check(iph);
}

KTEST(good_header_passes)
{
	u8 buf[128] __aligned(8);
	struct ip_hdr_info info;
	unsigned int len = good_packet(buf, NULL, 0, 36);

	ASSERT_EQ(ip_hdr_check(buf, len, len, &info), IPDROP_NONE);
	EXPECT_EQ(info.hlen, 20);
	EXPECT_EQ(info.tot_len, 56);
	EXPECT_FALSE(info.has_options);
}

KTEST(each_bad_header_has_its_own_reason)
{
	u8 buf[128] __aligned(8);
	struct ip_hdr_info info;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad_cases); i++) {
		unsigned int len = good_packet(buf, NULL, 0, 20);

		bad_cases[i].mangle(buf, &len);
		if (bad_cases[i].want != IPDROP_BAD_CSUM)
			fix_csum(buf, len);
		if (ip_hdr_check(buf, len, len, &info) != bad_cases[i].want)
			ktest_fail(__FILE__, __LINE__, "%s: got reason %d, want %d",
				   bad_cases[i].what, ip_hdr_check(buf, len, len, &info),
				   bad_cases[i].want);
	}
}

/* Through ip_rcv_core: the skb is dropped, IpDrop<reason> and the MIB
 * field(s) of that reason count it, and no other drop counter moves. */
KTEST(each_bad_header_is_counted_once_where_it_belongs)
{
	u8 buf[128] __aligned(8);
	size_t i;
	int r;

	for (i = 0; i < ARRAY_SIZE(bad_cases); i++) {
		unsigned int len = good_packet(buf, NULL, 0, 20);
		u64 drops_before[IPDROP_MAX], mib_before[IPSTATS_MIB_MAX];
		int mib[2];

		bad_cases[i].mangle(buf, &len);
		if (bad_cases[i].want != IPDROP_BAD_CSUM)
			fix_csum(buf, len);
		for (r = 0; r < IPDROP_MAX; r++)
			drops_before[r] = ip_drops_read(r);
		for (r = 0; r < IPSTATS_MIB_MAX; r++)
			mib_before[r] = ip_stats_read(r);

		EXPECT_NULL(ip_rcv_core(frame(buf, len, PACKET_HOST), &eth));
		for (r = 1; r < IPDROP_MAX; r++)
			if (ip_drops_read(r) - drops_before[r] != (r == (int)bad_cases[i].want))
				ktest_fail(__FILE__, __LINE__, "%s: IpDrop%s moved by %lu",
					   bad_cases[i].what, ip_drop_table[r].name,
					   (unsigned long)(ip_drops_read(r) - drops_before[r]));
		ip_drop_mib(bad_cases[i].want, mib);
		EXPECT_NE(mib[0], NOMIB);
		EXPECT_EQ(ip_stats_read(mib[0]) - mib_before[mib[0]], 1);
		if (mib[1] != NOMIB)
			EXPECT_EQ(ip_stats_read(mib[1]) - mib_before[mib[1]], 1);
		EXPECT_EQ(ip_stats_read(IPSTATS_MIB_INPKTS) - mib_before[IPSTATS_MIB_INPKTS], 1);
	}
}

KTEST(checksum_error_counts_like_linux)
{
	u8 buf[64] __aligned(8);
	unsigned int len = good_packet(buf, NULL, 0, 8);

	buf[12] ^= 0x80;	/* source address, checksum now wrong */
	EXPECT_NULL(ip_rcv_core(frame(buf, len, PACKET_HOST), &eth));
	EXPECT_EQ(ip_stats_read(IPSTATS_MIB_CSUMERRORS), 1);
	EXPECT_EQ(ip_stats_read(IPSTATS_MIB_INHDRERRORS), 1);
	EXPECT_EQ(ip_drops_read(IPDROP_BAD_CSUM), 1);
}

KTEST(every_drop_reason_has_a_name_and_the_table_is_complete)
{
	int r, mib[2];

	for (r = 1; r < IPDROP_MAX; r++) {
		EXPECT_NOT_NULL(ip_drop_table[r].name);
		ip_drop_mib(r, mib);
		EXPECT_TRUE(mib[0] == NOMIB || (mib[0] >= 0 && mib[0] < IPSTATS_MIB_MAX));
	}
}

/* --- options --- */

KTEST(well_formed_options_are_skipped)
{
	static const u8 nops[4] = { IPOPT_NOOP, IPOPT_NOOP, IPOPT_NOOP, IPOPT_END };
	static const u8 rr[8] = { 0x07, 7, 4, 0, 0, 0, 0, IPOPT_END };	/* record route */
	static const u8 lsrr_end[4] = { IPOPT_END, 0x83, 0xff, 0xff };	/* junk after EOL */
	u8 buf[128] __aligned(8);
	struct ip_hdr_info info;
	unsigned int len;

	len = good_packet(buf, nops, sizeof(nops), 8);
	ASSERT_EQ(ip_hdr_check(buf, len, len, &info), IPDROP_NONE);
	EXPECT_TRUE(info.has_options);
	EXPECT_EQ(info.hlen, 24);
	len = good_packet(buf, rr, sizeof(rr), 8);
	EXPECT_EQ(ip_hdr_check(buf, len, len, &info), IPDROP_NONE);
	EXPECT_EQ(info.hlen, 28);
	len = good_packet(buf, lsrr_end, sizeof(lsrr_end), 8);
	EXPECT_EQ(ip_hdr_check(buf, len, len, &info), IPDROP_NONE);
}

KTEST(options_check_walks_exact_lengths)
{
	static const u8 exact[4] = { 0x44, 4, 5, 0 };
	static const u8 two[8] = { 0x94, 4, 0, 0, 0x07, 4, 4, 0 };	/* router alert, RR */
	static const u8 over[8] = { 0x94, 4, 0, 0, 0x07, 5, 4, 0 };

	EXPECT_EQ(ip_options_check(exact, 4), IPDROP_NONE);
	EXPECT_EQ(ip_options_check(two, 8), IPDROP_NONE);
	EXPECT_EQ(ip_options_check(over, 8), IPDROP_BAD_OPTIONS);
	EXPECT_EQ(ip_options_check(exact, 0), IPDROP_NONE);
}

/* --- the skb: padding, ownership, counting --- */

KTEST(ethernet_padding_is_trimmed)
{
	u8 buf[64] __aligned(8);
	struct sk_buff *skb;
	unsigned int len = good_packet(buf, NULL, 0, 8);

	/* A 28-byte datagram arrives in a 46-byte (minimum) Ethernet payload. */
	memset(buf + len, 0, sizeof(buf) - len);
	skb = ip_rcv_core(frame(buf, 46, PACKET_HOST), &eth);
	ASSERT_NOT_NULL(skb);
	EXPECT_EQ(skb->len, 28);
	EXPECT_EQ(skb_network_header(skb), skb->data);
	EXPECT_EQ(skb_transport_offset(skb), 20);
	EXPECT_EQ(IPCB(skb)->iif, 2);
	EXPECT_EQ(ip_stats_read(IPSTATS_MIB_INPKTS), 1);
	EXPECT_EQ(ip_stats_read(IPSTATS_MIB_INOCTETS), 46);
	EXPECT_EQ(ip_stats_read(IPSTATS_MIB_NOECTPKTS), 1);
	consume_skb(skb);
}

KTEST(otherhost_is_dropped_before_counting)
{
	u8 buf[64] __aligned(8);
	unsigned int len = good_packet(buf, NULL, 0, 8);

	EXPECT_NULL(ip_rcv_core(frame(buf, len, PACKET_OTHERHOST), &eth));
	EXPECT_EQ(ip_drops_read(IPDROP_OTHERHOST), 1);
	EXPECT_EQ(ip_stats_read(IPSTATS_MIB_INPKTS), 0);
}

KTEST(a_shared_skb_is_cloned_not_changed)
{
	u8 buf[64] __aligned(8);
	struct sk_buff *skb, *tap, *got;
	unsigned int len = good_packet(buf, NULL, 0, 8);

	skb = frame(buf, 46, PACKET_HOST);
	tap = skb_get(skb);		/* a packet tap holds it too */
	got = ip_rcv_core(skb, &eth);
	ASSERT_NOT_NULL(got);
	EXPECT_NE(got, tap);
	EXPECT_EQ(got->len, len);
	EXPECT_EQ(tap->len, 46);	/* the tap's view is untouched */
	consume_skb(got);
	consume_skb(tap);
}

KTEST(ecn_codepoints_are_counted)
{
	u8 buf[64] __aligned(8);
	unsigned int len;
	int ecn;

	for (ecn = 0; ecn < 4; ecn++) {
		len = good_packet(buf, NULL, 0, 8);
		buf[1] = ecn;
		fix_csum(buf, len);
		consume_skb(ip_rcv_core(frame(buf, len, PACKET_HOST), &eth));
	}
	EXPECT_EQ(ip_stats_read(IPSTATS_MIB_NOECTPKTS), 1);
	EXPECT_EQ(ip_stats_read(IPSTATS_MIB_ECT1PKTS), 1);
	EXPECT_EQ(ip_stats_read(IPSTATS_MIB_ECT0PKTS), 1);
	EXPECT_EQ(ip_stats_read(IPSTATS_MIB_CEPKTS), 1);
}

/* --- source addresses --- */

KTEST(source_address_rules)
{
	static const struct {
		u32 saddr;
		bool on_lo, local;
		enum ip_drop_reason want;
	} cases[] = {
		{ 0x0a000901, false, false, IPDROP_NONE },
		{ 0x00000000, false, false, IPDROP_MARTIAN_SRC },	/* 0.0.0.0 */
		{ 0x00000001, false, false, IPDROP_MARTIAN_SRC },	/* 0/8 */
		{ 0xffffffff, false, false, IPDROP_MARTIAN_SRC },	/* broadcast */
		{ 0x0a0009ff, false, false, IPDROP_MARTIAN_SRC },	/* subnet broadcast */
		{ 0xe0000001, false, false, IPDROP_MARTIAN_SRC },	/* multicast */
		{ 0xefffffff, true, false, IPDROP_MARTIAN_SRC },	/* multicast, on lo too */
		{ 0x7f000001, false, false, IPDROP_MARTIAN_SRC },	/* loopback off lo */
		{ 0x7f000001, true, true, IPDROP_NONE },		/* loopback on lo */
		{ 0x0a000902, false, true, IPDROP_OWN_SRC },		/* ours, from the wire */
		{ 0x0a000902, true, true, IPDROP_NONE },		/* ours, looped */
		{ 0xf0000001, false, false, IPDROP_NONE },		/* class E: as Linux */
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct ip_saddr_ctx ctx = {
			.on_loopback = cases[i].on_lo,
			.saddr_is_local = cases[i].local,
			.dev_bcast = htonl(0x0a0009ff),
		};

		if (ip_saddr_check(htonl(cases[i].saddr), &ctx) != cases[i].want)
			ktest_fail(__FILE__, __LINE__, "saddr %08x: got %d want %d",
				   cases[i].saddr, ip_saddr_check(htonl(cases[i].saddr), &ctx),
				   cases[i].want);
	}
}

/* --- the views: netstat -s and nstat --- */

KTEST(netstat_s_wording)
{
	u8 buf[64] __aligned(8);
	char *argv[] = { "netstat", "-s", NULL };
	unsigned int len = good_packet(buf, NULL, 0, 8);

	buf[0] = 0x65;
	EXPECT_NULL(ip_rcv_core(frame(buf, len, PACKET_HOST), &eth));
	ICMPMSGIN_INC_STATS(ICMP_ECHO);
	__ICMP_INC_STATS(ICMP_MIB_INMSGS);
	EXPECT_EQ(netstat_cmd(2, argv), 0);
	EXPECT_NOT_NULL(strstr(out, "Ip:\n    Forwarding: 2\n    1 total packets received\n"
				    "    1 with invalid headers\n    0 forwarded\n"));
	EXPECT_NOT_NULL(strstr(out, "Icmp:\n    1 ICMP messages received\n"
				    "    0 input ICMP message failed\n    ICMP input histogram:\n"
				    "        echo requests: 1\n"));
	EXPECT_NOT_NULL(strstr(out, "IcmpMsg:\n        InType8: 1\n"));
	EXPECT_NOT_NULL(strstr(out, "IpDrop:\n    BadVersion: 1\n"));
	EXPECT_NULL(strstr(out, "with unknown protocol"));	/* zero: left out */
}

KTEST(nstat_lists_every_counter)
{
	char *argv[] = { "nstat", "-az", NULL };

	__IP_ADD_STATS(IPSTATS_MIB_INPKTS, 12);
	EXPECT_EQ(nstat_cmd(2, argv), 0);
	EXPECT_EQ(strncmp(out, "#kernel\n", 8), 0);
	EXPECT_NOT_NULL(strstr(out, "\nIpInReceives                    12                 0.0\n"));
	EXPECT_NOT_NULL(strstr(out, "\nIpDefaultTTL                    64 "));
	EXPECT_NOT_NULL(strstr(out, "\nIcmpInEchos                     0 "));
	EXPECT_NOT_NULL(strstr(out, "\nIpExtInCsumErrors               0 "));
	EXPECT_NOT_NULL(strstr(out, "\nIpDropBadCsum                   0 "));
	out_len = 0;
	argv[1] = "-a";
	EXPECT_EQ(nstat_cmd(2, argv), 0);
	EXPECT_NULL(strstr(out, "IpDropBadCsum"));		/* zeros hidden */
	argv[1] = "-x";
	EXPECT_EQ(nstat_cmd(2, argv), -EINVAL);
}

/* test_netfilter.c: net/netfilter/core.c, net/ipv4/netfilter/ip_tables.c
 * and iptables_cmd.c on the host — NF_HOOK's fast path and drop path,
 * rule matching (protocol, prefixes /0../32, port ranges, interfaces,
 * negation, fragments, TCP at offset 1, truncated transport headers,
 * -m tcp|udp), first match wins,
 * policies, packet/byte counters, the parser (good and bad lines, caps,
 * -I positions, -D by number and by rule), -L's layout, the shell
 * command and iptables= from the command line, the filter refusing edits
 * when its hooks could not all be registered (FORWARD on the wire:
 * tests/qemu/test_net_frag.py::test_forwarding). Real skbs over malloc;
 * output captured from kprintf/printk. Every teardown checks that no
 * skb is left and no lock is held. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "lib/types.h"
#include "tests/unit/host_include/arch/x86_64/cpu.h"
#include "tests/unit/host_lock.h"
#include "tests/unit/ktest.h"

#pragma GCC diagnostic ignored "-Wunused-parameter"
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

#include "net/core/skbuff.c"
#include "net/core/netdevice.h"
#include "net/ipv4/proc.c"
#include "net/ipv4/devinet.c"
#include "net/netfilter/core.c"
#include "net/ipv4/netfilter/ip_tables.c"
#include "net/ipv4/netfilter/iptables_cmd.c"
#include "net/ipv4/netfilter/iptables_list.c"
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

/* Everything printed, kprintf and printk alike, through the kernel's own
 * formatter: -L prints %pI4, which host_log.h's libc vsnprintf cannot. */
static char out[64 * 1024];
static size_t out_len;

static int out_add(const char *fmt, va_list ap)
{
	int n = napkin_vscnprintf(out + out_len, sizeof(out) - out_len, fmt, ap);

	out_len += n;
	return n;
}

int kprintf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = out_add(fmt, ap);
	va_end(ap);
	return n;
}

int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = out_add(fmt, ap);
	va_end(ap);
	return n;
}

static void out_clear(void)
{
	out_len = 0;
	out[0] = '\0';
}

static int bh_depth;

void local_bh_disable(void)
{
	bh_depth++;
}

void local_bh_enable(void)
{
	if (--bh_depth < 0)
		abort();
}

/* devinet.c's callers: not reached by parsing. */
int fib_add_route(__be32 dst, int prefixlen, __be32 gw, struct net_device *dev,
		  u8 protocol, __be32 prefsrc)
{
	return 0;
}

void fib_flush_dev(struct net_device *dev, u8 protocol)
{
}

void arp_send_garp(struct net_device *dev)
{
}

int register_netdevice_notifier(struct notifier_block *nb)
{
	return 0;
}

int netdev_register_show_ops(const struct netdev_show_ops *ops)
{
	return 0;
}

/* --- fixtures --- */

#define HOST	0x0a000901	/* 10.0.9.1 */
#define GUEST	0x0a000902	/* 10.0.9.2 */
#define OTHER	0x0a000801	/* 10.0.8.1 */

static struct net_device eth0 = { .name = "eth0" };
static struct net_device eth1 = { .name = "eth1" };
static struct net_device lo = { .name = "lo" };

KTEST_SETUP(setup)
{
	skb_init();
	memset(ip_statistics, 0, sizeof(ip_statistics));
	memset(nf_hooks, 0, sizeof(nf_hooks));
	memset(nf_hooks_needed, 0, sizeof(nf_hooks_needed));
	memset(nf_stats, 0, sizeof(nf_stats));
	ipt_nboot = 0;
	out_clear();
	EXPECT_EQ(ipt_table_init(&ipt_filter), 0);
	ipt_ready = true;	/* as ipt_filter_init after that */
}

KTEST_TEARDOWN(teardown)
{
	struct skb_stats s;

	skb_get_stats(&s);
	EXPECT_EQ(s.live, 0);
	EXPECT_EQ(fake_live, 0);
	EXPECT_EQ(locks_held, 0);
	EXPECT_EQ(bh_depth, 0);
	EXPECT_EQ(preempt_count(), 0);
}

/* Run one iptables command line on the filter table: 0 or -errno, with
 * the error in err_text. */
static char err_text[IPT_ERR_MAX];

static int ipt(const char *line)
{
	char buf[512], *argv[IPT_ARGS_MAX];
	struct ipt_cmd cmd;
	int argc, ret;

	snprintf(buf, sizeof(buf), "%s", line);
	argc = ipt_split(buf, argv, IPT_ARGS_MAX);
	if (argc < 0)
		return argc;
	ret = ipt_parse(argc, argv, &cmd, err_text, sizeof(err_text));
	if (!ret)
		ret = ipt_run(&ipt_filter, &cmd, err_text, sizeof(err_text));
	return ret;
}

#define IPT_OK(line)							\
	do {								\
		if (ipt(line))						\
			ktest_fail(__FILE__, __LINE__, "`%s': %s", line, err_text); \
	} while (0)

#define EXPECT_STRSTR(hay, needle)					\
	do {								\
		if (!strstr(hay, needle))				\
			ktest_fail(__FILE__, __LINE__, "\"%s\" not in:\n%s", needle, hay); \
	} while (0)

/* A datagram: IP header (frag_off in host order) and tlen transport
 * bytes whose first four are the ports. Data at the IP header. */
static struct sk_buff *pkt(u8 proto, u32 saddr, u32 daddr, u16 sport, u16 dport,
			   unsigned int tlen, u16 frag_off)
{
	struct sk_buff *skb = alloc_skb(IP_MIN_HLEN + tlen + 64, GFP_ATOMIC);
	struct iphdr *iph;
	u8 *t;

	skb_reserve(skb, 32);
	skb_reset_network_header(skb);
	iph = skb_put_zero(skb, IP_MIN_HLEN);
	iph->version = 4;
	iph->ihl = 5;
	iph->tot_len = htons(IP_MIN_HLEN + tlen);
	iph->frag_off = htons(frag_off);
	iph->ttl = 64;
	iph->protocol = proto;
	iph->saddr = htonl(saddr);
	iph->daddr = htonl(daddr);
	t = skb_put_zero(skb, tlen);
	if (tlen >= 2)
		put_unaligned_be16(sport, t);
	if (tlen >= 4)
		put_unaligned_be16(dport, t + 2);
	return skb;
}

static struct sk_buff *udp(u32 saddr, u16 sport, u32 daddr, u16 dport)
{
	return pkt(IPPROTO_UDP, saddr, daddr, sport, dport, 8 + 10, 0);
}

static int okfn_calls;

static int okfn(struct sk_buff *skb)
{
	okfn_calls++;
	kfree_skb(skb);
	return 0;
}

/* Through NF_HOOK as the IP layer calls it: true if accepted. */
static bool pass(unsigned int hook, struct sk_buff *skb, struct net_device *in,
		 struct net_device *out_dev)
{
	int before = okfn_calls, ret;

	ret = NF_HOOK(NFPROTO_IPV4, hook, skb, in, out_dev, okfn);
	if (okfn_calls != before) {
		EXPECT_EQ(ret, 0);
		return true;
	}
	EXPECT_EQ(ret, -EPERM);
	return false;
}

static bool in_ok(struct sk_buff *skb)
{
	return pass(NF_INET_LOCAL_IN, skb, &eth0, NULL);
}

static struct ipt_entry rule_at(int chain, u32 pos)
{
	struct ipt_entry e = { 0 };

	EXPECT_EQ(ipt_get_rule(&ipt_filter, chain, pos, &e), 0);
	return e;
}

/* --- the core --- */

KTEST(empty_chain_is_not_traversed)
{
	struct ipt_chain_info info;

	EXPECT_EQ(nf_hooks_needed[NFPROTO_IPV4][NF_INET_LOCAL_IN], 0);
	EXPECT_TRUE(in_ok(udp(HOST, 1000, GUEST, 7)));
	ipt_chain_info(&ipt_filter, NF_INET_LOCAL_IN, &info);
	EXPECT_EQ(info.pcnt, 0);	/* never looked at: fast path */

	IPT_OK("-A INPUT -p udp --dport 9 -j DROP");
	EXPECT_EQ(nf_hooks_needed[NFPROTO_IPV4][NF_INET_LOCAL_IN], 1);
	EXPECT_EQ(nf_hooks_needed[NFPROTO_IPV4][NF_INET_LOCAL_OUT], 0);
	EXPECT_TRUE(in_ok(udp(HOST, 1000, GUEST, 7)));
	ipt_chain_info(&ipt_filter, NF_INET_LOCAL_IN, &info);
	EXPECT_EQ(info.pcnt, 1);
	EXPECT_EQ(info.bcnt, 38);

	IPT_OK("-D INPUT 1");
	EXPECT_EQ(nf_hooks_needed[NFPROTO_IPV4][NF_INET_LOCAL_IN], 0);
	IPT_OK("-P INPUT DROP");
	EXPECT_EQ(nf_hooks_needed[NFPROTO_IPV4][NF_INET_LOCAL_IN], 1);
	IPT_OK("-P INPUT ACCEPT");
	EXPECT_EQ(nf_hooks_needed[NFPROTO_IPV4][NF_INET_LOCAL_IN], 0);
}

KTEST(drop_frees_and_counts)
{
	IPT_OK("-A INPUT -j DROP");
	EXPECT_FALSE(in_ok(udp(HOST, 1, GUEST, 2)));
	EXPECT_FALSE(in_ok(udp(HOST, 1, GUEST, 2)));
	EXPECT_EQ(ip_drops_read(IPDROP_NETFILTER), 2);
	EXPECT_EQ(nf_hook_drops(NFPROTO_IPV4, NF_INET_LOCAL_IN), 2);
	EXPECT_EQ(nf_hook_drops(NFPROTO_IPV4, NF_INET_LOCAL_OUT), 0);
	/* Other points are untouched by an INPUT rule. */
	EXPECT_TRUE(pass(NF_INET_PRE_ROUTING, udp(HOST, 1, GUEST, 2), &eth0, NULL));
	EXPECT_TRUE(pass(NF_INET_LOCAL_OUT, udp(GUEST, 2, HOST, 1), NULL, &eth0));
}

KTEST(nf_hook_without_okfn)
{
	struct sk_buff *skb = udp(GUEST, 2, HOST, 1);

	/* Nothing enabled: go on (1), skb untouched and still ours. */
	EXPECT_EQ(nf_hook(NFPROTO_IPV4, NF_INET_LOCAL_OUT, skb, NULL, &eth0), 1);
	IPT_OK("-A OUTPUT -p udp --dport 9 -j DROP");
	EXPECT_EQ(nf_hook(NFPROTO_IPV4, NF_INET_LOCAL_OUT, skb, NULL, &eth0), 1);
	kfree_skb(skb);
	/* Dropped: -EPERM, skb freed (the teardown finds none left). */
	EXPECT_EQ(nf_hook(NFPROTO_IPV4, NF_INET_LOCAL_OUT, udp(GUEST, 2, HOST, 9),
			  NULL, &eth0), -EPERM);
	EXPECT_EQ(nf_hook_drops(NFPROTO_IPV4, NF_INET_LOCAL_OUT), 1);
}

KTEST(register_caps)
{
	struct nf_hook_ops extra[NF_MAX_HOOKS_PER_POINT];
	int i;

	/* The filter has one slot at LOCAL_IN; the rest fill it up. */
	for (i = 0; i < NF_MAX_HOOKS_PER_POINT - 1; i++) {
		extra[i] = ipt_filter.ops[NF_INET_LOCAL_IN];
		EXPECT_EQ(nf_register_net_hook(&extra[i]), 0);
	}
	extra[i] = ipt_filter.ops[NF_INET_LOCAL_IN];
	EXPECT_EQ(nf_register_net_hook(&extra[i]), -ENOSPC);
	extra[i].hooknum = NF_INET_NUMHOOKS;
	EXPECT_EQ(nf_register_net_hook(&extra[i]), -EINVAL);
}

/* --- matching --- */

KTEST(match_protocol)
{
	IPT_OK("-A INPUT -p udp -j DROP");
	IPT_OK("-A INPUT -p 6 -j DROP");		/* tcp by number */
	EXPECT_FALSE(in_ok(udp(HOST, 1, GUEST, 7)));
	EXPECT_FALSE(in_ok(pkt(IPPROTO_TCP, HOST, GUEST, 1, 7, 20, 0)));
	EXPECT_TRUE(in_ok(pkt(IPPROTO_ICMP, HOST, GUEST, 0, 0, 8, 0)));
	EXPECT_STREQ(ipt_proto_name(rule_at(NF_INET_LOCAL_IN, 2).ip.proto, err_text, 8), "tcp");

	IPT_OK("-F");
	IPT_OK("-A INPUT ! -p icmp -j DROP");
	EXPECT_TRUE(in_ok(pkt(IPPROTO_ICMP, HOST, GUEST, 0, 0, 8, 0)));
	EXPECT_FALSE(in_ok(pkt(47, HOST, GUEST, 0, 0, 8, 0)));

	IPT_OK("-F INPUT");
	IPT_OK("-A INPUT -p all -j DROP");
	EXPECT_FALSE(in_ok(pkt(47, HOST, GUEST, 0, 0, 8, 0)));
}

KTEST(match_prefixes)
{
	IPT_OK("-A INPUT -s 10.0.9.5/24 -j ACCEPT");	/* host bits dropped */
	IPT_OK("-A INPUT -s 10.0.8.1 -d 10.0.9.2/32 -j ACCEPT");
	IPT_OK("-A INPUT -s 0.0.0.0/0 -d 10.0.9.3 -j DROP");
	IPT_OK("-P INPUT DROP");
	EXPECT_EQ(ntohl(rule_at(NF_INET_LOCAL_IN, 1).ip.src), 0x0a000900);
	EXPECT_TRUE(in_ok(udp(0x0a0009fe, 1, GUEST, 2)));	/* in /24 */
	EXPECT_FALSE(in_ok(udp(0x0a000a01, 1, GUEST, 2)));	/* outside: policy */
	EXPECT_TRUE(in_ok(udp(OTHER, 1, GUEST, 2)));		/* /32 both */
	EXPECT_FALSE(in_ok(udp(OTHER + 1, 1, GUEST, 2)));	/* /32 off by one */
	EXPECT_FALSE(in_ok(udp(OTHER, 1, GUEST + 1, 2)));	/* /0 source, DROP */

	IPT_OK("-F");
	IPT_OK("-P INPUT ACCEPT");
	IPT_OK("-A INPUT ! -s 10.0.9.0/24 -j DROP");
	IPT_OK("-A INPUT ! -d 10.0.9.2 -j DROP");
	EXPECT_TRUE(in_ok(udp(HOST, 1, GUEST, 2)));
	EXPECT_FALSE(in_ok(udp(OTHER, 1, GUEST, 2)));
	EXPECT_FALSE(in_ok(udp(HOST, 1, GUEST + 5, 2)));
}

KTEST(match_port_ranges)
{
	IPT_OK("-A INPUT -p udp --dport 1000:2000 -j DROP");
	IPT_OK("-A INPUT -p tcp --sport :1023 -j DROP");
	IPT_OK("-A INPUT -p udp --sport 60000: -j DROP");
	EXPECT_TRUE(in_ok(udp(HOST, 5, GUEST, 999)));
	EXPECT_FALSE(in_ok(udp(HOST, 5, GUEST, 1000)));
	EXPECT_FALSE(in_ok(udp(HOST, 5, GUEST, 2000)));
	EXPECT_TRUE(in_ok(udp(HOST, 5, GUEST, 2001)));
	/* The tcp rule does not see udp, and the other way round. */
	EXPECT_TRUE(in_ok(udp(HOST, 80, GUEST, 7)));
	EXPECT_FALSE(in_ok(pkt(IPPROTO_TCP, HOST, GUEST, 1023, 7, 20, 0)));
	EXPECT_TRUE(in_ok(pkt(IPPROTO_TCP, HOST, GUEST, 1024, 7, 20, 0)));
	EXPECT_TRUE(in_ok(pkt(IPPROTO_TCP, HOST, GUEST, 2000, 1500, 20, 0)));
	EXPECT_FALSE(in_ok(udp(HOST, 60000, GUEST, 7)));
	EXPECT_FALSE(in_ok(udp(HOST, 65535, GUEST, 7)));
	EXPECT_TRUE(in_ok(udp(HOST, 59999, GUEST, 7)));

	IPT_OK("-F");
	IPT_OK("-A INPUT -p udp ! --dport 7 -j DROP");
	EXPECT_TRUE(in_ok(udp(HOST, 5, GUEST, 7)));
	EXPECT_FALSE(in_ok(udp(HOST, 5, GUEST, 8)));
}

KTEST(match_interfaces)
{
	IPT_OK("-A INPUT -i eth0 -j DROP");
	IPT_OK("-A FORWARD -i eth+ -o eth1 -j DROP");
	IPT_OK("-A OUTPUT ! -o lo -j DROP");
	EXPECT_FALSE(pass(NF_INET_LOCAL_IN, udp(HOST, 1, GUEST, 2), &eth0, NULL));
	EXPECT_TRUE(pass(NF_INET_LOCAL_IN, udp(HOST, 1, GUEST, 2), &eth1, NULL));
	EXPECT_FALSE(pass(NF_INET_FORWARD, udp(HOST, 1, OTHER, 2), &eth0, &eth1));
	EXPECT_TRUE(pass(NF_INET_FORWARD, udp(HOST, 1, OTHER, 2), &eth1, &eth0));
	EXPECT_TRUE(pass(NF_INET_FORWARD, udp(HOST, 1, OTHER, 2), &lo, &eth1));
	EXPECT_TRUE(pass(NF_INET_LOCAL_OUT, udp(GUEST, 1, GUEST, 2), NULL, &lo));
	EXPECT_FALSE(pass(NF_INET_LOCAL_OUT, udp(GUEST, 1, HOST, 2), NULL, &eth0));
}

KTEST(ports_and_fragments)
{
	IPT_OK("-A INPUT -p udp --dport 7 -j DROP");
	/* First fragment: the header is there, the rule applies. */
	EXPECT_FALSE(in_ok(pkt(IPPROTO_UDP, HOST, GUEST, 5, 7, 16, IP_MF)));
	/* Later fragments carry no ports: a port rule never matches them. */
	EXPECT_TRUE(in_ok(pkt(IPPROTO_UDP, HOST, GUEST, 5, 7, 16, 2)));
	EXPECT_TRUE(in_ok(pkt(IPPROTO_UDP, HOST, GUEST, 5, 7, 16, IP_MF | 2)));
	/* ... but a rule without ports does. */
	IPT_OK("-I INPUT -p udp -s 10.0.9.1 -j DROP");
	EXPECT_FALSE(in_ok(pkt(IPPROTO_UDP, HOST, GUEST, 5, 7, 16, 2)));
}

KTEST(tcp_fragment_at_offset_1_is_dropped)
{
	struct ipt_chain_info info;

	/* [RFC 1858 §4]: 8 bytes in, a TCP fragment can only be rewriting
	 * the first one's flags; a TCP match drops it whatever its target. */
	IPT_OK("-A INPUT -p tcp --dport 80 -j ACCEPT");
	EXPECT_FALSE(in_ok(pkt(IPPROTO_TCP, HOST, GUEST, 5, 7, 16, 1)));
	EXPECT_FALSE(in_ok(pkt(IPPROTO_TCP, HOST, GUEST, 5, 7, 16, IP_MF | 1)));
	/* Further on, only "no match": the policy decides. */
	EXPECT_TRUE(in_ok(pkt(IPPROTO_TCP, HOST, GUEST, 5, 7, 16, 2)));
	EXPECT_EQ(rule_at(NF_INET_LOCAL_IN, 1).pcnt, 0);
	ipt_chain_info(&ipt_filter, NF_INET_LOCAL_IN, &info);
	EXPECT_EQ(info.pcnt, 1);
	EXPECT_EQ(ip_drops_read(IPDROP_NETFILTER), 2);

	/* Not UDP's rule, and not a rule without the tcp match. */
	IPT_OK("-F");
	IPT_OK("-A INPUT -p udp --dport 80 -j ACCEPT");
	IPT_OK("-A INPUT -p tcp -j ACCEPT");
	EXPECT_TRUE(in_ok(pkt(IPPROTO_UDP, HOST, GUEST, 5, 7, 16, 1)));
	EXPECT_TRUE(in_ok(pkt(IPPROTO_TCP, HOST, GUEST, 5, 7, 16, 1)));
	EXPECT_EQ(rule_at(NF_INET_LOCAL_IN, 2).pcnt, 1);
}

KTEST(match_option_is_the_tcp_match)
{
	struct ipt_entry e;

	/* -p tcp -m tcp: the tcp match on any ports, as iptables. */
	IPT_OK("-A INPUT -p tcp -m tcp -j DROP");
	e = rule_at(NF_INET_LOCAL_IN, 1);
	EXPECT_TRUE(e.has_ports);
	EXPECT_EQ(e.dpts[0], 0);
	EXPECT_EQ(e.dpts[1], 0xFFFF);
	EXPECT_FALSE(in_ok(pkt(IPPROTO_TCP, HOST, GUEST, 5, 7, 20, 0)));
	/* ... so, unlike plain -p tcp, not a later fragment. */
	EXPECT_TRUE(in_ok(pkt(IPPROTO_TCP, HOST, GUEST, 5, 7, 16, 2)));
	IPT_OK("-A INPUT -p tcp -j DROP");
	EXPECT_FALSE(in_ok(pkt(IPPROTO_TCP, HOST, GUEST, 5, 7, 16, 2)));

	/* -D by rule tells the two apart. */
	IPT_OK("-D INPUT -p tcp -j DROP");
	EXPECT_EQ(ipt_filter.chains[NF_INET_LOCAL_IN].n, 1);
	EXPECT_TRUE(rule_at(NF_INET_LOCAL_IN, 1).has_ports);
	EXPECT_EQ(ipt("-D INPUT -p tcp -j DROP"), -ENOENT);
	IPT_OK("-D INPUT -p tcp -m tcp -j DROP");
	EXPECT_EQ(ipt_filter.total, 0);

	/* With ports, -m is what the port option implies: the same rule. */
	IPT_OK("-A INPUT -p udp --dport 53 -j ACCEPT");
	IPT_OK("-D INPUT -p udp -m udp --dport 53 -j ACCEPT");
	IPT_OK("-A INPUT -p udp -m udp --sport 53 -j ACCEPT");
	IPT_OK("-D INPUT -p udp --sport 53 -j ACCEPT");
	EXPECT_EQ(ipt_filter.total, 0);

	IPT_OK("-A INPUT -p tcp -m tcp -j DROP");
	out_clear();
	IPT_OK("-L INPUT -n");
	EXPECT_STRSTR(out, "DROP       tcp  --  0.0.0.0/0            0.0.0.0/0            tcp\n");
	EXPECT_EQ(ipt("-A INPUT -m tcp -j DROP"), -EINVAL);
	EXPECT_STRSTR(err_text, "`-m tcp' needs the same -p");
}

KTEST(truncated_transport_header_is_dropped)
{
	struct ipt_chain_info info;

	IPT_OK("-A INPUT -p udp --dport 7 -j ACCEPT");
	IPT_OK("-A INPUT -p tcp --dport 7 -j ACCEPT");
	/* 4 bytes of UDP header (ports but no length): dropped whatever the
	 * rule says, and counted by no rule. */
	EXPECT_FALSE(in_ok(pkt(IPPROTO_UDP, HOST, GUEST, 5, 7, 4, 0)));
	EXPECT_FALSE(in_ok(pkt(IPPROTO_UDP, HOST, GUEST, 5, 7, 0, 0)));
	EXPECT_FALSE(in_ok(pkt(IPPROTO_TCP, HOST, GUEST, 5, 7, 19, 0)));
	EXPECT_TRUE(in_ok(pkt(IPPROTO_TCP, HOST, GUEST, 5, 7, 20, 0)));
	EXPECT_TRUE(in_ok(pkt(IPPROTO_UDP, HOST, GUEST, 5, 7, 8, 0)));
	EXPECT_EQ(rule_at(NF_INET_LOCAL_IN, 1).pcnt, 1);
	EXPECT_EQ(rule_at(NF_INET_LOCAL_IN, 2).pcnt, 1);
	ipt_chain_info(&ipt_filter, NF_INET_LOCAL_IN, &info);
	EXPECT_EQ(info.pcnt, 0);
	/* A rule without ports does not look at the transport header. */
	IPT_OK("-I INPUT -p udp -j ACCEPT");
	EXPECT_TRUE(in_ok(pkt(IPPROTO_UDP, HOST, GUEST, 5, 7, 0, 0)));
}

KTEST(first_match_wins_then_policy)
{
	struct ipt_chain_info info;

	IPT_OK("-A INPUT -p udp --dport 7");			/* counts only */
	IPT_OK("-A INPUT -p udp --dport 7 -j ACCEPT");
	IPT_OK("-A INPUT -p udp -j DROP");
	IPT_OK("-P INPUT DROP");
	EXPECT_TRUE(in_ok(udp(HOST, 1, GUEST, 7)));
	EXPECT_FALSE(in_ok(udp(HOST, 1, GUEST, 9)));
	EXPECT_FALSE(in_ok(pkt(IPPROTO_ICMP, HOST, GUEST, 0, 0, 8, 0)));
	EXPECT_EQ(rule_at(NF_INET_LOCAL_IN, 1).pcnt, 1);
	EXPECT_EQ(rule_at(NF_INET_LOCAL_IN, 2).pcnt, 1);
	EXPECT_EQ(rule_at(NF_INET_LOCAL_IN, 3).pcnt, 1);
	ipt_chain_info(&ipt_filter, NF_INET_LOCAL_IN, &info);
	EXPECT_EQ(info.pcnt, 1);
	EXPECT_EQ(info.bcnt, 28);
	EXPECT_EQ(info.policy, NF_DROP);
}

KTEST(counters_bytes_and_zero)
{
	int i;

	IPT_OK("-A OUTPUT -p udp --sport 7 -j ACCEPT");
	for (i = 0; i < 5; i++)
		EXPECT_TRUE(pass(NF_INET_LOCAL_OUT,
				 pkt(IPPROTO_UDP, GUEST, HOST, 7, 4000, 8 + i * 100, 0),
				 NULL, &eth0));
	EXPECT_EQ(rule_at(NF_INET_LOCAL_OUT, 1).pcnt, 5);
	EXPECT_EQ(rule_at(NF_INET_LOCAL_OUT, 1).bcnt, 5 * 28 + 1000);
	IPT_OK("-Z INPUT");
	EXPECT_EQ(rule_at(NF_INET_LOCAL_OUT, 1).pcnt, 5);
	IPT_OK("-Z");
	EXPECT_EQ(rule_at(NF_INET_LOCAL_OUT, 1).pcnt, 0);
	EXPECT_EQ(rule_at(NF_INET_LOCAL_OUT, 1).bcnt, 0);
}

/* --- edits and the parser --- */

static u16 dport_at(int chain, u32 pos)
{
	return rule_at(chain, pos).dpts[0];
}

KTEST(insert_positions)
{
	IPT_OK("-A INPUT -p udp --dport 1");
	IPT_OK("-I INPUT -p udp --dport 2");		/* at 1 */
	IPT_OK("-I INPUT 3 -p udp --dport 3");		/* n + 1: the end */
	IPT_OK("-I INPUT 2 -p udp --dport 4");
	EXPECT_EQ(dport_at(NF_INET_LOCAL_IN, 1), 2);
	EXPECT_EQ(dport_at(NF_INET_LOCAL_IN, 2), 4);
	EXPECT_EQ(dport_at(NF_INET_LOCAL_IN, 3), 1);
	EXPECT_EQ(dport_at(NF_INET_LOCAL_IN, 4), 3);
	EXPECT_EQ(ipt("-I INPUT 6 -p udp --dport 5"), -ERANGE);
	EXPECT_STRSTR(err_text, "index of insertion too big (INPUT has 4 rules)");
	EXPECT_EQ(ipt("-I INPUT 0 -j DROP"), -EINVAL);
	EXPECT_STRSTR(err_text, "`0'");
	EXPECT_EQ(ipt_filter.chains[NF_INET_LOCAL_IN].n, 4);
}

KTEST(delete_by_number_and_by_rule)
{
	IPT_OK("-A INPUT -p udp --dport 7 -j DROP");
	IPT_OK("-A INPUT -p udp --dport 8 -j DROP");
	IPT_OK("-A INPUT -p udp --dport 7 -j ACCEPT");
	IPT_OK("-A INPUT -p udp --dport 7 -j DROP");
	IPT_OK("-D INPUT -p udp --dport 7 -j ACCEPT");	/* only the ACCEPT one */
	EXPECT_EQ(ipt_filter.chains[NF_INET_LOCAL_IN].n, 3);
	EXPECT_EQ(rule_at(NF_INET_LOCAL_IN, 3).target, NF_DROP);
	IPT_OK("-D INPUT -p udp --dport 7 -j DROP");	/* the first of two */
	EXPECT_EQ(dport_at(NF_INET_LOCAL_IN, 1), 8);
	EXPECT_EQ(dport_at(NF_INET_LOCAL_IN, 2), 7);
	EXPECT_EQ(ipt("-D INPUT -p udp --dport 9 -j DROP"), -ENOENT);
	EXPECT_STRSTR(err_text, "bad rule");
	EXPECT_EQ(ipt("-D INPUT -p tcp --dport 7 -j DROP"), -ENOENT);
	EXPECT_EQ(ipt("-D INPUT 3"), -ERANGE);
	EXPECT_STRSTR(err_text, "index of deletion too big");
	IPT_OK("-D INPUT 1");
	EXPECT_EQ(dport_at(NF_INET_LOCAL_IN, 1), 7);
	IPT_OK("-D INPUT 1");
	EXPECT_EQ(ipt_filter.total, 0);
	EXPECT_EQ(nf_hooks_needed[NFPROTO_IPV4][NF_INET_LOCAL_IN], 0);
}

KTEST(parser_good_lines)
{
	static const char *const good[] = {
		"-A INPUT -p udp --dport 9 -j DROP",
		"-t filter -A INPUT -p UDP -m udp --dport 9 -j DROP",
		"--append INPUT --protocol tcp --source 10.0.0.0/8 --destination-port 80:90 --jump ACCEPT",
		"-A FORWARD ! -i eth0 ! -o eth1 -p icmp -j DROP",
		"-A PREROUTING -i eth+ -s 10.0.9.1 -d 10.0.9.2 -j ACCEPT",
		"-A POSTROUTING -o eth0 -p 17 --sport 7 -j DROP",
		"-A OUTPUT ! -d 127.0.0.0/8 ! -p udp",
		"-L", "-L INPUT", "-L -v -n -x --line-numbers", "-nvL", "-nvL OUTPUT", "-vL INPUT -x",
		"-F", "-F FORWARD", "-Z", "-Z INPUT", "-P FORWARD DROP", "-P FORWARD ACCEPT",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(good); i++) {
		out_clear();
		if (ipt(good[i]))
			ktest_fail(__FILE__, __LINE__, "%s: %s", good[i], err_text);
	}
}

KTEST(parser_bad_lines_change_nothing)
{
	static const struct {
		const char *line;
		const char *says;
	} bad[] = {
		{ "", "no command" },
		{ "-A", "`-A' requires an argument" },
		{ "-A INPT -j DROP", "`INPT'" },
		{ "-A input -j DROP", "`input'" },
		{ "-A INPUT -p udpp", "`udpp'" },
		{ "-A INPUT -p 256", "`256'" },
		{ "-A INPUT -s 10.0.9", "`10.0.9'" },
		{ "-A INPUT -s 10.0.9.1/33", "`10.0.9.1/33'" },
		{ "-A INPUT -d 010.0.9.1", "`010.0.9.1'" },
		{ "-A INPUT -p udp --dport 65536", "`65536'" },
		{ "-A INPUT -p udp --dport 9:8", "`9:8'" },
		{ "-A INPUT -p udp --dport seven", "`seven'" },
		{ "-A INPUT --dport 7 -j DROP", "`--dport' needs -p tcp or -p udp" },
		{ "-A INPUT ! -p udp --dport 7", "needs -p tcp or -p udp" },
		{ "-A INPUT -p udp -m tcp --dport 7", "`-m tcp'" },
		{ "-A INPUT -m state", "`state'" },
		{ "-A INPUT -j REJECT", "`REJECT'" },
		{ "-A INPUT -j", "`-j' requires an argument" },
		{ "-A INPUT -o eth0", "can't use -o with INPUT" },
		{ "-A OUTPUT -i eth0", "can't use -i with OUTPUT" },
		{ "-A INPUT -i eth0123456789abcdef", "`eth0123456789abcdef'" },
		{ "-A INPUT -p udp -p tcp", "`-p' given twice" },
		{ "-A INPUT -j DROP -D INPUT 1", "`-D'" },
		{ "-A INPUT --frobnicate", "`--frobnicate'" },
		{ "-A INPUT -q", "`-q'" },
		{ "-A INPUT ! -j DROP", "`!' cannot come before `-j'" },
		{ "-A INPUT -j DROP !", "`!' at the end" },
		{ "-A INPUT ! -p all", "would never match" },
		{ "-A INPUT -n", "`-n' only goes with -L" },
		{ "-L -p udp", "`-p' only goes with -A, -I or -D" },
		{ "-L FOO", "`FOO'" },
		{ "-L INPUT extra", "`extra'" },
		{ "-t nat -A PREROUTING -j DROP", "`nat'" },
		{ "-P INPUT REJECT", "`REJECT'" },
		{ "-P INPUT", "requires an argument" },
		{ "-D INPUT", "-D INPUT needs a rule number or a rule" },
		{ "-D INPUT 1 -p udp", "not both" },
		{ "-I INPUT x -j DROP", "`x'" },
		{ "-jL INPUT", "`-j' takes a value: it must come last in `-jL'" },
		{ "-Lb", "unknown option `-b' in `-Lb'" },
		{ "-A INPUT -p udp --dport 7 -j DROP extra", "`extra'" },
	};
	char before[8192];
	size_t i;

	IPT_OK("-A INPUT -p udp --dport 9 -j DROP");
	out_clear();
	IPT_OK("-L -v -n -x --line-numbers");
	snprintf(before, sizeof(before), "%s", out);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		err_text[0] = '\0';
		if (ipt(bad[i].line) == 0 || !strstr(err_text, bad[i].says))
			ktest_fail(__FILE__, __LINE__, "`%s': error \"%s\", expected \"%s\"",
				   bad[i].line, err_text, bad[i].says);
	}
	out_clear();
	IPT_OK("-L -v -n -x --line-numbers");
	EXPECT_STREQ(out, before);
}

KTEST(caps_per_chain_and_total)
{
	char line[64];
	int c, i;

	for (i = 0; i < IPT_CHAIN_RULES_MAX; i++) {
		snprintf(line, sizeof(line), "-A INPUT -p udp --dport %d -j DROP", i);
		IPT_OK(line);
	}
	EXPECT_EQ(ipt("-A INPUT -j DROP"), -ENOSPC);
	EXPECT_STRSTR(err_text, "chain INPUT is full (64 rules)");
	EXPECT_EQ(ipt("-I INPUT 1 -j DROP"), -ENOSPC);
	EXPECT_EQ(dport_at(NF_INET_LOCAL_IN, 1), 0);	/* nothing moved */
	/* 4 full chains are the whole table. */
	for (c = 0; c < 3; c++) {
		for (i = 0; i < IPT_CHAIN_RULES_MAX; i++) {
			snprintf(line, sizeof(line), "-A %s -j ACCEPT",
				 c == 0 ? "OUTPUT" : c == 1 ? "FORWARD" : "PREROUTING");
			IPT_OK(line);
		}
	}
	EXPECT_EQ(ipt_filter.total, IPT_RULES_MAX);
	EXPECT_EQ(ipt("-A POSTROUTING -j DROP"), -ENOSPC);
	EXPECT_STRSTR(err_text, "table is full (256 rules");
	IPT_OK("-F PREROUTING");
	EXPECT_EQ(ipt_filter.total, 3 * IPT_CHAIN_RULES_MAX);
	IPT_OK("-A POSTROUTING -j DROP");
}

/* --- listing --- */

KTEST(list_layout)
{
	struct ipt_entry *e;

	IPT_OK("-A INPUT -p udp --dport 9 -j DROP");
	IPT_OK("-A INPUT ! -s 10.0.9.0/24 -i eth+ -p tcp --sport 1000:2000 -j ACCEPT");
	IPT_OK("-P INPUT DROP");
	e = &ipt_filter.chains[NF_INET_LOCAL_IN].rules[0];
	e->pcnt = 3;
	e->bcnt = 123456;
	ipt_filter.chains[NF_INET_LOCAL_IN].pcnt = 12345678;

	out_clear();
	IPT_OK("-L INPUT -v -n");
	EXPECT_STREQ(out,
		"Chain INPUT (policy DROP 12M packets, 0 bytes)\n"
		" pkts bytes target     prot opt in     out     source               destination         \n"
		"    3  123K DROP       udp  --  *      *       0.0.0.0/0            0.0.0.0/0            udp dpt:9\n"
		"    0     0 ACCEPT     tcp  --  eth+   *      !10.0.9.0/24          0.0.0.0/0            tcp spts:1000:2000\n");

	out_clear();
	IPT_OK("-L INPUT -v -x --line-numbers");
	EXPECT_STRSTR(out, "Chain INPUT (policy DROP 12345678 packets, 0 bytes)\n");
	EXPECT_STRSTR(out, "num      pkts      bytes target");
	EXPECT_STRSTR(out, "1           3     123456 DROP       udp  --  any    any     anywhere             anywhere             udp dpt:9\n");

	out_clear();
	IPT_OK("-L OUTPUT");
	EXPECT_STREQ(out,
		"Chain OUTPUT (policy ACCEPT)\n"
		"target     prot opt source               destination         \n");

	out_clear();
	IPT_OK("-L");
	EXPECT_STRSTR(out, "Chain PREROUTING (policy ACCEPT)\n");
	EXPECT_STRSTR(out, "\n\nChain POSTROUTING (policy ACCEPT)\n");
}

/* --- the shell and the command line --- */

KTEST(shell_command)
{
	char a0[] = "iptables", a1[] = "-A", a2[] = "INPUT", a3[] = "-p", a4[] = "udp",
	     a5[] = "--dport", a6[] = "x9";
	char *argv[] = { a0, a1, a2, a3, a4, a5, a6, NULL };

	EXPECT_EQ(cmd_iptables(7, argv), -EINVAL);
	EXPECT_STRSTR(out, "iptables: bad port `x9'");
	a6[0] = '9';
	a6[1] = '\0';
	EXPECT_EQ(cmd_iptables(7, argv), 0);
	EXPECT_EQ(dport_at(NF_INET_LOCAL_IN, 1), 9);
}

KTEST(cmdline_rules_applied_in_order)
{
	struct ipt_chain_info info;

	/* What iptables_param sees: kernel/cmdline.c has removed the quotes. */
	EXPECT_EQ(iptables_param("-A INPUT -p udp --dport 9 -j DROP"), 0);
	EXPECT_EQ(iptables_param("-I INPUT -p icmp -s 10.0.9.1 -j DROP"), 0);
	EXPECT_EQ(iptables_param("-P FORWARD DROP"), 0);
	EXPECT_EQ(iptables_param("-D OUTPUT 4"), 0);		/* fails when applied */
	EXPECT_EQ(iptables_param("-A INPUT -p udp --dport nine -j DROP"), -EINVAL);
	EXPECT_STRSTR(out, "iptables: bad port `nine'");
	EXPECT_EQ(iptables_param("-L"), -EINVAL);
	EXPECT_EQ(iptables_param(""), -EINVAL);
	EXPECT_EQ(ipt_nboot, 4);
	/* Nothing applied before the table starts. */
	EXPECT_EQ(ipt_filter.total, 0);

	out_clear();
	memset(nf_hooks, 0, sizeof(nf_hooks));
	memset(nf_hooks_needed, 0, sizeof(nf_hooks_needed));
	ipt_filter_init();
	EXPECT_EQ(ipt_filter.total, 2);
	EXPECT_EQ(rule_at(NF_INET_LOCAL_IN, 1).ip.proto, IPPROTO_ICMP);
	EXPECT_EQ(dport_at(NF_INET_LOCAL_IN, 2), 9);
	ipt_chain_info(&ipt_filter, NF_INET_FORWARD, &info);
	EXPECT_EQ(info.policy, NF_DROP);
	EXPECT_STRSTR(out, "cmdline: iptables=-D OUTPUT 4: index of deletion too big");
	EXPECT_FALSE(in_ok(pkt(IPPROTO_ICMP, HOST, GUEST, 0, 0, 8, 0)));
	EXPECT_TRUE(in_ok(pkt(IPPROTO_ICMP, OTHER, GUEST, 0, 0, 8, 0)));
}

KTEST(cmdline_caps)
{
	char big[400];
	int i;

	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	EXPECT_EQ(iptables_param(big), -E2BIG);
	EXPECT_STRSTR(out, "longer than 255 characters");
	/* 34 words, over IPT_ARGS_MAX: checked while slots are free. */
	out_clear();
	EXPECT_EQ(iptables_param("-A INPUT -p udp -p udp -p udp -p udp -p udp -p udp -p udp "
				 "-p udp -p udp -p udp -p udp -p udp -p udp -p udp -p udp -p udp"),
		  -E2BIG);
	EXPECT_STRSTR(out, "more than 32 words");
	EXPECT_EQ(ipt_nboot, 0);
	for (i = 0; i < IPT_CMDLINE_MAX; i++)
		EXPECT_EQ(iptables_param("-A INPUT -j ACCEPT"), 0);
	out_clear();
	EXPECT_EQ(iptables_param("-A INPUT -j ACCEPT"), -ENOSPC);
	EXPECT_STRSTR(out, "at most 16 iptables=");
	EXPECT_EQ(ipt_nboot, IPT_CMDLINE_MAX);
}

KTEST(filter_off_when_hooks_cannot_register)
{
	struct nf_hook_ops other[NF_MAX_HOOKS_PER_POINT] = { 0 };
	char a0[] = "iptables", a1[] = "-A", a2[] = "INPUT", a3[] = "-j", a4[] = "DROP";
	char l1[] = "-L";
	char *add[] = { a0, a1, a2, a3, a4, NULL };
	char *list[] = { a0, l1, NULL };
	int i;

	/* LOCAL_OUT taken by others: ipt_table_init fails partway. */
	memset(nf_hooks, 0, sizeof(nf_hooks));
	memset(nf_hooks_needed, 0, sizeof(nf_hooks_needed));
	for (i = 0; i < NF_MAX_HOOKS_PER_POINT; i++) {
		other[i].hook = ipt_hook;
		other[i].pf = NFPROTO_IPV4;
		other[i].hooknum = NF_INET_LOCAL_OUT;
		EXPECT_EQ(nf_register_net_hook(&other[i]), 0);
	}
	EXPECT_EQ(iptables_param("-A INPUT -p udp --dport 9 -j DROP"), 0);
	ipt_filter_init();
	EXPECT_FALSE(ipt_ready);
	EXPECT_STRSTR(out, "cannot register the filter hooks (ENOSPC): filter off, "
		      "1 iptables= command not applied");
	EXPECT_EQ(ipt_filter.total, 0);

	out_clear();
	EXPECT_EQ(cmd_iptables(5, add), -ENODEV);
	EXPECT_STRSTR(out, "iptables: the filter is not running");
	EXPECT_EQ(ipt_filter.total, 0);
	EXPECT_EQ(nf_hooks_needed[NFPROTO_IPV4][NF_INET_LOCAL_IN], 0);
	EXPECT_TRUE(in_ok(udp(HOST, 1, GUEST, 9)));
	out_clear();
	EXPECT_EQ(cmd_iptables(2, list), 0);
	EXPECT_STRSTR(out, "Chain INPUT (policy ACCEPT)");
}

KTEST(bad_chain_numbers)
{
	struct ipt_chain_info info;
	struct ipt_entry e;

	EXPECT_EQ(ipt_chain_info(&ipt_filter, -1, &info), -EINVAL);
	EXPECT_EQ(ipt_chain_info(&ipt_filter, IPT_NUMCHAINS, &info), -EINVAL);
	EXPECT_EQ(ipt_get_rule(&ipt_filter, IPT_ALL_CHAINS, 1, &e), -EINVAL);
	EXPECT_EQ(ipt_get_rule(&ipt_filter, IPT_NUMCHAINS, 1, &e), -EINVAL);
	EXPECT_EQ(ipt_append(&ipt_filter, IPT_NUMCHAINS, &e), -EINVAL);
	EXPECT_EQ(ipt_chain_info(&ipt_filter, NF_INET_LOCAL_IN, &info), 0);
}

/* fuzz_iptables.c: libFuzzer target for the iptables command parser
 * (net/ipv4/netfilter/iptables_cmd.c), whose input comes from the shell
 * and from iptables= on the kernel command line, both untrusted. Each
 * input is up to 8 lines; each is split into words (ipt_split), parsed
 * (ipt_parse) and carried out on the real filter table (ipt_run: append,
 * insert, delete, policy, list with every flag). Then a UDP, a TCP and an
 * ICMP packet go through the three hooks, so the rules just made are
 * matched. Afterwards the table is flushed back to ACCEPT and nothing
 * allocated may be left over. */
#include <stdio.h>
#include <stdlib.h>

#include "lib/types.h"
#include "lib/string.h"
#include "kernel/preempt.h"
#include "kernel/softirq.h"
#include "net/core/netdevice.h"
#include "net/core/skbuff.h"
#include "net/ipv4/ip.h"
#include "net/ipv4/route.h"
#include "net/netfilter/netfilter.h"
#include "net/ipv4/netfilter/iptables_cmd.h"

#define LINES_MAX	8
#define LINE_MAX	512	/* longer than a shell line or a cmdline word */

static struct net_device eth0 = { .name = "eth0" };
static struct net_device eth1 = { .name = "eth1" };
static long live_baseline;

/* What devinet.c and proc.c (linked for the filter's address matching
 * and counters) need from routing, ARP and IP output. */
int sysctl_ip_default_ttl = 64;

void fib_flush_dev(struct net_device *dev, u8 protocol)
{
}

int fib_add_route(__be32 dst, int prefixlen, __be32 gw, struct net_device *dev,
		  u8 protocol, __be32 prefsrc)
{
	return 0;
}

void arp_send_garp(struct net_device *dev)
{
}

int register_netdevice_notifier(struct notifier_block *nb)
{
	return 0;
}

static int run(char *line)
{
	char err[IPT_ERR_MAX], *argv[IPT_ARGS_MAX];
	struct ipt_cmd cmd;
	int argc, ret;

	argc = ipt_split(line, argv, IPT_ARGS_MAX);
	if (argc < 0)
		return argc;
	if (argc > IPT_ARGS_MAX)
		abort();
	err[0] = 0;
	ret = ipt_parse(argc, argv, &cmd, err, sizeof(err));
	if (!ret)
		ret = ipt_run(&ipt_filter, &cmd, err, sizeof(err));
	/* An error must say why, in a NUL-terminated message. */
	if (ret && (!err[0] || !memchr(err, 0, sizeof(err))))
		abort();
	return ret;
}

static int okfn(struct sk_buff *skb)
{
	kfree_skb(skb);
	return 0;
}

static struct sk_buff *packet(u8 proto, u16 sport, u16 dport)
{
	struct sk_buff *skb = alloc_skb(128, GFP_ATOMIC);
	struct iphdr *iph;
	u8 *t;

	if (!skb)
		abort();
	skb_reserve(skb, 32);
	skb_reset_network_header(skb);
	iph = skb_put_zero(skb, IP_MIN_HLEN);
	iph->version = 4;
	iph->ihl = 5;
	iph->tot_len = htons(IP_MIN_HLEN + 20);
	iph->ttl = 64;
	iph->protocol = proto;
	iph->saddr = htonl(0x0a000901);
	iph->daddr = htonl(0x0a000902);
	t = skb_put_zero(skb, 20);
	put_unaligned_be16(sport, t);
	put_unaligned_be16(dport, t + 2);
	return skb;
}

static void traverse(void)
{
	static const u8 protos[] = { IPPROTO_UDP, IPPROTO_TCP, IPPROTO_ICMP };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(protos); i++) {
		local_bh_disable();
		NF_HOOK(NFPROTO_IPV4, NF_INET_LOCAL_IN, packet(protos[i], 53, 7),
			&eth0, NULL, okfn);
		NF_HOOK(NFPROTO_IPV4, NF_INET_FORWARD, packet(protos[i], 1234, 80),
			&eth0, &eth1, okfn);
		NF_HOOK(NFPROTO_IPV4, NF_INET_LOCAL_OUT, packet(protos[i], 68, 67),
			NULL, &eth0, okfn);
		local_bh_enable();
	}
}

static void reset(void)
{
	static const char *const lines[] = {
		"-F", "-Z", "-P INPUT ACCEPT", "-P FORWARD ACCEPT", "-P OUTPUT ACCEPT",
	};
	char buf[64];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(lines); i++) {
		strlcpy(buf, lines[i], sizeof(buf));
		if (run(buf))
			abort();
	}
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	static bool ready;
	char line[LINE_MAX + 1];
	struct skb_stats s;
	unsigned int n = 0;
	size_t len;

	if (!ready) {
		skb_init();
		ipt_filter_init();
		reset();
		live_baseline = fuzz_live_objects();
		ready = true;
	}
	while (size && n++ < LINES_MAX) {
		const u8 *nl = memchr(data, '\n', size);

		len = nl ? (size_t)(nl - data) : size;
		/* As the shell reads it: a NUL ends the line early. */
		memcpy(line, data, min_t(size_t, len, LINE_MAX));
		line[min_t(size_t, len, LINE_MAX)] = 0;
		run(line);
		data += nl ? len + 1 : len;
		size -= nl ? len + 1 : len;
	}
	traverse();
	reset();
	skb_get_stats(&s);
	if (s.live || fuzz_live_objects() != live_baseline || preempt_count()) {
		fprintf(stderr, "fuzz_iptables: left over: %llu skbs, %ld objects (baseline %ld)\n",
			(unsigned long long)s.live, fuzz_live_objects(), live_baseline);
		abort();
	}
	return 0;
}

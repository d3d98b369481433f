/* fuzz_rx.c: libFuzzer target for napkin's receive path. Each input is a
 * few Ethernet frames handed to the stack as the e1000 driver hands them
 * over (netdev_alloc_skb, eth_type_trans, netif_rx), so they run through
 * the real code: dev.c's backlog and packet types, arp_rcv and the
 * neighbour table, ip_rcv's checks, the filter's hooks with rules loaded
 * through the iptables parser, routing, reassembly, ICMP (echo replies,
 * errors), UDP delivery to bound sockets, and on the way out ip_output,
 * fragmentation, ARP resolution and the qdisc to a fake eth0 whose
 * transmit frees what it is given (the gateway 10.0.9.1's MAC is known
 * at the start of every input, so replies go out). An echo socket on port 7 answers each
 * datagram, so sends are driven by input too.
 *
 * Input: byte 0 controls the run, the rest are frames.
 *   bits 0-1  frames - 1 (1..4); all but the last are preceded by a
 *             big-endian 16-bit length, the last takes what is left
 *   bits 2-4  time between frames: 0, 1, 50, 200, 1000, 3000, 10000,
 *             40000 jiffies (timers fire: ARP retries, reassembly expiry)
 *   bit 5     net.ipv4.ip_forward on for this input
 *   bit 6     reassembly memory limits of a few KiB (eviction)
 * After each input everything is flushed the way time and the stack
 * flush it (timers run out, the device goes down and up), and then no
 * skb, reassembly queue or allocated object may be left over. */
#include <stdio.h>
#include <stdlib.h>
#include <sanitizer/asan_interface.h>

#include "lib/types.h"
#include "lib/string.h"
#include "kernel/preempt.h"
#include "kernel/softirq.h"
#include "kernel/timer.h"
#include "net/core/netdevice.h"
#include "net/core/skbuff.h"
#include "net/ethernet/eth.h"
#include "net/ipv4/af_inet.h"
#include "net/ipv4/devinet.h"
#include "net/ipv4/ip.h"
#include "net/ipv4/ip_fragment.h"
#include "net/ipv4/route.h"
#include "net/ipv4/udp.h"
#include "net/ipv4/netfilter/iptables_cmd.h"
#include "net/sock.h"

#define FRAMES_MAX	4
#define ECHO_MAX	8	/* echo replies per input */

static const u64 steps[8] = { 0, 1, 50, 200, 1000, 3000, 10000, 40000 };
static const u8 our_mac[ETH_ALEN] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };

/* Rules whose matches every IPv4 frame walks; none drops ICMP echo or
 * UDP to the sockets below from 10.0.9.1, so replies still get built. */
static const char *const rules[] = {
	"-A INPUT -p udp --dport 9 -j DROP",
	"-A INPUT -s 10.0.9.66 -j DROP",
	"-A INPUT -p tcp --dport 1000:2000 -j DROP",
	"-A INPUT -i eth0 -p udp ! --sport 53 -d 10.0.9.2 -j ACCEPT",
	"-A INPUT ! -s 10.0.9.0/24 -p icmp -j ACCEPT",
	"-A FORWARD -p udp --sport 60000: -j DROP",
	"-A OUTPUT -p icmp -d 10.0.9.77 -j DROP",
};

/* 10.0.9.1 (the gateway) asks who has 10.0.9.2: from it napkin learns the
 * gateway's MAC, so replies to input leave at once instead of waiting on
 * ARP resolution that nobody would answer. */
static const u8 gw_arp_request[42] = {
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0x00, 0x00, 0x00, 0x09, 0x01,
	0x08, 0x06, 0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x01,
	0x02, 0x00, 0x00, 0x00, 0x09, 0x01, 10, 0, 9, 1,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 10, 0, 9, 2,
};

static struct net_device *eth0;
static struct sock *echo_sk, *bound_sk, *conn_sk;
static long live_baseline;
static u64 tx_frames;

static netdev_tx_t fake_xmit(struct sk_buff *skb, struct net_device *dev)
{
	tx_frames++;
	dev_consume_skb_any(skb);
	return NETDEV_TX_OK;
}

static const struct net_device_ops fake_ops = {
	.ndo_start_xmit = fake_xmit,
};

static __be32 ip4(const char *s)
{
	__be32 a;

	if (in4_parse(s, &a))
		abort();
	return a;
}

static void load_rule(const char *line)
{
	char buf[256], err[IPT_ERR_MAX], *argv[IPT_ARGS_MAX];
	struct ipt_cmd cmd;
	int argc;

	strlcpy(buf, line, sizeof(buf));
	argc = ipt_split(buf, argv, IPT_ARGS_MAX);
	if (argc < 0 || ipt_parse(argc, argv, &cmd, err, sizeof(err)) ||
	    ipt_run(&ipt_filter, &cmd, err, sizeof(err))) {
		fprintf(stderr, "fuzz_rx: rule `%s': %s\n", line, err);
		abort();
	}
}

static struct sock *udp_sock(const char *addr, u16 port)
{
	struct sock *sk = sk_alloc(IPPROTO_UDP, &udp_prot);

	if (!sk || udp_prot.bind(sk, ip4(addr), htons(port)))
		abort();
	return sk;
}

/* Read everything queued on sk; answer up to *budget datagrams. */
static void drain(struct sock *sk, int *budget)
{
	static u8 buf[65536];
	__be32 from;
	__be16 sport;
	ssize_t n;

	while ((n = udp_prot.recvmsg(sk, buf, sizeof(buf), MSG_DONTWAIT, &from, &sport)) >= 0) {
		if (budget && *budget > 0) {
			(*budget)--;
			udp_prot.sendmsg(sk, buf, n, from, sport, MSG_DONTWAIT);
		}
	}
}

static void receive(const u8 *data, size_t len);

/* Time runs out for everything pending (reassembly, ARP probes and the
 * packets waiting on them), then eth0 goes down and up, which empties
 * the neighbour table as a link flap does; the gateway is learnt again,
 * so every input starts from the same state. */
static void flush_all(void)
{
	int i;

	drain(echo_sk, NULL);
	drain(bound_sk, NULL);
	drain(conn_sk, NULL);
	for (i = 0; i < 8; i++)
		fuzz_advance(40 * HZ);
	local_bh_disable();
	dev_close(eth0);
	local_bh_enable();
	if (dev_open(eth0))
		abort();
	fuzz_run_softirqs();
	receive(gw_arp_request, sizeof(gw_arp_request));
}

static void check_clean(void)
{
	struct skb_stats s;
	unsigned int inuse;
	unsigned long mem;

	skb_get_stats(&s);
	ipfrag_usage(&inuse, &mem);
	if (s.live || inuse || mem || fuzz_live_objects() != live_baseline ||
	    preempt_count() || udp_sockets_inuse() != 3) {
		fprintf(stderr, "fuzz_rx: left over after flushing: %llu skbs, %u reassembly "
			"queues of %lu bytes, %ld objects (baseline %ld), preempt_count %u, "
			"%u UDP sockets\n", (unsigned long long)s.live, inuse, mem,
			fuzz_live_objects(), live_baseline, preempt_count(),
			udp_sockets_inuse());
		abort();
	}
}

static void setup(void)
{
	unsigned int i;

	timers_init();
	net_dev_init();
	inet_init();
	for (i = 0; i < ARRAY_SIZE(rules); i++)
		load_rule(rules[i]);
	eth0 = alloc_etherdev(0);
	if (!eth0)
		abort();
	eth0->netdev_ops = &fake_ops;
	memcpy(eth0->dev_addr, our_mac, ETH_ALEN);
	if (register_netdev(eth0) || dev_open(eth0))
		abort();
	netif_carrier_on(eth0);
	if (inet_set_ifa(eth0, ip4("10.0.9.2"), 24) ||
	    fib_add_route(0, 0, ip4("10.0.9.1"), eth0, RTPROT_BOOT, 0))
		abort();
	echo_sk = udp_sock("0.0.0.0", 7);
	bound_sk = udp_sock("10.0.9.2", 5000);
	conn_sk = udp_sock("0.0.0.0", 6000);
	if (udp_prot.connect(conn_sk, ip4("10.0.9.1"), htons(53)))
		abort();
	fuzz_run_softirqs();
	flush_all();
	live_baseline = fuzz_live_objects();
	check_clean();
}

static void receive(const u8 *data, size_t len)
{
	struct sk_buff *skb = netdev_alloc_skb(eth0, len);

	/* A frame longer than the receive buffer never leaves the NIC. */
	if (!skb)
		return;
	skb_put_data(skb, data, len);
	/* The 2 KiB buffer holds more than the frame: make ASan report any
	 * read past the received bytes (free and reuse unpoison it). */
	ASAN_POISON_MEMORY_REGION(skb_tail_pointer(skb), skb_tailroom(skb));
	skb->protocol = eth_type_trans(skb, eth0);
	netif_rx(skb);
	fuzz_run_softirqs();
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	static bool ready;
	int sysfwd, high, low, budget = ECHO_MAX;
	unsigned int nframes, i;
	u64 step;
	size_t len;

	if (!ready) {
		setup();
		ready = true;
	}
	if (size < 1)
		return 0;
	nframes = (data[0] & 3) + 1;
	step = steps[(data[0] >> 2) & 7];
	sysfwd = sysctl_ip_forward;
	high = sysctl_ipfrag_high_thresh;
	low = sysctl_ipfrag_low_thresh;
	if (data[0] & 0x20)
		sysctl_ip_forward = 1;
	if (data[0] & 0x40) {
		sysctl_ipfrag_high_thresh = 6144;
		sysctl_ipfrag_low_thresh = 4096;
	}
	data++;
	size--;
	for (i = 0; i < nframes && size; i++) {
		len = size;
		if (i + 1 < nframes && size >= 2) {
			len = min_t(size_t, (size_t)data[0] << 8 | data[1], size - 2);
			data += 2;
			size -= 2;
		}
		receive(data, len);
		data += len;
		size -= len;
		drain(echo_sk, &budget);
		drain(bound_sk, NULL);
		drain(conn_sk, NULL);
		fuzz_advance(step);
	}
	sysctl_ip_forward = sysfwd;
	sysctl_ipfrag_high_thresh = high;
	sysctl_ipfrag_low_thresh = low;
	flush_all();
	check_clean();
	return 0;
}

/* ICMP receive (icmp_rcv: length and checksum, per-type dispatch as in
 * Linux's icmp_pointers[]) and the echo server: a request comes back as a
 * reply with the same identifier, sequence and data, built in the
 * request's own buffer when no one else holds it. [RFC 792] [RFC 1122
 * §3.2.2.6] Errors received are counted and dropped until ICMP errors are
 * built; nothing here sends errors or rate-limits yet. */
#include "net/ipv4/icmp.h"
#include "net/ipv4/ip.h"
#include "net/ipv4/ping.h"
#include "net/ipv4/route.h"
#include "kernel/printk.h"
#include "kernel/sysctl.h"
#include "lib/checksum.h"

int sysctl_icmp_echo_ignore_all;
int sysctl_icmp_echo_ignore_broadcasts = 1;

SYSCTL_INT_ENTRY(icmp_echo_ignore_all, "net.ipv4.icmp_echo_ignore_all",
		 &sysctl_icmp_echo_ignore_all, 0, 1, "1: answer no echo requests");
SYSCTL_INT_ENTRY(icmp_echo_ignore_broadcasts, "net.ipv4.icmp_echo_ignore_broadcasts",
		 &sysctl_icmp_echo_ignore_broadcasts, 0, 1,
		 "1: ignore echo requests sent to broadcast addresses (RFC 1122 3.2.2.6)");

void icmp_out_count(u8 type)
{
	ICMPMSGOUT_INC_STATS(type);
	__ICMP_INC_STATS(ICMP_MIB_OUTMSGS);
}

/* A message we have no use for yet (errors, timestamps, address masks):
 * already counted by type in IcmpMsg. */
static void icmp_discard(struct sk_buff *skb)
{
	consume_skb(skb);
}

/* The request's buffer becomes the reply: only its type and checksum
 * change. A clone's data is shared (a tap holds it), so copy first. */
static void icmp_echo(struct sk_buff *skb)
{
	const struct iphdr *iph = ip_hdr(skb);
	__be32 daddr = iph->saddr;
	__be32 saddr = IPCB(skb)->rt_type == RTN_LOCAL ? iph->daddr : 0;
	u8 tos = iph->tos & ~INET_ECN_MASK;
	struct icmphdr *icmph;

	if (READ_ONCE(sysctl_icmp_echo_ignore_all)) {
		consume_skb(skb);
		return;
	}
	if (skb_cloned(skb) && pskb_expand_head(skb, 0, 0, GFP_ATOMIC)) {
		__ICMP_INC_STATS(ICMP_MIB_OUTERRORS);
		kfree_skb(skb);
		return;
	}
	skb->pkt_type = PACKET_HOST;
	skb->tstamp = 0;
	icmph = (struct icmphdr *)skb->data;
	icmph->type = ICMP_ECHOREPLY;
	icmph->code = 0;
	icmph->checksum = 0;
	icmph->checksum = ip_compute_csum(skb->data, skb->len);
	icmp_out_count(ICMP_ECHOREPLY);
	if (ip_build_and_send_pkt(skb, saddr, daddr, IPPROTO_ICMP, 0, tos))
		__ICMP_INC_STATS(ICMP_MIB_OUTERRORS);
}

struct icmp_control {
	void (*handler)(struct sk_buff *skb);	/* consumes skb */
	bool bcast_ok;	/* may arrive for a broadcast/multicast address */
};

static const struct icmp_control icmp_pointers[NR_ICMP_TYPES + 1] = {
	[ICMP_ECHOREPLY] = { ping_rcv, false },
	[1] = { icmp_discard, false },
	[2] = { icmp_discard, false },
	[ICMP_DEST_UNREACH] = { icmp_discard, false },
	[ICMP_SOURCE_QUENCH] = { icmp_discard, false },
	[ICMP_REDIRECT] = { icmp_discard, false },
	[6] = { icmp_discard, false },
	[7] = { icmp_discard, false },
	[ICMP_ECHO] = { icmp_echo, true },
	[9] = { icmp_discard, false },
	[10] = { icmp_discard, false },
	[ICMP_TIME_EXCEEDED] = { icmp_discard, false },
	[ICMP_PARAMETERPROB] = { icmp_discard, false },
	[ICMP_TIMESTAMP] = { icmp_discard, true },
	[ICMP_TIMESTAMPREPLY] = { icmp_discard, false },
	[ICMP_INFO_REQUEST] = { icmp_discard, false },
	[ICMP_INFO_REPLY] = { icmp_discard, false },
	[ICMP_ADDRESS] = { icmp_discard, true },
	[ICMP_ADDRESSREPLY] = { icmp_discard, true },
};

/* [RFC 1122 §3.2.2.6] echo to a broadcast address MAY be ignored
 * (sysctl); other messages to one are ignored always, as in Linux. */
static bool icmp_bcast_refused(const struct sk_buff *skb, u8 type)
{
	u8 rt_type = IPCB(skb)->rt_type;

	if (rt_type != RTN_BROADCAST && rt_type != RTN_MULTICAST)
		return false;
	if (type == ICMP_ECHO && READ_ONCE(sysctl_icmp_echo_ignore_broadcasts))
		return true;
	return !icmp_pointers[type].bcast_ok;
}

int icmp_rcv(struct sk_buff *skb)
{
	const struct icmphdr *icmph;

	__ICMP_INC_STATS(ICMP_MIB_INMSGS);
	/* Whole message linear: the checksum covers it (it is <= the MTU). */
	if (skb->len < sizeof(struct icmphdr) || !pskb_may_pull(skb, skb->len))
		goto error;
	if (ip_compute_csum(skb->data, skb->len))
		goto csum_error;
	icmph = (const struct icmphdr *)skb->data;
	ICMPMSGIN_INC_STATS(icmph->type);
	if (icmph->type > NR_ICMP_TYPES || icmp_bcast_refused(skb, icmph->type))
		goto error;
	icmp_pointers[icmph->type].handler(skb);
	return 0;

csum_error:
	__ICMP_INC_STATS(ICMP_MIB_CSUMERRORS);
error:
	__ICMP_INC_STATS(ICMP_MIB_INERRORS);
	kfree_skb(skb);
	return 0;
}

static const struct net_protocol icmp_protocol = {
	.handler = icmp_rcv,
};

void icmp_init(void)
{
	if (inet_add_protocol(&icmp_protocol, IPPROTO_ICMP))
		pr_err("icmp: cannot register IPPROTO_ICMP\n");
}

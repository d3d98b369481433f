/* IPv4 forwarding (Linux's ip_forward.c), off unless net.ipv4.ip_forward=1:
 * a datagram for someone else that came to our MAC is routed out again
 * with its TTL decremented; TTL expiry, no route and DF-over-MTU answer
 * with ICMP [RFC 1812 §5.2.1, §4.3.3]. As in Linux, the FORWARD hook
 * runs after the TTL decrement, and ip_forward_finish sends through
 * POST_ROUTING (Linux: dst_output -> ip_output) to ip_finish_output,
 * without ip_output's local-output counters. Not here: redirects, source
 * routing, rp_filter, multicast forwarding. */
#include "net/ipv4/ip.h"
#include "net/ipv4/icmp.h"
#include "net/ipv4/route.h"
#include "net/netfilter/netfilter.h"
#include "net/core/netdevice.h"

static int ip_forward_drop(struct sk_buff *skb, enum ip_drop_reason why)
{
	ip_drop_count(why);
	kfree_skb(skb);
	return NET_RX_DROP;
}

/* [RFC 1812 §5.3.1] decrement TTL; the header is ours to change. */
static void ip_decrease_ttl(struct iphdr *iph)
{
	iph->ttl--;
	ip_send_check(iph);
}

/* After the FORWARD hook: count, then POST_ROUTING and out. A filter
 * drop there, or a failure on the way out, is a drop for the caller
 * (already counted where it happened: IpDrop Netfilter, OutNoMem...). */
static int ip_forward_finish(struct sk_buff *skb)
{
	__IP_INC_STATS(IPSTATS_MIB_OUTFORWDATAGRAMS);
	__IP_ADD_STATS(IPSTATS_MIB_OUTOCTETS, skb->len);
	if (NF_HOOK(NFPROTO_IPV4, NF_INET_POST_ROUTING, skb, NULL, skb->dev,
		    ip_finish_output) < 0)
		return NET_RX_DROP;
	return NET_RX_SUCCESS;
}

int ip_forward(struct sk_buff *skb)
{
	const struct iphdr *iph = ip_hdr(skb);
	unsigned int hlen = iph->ihl * 4;
	struct net_device *in = skb->dev;
	struct rtable rt;

	/* Only what was sent to our MAC: never a link-layer broadcast. */
	if (skb->pkt_type != PACKET_HOST)
		return ip_forward_drop(skb, IPDROP_FWD_NOTHOST);
	if (iph->ttl <= 1) {
		icmp_send(skb, ICMP_TIME_EXCEEDED, ICMP_EXC_TTL, 0);
		return ip_forward_drop(skb, IPDROP_FWD_TTL);
	}
	if (ip_route_output_rt(iph->daddr, &rt) || rt.rt_type != RTN_UNICAST) {
		icmp_send(skb, ICMP_DEST_UNREACH, ICMP_NET_UNREACH, 0);
		return ip_forward_drop(skb, IPDROP_FWD_NOROUTE);
	}
	if (skb->len > rt.dev->mtu && (iph->frag_off & htons(IP_DF))) {
		icmp_send(skb, ICMP_DEST_UNREACH, ICMP_FRAG_NEEDED, rt.dev->mtu);
		return ip_forward_drop(skb, IPDROP_FWD_TOOBIG);
	}
	/* A tap may share the data: the TTL change needs our own copy. */
	if (skb_cloned(skb) && pskb_expand_head(skb, 0, 0, GFP_ATOMIC))
		return ip_forward_drop(skb, IPDROP_FWD_NOMEM);
	if (skb_cow_head(skb, LL_RESERVED_SPACE(rt.dev)) || !pskb_may_pull(skb, hlen))
		return ip_forward_drop(skb, IPDROP_FWD_NOMEM);
	ip_decrease_ttl(ip_hdr(skb));

	skb->dev = rt.dev;
	skb->pkt_type = PACKET_HOST;
	skb->tstamp = 0;
	IPCB(skb)->nexthop = rt.rt_gw;
	IPCB(skb)->rt_type = RTN_UNICAST;
	/* FORWARD sees both devices; a drop there is counted (Netfilter),
	 * and so is one at POST_ROUTING, which ip_forward_finish returns. */
	if (NF_HOOK(NFPROTO_IPV4, NF_INET_FORWARD, skb, in, rt.dev,
		    ip_forward_finish) != NET_RX_SUCCESS)
		return NET_RX_DROP;
	return NET_RX_SUCCESS;
}

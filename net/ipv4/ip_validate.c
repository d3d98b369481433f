/* The IPv4 receive checks of RFC 1122 §3.2.1 as pure functions over
 * bytes (header, options, source address), and ip_rcv_core, which runs
 * them on an skb: the part of ip_rcv the unit tests drive directly.
 * Nothing here routes, delivers or looks at device state. */
#include "net/ipv4/ip.h"
#include "net/core/netdevice.h"
#include "lib/checksum.h"
#include "lib/string.h"

enum ip_drop_reason ip_options_check(const u8 *opt, unsigned int optlen)
{
	unsigned int i = 0;

	while (i < optlen) {
		if (opt[i] == IPOPT_END)
			return IPDROP_NONE;	/* the rest is padding */
		if (opt[i] == IPOPT_NOOP) {
			i++;
			continue;
		}
		/* [RFC 791 §3.1] type, length (counting both), data. */
		if (i + 1 >= optlen || opt[i + 1] < 2 || opt[i + 1] > optlen - i)
			return IPDROP_BAD_OPTIONS;
		i += opt[i + 1];
	}
	return IPDROP_NONE;
}

enum ip_drop_reason ip_hdr_check(const void *data, unsigned int avail,
				 unsigned int len, struct ip_hdr_info *info)
{
	const struct iphdr *iph = data;
	unsigned int hlen, tot_len;

	if (len < IP_MIN_HLEN || avail < IP_MIN_HLEN)
		return IPDROP_HDR_TOO_SHORT;
	if (iph->version != IPVERSION)
		return IPDROP_BAD_VERSION;
	if (iph->ihl < 5)
		return IPDROP_BAD_IHL;
	hlen = iph->ihl * 4;
	if (hlen > len || hlen > avail)
		return IPDROP_HDR_TRUNCATED;
	if (ip_fast_csum(iph, iph->ihl) != 0)
		return IPDROP_BAD_CSUM;
	tot_len = ntohs(iph->tot_len);
	/* Linux's order: a datagram longer than the frame is "truncated"
	 * before one shorter than its own header is a header error. */
	if (tot_len > len)
		return IPDROP_TRUNCATED;
	if (tot_len < hlen)
		return IPDROP_TOTLEN_SHORT;
	if (hlen > IP_MIN_HLEN &&
	    ip_options_check((const u8 *)data + IP_MIN_HLEN, hlen - IP_MIN_HLEN))
		return IPDROP_BAD_OPTIONS;
	info->hlen = hlen;
	info->tot_len = tot_len;
	info->has_options = hlen > IP_MIN_HLEN;
	return IPDROP_NONE;
}

enum ip_drop_reason ip_saddr_check(__be32 saddr, const struct ip_saddr_ctx *ctx)
{
	if (ipv4_is_multicast(saddr) || ipv4_is_lbcast(saddr) || ipv4_is_zeronet(saddr))
		return IPDROP_MARTIAN_SRC;
	if (ctx->dev_bcast && saddr == ctx->dev_bcast)
		return IPDROP_MARTIAN_SRC;
	if (ctx->on_loopback)
		return IPDROP_NONE;
	/* §3.2.1.3(g): 127/8 "MUST NOT appear outside a host". */
	if (ipv4_is_loopback(saddr))
		return IPDROP_MARTIAN_SRC;
	if (ctx->saddr_is_local)
		return IPDROP_OWN_SRC;
	return IPDROP_NONE;
}

/* ECN codepoint counters (IpExt InNoECTPkts...), as Linux keeps them. */
static void ip_count_ecn(const struct iphdr *iph)
{
	static const int ecn_mib[4] = {
		IPSTATS_MIB_NOECTPKTS, IPSTATS_MIB_ECT1PKTS,
		IPSTATS_MIB_ECT0PKTS, IPSTATS_MIB_CEPKTS,
	};

	__IP_INC_STATS(ecn_mib[iph->tos & INET_ECN_MASK]);
}

/* Drop the link-layer padding after the datagram (short Ethernet frames
 * are padded to 60 bytes). 0, or -ENOMEM-like failure from pskb_trim. */
static int ip_trim_padding(struct sk_buff *skb, unsigned int tot_len)
{
	if (skb->len <= tot_len)
		return 0;
	if (pskb_trim(skb, tot_len))
		return -1;
	/* A sum over the whole frame no longer matches the data. */
	if (skb->ip_summed == CHECKSUM_COMPLETE)
		skb->ip_summed = CHECKSUM_NONE;
	return 0;
}

static struct sk_buff *ip_rcv_drop(struct sk_buff *skb, enum ip_drop_reason why)
{
	ip_drop_count(why);
	kfree_skb(skb);
	return NULL;
}

struct sk_buff *ip_rcv_core(struct sk_buff *skb, struct net_device *dev)
{
	struct ip_hdr_info info;
	enum ip_drop_reason why;

	/* Promiscuous mode shows us others' unicast: not ours to count. */
	if (skb->pkt_type == PACKET_OTHERHOST)
		return ip_rcv_drop(skb, IPDROP_OTHERHOST);
	__IP_INC_STATS(IPSTATS_MIB_INPKTS);
	__IP_ADD_STATS(IPSTATS_MIB_INOCTETS, skb->len);

	/* A tap may hold the skb: pulls and trims below change it. */
	skb = skb_share_check(skb, GFP_ATOMIC);
	if (!skb) {
		ip_drop_count(IPDROP_NOMEM);
		return NULL;
	}
	if (!pskb_may_pull(skb, min_t(unsigned int, skb->len, IP_MAX_HLEN)))
		return ip_rcv_drop(skb, IPDROP_NOMEM);
	why = ip_hdr_check(skb->data, skb_headlen(skb), skb->len, &info);
	if (why)
		return ip_rcv_drop(skb, why);
	ip_count_ecn((const struct iphdr *)skb->data);
	if (ip_trim_padding(skb, info.tot_len))
		return ip_rcv_drop(skb, IPDROP_NOMEM);

	skb_reset_network_header(skb);
	skb_set_transport_header(skb, info.hlen);
	memset(IPCB(skb), 0, sizeof(struct inet_skb_parm));
	IPCB(skb)->iif = dev->ifindex;
	return skb;
}

/* IPv4 transmit of locally generated packets, in Linux's stages:
 * ip_build_and_send_pkt (route, header) -> ip_local_out -> ip_output ->
 * ip_finish_output (the MTU check: fragmentation will go here; until
 * then an oversized packet is dropped and counted) -> ip_finish_output2
 * (neighbour resolution) -> dev_queue_xmit. The netfilter hooks LOCAL_OUT
 * and POST_ROUTING will sit between these stages. No IP options sent. */
#include "net/ipv4/ip.h"
#include "net/ipv4/arp.h"
#include "net/ipv4/route.h"
#include "net/core/netdevice.h"
#include "arch/x86_64/cpu.h"
#include "kernel/sysctl.h"
#include "lib/checksum.h"
#include "lib/errno.h"
#include "lib/string.h"

int sysctl_ip_default_ttl = IPDEFTTL;
SYSCTL_INT_ENTRY(ip_default_ttl, "net.ipv4.ip_default_ttl", &sysctl_ip_default_ttl,
		 1, MAXTTL, "TTL of locally generated IPv4 packets");

#define IP_MAX_TOT_LEN	0xFFFF	/* tot_len is 16 bits */

/* Identification: unique per (source, destination, protocol) while a
 * datagram may live [RFC 791 §3.2]; one counter is the simple superset.
 * Seeded at first use so a reboot does not replay the sequence. */
static u32 ip_ident;

static __be16 ip_select_ident(void)
{
	return htons((u16)__atomic_fetch_add(&ip_ident, 1, __ATOMIC_RELAXED));
}

void ip_send_check(struct iphdr *iph)
{
	iph->check = 0;
	iph->check = ip_fast_csum(iph, iph->ihl);
}

static int ip_out_drop(struct sk_buff *skb, enum ip_drop_reason why, int err)
{
	ip_drop_count(why);
	kfree_skb(skb);
	return err;
}

static int ip_finish_output2(struct sk_buff *skb)
{
	__IP_INC_STATS(IPSTATS_MIB_OUTPKTS);
	return neigh_output_ip(skb->dev, skb, IPCB(skb)->nexthop);
}

static int ip_finish_output(struct sk_buff *skb)
{
	if (skb->len > skb->dev->mtu)
		return ip_out_drop(skb, IPDROP_OUT_TOOBIG, -EMSGSIZE);
	return ip_finish_output2(skb);
}

static int ip_output(struct sk_buff *skb)
{
	u8 rt_type = IPCB(skb)->rt_type;

	__IP_INC_STATS(IPSTATS_MIB_OUTREQUESTS);
	__IP_ADD_STATS(IPSTATS_MIB_OUTOCTETS, skb->len);
	if (rt_type == RTN_BROADCAST) {
		__IP_INC_STATS(IPSTATS_MIB_OUTBCASTPKTS);
		__IP_ADD_STATS(IPSTATS_MIB_OUTBCASTOCTETS, skb->len);
	} else if (rt_type == RTN_MULTICAST) {
		__IP_INC_STATS(IPSTATS_MIB_OUTMCASTPKTS);
		__IP_ADD_STATS(IPSTATS_MIB_OUTMCASTOCTETS, skb->len);
	}
	return ip_finish_output(skb);
}

static int ip_local_out(struct sk_buff *skb)
{
	return ip_output(skb);
}

static void ip_build_header(struct sk_buff *skb, __be32 saddr, __be32 daddr,
			    u8 proto, u8 ttl, u8 tos)
{
	struct iphdr *iph;

	skb_reset_transport_header(skb);
	iph = skb_push(skb, sizeof(*iph));
	skb_reset_network_header(skb);
	iph->version = IPVERSION;
	iph->ihl = sizeof(*iph) / 4;
	iph->tos = tos;
	iph->tot_len = htons(skb->len);
	iph->id = ip_select_ident();
	iph->frag_off = 0;	/* DF off: nothing here does path MTU discovery */
	iph->ttl = ttl ? ttl : READ_ONCE(sysctl_ip_default_ttl);
	iph->protocol = proto;
	iph->saddr = saddr;
	iph->daddr = daddr;
	ip_send_check(iph);
}

int ip_build_and_send_pkt(struct sk_buff *skb, __be32 saddr, __be32 daddr,
			  u8 proto, u8 ttl, u8 tos)
{
	struct rtable rt;

	if (ip_route_output_rt(daddr, &rt))
		return ip_out_drop(skb, IPDROP_OUT_NOROUTE, -ENETUNREACH);
	if (skb->len > IP_MAX_TOT_LEN - sizeof(struct iphdr))
		return ip_out_drop(skb, IPDROP_OUT_TOOBIG, -EMSGSIZE);
	if (skb_cow_head(skb, LL_RESERVED_SPACE(rt.dev) + sizeof(struct iphdr)))
		return ip_out_drop(skb, IPDROP_OUT_NOMEM, -ENOMEM);
	if (!READ_ONCE(ip_ident))
		WRITE_ONCE(ip_ident, (u32)rdtsc() | 1);

	ip_build_header(skb, saddr ? saddr : rt.rt_src, daddr, proto, ttl, tos);
	skb->dev = rt.dev;
	skb->protocol = htons(ETH_P_IP);
	skb->ip_summed = CHECKSUM_NONE;
	memset(IPCB(skb), 0, sizeof(struct inet_skb_parm));
	IPCB(skb)->nexthop = rt.rt_gw;
	IPCB(skb)->rt_type = rt.rt_type;
	return ip_local_out(skb);
}

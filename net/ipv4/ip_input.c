/* IPv4 receive, in Linux's stages: ip_rcv (header checks: ip_rcv_core in
 * ip_validate.c) -> ip_rcv_finish (route input: local, broadcast, or
 * dropped) -> ip_local_deliver (fragments stop here until reassembly
 * exists) -> ip_local_deliver_finish (the protocol table). The netfilter
 * hooks PRE_ROUTING and LOCAL_IN will sit between these stages. Every
 * drop counts in IpDrop and its MIB field. */
#include "net/ipv4/ip.h"
#include "net/ipv4/route.h"
#include "net/core/netdevice.h"
#include "net/ethernet/eth.h"
#include "kernel/printk.h"
#include "lib/errno.h"

static const struct net_protocol *inet_protos[MAX_INET_PROTOS];

int inet_add_protocol(const struct net_protocol *prot, u8 protocol)
{
	const struct net_protocol *none = NULL;

	if (!prot || !prot->handler)
		return -EINVAL;
	return __atomic_compare_exchange_n(&inet_protos[protocol], &none, prot, false,
					   __ATOMIC_RELEASE, __ATOMIC_RELAXED) ? 0 : -EEXIST;
}

int inet_del_protocol(const struct net_protocol *prot, u8 protocol)
{
	const struct net_protocol *expect = prot;

	return __atomic_compare_exchange_n(&inet_protos[protocol], &expect, NULL, false,
					   __ATOMIC_RELEASE, __ATOMIC_RELAXED) ? 0 : -ENOENT;
}

static int ip_drop(struct sk_buff *skb, enum ip_drop_reason why)
{
	ip_drop_count(why);
	kfree_skb(skb);
	return NET_RX_DROP;
}

static int ip_local_deliver_finish(struct sk_buff *skb)
{
	u8 protocol = ip_hdr(skb)->protocol;
	const struct net_protocol *ipprot;

	/* ip_rcv_core made the whole header linear. */
	skb_pull(skb, skb_transport_offset(skb));
	ipprot = __atomic_load_n(&inet_protos[protocol], __ATOMIC_ACQUIRE);
	if (!ipprot)	/* ICMP protocol unreachable comes with ICMP errors */
		return ip_drop(skb, IPDROP_NOPROTO);
	ipprot->handler(skb);
	__IP_INC_STATS(IPSTATS_MIB_INDELIVERS);
	return NET_RX_SUCCESS;
}

int ip_local_deliver(struct sk_buff *skb)
{
	const struct iphdr *iph = ip_hdr(skb);

	/* Reassembly (ip_defrag) goes here. Until then a fragment cannot be
	 * delivered: counted as a reassembly request that failed. */
	if (ip_is_fragment(iph)) {
		__IP_INC_STATS(IPSTATS_MIB_REASMREQDS);
		pr_info_ratelimited("ipv4: fragment from %pI4 id %u dropped: reassembly arrives with the IPv4 issue\n",
				    &iph->saddr, ntohs(iph->id));
		return ip_drop(skb, IPDROP_FRAGMENT);
	}
	return ip_local_deliver_finish(skb);
}

static void ip_count_cast(u8 rt_type, unsigned int len)
{
	if (rt_type == RTN_BROADCAST) {
		__IP_INC_STATS(IPSTATS_MIB_INBCASTPKTS);
		__IP_ADD_STATS(IPSTATS_MIB_INBCASTOCTETS, len);
	} else if (rt_type == RTN_MULTICAST) {
		__IP_INC_STATS(IPSTATS_MIB_INMCASTPKTS);
		__IP_ADD_STATS(IPSTATS_MIB_INMCASTOCTETS, len);
	}
}

static int ip_rcv_finish(struct sk_buff *skb)
{
	const struct iphdr *iph = ip_hdr(skb);
	enum ip_drop_reason why;
	u8 rt_type;

	why = ip_route_input(iph->daddr, iph->saddr, skb->dev, &rt_type);
	ip_count_cast(rt_type, skb->len);
	if (why)
		return ip_drop(skb, why);
	IPCB(skb)->rt_type = rt_type;
	return ip_local_deliver(skb);
}

int ip_rcv(struct sk_buff *skb, struct net_device *dev,
	   struct packet_type *pt, struct net_device *orig_dev)
{
	skb = ip_rcv_core(skb, dev);
	if (!skb)
		return NET_RX_DROP;
	return ip_rcv_finish(skb);
}

static struct packet_type ip_packet_type = {
	.func = ip_rcv,
};

void ip_init(void)
{
	ip_packet_type.type = htons(ETH_P_IP);
	if (dev_add_pack(&ip_packet_type))
		pr_err("ipv4: cannot register ETH_P_IP\n");
}

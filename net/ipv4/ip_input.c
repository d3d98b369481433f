/* IPv4 receive, in Linux's stages: ip_rcv (header checks: ip_rcv_core in
 * ip_validate.c) -> ip_rcv_finish (route input: local, broadcast,
 * forwarded when net.ipv4.ip_forward=1, or dropped) -> ip_local_deliver
 * (fragments go to ip_defrag; a datagram goes on when whole) ->
 * ip_local_deliver_finish (the protocol table; ICMP protocol unreachable
 * when no one has the protocol). The netfilter hooks sit between the
 * stages as in Linux: PRE_ROUTING before ip_rcv_finish, LOCAL_IN after
 * reassembly, before ip_local_deliver_finish. Every drop counts in IpDrop
 * and its MIB field (a hook's drop: Netfilter). */
#include "net/ipv4/ip.h"
#include "net/ipv4/icmp.h"
#include "net/ipv4/ip_fragment.h"
#include "net/ipv4/route.h"
#include "net/netfilter/netfilter.h"
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

const struct net_protocol *inet_get_protocol(u8 protocol)
{
	return __atomic_load_n(&inet_protos[protocol], __ATOMIC_ACQUIRE);
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
	ipprot = inet_get_protocol(protocol);
	if (!ipprot) {
		/* icmp_send applies the RFC 1122 rules (not for broadcasts). */
		icmp_send(skb, ICMP_DEST_UNREACH, ICMP_PROT_UNREACH, 0);
		return ip_drop(skb, IPDROP_NOPROTO);
	}
	ipprot->handler(skb);
	__IP_INC_STATS(IPSTATS_MIB_INDELIVERS);
	return NET_RX_SUCCESS;
}

/* NF_HOOK's -EPERM (filtered, counted) is a receive drop. */
static int ip_rx_verdict(int ret)
{
	return ret < 0 ? NET_RX_DROP : ret;
}

int ip_local_deliver(struct sk_buff *skb)
{
	/* Reassemble here, as Linux does: only datagrams for us, and the
	 * INPUT rules see whole datagrams (ports and all). */
	if (ip_is_fragment(ip_hdr(skb))) {
		skb = ip_defrag(skb);
		if (!skb)
			return NET_RX_SUCCESS;	/* queued, or dropped and counted */
	}
	return ip_rx_verdict(NF_HOOK(NFPROTO_IPV4, NF_INET_LOCAL_IN, skb, skb->dev,
				     NULL, ip_local_deliver_finish));
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
	if (why == IPDROP_NOT_FOR_US && READ_ONCE(sysctl_ip_forward))
		return ip_forward(skb);
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
	return ip_rx_verdict(NF_HOOK(NFPROTO_IPV4, NF_INET_PRE_ROUTING, skb, dev, NULL,
				     ip_rcv_finish));
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

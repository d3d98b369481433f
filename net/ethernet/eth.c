/* Ethernet II receive classification (eth_type_trans), header building
 * (eth_header), device defaults (ether_setup) and address helpers, as in
 * Linux's net/ethernet/eth.c. No VLAN, no 802.2 LLC/SNAP parsing. */
#include "net/ethernet/eth.h"
#include "net/core/netdevice.h"
#include "arch/x86_64/cpu.h"
#include "kernel/timer.h"
#include "lib/byteorder.h"
#include "lib/hash.h"

__be16 eth_type_trans(struct sk_buff *skb, struct net_device *dev)
{
	const struct ethhdr *eth;
	u16 proto;

	skb->dev = dev;
	if (unlikely(!pskb_may_pull(skb, ETH_HLEN))) {
		dev->stats.rx_length_errors++;
		dev->stats.rx_errors++;
		return 0;
	}
	skb_reset_mac_header(skb);
	eth = (const struct ethhdr *)skb->data;
	skb_pull(skb, ETH_HLEN);

	if (likely(ether_addr_equal(eth->h_dest, dev->dev_addr)))
		skb->pkt_type = PACKET_HOST;
	else if (is_broadcast_ether_addr(eth->h_dest))
		skb->pkt_type = PACKET_BROADCAST;
	else if (is_multicast_ether_addr(eth->h_dest))
		skb->pkt_type = PACKET_MULTICAST;
	else
		skb->pkt_type = PACKET_OTHERHOST;

	proto = ntohs(eth->h_proto);
	if (likely(proto >= ETH_P_802_3_MIN))
		return eth->h_proto;
	/* A length, not a type: Novell "raw 802.3" starts the payload with
	 * the IPX checksum 0xFFFF; anything else is 802.2 LLC. */
	if (skb_headlen(skb) >= 2 && skb->data[0] == 0xFF && skb->data[1] == 0xFF)
		return htons(ETH_P_802_3);
	return htons(ETH_P_802_2);
}

int eth_header(struct sk_buff *skb, struct net_device *dev, u16 type,
	       const void *daddr, const void *saddr, unsigned int len)
{
	struct ethhdr *eth = skb_push(skb, ETH_HLEN);

	if (type != ETH_P_802_3 && type != ETH_P_802_2)
		eth->h_proto = htons(type);
	else
		eth->h_proto = htons(len);
	ether_addr_copy(eth->h_source, saddr ? saddr : dev->dev_addr);
	if (daddr) {
		ether_addr_copy(eth->h_dest, daddr);
		return ETH_HLEN;
	}
	/* Loopback and NOARP devices need no resolution: any address will do. */
	if (dev->flags & (IFF_LOOPBACK | IFF_NOARP)) {
		eth_zero_addr(eth->h_dest);
		return ETH_HLEN;
	}
	return -ETH_HLEN;
}

/* The source address of a received frame (for ARP and the tap). */
static int eth_header_parse(const struct sk_buff *skb, unsigned char *haddr)
{
	ether_addr_copy(haddr, eth_hdr(skb)->h_source);
	return ETH_ALEN;
}

const struct header_ops eth_header_ops = {
	.create = eth_header,
	.parse = eth_header_parse,
};

void ether_setup(struct net_device *dev)
{
	dev->header_ops = &eth_header_ops;
	dev->type = ARPHRD_ETHER;
	dev->hard_header_len = ETH_HLEN;
	dev->mtu = ETH_DATA_LEN;
	dev->min_mtu = ETH_MIN_MTU;
	dev->max_mtu = ETH_DATA_LEN;
	dev->addr_len = ETH_ALEN;
	dev->tx_queue_len = DEFAULT_TX_QUEUE_LEN;
	dev->flags = IFF_BROADCAST | IFF_MULTICAST;
	eth_broadcast_addr(dev->broadcast);
}

/* Not cryptographic: a station address only needs to be unlikely to
 * collide on one segment, so TSC and jiffies through a mixer suffice. */
void eth_random_addr(u8 *addr)
{
	u64 seed = rdtsc() ^ ((u64)jiffies << 32) ^ (uintptr_t)addr;
	u64 v = (u64)hash_64(seed, 32) << 32 | hash_64(seed ^ GOLDEN_RATIO_64, 32);
	int i;

	for (i = 0; i < ETH_ALEN; i++)
		addr[i] = (u8)(v >> (8 * i));
	addr[0] &= 0xfe;	/* unicast */
	addr[0] |= 0x02;	/* locally administered */
}

char *mac_to_str(const u8 *addr, char *buf)
{
	static const char hex[] = "0123456789abcdef";
	char *p = buf;
	int i;

	for (i = 0; i < ETH_ALEN; i++) {
		*p++ = hex[addr[i] >> 4];
		*p++ = hex[addr[i] & 0xf];
		*p++ = i < ETH_ALEN - 1 ? ':' : '\0';
	}
	return buf;
}

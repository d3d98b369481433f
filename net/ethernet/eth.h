/* Ethernet II framing: header layout, EtherTypes, address predicates, and
 * the receive (eth_type_trans) and transmit (eth_header) helpers, as in
 * Linux's if_ether.h/etherdevice.h. No VLAN tags, no 802.2 LLC decoding. */
#ifndef NET_ETHERNET_ETH_H
#define NET_ETHERNET_ETH_H

#include "lib/types.h"
#include "lib/string.h"
#include "net/core/skbuff.h"

struct net_device;

#define ETH_ALEN	6		/* octets in one address */
#define ETH_TLEN	2		/* octets in the type field */
#define ETH_HLEN	14		/* header: dst, src, type */
#define ETH_ZLEN	60		/* minimum frame without FCS */
#define ETH_DATA_LEN	1500		/* payload (MTU) */
#define ETH_FRAME_LEN	1514		/* maximum frame without FCS */
#define ETH_FCS_LEN	4

#define ETH_P_802_3_MIN	0x0600		/* below: an 802.3 length, not a type */
#define ETH_P_802_3	0x0001		/* pseudo types for 802.3 frames */
#define ETH_P_802_2	0x0004
#define ETH_P_ALL	0x0003		/* packet_type: every protocol (taps) */
#define ETH_P_IP	0x0800
#define ETH_P_ARP	0x0806
#define ETH_P_8021Q	0x8100
#define ETH_P_IPV6	0x86DD
#define ETH_P_LLDP	0x88CC

/* Offsets, for code that reads raw frames (the tap, fuzzers). */
#define ETH_DEST_OFF	0
#define ETH_SOURCE_OFF	6
#define ETH_PROTO_OFF	12

struct ethhdr {
	u8 h_dest[ETH_ALEN];
	u8 h_source[ETH_ALEN];
	__be16 h_proto;
} __packed;

static_assert(sizeof(struct ethhdr) == ETH_HLEN, "ethhdr layout");

/* Room for "aa:bb:cc:dd:ee:ff" and the NUL. */
#define MAC_STR_LEN	18

static inline bool is_zero_ether_addr(const u8 *addr)
{
	return !(addr[0] | addr[1] | addr[2] | addr[3] | addr[4] | addr[5]);
}

/* The I/G bit: group (multicast or broadcast) address. */
static inline bool is_multicast_ether_addr(const u8 *addr)
{
	return addr[0] & 0x01;
}

static inline bool is_broadcast_ether_addr(const u8 *addr)
{
	return (addr[0] & addr[1] & addr[2] & addr[3] & addr[4] & addr[5]) == 0xff;
}

static inline bool is_unicast_ether_addr(const u8 *addr)
{
	return !is_multicast_ether_addr(addr);
}

/* The U/L bit: locally administered. */
static inline bool is_local_ether_addr(const u8 *addr)
{
	return addr[0] & 0x02;
}

/* Usable as a station address: not multicast, not all zeros. */
static inline bool is_valid_ether_addr(const u8 *addr)
{
	return !is_multicast_ether_addr(addr) && !is_zero_ether_addr(addr);
}

static inline bool ether_addr_equal(const u8 *a, const u8 *b)
{
	return !memcmp(a, b, ETH_ALEN);
}

static inline void ether_addr_copy(u8 *dst, const u8 *src)
{
	memcpy(dst, src, ETH_ALEN);
}

static inline void eth_broadcast_addr(u8 *addr)
{
	memset(addr, 0xff, ETH_ALEN);
}

static inline void eth_zero_addr(u8 *addr)
{
	memset(addr, 0, ETH_ALEN);
}

/* The Ethernet header of a received skb (after eth_type_trans). */
static inline struct ethhdr *eth_hdr(const struct sk_buff *skb)
{
	return (struct ethhdr *)skb_mac_header(skb);
}

/* A random locally administered unicast address (for NICs without one). */
void eth_random_addr(u8 *addr);

/* Format addr as "aa:bb:cc:dd:ee:ff" into buf (MAC_STR_LEN bytes); returns buf. */
char *mac_to_str(const u8 *addr, char *buf);

/*
 * Receive: classify the frame for dev and strip its header. On return
 * skb->mac_header points at the Ethernet header, skb->data at the payload,
 * skb->pkt_type says who it was for, skb->dev = dev, and the result is
 * the EtherType (network order) for skb->protocol.
 *
 * A frame shorter than ETH_HLEN (a runt) is counted in
 * dev->stats.rx_length_errors and 0 is returned with the skb untouched:
 * the caller must drop it (kfree_skb). No valid frame yields 0.
 */
__be16 eth_type_trans(struct sk_buff *skb, struct net_device *dev);

/*
 * Transmit: push an Ethernet header for type (host order). daddr NULL
 * leaves the destination for a later fill (returns -ETH_HLEN like Linux);
 * saddr NULL uses dev->dev_addr. Returns ETH_HLEN or -ETH_HLEN.
 */
int eth_header(struct sk_buff *skb, struct net_device *dev, u16 type,
	       const void *daddr, const void *saddr, unsigned int len);

/* header_ops for Ethernet devices (eth0, lo). */
extern const struct header_ops eth_header_ops;

/* Fill in the Ethernet defaults of a net_device (alloc_etherdev's setup). */
void ether_setup(struct net_device *dev);

#endif /* NET_ETHERNET_ETH_H */

/* ARP for IPv4 over Ethernet [RFC 826, RFC 1122 §2.3.2]: the packet
 * layout, the pure receive rules (arp_process.c: parse, validate, the
 * merge rule, when to reply) and the kernel side (arp.c: arp_rcv, the
 * cache lock and timer, requests and replies, gratuitous ARP at link up,
 * neigh_output_ip for IP, `arp` and `ip neigh`, RFC 5227 probes for the
 * DHCP client). Not here: proxy ARP, arp_ignore/arp_filter knobs, RFC
 * 5227 address defence. */
#ifndef NET_IPV4_ARP_H
#define NET_IPV4_ARP_H

#include "lib/types.h"
#include "net/ipv4/neighbour.h"

struct net_device;

#define ARPHRD_ETHER_WIRE	1	/* ar_hrd for Ethernet */
#define ARPOP_REQUEST		1
#define ARPOP_REPLY		2

/* Fixed part, then sha[hln] sip[pln] tha[hln] tip[pln]. */
struct arphdr {
	__be16 ar_hrd;
	__be16 ar_pro;
	u8 ar_hln;
	u8 ar_pln;
	__be16 ar_op;
};

static_assert(sizeof(struct arphdr) == 8, "arphdr layout");

/* Offsets of the Ethernet/IPv4 body fields from the start of the packet. */
#define ARP_SHA_OFF	8
#define ARP_SIP_OFF	14
#define ARP_THA_OFF	18
#define ARP_TIP_OFF	24
#define ARP_ETH_IP_LEN	28	/* the whole Ethernet/IPv4 packet */

/* A parsed request or reply. */
struct arp_msg {
	u16 op;
	u8 sha[ETH_ALEN];
	__be32 sip;
	u8 tha[ETH_ALEN];
	__be32 tip;
};

/* Why a packet was dropped; each counts in arp_stats.drops[]. */
enum arp_drop_reason {
	ARP_DROP_NONE = 0,
	ARP_DROP_TRUNCATED,	/* shorter than its own header says */
	ARP_DROP_BAD_HRD,	/* hardware type not Ethernet */
	ARP_DROP_BAD_PRO,	/* protocol not IPv4 */
	ARP_DROP_BAD_HLN,	/* hardware address length != 6 */
	ARP_DROP_BAD_PLN,	/* protocol address length != 4 */
	ARP_DROP_BAD_OP,	/* neither request nor reply */
	ARP_DROP_BAD_TIP,	/* target multicast or loopback */
	ARP_DROP_INVALID_SIP,	/* sender broadcast, multicast, 0/8, 127/8 */
	ARP_DROP_INVALID_SHA,	/* sender MAC broadcast, multicast or zero */
	ARP_DROP_OWN_FRAME,	/* our own address and MAC: our frame looped */
	ARP_DROP_CONFLICT,	/* our address from another MAC */
	ARP_DROP_OTHERHOST,	/* unicast to another MAC */
	ARP_DROP_NOARP_DEV,	/* on lo or a NOARP device */
	ARP_DROP_NOMEM,		/* share check or reply allocation failed */
	ARP_DROP_MAX
};

struct arp_stats {
	u64 drops[ARP_DROP_MAX];
	u64 rcv_requests;
	u64 rcv_replies;
	u64 rcv_garp;		/* sender == target: announcements */
	u64 rcv_dad_probes;	/* sender 0.0.0.0 (RFC 5227 probes) */
	u64 not_for_us;		/* neither cached nor aimed at us: ignored */
	u64 out_requests;
	u64 out_replies;
	u64 out_garp;
	u64 out_failed;		/* could not build or send */
};

extern const char *const arp_drop_names[ARP_DROP_MAX];

/* Check an ARP packet of len bytes at data (Ethernet/IPv4 only) and fill
 * m; ARP_DROP_NONE or the reason. */
enum arp_drop_reason arp_parse(const void *data, unsigned int len,
			       struct arp_msg *m);

/* The receiving device, as arp_process needs it. */
struct arp_ctx {
	struct net_device *dev;
	const u8 *dev_hw;	/* its MAC */
	__be32 dev_addr;	/* its IPv4 address, 0 if none */
	__be32 dev_bcast;	/* its subnet broadcast, 0 if none */
	bool pkt_host;		/* the frame was unicast to us */
};

enum arp_action {
	ARP_ACT_NONE,		/* consumed (counted) */
	ARP_ACT_REPLY,		/* answer: we are the target of a request */
	ARP_ACT_CONFLICT,	/* log: someone else uses our address */
};

/*
 * RFC 826's receive algorithm with RFC 1122's additions: invalid senders
 * make no entries; a cached sender is updated (the merge); an entry is
 * added only when the target is us; requests for us are answered. Caller
 * holds tbl->lock; released packets go to w. Counts into st.
 */
enum arp_action arp_process(struct neigh_table *tbl, const struct arp_msg *m,
			    const struct arp_ctx *ctx, u64 now,
			    struct neigh_work *w, struct arp_stats *st);

/* --- the kernel side (arp.c) --- */

/*
 * Send an IPv4 packet (skb->data at the IP header) to nexthop on dev:
 * broadcast and multicast map directly, loopback needs no address,
 * unicast goes through the cache (sent, or queued while resolving).
 * Consumes skb. 0, or -ENOBUFS when no cache entry could be made.
 */
int neigh_output_ip(struct net_device *dev, struct sk_buff *skb, __be32 nexthop);

/* Build and send one ARP packet (Linux's arp_send; ptype is ETH_P_ARP).
 * dest_hw NULL = broadcast, src_hw NULL = dev's, target_hw NULL = zeros. */
void arp_send(int type, int ptype, __be32 dest_ip, struct net_device *dev,
	      __be32 src_ip, const u8 *dest_hw, const u8 *src_hw,
	      const u8 *target_hw);

/* Announce dev's address (a gratuitous request) if it has one and is up
 * with carrier. */
void arp_send_garp(struct net_device *dev);

/*
 * RFC 5227 §2.1.1 probing of an address before using it: a request with
 * sender IP 0.0.0.0 and target addr, and a watch that arp_rcv fills when
 * a packet on dev shows addr in use (sender IP addr) or another host
 * probing it (sender 0.0.0.0, target addr, another MAC). At most
 * ARP_PROBE_MAX watches; the caller owns p and stops it before freeing.
 */
struct arp_probe {
	struct net_device *dev;
	__be32 addr;
	bool conflict;		/* set by arp_rcv: read with READ_ONCE */
	u8 sha[ETH_ALEN];	/* the MAC that answered */
};

#define ARP_PROBE_MAX		4

/* 0 or -ENOSPC. Clears p->conflict. Threads or softirq. */
int arp_probe_start(struct arp_probe *p);
/* Send one probe for p->addr on p->dev. */
void arp_probe_send(const struct arp_probe *p);
void arp_probe_stop(struct arp_probe *p);

/* Register the packet type, notifier, timer, `ip neigh`. */
void arp_init(void);

#endif /* NET_IPV4_ARP_H */

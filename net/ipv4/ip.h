/* IPv4 [RFC 791, RFC 1122 §3.2.1]: the header, protocol numbers, address
 * classes, the protocol dispatch table and the entry points of
 * ip_input.c, ip_output.c and the pure checks of ip_validate.c.
 * Reassembly is ip_fragment.c/inet_fragment.c's; fragmentation on output
 * is ip_output.c's, forwarding ip_forward.c's. Not here: option
 * processing (options are length-checked and skipped), netfilter hooks. */
#ifndef NET_IPV4_IP_H
#define NET_IPV4_IP_H

#include "lib/types.h"
#include "lib/byteorder.h"
#include "net/core/skbuff.h"
#include "net/ipv4/snmp.h"

struct net_device;
struct packet_type;

#define IPVERSION	4
#define IP_MIN_HLEN	20		/* IHL 5 */
#define IP_MAX_HLEN	60		/* IHL 15 */
#define MAXTTL		255
#define IPDEFTTL	64

/* frag_off bits (host order) */
#define IP_CE		0x8000		/* reserved "evil" bit */
#define IP_DF		0x4000
#define IP_MF		0x2000
#define IP_OFFSET	0x1FFF

#define INET_ECN_MASK	3

/* Options [RFC 791 §3.1]: types with no length byte. */
#define IPOPT_END	0
#define IPOPT_NOOP	1

#define MAX_INET_PROTOS	256

/* Host builds have these, with the same values, from <netinet/in.h>
 * (pulled in by lib/byteorder.h). */
#ifndef NAPKIN_HOST
#define IPPROTO_IP	0
#define IPPROTO_ICMP	1
#define IPPROTO_IGMP	2
#define IPPROTO_TCP	6
#define IPPROTO_UDP	17
#define IPPROTO_RAW	255

#define INADDR_ANY		0x00000000U
#define INADDR_BROADCAST	0xffffffffU
#define INADDR_LOOPBACK		0x7f000001U
#endif

struct iphdr {
	u8 ihl:4,
	   version:4;
	u8 tos;
	__be16 tot_len;
	__be16 id;
	__be16 frag_off;
	u8 ttl;
	u8 protocol;
	__sum16 check;
	__be32 saddr;
	__be32 daddr;
};

static_assert(sizeof(struct iphdr) == IP_MIN_HLEN, "iphdr layout");

static inline struct iphdr *ip_hdr(const struct sk_buff *skb)
{
	return (struct iphdr *)skb_network_header(skb);
}

static inline bool ip_is_fragment(const struct iphdr *iph)
{
	return (iph->frag_off & htons(IP_MF | IP_OFFSET)) != 0;
}

/* --- address classes [RFC 1122 §3.2.1.3], addresses in network order --- */

static inline bool ipv4_is_loopback(__be32 addr)
{
	return (addr & htonl(0xff000000)) == htonl(0x7f000000);
}

static inline bool ipv4_is_multicast(__be32 addr)
{
	return (addr & htonl(0xf0000000)) == htonl(0xe0000000);
}

static inline bool ipv4_is_lbcast(__be32 addr)
{
	return addr == htonl(INADDR_BROADCAST);
}

/* 0.0.0.0/8: "this host on this network", never a valid peer. */
static inline bool ipv4_is_zeronet(__be32 addr)
{
	return (addr & htonl(0xff000000)) == 0;
}

/* Netmask of a prefix length 0..32, network order. */
static inline __be32 inet_make_mask(int prefixlen)
{
	return prefixlen ? htonl(~0U << (32 - prefixlen)) : 0;
}

/* --- the control buffer while IPv4 owns the skb (Linux's IPCB) --- */

struct inet_skb_parm {
	int iif;		/* receive: ifindex it came in on */
	u8 rt_type;		/* receive: RTN_LOCAL / RTN_BROADCAST */
	__be32 nexthop;		/* transmit: the address to resolve */
};

#define IPCB(skb)	((struct inet_skb_parm *)((skb)->cb))

/* --- protocol dispatch (inet_add_protocol) --- */

struct net_protocol {
	/* Consumes skb; skb->data at the transport header, the IP header at
	 * skb_network_header(). Returns 0 or -errno (already counted). */
	int (*handler)(struct sk_buff *skb);
	/* An ICMP error about a datagram this protocol sent (may be NULL):
	 * skb->data at the quoted IP header, which is sane (version 4, IHL
	 * >= 5) and linear with 8 bytes after it; skb_transport_header() at
	 * the ICMP header (type, code). info: the MTU for frag-needed, the
	 * pointer for parameter problem, else 0. Does not consume skb;
	 * softirq context. Returns 0 or -errno (Linux's err_handler). */
	int (*err_handler)(struct sk_buff *skb, u32 info);
};

/* 0, -EEXIST or -EINVAL. Registration is at init, before traffic. */
int inet_add_protocol(const struct net_protocol *prot, u8 protocol);
int inet_del_protocol(const struct net_protocol *prot, u8 protocol);
/* The handler registered for protocol, or NULL. */
const struct net_protocol *inet_get_protocol(u8 protocol);

/* --- receive (ip_input.c) --- */

/* The ETH_P_IP handler: RFC 1122 checks, route input, local delivery.
 * Consumes skb. NET_RX_SUCCESS or NET_RX_DROP. */
int ip_rcv(struct sk_buff *skb, struct net_device *dev,
	   struct packet_type *pt, struct net_device *orig_dev);
/* Called by ip_rcv_finish for RTN_LOCAL/RTN_BROADCAST packets. */
int ip_local_deliver(struct sk_buff *skb);
void ip_init(void);

/* --- transmit (ip_output.c) --- */

extern int sysctl_ip_default_ttl;

/* Headroom a sender reserves for the IP and link-layer headers (the
 * output path makes more with skb_cow_head if a device needs it). */
#define INET_TX_HEADROOM	128

/*
 * Send a locally generated packet: skb->data at the transport header
 * (headroom for INET_TX_HEADROOM), route daddr, push the IP header (ttl 0
 * = net.ipv4.ip_default_ttl, saddr 0 = the route's source), checksum,
 * resolve the next hop, transmit, fragmenting to the device MTU (DF is
 * never set on these). Consumes skb.
 * Returns 0 or -ENETUNREACH / -EMSGSIZE / -ENOMEM / -ENOBUFS.
 */
int ip_build_and_send_pkt(struct sk_buff *skb, __be32 saddr, __be32 daddr,
			  u8 proto, u8 ttl, u8 tos);

/* After the hooks: fragment to skb->dev's MTU if needed (DF: dropped,
 * -EMSGSIZE), resolve IPCB(skb)->nexthop, transmit. skb->data at the IP
 * header. Consumes skb. For ip_forward. */
int ip_finish_output(struct sk_buff *skb);

/* --- forwarding (ip_forward.c; the sysctl is the MIB's, proc.c) --- */

extern int sysctl_ip_forward;

/* A datagram for another host, from ip_rcv_finish when forwarding is on
 * (data at the IP header). Consumes skb. NET_RX_SUCCESS or NET_RX_DROP. */
int ip_forward(struct sk_buff *skb);

/* Recompute the header checksum after a change. */
void ip_send_check(struct iphdr *iph);

/* --- pure header checks (ip_validate.c): host-testable --- */

struct ip_hdr_info {
	unsigned int hlen;	/* IHL * 4 */
	unsigned int tot_len;	/* the datagram's length: trim the frame to it */
	bool has_options;
};

/*
 * The RFC 1122 §3.2.1 header checks in BSD order: 20 bytes present,
 * version 4, IHL >= 5, header within the packet, checksum, total length
 * within the packet and not below the header, options well-formed. data
 * holds avail contiguous bytes of a len-byte packet; avail >= min(len,
 * IP_MAX_HLEN). Returns IPDROP_NONE (info filled) or the reason.
 */
enum ip_drop_reason ip_hdr_check(const void *data, unsigned int avail,
				 unsigned int len, struct ip_hdr_info *info);

/* Options area of optlen bytes: each option's length stays inside it.
 * Options are never acted on (no source routing, no record route). */
enum ip_drop_reason ip_options_check(const u8 *opt, unsigned int optlen);

/* What decides whether a source address is acceptable on one device. */
struct ip_saddr_ctx {
	bool on_loopback;	/* arrived on lo: our own addresses are fine */
	bool saddr_is_local;	/* saddr is one of our addresses */
	__be32 dev_bcast;	/* the device's subnet broadcast, 0 if none */
};

/* RFC 1122 §3.2.1.3: a host discards datagrams whose source is multicast,
 * broadcast, 0.0.0.0/8, 127/8 off loopback, or its own address. */
enum ip_drop_reason ip_saddr_check(__be32 saddr, const struct ip_saddr_ctx *ctx);

/* The first half of ip_rcv (ip_validate.c): count, share check, header
 * checks, trim the link-layer padding, set the transport header. Returns
 * the skb, or NULL after dropping and counting it. */
struct sk_buff *ip_rcv_core(struct sk_buff *skb, struct net_device *dev);

#endif /* NET_IPV4_IP_H */

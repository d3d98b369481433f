/* ICMP for IPv4 [RFC 792, RFC 1122 §3.2.2]: the header, message types and
 * codes, icmp_rcv, icmp_send (errors: destination unreachable, time
 * exceeded, parameter problem) with the RFC 1122 §3.2.2 suppression rules
 * and Linux's rate limits, and the pure rule/bucket functions of
 * icmp_rules.c. Not here: redirects acted on, PMTU discovery (frag-needed
 * is passed to the protocol, not remembered), timestamps. */
#ifndef NET_IPV4_ICMP_H
#define NET_IPV4_ICMP_H

#include "lib/types.h"
#include "net/core/skbuff.h"

#define ICMP_ECHOREPLY		0
#define ICMP_DEST_UNREACH	3
#define ICMP_SOURCE_QUENCH	4
#define ICMP_REDIRECT		5
#define ICMP_ECHO		8
#define ICMP_TIME_EXCEEDED	11
#define ICMP_PARAMETERPROB	12
#define ICMP_TIMESTAMP		13
#define ICMP_TIMESTAMPREPLY	14
#define ICMP_INFO_REQUEST	15
#define ICMP_INFO_REPLY		16
#define ICMP_ADDRESS		17
#define ICMP_ADDRESSREPLY	18
#define NR_ICMP_TYPES		18

/* Codes for ICMP_DEST_UNREACH */
#define ICMP_NET_UNREACH	0
#define ICMP_HOST_UNREACH	1
#define ICMP_PROT_UNREACH	2
#define ICMP_PORT_UNREACH	3
#define ICMP_FRAG_NEEDED	4
#define ICMP_SR_FAILED		5
#define NR_ICMP_UNREACH		15

/* Codes for ICMP_TIME_EXCEEDED */
#define ICMP_EXC_TTL		0
#define ICMP_EXC_FRAGTIME	1

/* Quote at most this much: the error fits in 576 bytes [RFC 1812 §4.3.2.3]. */
#define ICMP_ERR_MAX_LEN	576

struct icmphdr {
	u8 type;
	u8 code;
	__sum16 checksum;
	union {
		struct {
			__be16 id;
			__be16 sequence;
		} echo;
		__be32 gateway;
		struct {
			__be16 unused;
			__be16 mtu;
		} frag;
	} un;
};

static_assert(sizeof(struct icmphdr) == 8, "icmphdr layout");

extern int sysctl_icmp_echo_ignore_all;
extern int sysctl_icmp_echo_ignore_broadcasts;

/* The IPPROTO_ICMP handler; consumes skb. */
int icmp_rcv(struct sk_buff *skb);

/* Count a message about to be sent: OutMsgs and OutType<type>. */
void icmp_out_count(u8 type);

/*
 * Send an ICMP error about skb_in (a received datagram: its network header
 * at the IP header; skb_in is not consumed). Nothing is sent about an ICMP
 * error, a broadcast/multicast destination or link-layer broadcast, a
 * non-first fragment or an invalid source [RFC 1122 §3.2.2]; rate-limited
 * (net.ipv4.icmp_ratelimit/ratemask per host, icmp_msgs_per_sec/burst
 * overall). info: the next-hop MTU for ICMP_FRAG_NEEDED, the pointer for
 * ICMP_PARAMETERPROB, else 0. UDP: icmp_send(skb, ICMP_DEST_UNREACH,
 * ICMP_PORT_UNREACH, 0). Softirq or thread context.
 */
void icmp_send(struct sk_buff *skb_in, int type, int code, u32 info);

/* --- the pure rules (icmp_rules.c): host-testable --- */

/* Types that are errors (never answered with an error); unknown types
 * count as errors, as in Linux. */
bool icmp_is_error(int type);

enum icmp_suppress {
	ICMP_SEND_OK = 0,
	ICMP_SUPPRESS_LLBCAST,		/* link-layer broadcast/multicast */
	ICMP_SUPPRESS_BCAST,		/* IP broadcast/multicast destination */
	ICMP_SUPPRESS_FRAGMENT,		/* not the first fragment */
	ICMP_SUPPRESS_SOURCE,		/* 0/8, broadcast, multicast, 127/8 off lo */
	ICMP_SUPPRESS_ERROR,		/* about an ICMP error */
};

/* What the rules look at, beyond the offending IP header. */
struct icmp_err_ctx {
	u8 pkt_type;		/* PACKET_HOST, PACKET_BROADCAST, ... */
	u8 rt_type;		/* RTN_LOCAL, RTN_BROADCAST, ... */
	bool on_loopback;	/* arrived on lo */
	__be32 dev_bcast;	/* subnet broadcast of the device, 0 if none */
	int inner_type;		/* its ICMP type if it is ICMP and first, else -1 */
};

/* [RFC 1122 §3.2.2] whether an error may be sent about iph. */
enum icmp_suppress icmp_error_check(const void *iph, const struct icmp_err_ctx *ctx);

/* Types net.ipv4.icmp_ratemask limits; frag-needed never (PMTU must work). */
bool icmp_type_ratelimited(int type, int code, u32 ratemask);

/* Linux's icmp_global_allow: msgs_per_sec refill, burst cap. now in jiffies. */
struct icmp_global_bucket {
	u32 credit;
	u64 stamp;
};
bool icmp_global_allow(struct icmp_global_bucket *b, u64 now, u32 msgs_per_sec,
		       u32 burst);

/* Linux's inet_peer_xrlim_allow per destination: one message per
 * `timeout` jiffies, bursts of XRLIM_BURST_FACTOR; least recently used
 * destination forgotten when the table is full. */
#define XRLIM_BURST_FACTOR	6
#define ICMP_PEER_MAX		64

struct icmp_peer {
	__be32 daddr;
	u64 rate_last;
	u64 rate_tokens;
	u64 last_used;
};

struct icmp_peer_table {
	struct icmp_peer peer[ICMP_PEER_MAX];
	unsigned int n;
};

bool icmp_peer_allow(struct icmp_peer_table *t, __be32 daddr, u64 now, u64 timeout);

/* Register IPPROTO_ICMP. From inet_init. */
void icmp_init(void);

#endif /* NET_IPV4_ICMP_H */

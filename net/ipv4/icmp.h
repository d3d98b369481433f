/* ICMP for IPv4 [RFC 792, RFC 1122 §3.2.2]: the header, message types,
 * and icmp_rcv's dispatch. Implemented: checksum validation, echo reply
 * (any size up to the MTU), echo replies handed to ping.c, counters.
 * Not yet: sending errors (unreachable, time exceeded, parameter
 * problem), acting on received errors, rate limiting, timestamps. */
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

/* Register IPPROTO_ICMP. From inet_init. */
void icmp_init(void);

#endif /* NET_IPV4_ICMP_H */

/* UDP [RFC 768, RFC 1122 §4.1]: the header, the Udp: counters, udp_rcv
 * (length and checksum checks, socket lookup, receive-buffer limit), ICMP
 * errors for connected sockets (udp_err), the socket table with RFC 6056
 * ephemeral ports, and udp_prot for net/socket.c. Not here: UDP-Lite,
 * GSO/GRO, multicast group membership (multicast and broadcast datagrams
 * go to every matching socket bound to the wildcard or that address),
 * IP_RECVERR, PMTU discovery (DF is never set), IP options on output,
 * cork/MSG_MORE, SO_REUSEPORT. */
#ifndef NET_IPV4_UDP_H
#define NET_IPV4_UDP_H

#include "lib/types.h"
#include "lib/byteorder.h"
#include "lib/siphash.h"
#include "kernel/percpu.h"
#include "net/core/skbuff.h"
#include "net/ipv4/ip.h"
#include "net/sock.h"

struct udphdr {
	__be16 source;
	__be16 dest;
	__be16 len;		/* header + data, >= 8 */
	__sum16 check;		/* 0 = not computed [RFC 768] */
};

static_assert(sizeof(struct udphdr) == 8, "udphdr layout");

#define UDP_HLEN		8
/* 65,535 - 20 (IPv4 header) - 8: the largest payload one datagram holds. */
#define UDP_MAX_PAYLOAD		65507
/* A computed checksum of 0 is sent as all ones [RFC 768]. */
#define CSUM_MANGLED_0		((__sum16)0xffff)

/* Udp: in /proc/net/snmp order, Linux's enum names. */
enum {
	UDP_MIB_INDATAGRAMS,	/* delivered to a reader (recvmsg) */
	UDP_MIB_NOPORTS,	/* unicast to a port nobody has bound */
	UDP_MIB_INERRORS,	/* bad length, bad checksum, buffer full */
	UDP_MIB_OUTDATAGRAMS,
	UDP_MIB_RCVBUFERRORS,	/* receive buffer full */
	UDP_MIB_SNDBUFERRORS,	/* send buffer full or no memory */
	UDP_MIB_CSUMERRORS,	/* InCsumErrors */
	UDP_MIB_IGNOREDMULTI,	/* broadcast/multicast nobody listens to */
	UDP_MIB_MAX
};

struct udp_mib {
	u64 mibs[UDP_MIB_MAX];
} __aligned(64);

extern struct udp_mib udp_statistics[NR_CPUS];

#define __UDP_INC_STATS(f)	snmp_add(&udp_statistics[smp_processor_id()].mibs[f], 1)

u64 udp_stats_read(int field);

/* What udp_rcv leaves in skb->cb for the reader (IPCB first, as Linux). */
struct udp_skb_cb {
	struct inet_skb_parm header;
	__be32 saddr;
	__be16 sport;
};

#define UDP_SKB_CB(skb)	((struct udp_skb_cb *)((skb)->cb))

/* net.ipv4.ip_local_port_range_{min,max}: Linux's one two-value sysctl
 * as two, same defaults (32768 60999). */
extern int sysctl_ip_local_port_min, sysctl_ip_local_port_max;

/* The IPPROTO_UDP handler: skb->data at the UDP header. Consumes skb. */
int udp_rcv(struct sk_buff *skb);

/*
 * A unicast datagram for a closed port, already counted in NoPorts: sends
 * ICMP port unreachable through icmp_send(), which applies the RFC 1122
 * §3.2.2 suppression rules and the rate limit. Does not consume skb.
 */
void udp_no_port(struct sk_buff *skb);

/* The best socket for a datagram (ports network order): a connected
 * 4-tuple match, then an address-bound one, then a wildcard; NULL if
 * none. Caller holds the table lock (udp_table_lock/unlock). */
struct sock *__udp4_lib_lookup(__be32 saddr, __be16 sport, __be32 daddr, __be16 dport);
unsigned long udp_table_lock(void);
void udp_table_unlock(unsigned long flags);

/*
 * RFC 6056 §3.3.4 algorithm 4 (double-hash): a free local port for the
 * given addresses (network order; faddr/fport 0 when not connected),
 * host order, or -EADDRINUSE when every port in the range is taken.
 * Caller holds the table lock.
 */
int udp_pick_ephemeral(__be32 laddr, __be32 faddr, __be16 fport);

/* The boot-time secrets of the port hashes (udp_init seeds them). */
void udp_set_secret(const siphash_key_t *offset_key, const siphash_key_t *index_key);

/* The transport behind SOCK_DGRAM sockets; udp_prot.close unhashes. */
extern const struct proto udp_prot;

/* Sockets on the table now (sockstat). */
unsigned int udp_sockets_inuse(void);

/* Register IPPROTO_UDP and seed the port secret. From inet_init. */
void udp_init(void);

#endif /* NET_IPV4_UDP_H */

/* IPv4 and ICMP counters: the MIB fields Linux shows in /proc/net/snmp
 * (Ip:, Icmp:, IcmpMsg:) and /proc/net/netstat (IpExt:), plus IpDrop:,
 * napkin's one-counter-per-reason breakdown of every IPv4 drop. Per-CPU
 * arrays, summed when read; the printing (netstat -s, nstat) is proc.c.
 * [RFC 4293 IP-MIB] [RFC 2011 ICMP group] */
#ifndef NET_IPV4_SNMP_H
#define NET_IPV4_SNMP_H

#include "lib/types.h"
#include "kernel/percpu.h"

/* Ip: then IpExt:, Linux's enum names; the /proc names are in proc.c. */
enum {
	IPSTATS_MIB_INPKTS,		/* InReceives */
	IPSTATS_MIB_INHDRERRORS,	/* InHdrErrors */
	IPSTATS_MIB_INADDRERRORS,	/* InAddrErrors */
	IPSTATS_MIB_OUTFORWDATAGRAMS,	/* ForwDatagrams: always 0, a host */
	IPSTATS_MIB_INUNKNOWNPROTOS,	/* InUnknownProtos */
	IPSTATS_MIB_INDISCARDS,		/* InDiscards */
	IPSTATS_MIB_INDELIVERS,		/* InDelivers */
	IPSTATS_MIB_OUTREQUESTS,	/* OutRequests */
	IPSTATS_MIB_OUTDISCARDS,	/* OutDiscards */
	IPSTATS_MIB_OUTNOROUTES,	/* OutNoRoutes */
	IPSTATS_MIB_REASMTIMEOUT,	/* ReasmTimeout */
	IPSTATS_MIB_REASMREQDS,		/* ReasmReqds */
	IPSTATS_MIB_REASMOKS,		/* ReasmOKs */
	IPSTATS_MIB_REASMFAILS,		/* ReasmFails */
	IPSTATS_MIB_FRAGOKS,		/* FragOKs */
	IPSTATS_MIB_FRAGFAILS,		/* FragFails */
	IPSTATS_MIB_FRAGCREATES,	/* FragCreates */
	IPSTATS_MIB_OUTPKTS,		/* OutTransmits */
	/* IpExt: */
	IPSTATS_MIB_INNOROUTES,
	IPSTATS_MIB_INTRUNCATEDPKTS,
	IPSTATS_MIB_INMCASTPKTS,
	IPSTATS_MIB_OUTMCASTPKTS,
	IPSTATS_MIB_INBCASTPKTS,
	IPSTATS_MIB_OUTBCASTPKTS,
	IPSTATS_MIB_INOCTETS,
	IPSTATS_MIB_OUTOCTETS,
	IPSTATS_MIB_INMCASTOCTETS,
	IPSTATS_MIB_OUTMCASTOCTETS,
	IPSTATS_MIB_INBCASTOCTETS,
	IPSTATS_MIB_OUTBCASTOCTETS,
	IPSTATS_MIB_CSUMERRORS,		/* InCsumErrors */
	IPSTATS_MIB_NOECTPKTS,
	IPSTATS_MIB_ECT1PKTS,
	IPSTATS_MIB_ECT0PKTS,
	IPSTATS_MIB_CEPKTS,
	IPSTATS_MIB_REASM_OVERLAPS,
	IPSTATS_MIB_MAX
};

/* Icmp: the fields not derived from the per-type IcmpMsg counters. */
enum {
	ICMP_MIB_INMSGS,
	ICMP_MIB_INERRORS,
	ICMP_MIB_CSUMERRORS,
	ICMP_MIB_OUTMSGS,
	ICMP_MIB_OUTERRORS,
	ICMP_MIB_RATELIMITGLOBAL,
	ICMP_MIB_RATELIMITHOST,
	ICMP_MIB_MAX
};

#define ICMPMSG_MIB_MAX		256	/* InType0..255, OutType0..255 */

/*
 * IpDrop: why an IPv4 packet was dropped, one counter each. Every drop
 * also counts in the MIB field ip_drop_mib() names (InHdrErrors for the
 * header checks, ...), so the Ip: totals stay Linux's.
 */
enum ip_drop_reason {
	IPDROP_NONE = 0,
	IPDROP_OTHERHOST,	/* frame for another MAC (promiscuous mode) */
	IPDROP_HDR_TOO_SHORT,	/* fewer than 20 bytes */
	IPDROP_BAD_VERSION,	/* version != 4 */
	IPDROP_BAD_IHL,		/* IHL < 5 */
	IPDROP_HDR_TRUNCATED,	/* IHL * 4 > packet */
	IPDROP_BAD_CSUM,	/* header checksum */
	IPDROP_TRUNCATED,	/* total length > packet */
	IPDROP_TOTLEN_SHORT,	/* total length < header length */
	IPDROP_BAD_OPTIONS,	/* an option runs past the header */
	IPDROP_MARTIAN_SRC,	/* source multicast, broadcast, 0/8, 127/8 */
	IPDROP_OWN_SRC,		/* our own address as source, not on lo */
	IPDROP_MARTIAN_DST,	/* destination 0/8 or 127/8 from the wire */
	IPDROP_NOT_FOR_US,	/* unicast to another host: no forwarding */
	IPDROP_MCAST,		/* multicast: no group joined yet */
	/* Reassembly (ip_fragment.c): datagrams discarded, except FRAG_DUP,
	 * which counts fragments dropped while their queue lives on. */
	IPDROP_FRAG_DUP,	/* data already received: the fragment only */
	IPDROP_FRAG_OVERLAP,	/* conflicting overlap [RFC 5722]: the datagram */
	IPDROP_FRAG_TOOBIG,	/* would exceed 65,535 bytes */
	IPDROP_FRAG_BADLEN,	/* inconsistent end, or an empty fragment */
	IPDROP_FRAG_QFULL,	/* one datagram over its memory cap */
	IPDROP_FRAG_EVICTED,	/* oldest queue dropped: global memory or queue cap */
	IPDROP_FRAG_TIMEOUT,	/* incomplete after net.ipv4.ipfrag_time */
	IPDROP_FRAG_NOMEM,	/* no queue or reassembly buffer */
	IPDROP_NOPROTO,		/* no handler for the protocol */
	IPDROP_NOMEM,		/* receive: share check, trim, pull failed */
	IPDROP_OUT_NOROUTE,	/* send: no route */
	IPDROP_OUT_TOOBIG,	/* send: over the route MTU with DF, or > 65,535 */
	IPDROP_OUT_NOMEM,	/* send: no headroom, or no fragment, could be made */
	/* Forwarding (net.ipv4.ip_forward=1, ip_forward.c) */
	IPDROP_FWD_TTL,		/* TTL would reach 0: ICMP time exceeded sent */
	IPDROP_FWD_NOROUTE,	/* no unicast route out: ICMP net unreachable sent */
	IPDROP_FWD_TOOBIG,	/* over the MTU with DF: ICMP frag-needed sent */
	IPDROP_FWD_NOTHOST,	/* link-layer broadcast/multicast: never forwarded */
	IPDROP_FWD_NOMEM,	/* no private header to change */
	IPDROP_NETFILTER,	/* a netfilter hook said DROP (iptables) */
	IPDROP_MAX
};

struct ipstats_mib {
	u64 mibs[IPSTATS_MIB_MAX];
	u64 drops[IPDROP_MAX];
} __aligned(64);

struct icmp_mib {
	u64 mibs[ICMP_MIB_MAX];
	u64 in_type[ICMPMSG_MIB_MAX];
	u64 out_type[ICMPMSG_MIB_MAX];
} __aligned(64);

extern struct ipstats_mib ip_statistics[NR_CPUS];
extern struct icmp_mib icmp_statistics[NR_CPUS];

/* One instruction, so an interrupt on this CPU cannot split the update
 * (Linux's this_cpu_inc); other CPUs write their own copies. */
static inline void snmp_add(u64 *p, u64 v)
{
	__asm__ __volatile__("addq %1, %0" : "+m"(*p) : "er"(v));
}

#define __IP_INC_STATS(f)	snmp_add(&ip_statistics[smp_processor_id()].mibs[f], 1)
#define __IP_ADD_STATS(f, v)	snmp_add(&ip_statistics[smp_processor_id()].mibs[f], (v))
#define __ICMP_INC_STATS(f)	snmp_add(&icmp_statistics[smp_processor_id()].mibs[f], 1)
#define ICMPMSGIN_INC_STATS(t)	snmp_add(&icmp_statistics[smp_processor_id()].in_type[(u8)(t)], 1)
#define ICMPMSGOUT_INC_STATS(t)	snmp_add(&icmp_statistics[smp_processor_id()].out_type[(u8)(t)], 1)

/* Count a drop: its IpDrop counter and its MIB field(s). */
void ip_drop_count(enum ip_drop_reason reason);

/* The MIB fields a reason also counts in (-1 = none): at most two, e.g.
 * a bad checksum is InCsumErrors and InHdrErrors, as in Linux. */
void ip_drop_mib(enum ip_drop_reason reason, int mib[2]);

/* Sums over all CPUs. */
u64 ip_stats_read(int field);
u64 ip_drops_read(enum ip_drop_reason reason);
u64 icmp_stats_read(int field);
u64 icmpmsg_read(bool out, u8 type);

#endif /* NET_IPV4_SNMP_H */

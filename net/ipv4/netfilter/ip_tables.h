/* IPv4 packet filter (Linux's ip_tables + iptable_filter, reduced): one
 * table, "filter", holding all five chains (PREROUTING, INPUT, FORWARD,
 * OUTPUT, POSTROUTING; Linux spreads them over raw/mangle/nat/filter),
 * each an ordered list of rules behind its netfilter hook. A rule matches
 * on protocol, source/destination prefix, TCP/UDP port ranges, in/out
 * interface, each negatable except ports' own "!" before the option; its
 * target is ACCEPT, DROP or none (count and go on). First match wins;
 * else the chain's policy. Per-rule and per-policy packet/byte counters
 * (bytes = the IP datagram's length). Not here: user chains, RETURN,
 * REJECT/LOG, -m modules beyond tcp/udp, state matching, IPv6. */
#ifndef NET_IPV4_NETFILTER_IP_TABLES_H
#define NET_IPV4_NETFILTER_IP_TABLES_H

#include "lib/types.h"
#include "net/netfilter/netfilter.h"
#include "net/core/netdevice.h"
#include "kernel/spinlock.h"

/* Caps: rules are stored inline, no allocation in any path. */
#define IPT_CHAIN_RULES_MAX	64	/* per chain */
#define IPT_RULES_MAX		256	/* in the whole table */

/* Chains are numbered by their hook (enum nf_inet_hooks). */
#define IPT_NUMCHAINS		NF_INET_NUMHOOKS
#define IPT_ALL_CHAINS		(-1)

/* ip.invflags, Linux's values. */
#define IPT_INV_VIA_IN		0x01
#define IPT_INV_VIA_OUT		0x02
#define IPT_INV_SRCIP		0x08
#define IPT_INV_DSTIP		0x10
#define IPT_INV_PROTO		0x40

/* port_invflags (Linux's XT_UDP_INV_SRCPT/DSTPT) */
#define IPT_INV_SRCPT		0x01
#define IPT_INV_DSTPT		0x02

/* A rule's target: ACCEPT/DROP are verdicts, CONTINUE only counts. */
#define IPT_CONTINUE		0xFF

/* Transport bytes a port match needs on a first fragment or whole
 * datagram; fewer and the packet is dropped ("hotdrop"), as Linux's
 * tcp_mt/udp_mt do: a header split to hide its ports is not let by. */
#define IPT_UDP_HLEN		8
#define IPT_TCP_HLEN		20

/* What the rule looks at besides ports (Linux's struct ipt_ip). */
struct ipt_ip {
	__be32 src, smsk, dst, dmsk;
	char iniface[IFNAMSIZ], outiface[IFNAMSIZ];	/* "" = any */
	bool in_wild, out_wild;		/* "eth+": name is a prefix */
	u16 proto;			/* 0 = all */
	u8 invflags;
};

struct ipt_entry {
	struct ipt_ip ip;
	/* A tcp/udp match (Linux's tcp_mt/udp_mt for ip.proto): from
	 * --sport/--dport or -m tcp|udp; without ports it still refuses
	 * non-first fragments and hot-drops short headers, as Linux's. */
	bool has_ports;
	u16 spts[2], dpts[2];		/* inclusive ranges, 0..65535 = any */
	u8 port_invflags;
	u8 target;			/* NF_ACCEPT, NF_DROP, IPT_CONTINUE */
	u64 pcnt, bcnt;			/* under the table lock */
};

struct ipt_chain {
	struct ipt_entry rules[IPT_CHAIN_RULES_MAX];
	u32 n;
	u8 policy;			/* NF_ACCEPT or NF_DROP */
	u64 pcnt, bcnt;			/* packets the policy decided */
};

/*
 * The lock: packets traverse a chain holding it (softirq, or a thread
 * sending, with bottom halves off), edits hold it too, so a traversal
 * never meets a half-moved list and counters never tear. Traversal is
 * short (at most IPT_CHAIN_RULES_MAX compares) and calls nothing.
 */
struct ipt_table {
	/* One lock, one counter set: napkin runs softirqs on one CPU. SMP
	 * would want Linux's per-CPU counters and a table published whole
	 * under RCU, readers fenced by a seqcount (xt_recseq). */
	spinlock_t lock;
	struct ipt_chain chains[IPT_NUMCHAINS];
	u32 total;
	struct nf_hook_ops ops[IPT_NUMCHAINS];
};

/* What matching reads from a packet, gathered once per traversal. */
struct ipt_pkt {
	__be32 saddr, daddr;
	u8 proto;
	u16 fragoff;			/* fragment offset, 8-byte units */
	unsigned int thlen;		/* transport bytes present (first fragment) */
	u16 sport, dport;		/* valid when thlen >= 4 */
	const char *in, *out;		/* device names, NULL if none */
	unsigned int len;		/* for the byte counters */
};

extern const char *const ipt_chain_names[IPT_NUMCHAINS];

/* Empty chains, ACCEPT policies, hooks registered (disabled). */
int ipt_table_init(struct ipt_table *t);

/* Fill pkt from skb (data at the IP header, header linear). 0, or
 * -EINVAL when even the IP header is not there. */
int ipt_pkt_fill(const struct sk_buff *skb, const struct nf_hook_state *state,
		 struct ipt_pkt *pkt);

/* Pure: does e match pkt? *hotdrop is set when the packet must be
 * dropped whatever the rule says (truncated transport header). */
bool ipt_entry_match(const struct ipt_entry *e, const struct ipt_pkt *pkt,
		     bool *hotdrop);

/* Traverse chain `hook` for pkt: counters, then NF_ACCEPT or NF_DROP. */
unsigned int ipt_do_table(struct ipt_table *t, unsigned int hook,
			  const struct ipt_pkt *pkt);

/* --- edits; all return 0 or -errno, and take the lock --- */

/* -ENOSPC: the chain or the table is full. */
int ipt_append(struct ipt_table *t, int chain, const struct ipt_entry *e);
/* pos 1..n+1; -ERANGE beyond. */
int ipt_insert(struct ipt_table *t, int chain, u32 pos, const struct ipt_entry *e);
/* pos 1..n; -ERANGE beyond. */
int ipt_delete_num(struct ipt_table *t, int chain, u32 pos);
/* The first rule equal to e (match and target, not counters); -ENOENT. */
int ipt_delete_rule(struct ipt_table *t, int chain, const struct ipt_entry *e);
/* chain or IPT_ALL_CHAINS */
void ipt_flush(struct ipt_table *t, int chain);
void ipt_zero(struct ipt_table *t, int chain);
void ipt_set_policy(struct ipt_table *t, int chain, u8 policy);

/* Snapshots for listing: copied under the lock. */
struct ipt_chain_info {
	u32 n;
	u8 policy;
	u64 pcnt, bcnt;
};
/* -EINVAL for a bad chain. */
int ipt_chain_info(struct ipt_table *t, int chain, struct ipt_chain_info *info);
/* Rule pos (1-based); -ERANGE if gone, -EINVAL for a bad chain. */
int ipt_get_rule(struct ipt_table *t, int chain, u32 pos, struct ipt_entry *e);

/* The one table the hooks use (ip_tables.c) and its start-up, which also
 * applies the iptables= rules from the command line (iptables_cmd.c). */
extern struct ipt_table ipt_filter;
void ipt_filter_init(void);

#endif /* NET_IPV4_NETFILTER_IP_TABLES_H */

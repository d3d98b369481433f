/* The iptables command: one parser for the shell's `iptables ...` and the
 * command line's iptables="...", the edits it drives on an ipt_table,
 * and `-L` listing in iptables -L [-v] [-n] [-x] [--line-numbers] shape
 * (iptables_list.c).
 * Parsing is pure (no allocation, no locks), so the command line can
 * check its words before memory management is up. */
#ifndef NET_IPV4_NETFILTER_IPTABLES_CMD_H
#define NET_IPV4_NETFILTER_IPTABLES_CMD_H

#include "net/ipv4/netfilter/ip_tables.h"

#define IPT_ARGS_MAX	32	/* words in one command */
#define IPT_ERR_MAX	128	/* an error message, NUL included */
#define IPT_CMDLINE_MAX	16	/* iptables= words on the command line */

enum ipt_op {
	IPT_OP_NONE,
	IPT_OP_APPEND,		/* -A CHAIN rule */
	IPT_OP_INSERT,		/* -I CHAIN [n] rule */
	IPT_OP_DELETE,		/* -D CHAIN n | -D CHAIN rule */
	IPT_OP_LIST,		/* -L [CHAIN] */
	IPT_OP_FLUSH,		/* -F [CHAIN] */
	IPT_OP_ZERO,		/* -Z [CHAIN] */
	IPT_OP_POLICY,		/* -P CHAIN ACCEPT|DROP */
};

/* -L modifiers */
#define IPT_F_VERBOSE	0x01	/* -v: counters, interfaces */
#define IPT_F_NUMERIC	0x02	/* -n: 0.0.0.0/0 and * instead of anywhere/any */
#define IPT_F_EXACT	0x04	/* -x: counters not rounded to K/M/G */
#define IPT_F_LINENUM	0x08	/* --line-numbers */

struct ipt_cmd {
	enum ipt_op op;
	int chain;		/* a hook number, or IPT_ALL_CHAINS */
	u32 rulenum;		/* -I/-D position; 0 = none given */
	struct ipt_entry rule;	/* -A/-I, and -D without a number */
	u8 policy;		/* -P */
	unsigned int flags;	/* IPT_F_* */
};

/*
 * Parse argv[0..argc) (the words after "iptables"). 0, or -EINVAL with
 * err naming the offending word; cmd is only meaningful on 0.
 */
int ipt_parse(int argc, char **argv, struct ipt_cmd *cmd, char *err, size_t errlen);

/* Carry out a parsed command on t (-L prints with kprintf). 0, or
 * -errno with err filled (full chain, no such rule, index too big). */
int ipt_run(struct ipt_table *t, const struct ipt_cmd *cmd, char *err, size_t errlen);

/* "tcp", "udp", "icmp", "all", else the number written into buf. */
const char *ipt_proto_name(u16 proto, char *buf, size_t size);

/* -L [CHAIN] with IPT_F_* flags, printed with kprintf (iptables_list.c). */
void ipt_list(struct ipt_table *t, int chain, unsigned int flags);

/* Split s in place at spaces into argv (at most max words): argc, or
 * -E2BIG. The command line's values arrive as one string. */
int ipt_split(char *s, char **argv, int max);

/* Start the filter: the table, its hooks, then the rules that came on
 * the command line, in order. From inet_init, before any packet. */
void ipt_filter_init(void);

#endif /* NET_IPV4_NETFILTER_IPTABLES_CMD_H */

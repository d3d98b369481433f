/* Netfilter hooks, Linux's shape and names: five points on the IPv4 path
 * where registered functions see every packet and say NF_ACCEPT or
 * NF_DROP. NF_HOOK() is what ip_input.c, ip_forward.c and ip_output.c
 * call; with nothing enabled at a point it costs one load and a branch.
 * The rules behind the hooks are net/ipv4/netfilter/ip_tables.c's. Not
 * here: NF_STOLEN/NF_QUEUE/NF_REPEAT, connection tracking, NAT, other
 * families. */
#ifndef NET_NETFILTER_NETFILTER_H
#define NET_NETFILTER_NETFILTER_H

#include "lib/types.h"
#include "lib/compiler.h"
#include "lib/errno.h"
#include "net/core/skbuff.h"

struct net_device;

/* The points on the path [Linux include/uapi/linux/netfilter.h]. */
enum nf_inet_hooks {
	NF_INET_PRE_ROUTING,	/* ip_rcv, before the route lookup */
	NF_INET_LOCAL_IN,	/* ip_local_deliver, after reassembly */
	NF_INET_FORWARD,	/* ip_forward, after the TTL decrement */
	NF_INET_LOCAL_OUT,	/* ip_local_out, a locally built datagram */
	NF_INET_POST_ROUTING,	/* ip_output / forwarded: before fragmentation */
	NF_INET_NUMHOOKS
};

enum {
	NFPROTO_IPV4 = 2,	/* Linux's value (AF_INET) */
	NFPROTO_NUMPROTO = 13,
};

/* Verdicts, Linux's values. */
#define NF_DROP		0
#define NF_ACCEPT	1

/* At most this many functions at one point (napkin registers one). */
#define NF_MAX_HOOKS_PER_POINT	4

struct nf_hook_state {
	u8 pf;
	u8 hook;			/* enum nf_inet_hooks */
	struct net_device *in;		/* NULL on LOCAL_OUT and POST_ROUTING */
	struct net_device *out;		/* NULL on PRE_ROUTING and LOCAL_IN */
};

/* Returns NF_ACCEPT or NF_DROP; must not free or keep skb. Runs in
 * softirq or thread context, never hard IRQ. */
typedef unsigned int nf_hookfn(void *priv, struct sk_buff *skb,
			       const struct nf_hook_state *state);

struct nf_hook_ops {
	nf_hookfn *hook;
	void *priv;
	u8 pf;
	u8 hooknum;
	/* Written by nf_hook_set_enabled only. A disabled function is not
	 * called, and a point with none enabled is skipped in NF_HOOK. */
	bool enabled;
};

/* Registration is at init, before traffic (there is no removal): 0,
 * -EINVAL for a bad pf/hooknum, -ENOSPC past NF_MAX_HOOKS_PER_POINT.
 * The function starts disabled. */
int nf_register_net_hook(struct nf_hook_ops *ops);
/* Turn a registered function on or off; safe while packets pass. */
void nf_hook_set_enabled(struct nf_hook_ops *ops, bool on);

/* How many enabled functions each point has: what NF_HOOK tests. */
extern u32 nf_hooks_needed[NFPROTO_NUMPROTO][NF_INET_NUMHOOKS];

/* Runs the enabled functions in registration order. 1: every one
 * accepted, the caller goes on; otherwise skb was freed, the drop
 * counted (IpDrop Netfilter) and -EPERM is returned, as Linux does. */
int nf_hook_slow(struct sk_buff *skb, const struct nf_hook_state *state);

/* Packets dropped at each point since boot (all CPUs). */
u64 nf_hook_drops(u8 pf, unsigned int hook);

/*
 * Linux's nf_hook(): run point `hook` on skb without continuing. 1: the
 * caller goes on with skb; -EPERM: dropped (skb freed and counted). For
 * callers that must tell a filter drop from a failure further on.
 */
static inline int nf_hook(u8 pf, unsigned int hook, struct sk_buff *skb,
			  struct net_device *in, struct net_device *out)
{
	struct nf_hook_state state;

	/* The fast path: nothing enabled here (Linux uses a static key). */
	if (likely(!__atomic_load_n(&nf_hooks_needed[pf][hook], __ATOMIC_RELAXED)))
		return 1;
	state.pf = pf;
	state.hook = hook;
	state.in = in;
	state.out = out;
	return nf_hook_slow(skb, &state);
}

/*
 * Pass skb through point `hook`: returns okfn(skb) if it is accepted,
 * -EPERM if dropped (skb freed and counted). Consumes skb either way.
 */
static inline int NF_HOOK(u8 pf, unsigned int hook, struct sk_buff *skb,
			  struct net_device *in, struct net_device *out,
			  int (*okfn)(struct sk_buff *))
{
	int ret = nf_hook(pf, hook, skb, in, out);

	if (ret == 1)
		ret = okfn(skb);
	return ret;
}

#endif /* NET_NETFILTER_NETFILTER_H */

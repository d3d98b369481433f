/* Netfilter core (Linux's net/netfilter/core.c, reduced): the table of
 * functions at each hook point, turning them on and off, and the slow
 * path of NF_HOOK that runs them and frees a dropped packet. Family
 * agnostic except for the drop counter: IPv4 is the only family, and its
 * drops also count in IpDrop (Netfilter), beside netstat's other reasons. */
#include "net/netfilter/netfilter.h"
#include "net/ipv4/snmp.h"
#include "kernel/percpu.h"
#include "kernel/preempt.h"

struct nf_hook_entries {
	u32 num;
	struct nf_hook_ops *ops[NF_MAX_HOOKS_PER_POINT];
};

static struct nf_hook_entries nf_hooks[NFPROTO_NUMPROTO][NF_INET_NUMHOOKS];
u32 nf_hooks_needed[NFPROTO_NUMPROTO][NF_INET_NUMHOOKS];

/* Per CPU, so counting a drop takes no lock (read: summed). */
static struct {
	u64 drops[NF_INET_NUMHOOKS];
} __aligned(64) nf_stats[NR_CPUS];

int nf_register_net_hook(struct nf_hook_ops *ops)
{
	struct nf_hook_entries *e;

	if (!ops || !ops->hook || ops->pf >= NFPROTO_NUMPROTO ||
	    ops->hooknum >= NF_INET_NUMHOOKS)
		return -EINVAL;
	e = &nf_hooks[ops->pf][ops->hooknum];
	if (e->num == NF_MAX_HOOKS_PER_POINT)
		return -ENOSPC;
	ops->enabled = false;
	/* Readers see num grow only after the slot is written. */
	e->ops[e->num] = ops;
	__atomic_store_n(&e->num, e->num + 1, __ATOMIC_RELEASE);
	return 0;
}

void nf_hook_set_enabled(struct nf_hook_ops *ops, bool on)
{
	u32 *needed = &nf_hooks_needed[ops->pf][ops->hooknum];

	/* Only one caller changes a given ops (its owner, under its lock),
	 * so the flag and the count move together. */
	if (__atomic_exchange_n(&ops->enabled, on, __ATOMIC_RELEASE) == on)
		return;
	if (on)
		__atomic_fetch_add(needed, 1, __ATOMIC_RELEASE);
	else
		__atomic_fetch_sub(needed, 1, __ATOMIC_RELEASE);
}

static void nf_drop(struct sk_buff *skb, const struct nf_hook_state *state)
{
	/* A sending thread gets here with preemption on: stay on this CPU
	 * while its slots are picked and bumped (softirqs have it off). */
	preempt_disable();
	snmp_add(&nf_stats[smp_processor_id()].drops[state->hook], 1);
	if (state->pf == NFPROTO_IPV4)
		ip_drop_count(IPDROP_NETFILTER);
	preempt_enable();
	kfree_skb(skb);
}

int nf_hook_slow(struct sk_buff *skb, const struct nf_hook_state *state)
{
	const struct nf_hook_entries *e = &nf_hooks[state->pf][state->hook];
	u32 i, num = __atomic_load_n(&e->num, __ATOMIC_ACQUIRE);
	struct nf_hook_ops *ops;

	for (i = 0; i < num; i++) {
		ops = e->ops[i];
		if (!__atomic_load_n(&ops->enabled, __ATOMIC_ACQUIRE))
			continue;
		if (ops->hook(ops->priv, skb, state) != NF_ACCEPT) {
			nf_drop(skb, state);
			return -EPERM;
		}
	}
	return 1;
}

u64 nf_hook_drops(u8 pf, unsigned int hook)
{
	u64 sum = 0;
	int cpu;

	if (pf != NFPROTO_IPV4 || hook >= NF_INET_NUMHOOKS)
		return 0;
	for (cpu = 0; cpu < NR_CPUS; cpu++)
		sum += READ_ONCE(nf_stats[cpu].drops[hook]);
	return sum;
}

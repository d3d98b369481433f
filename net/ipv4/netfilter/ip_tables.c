/* IPv4 packet filter: the table's rules, matching, counters and edits
 * (Linux's ip_tables.c and iptable_filter.c in one). The command that
 * edits and lists it, from the shell and the command line, is
 * iptables_cmd.c. Every chain's hook is enabled only while the chain
 * has a rule or a DROP policy, so an empty ACCEPT chain costs NF_HOOK's
 * one branch — and its policy counter stays still, as on Linux with no
 * table loaded. */
#include "net/ipv4/netfilter/ip_tables.h"
#include "net/ipv4/ip.h"
#include "kernel/softirq.h"
#include "lib/errno.h"
#include "lib/string.h"

const char *const ipt_chain_names[IPT_NUMCHAINS] = {
	[NF_INET_PRE_ROUTING] = "PREROUTING",
	[NF_INET_LOCAL_IN] = "INPUT",
	[NF_INET_FORWARD] = "FORWARD",
	[NF_INET_LOCAL_OUT] = "OUTPUT",
	[NF_INET_POST_ROUTING] = "POSTROUTING",
};

struct ipt_table ipt_filter;

/* Threads (the shell, a sending application) and softirqs both take the
 * lock: bottom halves off, or a softirq on this CPU could spin on it. */
static void ipt_lock(struct ipt_table *t)
{
	local_bh_disable();
	spin_lock(&t->lock);
}

static void ipt_unlock(struct ipt_table *t)
{
	spin_unlock(&t->lock);
	local_bh_enable();
}

/* --- matching --- */

static bool ipt_iface_match(const char *want, bool wild, const char *name)
{
	size_t len = strlen(want);

	if (!len)
		return true;
	if (!name)
		return false;
	return wild ? strncmp(want, name, len) == 0 : strcmp(want, name) == 0;
}

/* XOR with the rule's "!" for that field. */
#define IPT_INV(bool_, flag)	((bool_) ^ !!(invflags & (flag)))

/* Linux's ip_packet_match: addresses, interfaces, protocol. */
static bool ipt_ip_match(const struct ipt_ip *ip, const struct ipt_pkt *pkt)
{
	u8 invflags = ip->invflags;

	if (IPT_INV((pkt->saddr & ip->smsk) != ip->src, IPT_INV_SRCIP) ||
	    IPT_INV((pkt->daddr & ip->dmsk) != ip->dst, IPT_INV_DSTIP))
		return false;
	if (IPT_INV(!ipt_iface_match(ip->iniface, ip->in_wild, pkt->in), IPT_INV_VIA_IN) ||
	    IPT_INV(!ipt_iface_match(ip->outiface, ip->out_wild, pkt->out), IPT_INV_VIA_OUT))
		return false;
	if (ip->proto && IPT_INV(pkt->proto != ip->proto, IPT_INV_PROTO))
		return false;
	return true;
}

static bool ipt_port_in(u16 port, const u16 range[2], bool invert)
{
	return (port >= range[0] && port <= range[1]) ^ invert;
}

/* Linux's tcp_mt/udp_mt: ports never match a non-first fragment; a
 * first fragment too short for the header is dropped outright, and so
 * is a TCP fragment at offset 1 (8 bytes): it can only be there to
 * overwrite the first one's flags and window [RFC 1858 §4]. */
static bool ipt_ports_match(const struct ipt_entry *e, const struct ipt_pkt *pkt,
			    bool *hotdrop)
{
	bool tcp = e->ip.proto == IPPROTO_TCP;
	unsigned int need = tcp ? IPT_TCP_HLEN : IPT_UDP_HLEN;

	if (pkt->fragoff) {
		if (tcp && pkt->fragoff == 1)
			*hotdrop = true;
		return false;
	}
	if (pkt->thlen < need) {
		*hotdrop = true;
		return false;
	}
	return ipt_port_in(pkt->sport, e->spts, e->port_invflags & IPT_INV_SRCPT) &&
	       ipt_port_in(pkt->dport, e->dpts, e->port_invflags & IPT_INV_DSTPT);
}

bool ipt_entry_match(const struct ipt_entry *e, const struct ipt_pkt *pkt,
		     bool *hotdrop)
{
	if (!ipt_ip_match(&e->ip, pkt))
		return false;
	return !e->has_ports || ipt_ports_match(e, pkt, hotdrop);
}

int ipt_pkt_fill(const struct sk_buff *skb, const struct nf_hook_state *state,
		 struct ipt_pkt *pkt)
{
	int noff = skb_network_offset(skb);
	const struct iphdr *iph;
	struct iphdr ibuf;
	unsigned int hlen;
	__be16 pbuf[2];
	const __be16 *ports;

	iph = skb_header_pointer(skb, noff, sizeof(ibuf), &ibuf);
	if (!iph || iph->ihl < 5 || noff + iph->ihl * 4U > skb->len)
		return -EINVAL;
	hlen = iph->ihl * 4;
	pkt->saddr = iph->saddr;
	pkt->daddr = iph->daddr;
	pkt->proto = iph->protocol;
	pkt->fragoff = ntohs(iph->frag_off) & IP_OFFSET;
	pkt->thlen = pkt->fragoff ? 0 : skb->len - noff - hlen;
	pkt->sport = pkt->dport = 0;
	if (pkt->thlen >= sizeof(pbuf)) {
		ports = skb_header_pointer(skb, noff + hlen, sizeof(pbuf), pbuf);
		if (!ports)
			return -EINVAL;
		pkt->sport = ntohs(ports[0]);
		pkt->dport = ntohs(ports[1]);
	}
	pkt->in = state->in ? state->in->name : NULL;
	pkt->out = state->out ? state->out->name : NULL;
	pkt->len = skb->len - noff;
	return 0;
}

unsigned int ipt_do_table(struct ipt_table *t, unsigned int hook,
			  const struct ipt_pkt *pkt)
{
	struct ipt_chain *c = &t->chains[hook];
	unsigned int verdict = NF_DROP;
	bool hotdrop = false;
	struct ipt_entry *e;
	u32 i;

	ipt_lock(t);
	for (i = 0; i < c->n; i++) {
		e = &c->rules[i];
		if (!ipt_entry_match(e, pkt, &hotdrop)) {
			if (hotdrop)
				goto out;
			continue;
		}
		e->pcnt++;
		e->bcnt += pkt->len;
		if (e->target != IPT_CONTINUE) {
			verdict = e->target;
			goto out;
		}
	}
	c->pcnt++;
	c->bcnt += pkt->len;
	verdict = c->policy;
out:
	ipt_unlock(t);
	return verdict;
}

static unsigned int ipt_hook(void *priv, struct sk_buff *skb,
			     const struct nf_hook_state *state)
{
	struct ipt_pkt pkt;

	/* The IP layer validated the header before any hook; a packet
	 * without one cannot be matched, so it is not let through. */
	if (ipt_pkt_fill(skb, state, &pkt))
		return NF_DROP;
	return ipt_do_table(priv, state->hook, &pkt);
}

/* --- edits --- */

/* A chain that can only ever say ACCEPT, counting nothing per rule, is
 * not traversed at all. Caller holds the lock. */
static void ipt_update_hook(struct ipt_table *t, int chain)
{
	const struct ipt_chain *c = &t->chains[chain];

	nf_hook_set_enabled(&t->ops[chain], c->n || c->policy != NF_ACCEPT);
}

static bool ipt_chain_ok(int chain)
{
	return chain >= 0 && chain < IPT_NUMCHAINS;
}

int ipt_table_init(struct ipt_table *t)
{
	int i, err;

	memset(t, 0, sizeof(*t));
	spin_lock_init(&t->lock);
	for (i = 0; i < IPT_NUMCHAINS; i++) {
		t->chains[i].policy = NF_ACCEPT;
		t->ops[i].hook = ipt_hook;
		t->ops[i].priv = t;
		t->ops[i].pf = NFPROTO_IPV4;
		t->ops[i].hooknum = i;
		err = nf_register_net_hook(&t->ops[i]);
		if (err)
			return err;
	}
	return 0;
}

/* Caller holds the lock; chain is valid. */
static int __ipt_insert(struct ipt_table *t, int chain, u32 pos,
			const struct ipt_entry *e)
{
	struct ipt_chain *c = &t->chains[chain];

	if (pos < 1 || pos > c->n + 1)
		return -ERANGE;
	if (c->n == IPT_CHAIN_RULES_MAX || t->total == IPT_RULES_MAX)
		return -ENOSPC;
	memmove(&c->rules[pos], &c->rules[pos - 1],
		(c->n - (pos - 1)) * sizeof(c->rules[0]));
	c->rules[pos - 1] = *e;
	c->rules[pos - 1].pcnt = 0;
	c->rules[pos - 1].bcnt = 0;
	c->n++;
	t->total++;
	ipt_update_hook(t, chain);
	return 0;
}

int ipt_insert(struct ipt_table *t, int chain, u32 pos, const struct ipt_entry *e)
{
	int err;

	if (!ipt_chain_ok(chain))
		return -EINVAL;
	ipt_lock(t);
	err = __ipt_insert(t, chain, pos, e);
	ipt_unlock(t);
	return err;
}

int ipt_append(struct ipt_table *t, int chain, const struct ipt_entry *e)
{
	int err;

	if (!ipt_chain_ok(chain))
		return -EINVAL;
	/* The end is read under the lock, so no other edit can move it. */
	ipt_lock(t);
	err = __ipt_insert(t, chain, t->chains[chain].n + 1, e);
	ipt_unlock(t);
	return err;
}

/* Caller holds the lock; pos is valid. */
static void __ipt_delete(struct ipt_table *t, int chain, u32 pos)
{
	struct ipt_chain *c = &t->chains[chain];

	memmove(&c->rules[pos - 1], &c->rules[pos],
		(c->n - pos) * sizeof(c->rules[0]));
	c->n--;
	t->total--;
	ipt_update_hook(t, chain);
}

int ipt_delete_num(struct ipt_table *t, int chain, u32 pos)
{
	int err = 0;

	if (!ipt_chain_ok(chain))
		return -EINVAL;
	ipt_lock(t);
	if (pos < 1 || pos > t->chains[chain].n)
		err = -ERANGE;
	else
		__ipt_delete(t, chain, pos);
	ipt_unlock(t);
	return err;
}

static bool ipt_ip_equal(const struct ipt_ip *a, const struct ipt_ip *b)
{
	return a->src == b->src && a->smsk == b->smsk && a->dst == b->dst &&
	       a->dmsk == b->dmsk && a->proto == b->proto &&
	       a->invflags == b->invflags &&
	       a->in_wild == b->in_wild && a->out_wild == b->out_wild &&
	       !strcmp(a->iniface, b->iniface) && !strcmp(a->outiface, b->outiface);
}

/* Same match and target (counters aside): what -D CHAIN rulespec finds. */
static bool ipt_entry_equal(const struct ipt_entry *a, const struct ipt_entry *b)
{
	return ipt_ip_equal(&a->ip, &b->ip) &&
	       a->has_ports == b->has_ports &&
	       a->spts[0] == b->spts[0] && a->spts[1] == b->spts[1] &&
	       a->dpts[0] == b->dpts[0] && a->dpts[1] == b->dpts[1] &&
	       a->port_invflags == b->port_invflags && a->target == b->target;
}

int ipt_delete_rule(struct ipt_table *t, int chain, const struct ipt_entry *e)
{
	struct ipt_chain *c;
	int err = -ENOENT;
	u32 i;

	if (!ipt_chain_ok(chain))
		return -EINVAL;
	c = &t->chains[chain];
	ipt_lock(t);
	for (i = 0; i < c->n; i++) {
		if (ipt_entry_equal(&c->rules[i], e)) {
			__ipt_delete(t, chain, i + 1);
			err = 0;
			break;
		}
	}
	ipt_unlock(t);
	return err;
}

void ipt_flush(struct ipt_table *t, int chain)
{
	int i;

	ipt_lock(t);
	for (i = 0; i < IPT_NUMCHAINS; i++) {
		if (chain != IPT_ALL_CHAINS && chain != i)
			continue;
		t->total -= t->chains[i].n;
		t->chains[i].n = 0;
		ipt_update_hook(t, i);
	}
	ipt_unlock(t);
}

void ipt_zero(struct ipt_table *t, int chain)
{
	struct ipt_chain *c;
	int i;
	u32 j;

	ipt_lock(t);
	for (i = 0; i < IPT_NUMCHAINS; i++) {
		if (chain != IPT_ALL_CHAINS && chain != i)
			continue;
		c = &t->chains[i];
		c->pcnt = c->bcnt = 0;
		for (j = 0; j < c->n; j++)
			c->rules[j].pcnt = c->rules[j].bcnt = 0;
	}
	ipt_unlock(t);
}

void ipt_set_policy(struct ipt_table *t, int chain, u8 policy)
{
	if (!ipt_chain_ok(chain))
		return;
	ipt_lock(t);
	t->chains[chain].policy = policy;
	ipt_update_hook(t, chain);
	ipt_unlock(t);
}

int ipt_chain_info(struct ipt_table *t, int chain, struct ipt_chain_info *info)
{
	const struct ipt_chain *c;

	if (!ipt_chain_ok(chain))
		return -EINVAL;
	c = &t->chains[chain];
	ipt_lock(t);
	info->n = c->n;
	info->policy = c->policy;
	info->pcnt = c->pcnt;
	info->bcnt = c->bcnt;
	ipt_unlock(t);
	return 0;
}

int ipt_get_rule(struct ipt_table *t, int chain, u32 pos, struct ipt_entry *e)
{
	int err = 0;

	if (!ipt_chain_ok(chain))
		return -EINVAL;
	ipt_lock(t);
	if (pos < 1 || pos > t->chains[chain].n)
		err = -ERANGE;
	else
		*e = t->chains[chain].rules[pos - 1];
	ipt_unlock(t);
	return err;
}

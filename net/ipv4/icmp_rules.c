/* The ICMP error rules as pure functions: RFC 1122 §3.2.2's list of what
 * never gets an error, which types are rate-limited, and Linux's two
 * token buckets (global icmp_msgs_per_sec/burst, per-destination
 * icmp_ratelimit). icmp.c applies them under its lock with jiffies. */
#include "net/ipv4/icmp.h"
#include "net/ipv4/ip.h"
#include "net/ipv4/route.h"
#include "kernel/timer.h"

bool icmp_is_error(int type)
{
	switch (type) {
	case ICMP_ECHOREPLY:
	case ICMP_ECHO:
	case ICMP_TIMESTAMP:
	case ICMP_TIMESTAMPREPLY:
	case ICMP_INFO_REQUEST:
	case ICMP_INFO_REPLY:
	case ICMP_ADDRESS:
	case ICMP_ADDRESSREPLY:
		return false;
	default:
		return true;	/* the error types, and any unknown type */
	}
}

static bool icmp_bad_source(__be32 saddr, const struct icmp_err_ctx *ctx)
{
	if (ipv4_is_zeronet(saddr) || ipv4_is_lbcast(saddr) || ipv4_is_multicast(saddr))
		return true;
	if (ctx->dev_bcast && saddr == ctx->dev_bcast)
		return true;
	return ipv4_is_loopback(saddr) && !ctx->on_loopback;
}

/* [RFC 1122 §3.2.2] "An ICMP error message MUST NOT be sent as the result
 * of receiving: an ICMP error message, a datagram destined to an IP
 * broadcast or multicast address, a datagram sent as a link-layer
 * broadcast, a non-initial fragment, a datagram whose source address does
 * not define a single host." */
enum icmp_suppress icmp_error_check(const void *hdr, const struct icmp_err_ctx *ctx)
{
	const struct iphdr *iph = hdr;

	if (ctx->pkt_type != PACKET_HOST)
		return ICMP_SUPPRESS_LLBCAST;
	if (ctx->rt_type == RTN_BROADCAST || ctx->rt_type == RTN_MULTICAST ||
	    ipv4_is_lbcast(iph->daddr) || ipv4_is_multicast(iph->daddr))
		return ICMP_SUPPRESS_BCAST;
	if (iph->frag_off & htons(IP_OFFSET))
		return ICMP_SUPPRESS_FRAGMENT;
	if (icmp_bad_source(iph->saddr, ctx))
		return ICMP_SUPPRESS_SOURCE;
	if (iph->protocol == IPPROTO_ICMP && ctx->inner_type >= 0 &&
	    icmp_is_error(ctx->inner_type))
		return ICMP_SUPPRESS_ERROR;
	return ICMP_SEND_OK;
}

bool icmp_type_ratelimited(int type, int code, u32 ratemask)
{
	if (type > NR_ICMP_TYPES || type < 0)
		return false;
	/* PMTU discovery depends on these getting through. */
	if (type == ICMP_DEST_UNREACH && code == ICMP_FRAG_NEEDED)
		return false;
	return (ratemask >> type) & 1;
}

bool icmp_global_allow(struct icmp_global_bucket *b, u64 now, u32 msgs_per_sec,
		       u32 burst)
{
	u64 delta = now - b->stamp;
	u32 incr = 0, credit;

	if (delta > HZ)
		delta = HZ;
	/* Refill in steps of 20 ms at least, as Linux does. */
	if (delta >= HZ / 50) {
		incr = (u32)((u64)msgs_per_sec * delta / HZ);
		if (incr)
			b->stamp = now;
	}
	credit = b->credit + incr;
	if (credit > burst)
		credit = burst;
	b->credit = credit ? credit - 1 : 0;
	return credit != 0;
}

static struct icmp_peer *icmp_peer_get(struct icmp_peer_table *t, __be32 daddr, u64 now)
{
	struct icmp_peer *p, *lru = NULL;
	unsigned int i;

	for (i = 0; i < t->n; i++) {
		if (t->peer[i].daddr == daddr)
			return &t->peer[i];
		if (!lru || time_before(t->peer[i].last_used, lru->last_used))
			lru = &t->peer[i];
	}
	p = t->n < ICMP_PEER_MAX ? &t->peer[t->n++] : lru;
	p->daddr = daddr;
	/* A new destination starts with a full bucket (Linux: 60 s ago). */
	p->rate_last = now - 60 * HZ;
	p->rate_tokens = 0;
	return p;
}

bool icmp_peer_allow(struct icmp_peer_table *t, __be32 daddr, u64 now, u64 timeout)
{
	struct icmp_peer *p = icmp_peer_get(t, daddr, now);
	u64 token = p->rate_tokens + (now - p->rate_last);
	bool ok = false;

	p->last_used = now;
	p->rate_last = now;
	if (token > XRLIM_BURST_FACTOR * timeout)
		token = XRLIM_BURST_FACTOR * timeout;
	if (token >= timeout) {
		token -= timeout;
		ok = true;
	}
	p->rate_tokens = token;
	return ok;
}

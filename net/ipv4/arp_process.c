/* ARP receive rules as pure functions: arp_parse checks every field of
 * an Ethernet/IPv4 ARP packet, arp_process applies RFC 826's merge
 * algorithm with RFC 1122 §2.3.2's limits to the neighbour cache and says
 * whether to reply. No skbs, no sending, no clock: arp.c does those. */
#include "net/ipv4/arp.h"
#include "net/ipv4/ip.h"
#include "lib/byteorder.h"
#include "lib/string.h"

const char *const arp_drop_names[ARP_DROP_MAX] = {
	[ARP_DROP_NONE] = "none",
	[ARP_DROP_TRUNCATED] = "truncated",
	[ARP_DROP_BAD_HRD] = "bad_hrd",
	[ARP_DROP_BAD_PRO] = "bad_pro",
	[ARP_DROP_BAD_HLN] = "bad_hln",
	[ARP_DROP_BAD_PLN] = "bad_pln",
	[ARP_DROP_BAD_OP] = "bad_op",
	[ARP_DROP_BAD_TIP] = "bad_tip",
	[ARP_DROP_INVALID_SIP] = "invalid_sip",
	[ARP_DROP_INVALID_SHA] = "invalid_sha",
	[ARP_DROP_OWN_FRAME] = "own_frame",
	[ARP_DROP_CONFLICT] = "conflict",
	[ARP_DROP_OTHERHOST] = "otherhost",
	[ARP_DROP_NOARP_DEV] = "noarp_dev",
	[ARP_DROP_NOMEM] = "nomem",
};

enum arp_drop_reason arp_parse(const void *data, unsigned int len,
			       struct arp_msg *m)
{
	const struct arphdr *ah = data;
	const u8 *p = data;

	if (len < sizeof(*ah))
		return ARP_DROP_TRUNCATED;
	/* [RFC 826] "Do I have the hardware type in ar$hrd? ... Do I speak
	 * the protocol in ar$pro?" and the lengths that go with them. */
	if (ah->ar_hrd != htons(ARPHRD_ETHER_WIRE))
		return ARP_DROP_BAD_HRD;
	if (ah->ar_pro != htons(ETH_P_IP))
		return ARP_DROP_BAD_PRO;
	if (ah->ar_hln != ETH_ALEN)
		return ARP_DROP_BAD_HLN;
	if (ah->ar_pln != 4)
		return ARP_DROP_BAD_PLN;
	if (ah->ar_op != htons(ARPOP_REQUEST) && ah->ar_op != htons(ARPOP_REPLY))
		return ARP_DROP_BAD_OP;
	if (len < ARP_ETH_IP_LEN)
		return ARP_DROP_TRUNCATED;
	m->op = ntohs(ah->ar_op);
	memcpy(m->sha, p + ARP_SHA_OFF, ETH_ALEN);
	memcpy(&m->sip, p + ARP_SIP_OFF, 4);
	memcpy(m->tha, p + ARP_THA_OFF, ETH_ALEN);
	memcpy(&m->tip, p + ARP_TIP_OFF, 4);
	return ARP_DROP_NONE;
}

static enum arp_action arp_drop(struct arp_stats *st, enum arp_drop_reason why)
{
	st->drops[why]++;
	return ARP_ACT_NONE;
}

/* [RFC 1122 §2.3.2.1] no cache entries from senders that cannot be a
 * neighbour; our own address from another MAC is a conflict. */
static enum arp_drop_reason arp_check_sender(const struct arp_msg *m,
					     const struct arp_ctx *ctx)
{
	if (ipv4_is_multicast(m->sip) || ipv4_is_lbcast(m->sip) ||
	    ipv4_is_zeronet(m->sip) || ipv4_is_loopback(m->sip) ||
	    (ctx->dev_bcast && m->sip == ctx->dev_bcast))
		return ARP_DROP_INVALID_SIP;
	if (is_multicast_ether_addr(m->sha) || is_zero_ether_addr(m->sha))
		return ARP_DROP_INVALID_SHA;
	if (ctx->dev_addr && m->sip == ctx->dev_addr)
		return ether_addr_equal(m->sha, ctx->dev_hw) ? ARP_DROP_OWN_FRAME :
							       ARP_DROP_CONFLICT;
	return ARP_DROP_NONE;
}

/* RFC 5227 probe (sender 0.0.0.0): no entry; answer if it asks for us. */
static enum arp_action arp_dad_probe(const struct arp_msg *m,
				     const struct arp_ctx *ctx, struct arp_stats *st)
{
	if (is_multicast_ether_addr(m->sha) || is_zero_ether_addr(m->sha))
		return arp_drop(st, ARP_DROP_INVALID_SHA);
	st->rcv_dad_probes++;
	if (m->op == ARPOP_REQUEST && ctx->dev_addr && m->tip == ctx->dev_addr)
		return ARP_ACT_REPLY;
	return ARP_ACT_NONE;
}

/* "Update the sender hardware address field of the entry." Only a
 * unicast reply proves the peer hears us (REACHABLE); anything else
 * makes the entry STALE. An announcement (sender == target) or an
 * update after locktime may replace a known address. */
static void arp_merge(struct neigh_table *tbl, struct neighbour *n,
		      const struct arp_msg *m, const struct arp_ctx *ctx,
		      u64 now, struct neigh_work *w)
{
	bool reply_to_us = m->op == ARPOP_REPLY && ctx->pkt_host;
	bool garp = m->sip == m->tip;
	u32 flags = 0;

	if (garp || neigh_locktime_over(tbl, n, now))
		flags |= NEIGH_UPDATE_F_OVERRIDE;
	neigh_update(tbl, n, m->sha, reply_to_us ? NUD_REACHABLE : NUD_STALE,
		     flags, now, w);
}

/* [RFC 826] "If the pair is already in my table, update it ... Am I the
 * target? If the pair was not merged, add it ... Is it a request? Reply." */
static enum arp_action arp_merge_and_reply(struct neigh_table *tbl, const struct arp_msg *m,
					   const struct arp_ctx *ctx, u64 now,
					   struct neigh_work *w, struct arp_stats *st)
{
	bool for_us = ctx->dev_addr && m->tip == ctx->dev_addr;
	struct neighbour *n = neigh_lookup(tbl, m->sip, ctx->dev);

	if (!n && for_us)
		n = neigh_create(tbl, m->sip, ctx->dev, now);
	if (n)
		arp_merge(tbl, n, m, ctx, now, w);
	else if (!for_us)
		st->not_for_us++;

	if (!for_us || m->op != ARPOP_REQUEST)
		return ARP_ACT_NONE;
	if (ctx->pkt_host)
		tbl->stats.rcv_probes_ucast++;
	else
		tbl->stats.rcv_probes_mcast++;
	return ARP_ACT_REPLY;
}

enum arp_action arp_process(struct neigh_table *tbl, const struct arp_msg *m,
			    const struct arp_ctx *ctx, u64 now,
			    struct neigh_work *w, struct arp_stats *st)
{
	enum arp_drop_reason why;

	if (m->op == ARPOP_REQUEST)
		st->rcv_requests++;
	else
		st->rcv_replies++;
	if (ipv4_is_multicast(m->tip) || ipv4_is_loopback(m->tip))
		return arp_drop(st, ARP_DROP_BAD_TIP);
	if (m->sip == 0)
		return arp_dad_probe(m, ctx, st);
	why = arp_check_sender(m, ctx);
	if (why == ARP_DROP_CONFLICT) {
		st->drops[why]++;
		return ARP_ACT_CONFLICT;
	}
	if (why)
		return arp_drop(st, why);
	if (m->sip == m->tip)
		st->rcv_garp++;
	return arp_merge_and_reply(tbl, m, ctx, now, w, st);
}

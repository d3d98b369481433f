/* ICMP: icmp_rcv (length and checksum, per-type dispatch as in Linux's
 * icmp_pointers[]), the echo server (a reply built in the request's own
 * buffer when no one else holds it), received errors checked and passed to
 * the protocol's err_handler (icmp_unreach), and icmp_send: the errors
 * napkin generates, after the RFC 1122 §3.2.2 rules and the rate limits
 * of icmp_rules.c. [RFC 792] [RFC 1122 §3.2.2] */
#include "net/ipv4/icmp.h"
#include "net/ipv4/ip.h"
#include "net/ipv4/ping.h"
#include "net/ipv4/route.h"
#include "net/core/netdevice.h"
#include "net/ipv4/devinet.h"
#include "kernel/printk.h"
#include "kernel/spinlock.h"
#include "kernel/timer.h"
#include "kernel/sysctl.h"
#include "lib/checksum.h"
#include "lib/errno.h"
#include "lib/string.h"

int sysctl_icmp_echo_ignore_all;
int sysctl_icmp_echo_ignore_broadcasts = 1;

SYSCTL_INT_ENTRY(icmp_echo_ignore_all, "net.ipv4.icmp_echo_ignore_all",
		 &sysctl_icmp_echo_ignore_all, 0, 1, "1: answer no echo requests");
SYSCTL_INT_ENTRY(icmp_echo_ignore_broadcasts, "net.ipv4.icmp_echo_ignore_broadcasts",
		 &sysctl_icmp_echo_ignore_broadcasts, 0, 1,
		 "1: ignore echo requests sent to broadcast addresses (RFC 1122 3.2.2.6)");

/* Linux's defaults: limit dest unreach, source quench, time exceeded and
 * parameter problem to one a second per host (bursts of 6), and all
 * errors to 1000 a second overall (bursts of 50). */
int sysctl_icmp_ratelimit = 1000;
int sysctl_icmp_ratemask = 0x1818;
int sysctl_icmp_msgs_per_sec = 1000;
int sysctl_icmp_msgs_burst = 50;

SYSCTL_INT_ENTRY(icmp_ratelimit, "net.ipv4.icmp_ratelimit", &sysctl_icmp_ratelimit,
		 0, 1000000, "ms between ICMP errors to one host (types in icmp_ratemask); 0: no limit");
SYSCTL_INT_ENTRY(icmp_ratemask, "net.ipv4.icmp_ratemask", &sysctl_icmp_ratemask,
		 0, 0x7ffff, "bit N set: ICMP type N is rate-limited");
SYSCTL_INT_ENTRY(icmp_msgs_per_sec, "net.ipv4.icmp_msgs_per_sec", &sysctl_icmp_msgs_per_sec,
		 0, 1000000, "ICMP errors sent per second, all hosts together");
SYSCTL_INT_ENTRY(icmp_msgs_burst, "net.ipv4.icmp_msgs_burst", &sysctl_icmp_msgs_burst,
		 0, 1000000, "burst allowed above icmp_msgs_per_sec");

static spinlock_t icmp_rate_lock;
static struct icmp_global_bucket icmp_global;
static struct icmp_peer_table icmp_peers;

void icmp_out_count(u8 type)
{
	ICMPMSGOUT_INC_STATS(type);
	__ICMP_INC_STATS(ICMP_MIB_OUTMSGS);
}

/* A send that failed is an IcmpOutErrors, except a filter drop (-EPERM):
 * the filter counted it (IpDrop Netfilter, IpOutDiscards), as Linux. */
static void icmp_send_count(int err)
{
	if (err && err != -EPERM)
		__ICMP_INC_STATS(ICMP_MIB_OUTERRORS);
}

/* A message napkin has no use for (redirects, timestamps, address
 * masks): already counted by type in IcmpMsg. */
static void icmp_discard(struct sk_buff *skb)
{
	consume_skb(skb);
}

/* The request's buffer becomes the reply: only its type and checksum
 * change. A clone's data is shared (a tap holds it), so copy first. */
static void icmp_echo(struct sk_buff *skb)
{
	const struct iphdr *iph = ip_hdr(skb);
	__be32 daddr = iph->saddr;
	__be32 saddr = IPCB(skb)->rt_type == RTN_LOCAL ? iph->daddr : 0;
	u8 tos = iph->tos & ~INET_ECN_MASK;
	struct icmphdr *icmph;
	__be16 word;

	if (READ_ONCE(sysctl_icmp_echo_ignore_all)) {
		consume_skb(skb);
		return;
	}
	if (skb_cloned(skb) && pskb_expand_head(skb, 0, 0, GFP_ATOMIC)) {
		__ICMP_INC_STATS(ICMP_MIB_OUTERRORS);
		kfree_skb(skb);
		return;
	}
	skb->pkt_type = PACKET_HOST;
	skb->tstamp = 0;
	icmph = (struct icmphdr *)skb->data;
	/* icmp_rcv verified the request's sum: only the type/code word
	 * changes, so update it [RFC 1624 eqn. 3] instead of summing up to
	 * 64 KiB again. */
	memcpy(&word, icmph, sizeof(word));
	icmph->type = ICMP_ECHOREPLY;
	icmph->code = 0;
	csum_replace2(&icmph->checksum, word, htons(ICMP_ECHOREPLY << 8));
	icmp_out_count(ICMP_ECHOREPLY);
	icmp_send_count(ip_build_and_send_pkt(skb, saddr, daddr, IPPROTO_ICMP, 0, tos));
}

/* --- received errors --- */

/* Destination unreachable, source quench, time exceeded, parameter
 * problem: the quoted header must be there and sane, then the protocol
 * that sent the datagram hears of it (Linux's icmp_unreach and
 * icmp_socket_deliver). No PMTU or redirect state is kept. */
static void icmp_unreach(struct sk_buff *skb)
{
	const struct icmphdr *icmph = (const struct icmphdr *)skb->data;
	const struct net_protocol *ipprot;
	const struct iphdr *iph;
	u32 info = 0;

	if (icmph->type == ICMP_DEST_UNREACH) {
		if (icmph->code > NR_ICMP_UNREACH)
			goto out_err;
		if (icmph->code == ICMP_FRAG_NEEDED)
			info = ntohs(icmph->un.frag.mtu);
	} else if (icmph->type == ICMP_PARAMETERPROB) {
		info = ntohl(icmph->un.gateway) >> 24;
	}
	skb_pull(skb, sizeof(*icmph));	/* icmp_rcv made it all linear */
	if (skb->len < sizeof(struct iphdr))
		goto out_err;
	iph = (const struct iphdr *)skb->data;
	/* RFC 792: the header and 8 bytes of the datagram's data. */
	if (iph->version != IPVERSION || iph->ihl < 5 ||
	    skb->len < iph->ihl * 4U + 8 || ntohs(iph->tot_len) < iph->ihl * 4U)
		goto out_err;
	ipprot = inet_get_protocol(iph->protocol);
	if (ipprot && ipprot->err_handler)
		ipprot->err_handler(skb, info);
	consume_skb(skb);
	return;

out_err:
	__ICMP_INC_STATS(ICMP_MIB_INERRORS);
	kfree_skb(skb);
}

/* --- sending errors --- */

/* Both buckets, as Linux's icmpv4_global_allow + icmpv4_xrlim_allow. */
static bool icmp_rate_allow(const struct sk_buff *skb_in, __be32 daddr, int type, int code)
{
	bool ok = true;
	u64 now = jiffies;

	if (!icmp_type_ratelimited(type, code, (u32)READ_ONCE(sysctl_icmp_ratemask)))
		return true;
	if (skb_in->dev && (skb_in->dev->flags & IFF_LOOPBACK))
		return true;
	spin_lock(&icmp_rate_lock);
	if (!icmp_global_allow(&icmp_global, now, READ_ONCE(sysctl_icmp_msgs_per_sec),
			       READ_ONCE(sysctl_icmp_msgs_burst))) {
		__ICMP_INC_STATS(ICMP_MIB_RATELIMITGLOBAL);
		ok = false;
	} else if (!icmp_peer_allow(&icmp_peers, daddr, now,
				    msecs_to_jiffies(READ_ONCE(sysctl_icmp_ratelimit)))) {
		__ICMP_INC_STATS(ICMP_MIB_RATELIMITHOST);
		ok = false;
	}
	spin_unlock(&icmp_rate_lock);
	return ok;
}

/* The RFC 1122 rules' inputs for skb_in; false if there is no whole IP
 * header to look at. */
static bool icmp_err_ctx_fill(const struct sk_buff *skb_in, struct icmp_err_ctx *ctx)
{
	const u8 *nh = skb_network_header(skb_in);
	const struct iphdr *iph = (const struct iphdr *)nh;
	long lin = skb_tail_pointer(skb_in) - nh;

	if (nh < skb_in->head || lin < (long)sizeof(*iph) || lin < iph->ihl * 4L)
		return false;
	ctx->pkt_type = skb_in->pkt_type;
	ctx->rt_type = IPCB(skb_in)->rt_type;
	ctx->on_loopback = skb_in->dev && (skb_in->dev->flags & IFF_LOOPBACK);
	ctx->dev_bcast = skb_in->dev ? inet_dev_broadcast(skb_in->dev) : 0;
	ctx->inner_type = -1;
	if (iph->protocol == IPPROTO_ICMP && !(iph->frag_off & htons(IP_OFFSET)) &&
	    lin > iph->ihl * 4L)
		ctx->inner_type = nh[iph->ihl * 4];
	return true;
}

/* The error message: header, then as much of the datagram as fits in
 * ICMP_ERR_MAX_LEN [RFC 792: at least its header and 8 bytes]. */
static struct sk_buff *icmp_build_err(const struct sk_buff *skb_in, int type, int code,
				      u32 info)
{
	const u8 *nh = skb_network_header(skb_in);
	const struct iphdr *iph = (const struct iphdr *)nh;
	unsigned int lin = skb_tail_pointer(skb_in) - nh;
	unsigned int have = lin + (skb_in->len - skb_headlen(skb_in));
	unsigned int qlen = min_t(unsigned int, ntohs(iph->tot_len), have);
	struct icmphdr *icmph;
	struct sk_buff *skb;
	u8 *quote;

	qlen = min_t(unsigned int, qlen, ICMP_ERR_MAX_LEN - sizeof(struct iphdr) - sizeof(*icmph));
	skb = alloc_skb(INET_TX_HEADROOM + sizeof(*icmph) + qlen, GFP_ATOMIC);
	if (!skb)
		return NULL;
	skb_reserve(skb, INET_TX_HEADROOM);
	icmph = skb_put_zero(skb, sizeof(*icmph));
	icmph->type = type;
	icmph->code = code;
	if (type == ICMP_DEST_UNREACH && code == ICMP_FRAG_NEEDED)
		icmph->un.frag.mtu = htons(info);
	else if (type == ICMP_PARAMETERPROB)
		icmph->un.gateway = htonl(info << 24);
	quote = skb_put(skb, qlen);
	memcpy(quote, nh, min(qlen, lin));
	if (qlen > lin &&
	    skb_copy_bits(skb_in, skb_headlen(skb_in), quote + lin, qlen - lin)) {
		kfree_skb(skb);
		return NULL;
	}
	icmph->checksum = ip_compute_csum(skb->data, skb->len);
	return skb;
}

/* IPTOS_PREC_INTERNETCONTROL, keeping the datagram's TOS bits [RFC 1812
 * §4.3.2.5]. */
#define IPTOS_TOS_MASK			0x1E
#define IPTOS_PREC_INTERNETCONTROL	0xC0

void icmp_send(struct sk_buff *skb_in, int type, int code, u32 info)
{
	const struct iphdr *iph;
	struct icmp_err_ctx ctx;
	struct sk_buff *skb;
	__be32 saddr;

	if (!icmp_err_ctx_fill(skb_in, &ctx))
		return;
	iph = (const struct iphdr *)skb_network_header(skb_in);
	if (icmp_error_check(iph, &ctx) != ICMP_SEND_OK)
		return;
	if (!icmp_rate_allow(skb_in, iph->saddr, type, code))
		return;
	skb = icmp_build_err(skb_in, type, code, info);
	if (!skb) {
		__ICMP_INC_STATS(ICMP_MIB_OUTERRORS);
		return;
	}
	/* From the address the datagram was sent to, if it was ours. */
	saddr = ctx.rt_type == RTN_LOCAL ? iph->daddr : 0;
	icmp_out_count(type);
	icmp_send_count(ip_build_and_send_pkt(skb, saddr, iph->saddr, IPPROTO_ICMP, 0,
					      (iph->tos & IPTOS_TOS_MASK) |
					      IPTOS_PREC_INTERNETCONTROL));
}

struct icmp_control {
	void (*handler)(struct sk_buff *skb);	/* consumes skb */
	bool bcast_ok;	/* may arrive for a broadcast/multicast address */
};

static const struct icmp_control icmp_pointers[NR_ICMP_TYPES + 1] = {
	[ICMP_ECHOREPLY] = { ping_rcv, false },
	[1] = { icmp_discard, false },
	[2] = { icmp_discard, false },
	[ICMP_DEST_UNREACH] = { icmp_unreach, false },
	[ICMP_SOURCE_QUENCH] = { icmp_unreach, false },
	[ICMP_REDIRECT] = { icmp_discard, false },
	[6] = { icmp_discard, false },
	[7] = { icmp_discard, false },
	[ICMP_ECHO] = { icmp_echo, true },
	[9] = { icmp_discard, false },
	[10] = { icmp_discard, false },
	[ICMP_TIME_EXCEEDED] = { icmp_unreach, false },
	[ICMP_PARAMETERPROB] = { icmp_unreach, false },
	[ICMP_TIMESTAMP] = { icmp_discard, true },
	[ICMP_TIMESTAMPREPLY] = { icmp_discard, false },
	[ICMP_INFO_REQUEST] = { icmp_discard, false },
	[ICMP_INFO_REPLY] = { icmp_discard, false },
	[ICMP_ADDRESS] = { icmp_discard, true },
	[ICMP_ADDRESSREPLY] = { icmp_discard, true },
};

/* [RFC 1122 §3.2.2.6] echo to a broadcast address MAY be ignored
 * (sysctl); other messages to one are ignored always, as in Linux. */
static bool icmp_bcast_refused(const struct sk_buff *skb, u8 type)
{
	u8 rt_type = IPCB(skb)->rt_type;

	if (rt_type != RTN_BROADCAST && rt_type != RTN_MULTICAST)
		return false;
	if (type == ICMP_ECHO && READ_ONCE(sysctl_icmp_echo_ignore_broadcasts))
		return true;
	return !icmp_pointers[type].bcast_ok;
}

int icmp_rcv(struct sk_buff *skb)
{
	const struct icmphdr *icmph;

	__ICMP_INC_STATS(ICMP_MIB_INMSGS);
	/* Whole message linear: the checksum covers it (a reassembled one
	 * is linear already). */
	if (skb->len < sizeof(struct icmphdr) || !pskb_may_pull(skb, skb->len))
		goto error;
	if (ip_compute_csum(skb->data, skb->len))
		goto csum_error;
	icmph = (const struct icmphdr *)skb->data;
	ICMPMSGIN_INC_STATS(icmph->type);
	if (icmph->type > NR_ICMP_TYPES || icmp_bcast_refused(skb, icmph->type))
		goto error;
	icmp_pointers[icmph->type].handler(skb);
	return 0;

csum_error:
	__ICMP_INC_STATS(ICMP_MIB_CSUMERRORS);
error:
	__ICMP_INC_STATS(ICMP_MIB_INERRORS);
	kfree_skb(skb);
	return 0;
}

static const struct net_protocol icmp_protocol = {
	.handler = icmp_rcv,
};

void icmp_init(void)
{
	spin_lock_init(&icmp_rate_lock);
	if (inet_add_protocol(&icmp_protocol, IPPROTO_ICMP))
		pr_err("icmp: cannot register IPPROTO_ICMP\n");
}

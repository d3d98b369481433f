/* IPv4 transmit of locally generated packets, in Linux's stages:
 * ip_build_and_send_pkt (route, header) -> ip_local_out -> ip_output ->
 * ip_finish_output (the MTU check: ip_fragment/ip_do_fragment split an
 * oversized datagram at 8-byte boundaries [RFC 791 §3.2], or with DF set
 * drop it with -EMSGSIZE) -> ip_finish_output2 (neighbour resolution) ->
 * dev_queue_xmit. The netfilter hooks sit where Linux has them: LOCAL_OUT
 * in ip_local_out, before ip_output; POST_ROUTING in ip_output, before
 * ip_finish_output, so its rules see the datagram before fragmentation
 * (a dropped one returns -EPERM to the sender and counts in
 * IpOutDiscards, as Linux's). Forwarded
 * datagrams pass POST_ROUTING in ip_forward.c. napkin sends no IP options
 * itself; fragments carry only copied options if a header has any
 * (ip_options_fragment). */
#include "net/ipv4/ip.h"
#include "net/ipv4/arp.h"
#include "net/ipv4/route.h"
#include "net/netfilter/netfilter.h"
#include "net/core/netdevice.h"
#include "arch/x86_64/cpu.h"
#include "kernel/sysctl.h"
#include "lib/checksum.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "kernel/mm/page_alloc.h"

int sysctl_ip_default_ttl = IPDEFTTL;
SYSCTL_INT_ENTRY(ip_default_ttl, "net.ipv4.ip_default_ttl", &sysctl_ip_default_ttl,
		 1, MAXTTL, "TTL of locally generated IPv4 packets");

#define IP_MAX_TOT_LEN	0xFFFF	/* tot_len is 16 bits */

/* Identification: unique per (source, destination, protocol) while a
 * datagram may live [RFC 791 §3.2]; one counter is the simple superset.
 * Seeded at first use so a reboot does not replay the sequence. */
static u32 ip_ident;

static __be16 ip_select_ident(void)
{
	return htons((u16)__atomic_fetch_add(&ip_ident, 1, __ATOMIC_RELAXED));
}

void ip_send_check(struct iphdr *iph)
{
	iph->check = 0;
	iph->check = ip_fast_csum(iph, iph->ihl);
}

static int ip_out_drop(struct sk_buff *skb, enum ip_drop_reason why, int err)
{
	ip_drop_count(why);
	kfree_skb(skb);
	return err;
}

static int ip_finish_output2(struct sk_buff *skb)
{
	__IP_INC_STATS(IPSTATS_MIB_OUTPKTS);
	return neigh_output_ip(skb->dev, skb, IPCB(skb)->nexthop);
}

/* [RFC 791 §3.1] in fragments after the first, options whose copied
 * flag is clear are left out: overwritten with NOOPs, as Linux does, so
 * the header length stays the same. */
#define IPOPT_COPY	0x80

static void ip_options_fragment(u8 *opt, unsigned int optlen)
{
	unsigned int i = 0, l;

	while (i < optlen && opt[i] != IPOPT_END) {
		if (opt[i] == IPOPT_NOOP) {
			i++;
			continue;
		}
		l = opt[i + 1];		/* ip_options_check made it sane */
		if (!(opt[i] & IPOPT_COPY))
			memset(opt + i, IPOPT_NOOP, l);
		i += l;
	}
}

/* One fragment: the header (hlen bytes from hdr), len payload bytes of
 * skb from offset, fragment offset `offset` and MF as told. */
static struct sk_buff *ip_frag_next(struct sk_buff *skb, const u8 *hdr,
				    unsigned int hlen, unsigned int offset,
				    unsigned int len, bool more)
{
	unsigned int room = LL_RESERVED_SPACE(skb->dev);
	struct sk_buff *frag;
	struct iphdr *iph;

	frag = alloc_skb(room + hlen + len, GFP_ATOMIC);
	if (!frag)
		return NULL;
	skb_reserve(frag, room);
	iph = skb_put_data(frag, hdr, hlen);
	if (skb_copy_bits(skb, hlen + offset, skb_put(frag, len), len)) {
		kfree_skb(frag);
		return NULL;
	}
	skb_reset_network_header(frag);
	skb_set_transport_header(frag, hlen);
	iph->tot_len = htons(hlen + len);
	/* A datagram that is itself a fragment (forwarded) keeps its place. */
	iph->frag_off = htons((ntohs(iph->frag_off) & ~IP_OFFSET) |
			      ((ntohs(iph->frag_off) & IP_OFFSET) + (offset >> 3)));
	if (more)
		iph->frag_off |= htons(IP_MF);
	ip_send_check(iph);
	frag->dev = skb->dev;
	frag->protocol = skb->protocol;
	frag->priority = skb->priority;
	frag->mark = skb->mark;
	memcpy(IPCB(frag), IPCB(skb), sizeof(struct inet_skb_parm));
	return frag;
}

/*
 * Linux's ip_do_fragment, slow path only (every fragment a new linear
 * skb): payload in multiples of 8 bytes up to mtu - hlen, MF on all but
 * the last (or kept if the datagram was itself a fragment). Consumes skb.
 * 0 or the first transmit error (the remaining fragments are not sent).
 */
static int ip_do_fragment(struct sk_buff *skb, unsigned int mtu)
{
	const struct iphdr *iph = ip_hdr(skb);
	unsigned int hlen = iph->ihl * 4, left = skb->len - hlen;
	unsigned int chunk = (mtu - hlen) & ~7U, offset = 0, len;
	bool was_more = iph->frag_off & htons(IP_MF);
	u8 hdr[IP_MAX_HLEN];
	struct sk_buff *frag;
	int err = 0, n = 0;

	memcpy(hdr, iph, hlen);
	while (left) {
		len = min(left, chunk);
		frag = ip_frag_next(skb, hdr, hlen, offset, len, len < left || was_more);
		if (!frag) {
			err = -ENOMEM;
			break;
		}
		/* Later fragments carry only the copied options. */
		if (offset == 0 && hlen > IP_MIN_HLEN)
			ip_options_fragment(hdr + IP_MIN_HLEN, hlen - IP_MIN_HLEN);
		offset += len;
		left -= len;
		n++;
		err = ip_finish_output2(frag);
		if (err)
			break;
	}
	__IP_ADD_STATS(IPSTATS_MIB_FRAGCREATES, n);
	/* A transmit error is already counted where it happened. */
	if (err == -ENOMEM)
		ip_drop_count(IPDROP_OUT_NOMEM);
	if (err)
		__IP_INC_STATS(IPSTATS_MIB_FRAGFAILS);
	else
		__IP_INC_STATS(IPSTATS_MIB_FRAGOKS);
	consume_skb(skb);
	return err;
}

/* Linux's ip_fragment: DF forbids splitting. A local sender learns it
 * from -EMSGSIZE (no ICMP to ourselves); mtu must leave room for 8 bytes
 * of payload after the header. */
static int ip_fragment(struct sk_buff *skb, unsigned int mtu)
{
	const struct iphdr *iph = ip_hdr(skb);

	if ((iph->frag_off & htons(IP_DF)) || mtu < iph->ihl * 4U + 8)
		return ip_out_drop(skb, IPDROP_OUT_TOOBIG, -EMSGSIZE);
	return ip_do_fragment(skb, mtu);
}

int ip_finish_output(struct sk_buff *skb)
{
	unsigned int mtu = skb->dev->mtu;

	if (skb->len > mtu)
		return ip_fragment(skb, mtu);
	return ip_finish_output2(skb);
}

/* A locally built datagram through LOCAL_OUT or POST_ROUTING. A filter
 * drop is also an IpOutDiscards, as Linux counts it in ip_send_skb for
 * a local sender; forwarded ones pass POST_ROUTING in ip_forward.c. */
static int ip_nf_out(unsigned int hook, struct sk_buff *skb,
		     int (*okfn)(struct sk_buff *))
{
	int ret = nf_hook(NFPROTO_IPV4, hook, skb, NULL, skb->dev);

	if (ret != 1) {
		__IP_INC_STATS(IPSTATS_MIB_OUTDISCARDS);
		return ret;
	}
	return okfn(skb);
}

static int ip_output(struct sk_buff *skb)
{
	u8 rt_type = IPCB(skb)->rt_type;

	__IP_INC_STATS(IPSTATS_MIB_OUTREQUESTS);
	__IP_ADD_STATS(IPSTATS_MIB_OUTOCTETS, skb->len);
	if (rt_type == RTN_BROADCAST) {
		__IP_INC_STATS(IPSTATS_MIB_OUTBCASTPKTS);
		__IP_ADD_STATS(IPSTATS_MIB_OUTBCASTOCTETS, skb->len);
	} else if (rt_type == RTN_MULTICAST) {
		__IP_INC_STATS(IPSTATS_MIB_OUTMCASTPKTS);
		__IP_ADD_STATS(IPSTATS_MIB_OUTMCASTOCTETS, skb->len);
	}
	return ip_nf_out(NF_INET_POST_ROUTING, skb, ip_finish_output);
}

static int ip_local_out(struct sk_buff *skb)
{
	return ip_nf_out(NF_INET_LOCAL_OUT, skb, ip_output);
}

static void ip_build_header(struct sk_buff *skb, __be32 saddr, __be32 daddr,
			    u8 proto, u8 ttl, u8 tos)
{
	struct iphdr *iph;

	skb_reset_transport_header(skb);
	iph = skb_push(skb, sizeof(*iph));
	skb_reset_network_header(skb);
	iph->version = IPVERSION;
	iph->ihl = sizeof(*iph) / 4;
	iph->tos = tos;
	iph->tot_len = htons(skb->len);
	iph->id = ip_select_ident();
	iph->frag_off = 0;	/* DF off: nothing here does path MTU discovery */
	iph->ttl = ttl ? ttl : READ_ONCE(sysctl_ip_default_ttl);
	iph->protocol = proto;
	iph->saddr = saddr;
	iph->daddr = daddr;
	ip_send_check(iph);
}

int ip_build_and_send_pkt(struct sk_buff *skb, __be32 saddr, __be32 daddr,
			  u8 proto, u8 ttl, u8 tos)
{
	struct rtable rt;

	if (ip_route_output_rt(daddr, &rt))
		return ip_out_drop(skb, IPDROP_OUT_NOROUTE, -ENETUNREACH);
	if (skb->len > IP_MAX_TOT_LEN - sizeof(struct iphdr))
		return ip_out_drop(skb, IPDROP_OUT_TOOBIG, -EMSGSIZE);
	if (skb_cow_head(skb, LL_RESERVED_SPACE(rt.dev) + sizeof(struct iphdr)))
		return ip_out_drop(skb, IPDROP_OUT_NOMEM, -ENOMEM);
	if (!READ_ONCE(ip_ident))
		WRITE_ONCE(ip_ident, (u32)rdtsc() | 1);

	/* [RFC 1122 §3.2.1.3] 0.0.0.0 is a source only while a host learns
	 * its address, and DHCP sends those by its own path: a route through
	 * a device without an address (an on-link route added after the lease
	 * was lost) cannot carry our datagrams. */
	if (!saddr)
		saddr = rt.rt_src;
	if (!saddr)
		return ip_out_drop(skb, IPDROP_OUT_NOROUTE, -EADDRNOTAVAIL);
	ip_build_header(skb, saddr, daddr, proto, ttl, tos);
	skb->dev = rt.dev;
	skb->protocol = htons(ETH_P_IP);
	skb->ip_summed = CHECKSUM_NONE;
	memset(IPCB(skb), 0, sizeof(struct inet_skb_parm));
	IPCB(skb)->nexthop = rt.rt_gw;
	IPCB(skb)->rt_type = rt.rt_type;
	return ip_local_out(skb);
}

/* tcpdump-style one-line summaries of Ethernet frames (ARP, IPv4 with
 * ICMP/TCP/UDP), parsed defensively from a captured prefix: each header
 * is length-checked before any field is read. Not a protocol validator. */
#include "net/core/packet_tap.h"
#include "net/ethernet/eth.h"
#include "lib/byteorder.h"
#include "lib/printf.h"

#define ARP_LEN_ETH_IP	28
#define IP_MIN_HLEN	20
#define IP_PROTO_ICMP	1
#define IP_PROTO_TCP	6
#define IP_PROTO_UDP	17
#define IP_OFFSET_MASK	0x1fff
#define IP_MF		0x2000
#define TCP_MIN_HLEN	20
#define UDP_HLEN	8

/* Format into a running (buf, size, pos); pos never passes size - 1. */
struct fmt_buf {
	char *buf;
	size_t size;
	size_t pos;
};

static __printf(2, 3) void fmt(struct fmt_buf *b, const char *f, ...)
{
	va_list ap;

	if (b->pos + 1 >= b->size)
		return;
	va_start(ap, f);
	b->pos += vscnprintf(b->buf + b->pos, b->size - b->pos, f, ap);
	va_end(ap);
}

/* RFC 826 for Ethernet/IPv4: hrd 1, pro 0x0800, hln 6, pln 4. */
static void arp_summary(struct fmt_buf *b, const u8 *p, u32 caplen, u32 len)
{
	u16 op;

	if (caplen < ARP_LEN_ETH_IP || get_unaligned_be16(p) != 1 ||
	    get_unaligned_be16(p + 2) != ETH_P_IP || p[4] != ETH_ALEN || p[5] != 4) {
		fmt(b, "ARP, %s, length %u",
		    caplen < ARP_LEN_ETH_IP ? "truncated" : "unknown hardware/protocol", len);
		return;
	}
	op = get_unaligned_be16(p + 6);
	if (op == 1) {
		fmt(b, "ARP, Request who-has %pI4 tell %pI4, length %u", p + 24, p + 14, len);
	} else if (op == 2) {
		char mac[MAC_STR_LEN];

		fmt(b, "ARP, Reply %pI4 is-at %s, length %u", p + 14, mac_to_str(p + 8, mac), len);
	} else {
		fmt(b, "ARP, op %u, length %u", op, len);
	}
}

static void icmp_summary(struct fmt_buf *b, const u8 *p, u32 caplen, u32 len)
{
	if (caplen < 8) {
		fmt(b, "ICMP, truncated, length %u", len);
		return;
	}
	if (p[0] == 8 || p[0] == 0)
		fmt(b, "ICMP echo %s, id %u, seq %u, length %u",
		    p[0] == 8 ? "request" : "reply",
		    get_unaligned_be16(p + 4), get_unaligned_be16(p + 6), len);
	else
		fmt(b, "ICMP type %u, code %u, length %u", p[0], p[1], len);
}

static void tcp_flags(struct fmt_buf *b, u8 flags)
{
	static const char names[] = "FSRP.UEW";
	char out[9];
	int i, n = 0;

	/* tcpdump's order: S F R P, then the ack dot, U E W. */
	static const u8 order[] = { 1, 0, 2, 3, 4, 5, 6, 7 };

	for (i = 0; i < 8; i++)
		if (flags & (1u << order[i]))
			out[n++] = names[order[i]];
	out[n] = '\0';
	fmt(b, "Flags [%s]", n ? out : "none");
}

static void tcp_summary(struct fmt_buf *b, const u8 *ip, const u8 *p, u32 caplen, u32 len)
{
	u32 doff;

	if (caplen < TCP_MIN_HLEN) {
		fmt(b, "IP %pI4 > %pI4: tcp, truncated, length %u", ip + 12, ip + 16, len);
		return;
	}
	doff = (p[12] >> 4) * 4;
	fmt(b, "IP %pI4.%u > %pI4.%u: ", ip + 12, get_unaligned_be16(p),
	    ip + 16, get_unaligned_be16(p + 2));
	tcp_flags(b, p[13]);
	fmt(b, ", seq %u", get_unaligned_be32(p + 4));
	if (p[13] & 0x10)
		fmt(b, ", ack %u", get_unaligned_be32(p + 8));
	fmt(b, ", win %u, length %u", get_unaligned_be16(p + 14),
	    len >= doff ? len - doff : 0);
}

static void udp_summary(struct fmt_buf *b, const u8 *ip, const u8 *p, u32 caplen, u32 len)
{
	if (caplen < UDP_HLEN) {
		fmt(b, "IP %pI4 > %pI4: udp, truncated, length %u", ip + 12, ip + 16, len);
		return;
	}
	fmt(b, "IP %pI4.%u > %pI4.%u: UDP, length %u", ip + 12, get_unaligned_be16(p),
	    ip + 16, get_unaligned_be16(p + 2), len >= UDP_HLEN ? len - UDP_HLEN : 0);
}

static void ip_summary(struct fmt_buf *b, const u8 *p, u32 caplen, u32 len)
{
	u32 ihl, tot, plen, pcap;
	u16 frag;

	if (caplen < IP_MIN_HLEN) {
		fmt(b, "IP, truncated, length %u", len);
		return;
	}
	ihl = (p[0] & 0x0f) * 4;
	tot = get_unaligned_be16(p + 2);
	if ((p[0] >> 4) != 4 || ihl < IP_MIN_HLEN || ihl > caplen || tot < ihl) {
		fmt(b, "IP, bad header, length %u", len);
		return;
	}
	plen = tot - ihl;
	pcap = min(caplen, tot) - ihl;
	frag = get_unaligned_be16(p + 6);
	if (frag & IP_OFFSET_MASK) {
		fmt(b, "IP %pI4 > %pI4: proto %u, frag offset %u%s, length %u", p + 12,
		    p + 16, p[9], (frag & IP_OFFSET_MASK) * 8, frag & IP_MF ? "+" : "", plen);
		return;
	}
	switch (p[9]) {
	case IP_PROTO_ICMP:
		fmt(b, "IP %pI4 > %pI4: ", p + 12, p + 16);
		icmp_summary(b, p + ihl, pcap, plen);
		break;
	case IP_PROTO_TCP:
		tcp_summary(b, p, p + ihl, pcap, plen);
		break;
	case IP_PROTO_UDP:
		udp_summary(b, p, p + ihl, pcap, plen);
		break;
	default:
		fmt(b, "IP %pI4 > %pI4: ip-proto-%u, length %u", p + 12, p + 16, p[9], plen);
	}
}

int pkt_summary(char *buf, size_t size, const u8 *frame, u32 caplen, u32 len, bool mac)
{
	struct fmt_buf b = { buf, size, 0 };
	u16 type;

	if (!size)
		return 0;
	buf[0] = '\0';
	if (caplen > len)
		caplen = len;
	if (caplen < ETH_HLEN) {
		fmt(&b, "truncated frame, length %u", len);
		return b.pos;
	}
	if (mac) {
		char src[MAC_STR_LEN], dst[MAC_STR_LEN];

		fmt(&b, "%s > %s, ", mac_to_str(frame + ETH_SOURCE_OFF, src),
		    mac_to_str(frame + ETH_DEST_OFF, dst));
	}
	type = get_unaligned_be16(frame + ETH_PROTO_OFF);
	frame += ETH_HLEN;
	caplen -= ETH_HLEN;
	len -= ETH_HLEN;
	if (type == ETH_P_ARP)
		arp_summary(&b, frame, caplen, len);
	else if (type == ETH_P_IP)
		ip_summary(&b, frame, caplen, len);
	else if (type == ETH_P_IPV6)
		fmt(&b, "IP6, length %u", len);
	else if (type < ETH_P_802_3_MIN)
		fmt(&b, "802.3, length %u", len);
	else
		fmt(&b, "ethertype 0x%04x, length %u", type, len);
	return b.pos;
}

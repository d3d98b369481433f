/* test_checksum.c: lib/checksum.c against a word-at-a-time RFC 1071
 * reference over every length 0..2048 at every start offset 0..7, plus
 * packets with known checksums (IPv4, TCP and UDP, made with scapy). */
#include "lib/checksum.h"
#include "lib/byteorder.h"
#include "lib/string.h"
#include "tests/unit/ktest.h"

#define MAX_LEN	2048

static u8 buf[MAX_LEN + 16];

/* RFC 1071 as written: big-endian 16-bit words, end-around carry. */
static u32 ref_sum(const u8 *p, size_t len, u32 sum)
{
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (u32)p[i] << 8 | p[i + 1];
	if (len & 1)
		sum += (u32)p[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return sum;
}

/* The checksum as it appears on the wire, high byte first. */
static u16 ref_csum(const u8 *p, size_t len)
{
	return (u16)~ref_sum(p, len, 0);
}

/* Our folded value read back the way the wire carries it. */
static u16 wire(__sum16 v)
{
	u8 b[2];

	(memcpy)(b, &v, 2);
	return (u16)(b[0] << 8 | b[1]);
}

KTEST(csum_partial_every_length_and_offset)
{
	size_t len, off;

	ktest_fill_random(buf, sizeof(buf));
	for (off = 0; off < 8; off++)
		for (len = 0; len <= MAX_LEN; len++) {
			u16 want = ref_csum(buf + off, len);
			u16 got = wire(csum_fold(csum_partial(buf + off, len, 0)));

			if (got != want) {
				ktest_fail(__FILE__, __LINE__,
					   "off %zu len %zu: got 0x%04x want 0x%04x",
					   off, len, got, want);
				return;
			}
		}
}

KTEST(ip_compute_csum_random_buffers)
{
	int round;

	for (round = 0; round < 200; round++) {
		size_t len = ktest_rand() % (MAX_LEN + 1);
		size_t off = ktest_rand() % 16;

		ktest_fill_random(buf, sizeof(buf));
		EXPECT_EQ(wire(ip_compute_csum(buf + off, len)),
			  ref_csum(buf + off, len));
	}
}

/* Worst case for carries: every word 0xffff. */
KTEST(csum_all_ones_and_zeros)
{
	static u8 big[65536 + 3];

	(memset)(big, 0xff, sizeof(big));
	EXPECT_EQ(wire(ip_compute_csum(big, 65536)), ref_csum(big, 65536));
	EXPECT_EQ(wire(ip_compute_csum(big + 1, 65536 + 1)),
		  ref_csum(big + 1, 65536 + 1));
	EXPECT_EQ(ip_compute_csum(big, 64), 0);
	(memset)(big, 0, sizeof(big));
	EXPECT_EQ(ip_compute_csum(big, 100), 0xffff);
	EXPECT_EQ(ip_compute_csum(big, 0), 0xffff);
}

KTEST(csum_partial_chains_and_initial_sum)
{
	size_t len = 1000, split;
	u32 whole;

	ktest_fill_random(buf, sizeof(buf));
	whole = csum_partial(buf, len, 0);
	for (split = 0; split <= len; split += 2)
		EXPECT_EQ(csum_fold(csum_partial(buf + split, len - split,
						 csum_partial(buf, split, 0))),
			  csum_fold(whole));
	/* Odd split: the second block's bytes sit in swapped word halves. */
	for (split = 1; split < len; split += 37)
		EXPECT_EQ(csum_fold(csum_block_add(csum_partial(buf, split, 0),
						   csum_partial(buf + split, len - split, 0),
						   (int)split)),
			  csum_fold(whole));
	EXPECT_EQ(csum_fold(csum_partial(buf, 10, 0xffffffff)),
		  csum_fold(csum_add(csum_partial(buf, 10, 0), 0xffffffff)));
}

KTEST(csum_add_sub_fold)
{
	EXPECT_EQ(csum_add(1, 2), 3);
	EXPECT_EQ(csum_add(0xffffffff, 1), 1);
	EXPECT_EQ(csum_add(0x80000000, 0x80000000), 1);
	EXPECT_EQ(csum_fold(csum_sub(csum_add(0x1234, 0xabcd), 0xabcd)),
		  csum_fold(0x1234));
	EXPECT_EQ(csum_fold(0), 0xffff);
	EXPECT_EQ(csum_fold(0xffff), 0);
	EXPECT_EQ(csum_fold(0x0001ffff), (u16)~1);
	EXPECT_EQ(csum_fold(0xffffffff), 0);
	EXPECT_EQ(csum_unfold(0x1234), 0x1234);
}

/* Wikipedia's IPv4 header example: checksum 0xb861. */
KTEST(ip_fast_csum_known_header)
{
	u8 iph[20] = {
		0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11,
		0x00, 0x00, 0xc0, 0xa8, 0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7,
	};
	__sum16 sum = ip_fast_csum(iph, 5);

	EXPECT_EQ(wire(sum), 0xb861);
	(memcpy)(iph + 10, &sum, 2);	/* stored as-is, no htons */
	EXPECT_EQ(iph[10], 0xb8);
	EXPECT_EQ(iph[11], 0x61);
	EXPECT_EQ(ip_fast_csum(iph, 5), 0);
	iph[8]--;	/* TTL change without checksum update */
	EXPECT_NE(ip_fast_csum(iph, 5), 0);
}

static __be32 be32_at(const u8 *p)
{
	__be32 v;

	(memcpy)(&v, p, 4);
	return v;
}

/* scapy: IP(10.0.2.15 > 93.184.216.34)/TCP SYN with MSS, NOP, WScale. */
static const u8 tcp_syn[48] = {
	0x45, 0x00, 0x00, 0x30, 0x1c, 0x46, 0x00, 0x00, 0x40, 0x06, 0x1c, 0x99,
	0x0a, 0x00, 0x02, 0x0f, 0x5d, 0xb8, 0xd8, 0x22, 0xc0, 0x00, 0x00, 0x50,
	0x12, 0x34, 0x56, 0x78, 0x00, 0x00, 0x00, 0x00, 0x70, 0x02, 0xfa, 0xf0,
	0x1e, 0x41, 0x00, 0x00, 0x02, 0x04, 0x05, 0xb4, 0x01, 0x03, 0x03, 0x07,
};

/* scapy: IP(192.168.1.10 > 192.168.1.1)/UDP(5353 > 53)/"napkin!" (odd). */
static const u8 udp_dgram[35] = {
	0x45, 0x00, 0x00, 0x23, 0x00, 0x07, 0x00, 0x00, 0x11, 0x11, 0x26, 0x68,
	0xc0, 0xa8, 0x01, 0x0a, 0xc0, 0xa8, 0x01, 0x01, 0x14, 0xe9, 0x00, 0x35,
	0x00, 0x0f, 0xfe, 0x1a, 0x6e, 0x61, 0x70, 0x6b, 0x69, 0x6e, 0x21,
};

/* Verify a packet as received, then recompute its checksum from zero. */
static void check_transport(const u8 *pkt, size_t len, u8 proto, size_t csum_off)
{
	u8 copy[64];
	size_t tlen = len - 20;
	__be32 saddr = be32_at(pkt + 12), daddr = be32_at(pkt + 16);
	__sum16 sum;

	EXPECT_EQ(ip_fast_csum(pkt, 5), 0);
	EXPECT_EQ(csum_tcpudp_magic(saddr, daddr, (u32)tlen, proto,
				    csum_partial(pkt + 20, tlen, 0)), 0);
	(memcpy)(copy, pkt, len);
	copy[20 + csum_off] = copy[21 + csum_off] = 0;
	sum = csum_tcpudp_magic(saddr, daddr, (u32)tlen, proto,
				csum_partial(copy + 20, tlen, 0));
	(memcpy)(copy + 20 + csum_off, &sum, 2);
	EXPECT_MEMEQ(copy, pkt, len);
	copy[10] = copy[11] = 0;
	sum = ip_fast_csum(copy, 5);
	(memcpy)(copy + 10, &sum, 2);
	EXPECT_MEMEQ(copy, pkt, len);
}

KTEST(tcp_checksum_known_packet)
{
	check_transport(tcp_syn, sizeof(tcp_syn), 6, 16);
}

KTEST(udp_checksum_known_packet_odd_length)
{
	check_transport(udp_dgram, sizeof(udp_dgram), 17, 6);
}

/* Pseudo header against the reference over explicit pseudo-header bytes. */
KTEST(csum_tcpudp_random_against_reference)
{
	u8 pseudo[12 + MAX_LEN];
	int round;

	for (round = 0; round < 300; round++) {
		size_t len = ktest_rand() % MAX_LEN;
		u8 proto = (u8)ktest_rand();

		ktest_fill_random(pseudo, sizeof(pseudo));
		pseudo[8] = 0;
		pseudo[9] = proto;
		put_unaligned_be16((u16)len, pseudo + 10);
		EXPECT_EQ(wire(csum_tcpudp_magic(be32_at(pseudo), be32_at(pseudo + 4),
						 (u32)len, proto,
						 csum_partial(pseudo + 12, len, 0))),
			  ref_csum(pseudo, 12 + len));
	}
}

/* RFC 1624: incremental updates equal a full recomputation. */
KTEST(csum_replace_matches_recompute)
{
	u8 iph[20];
	int round;

	for (round = 0; round < 1000; round++) {
		__sum16 sum;
		__be16 old16, new16;
		__be32 old32, new32;

		ktest_fill_random(iph, sizeof(iph));
		iph[10] = iph[11] = 0;
		sum = ip_fast_csum(iph, 5);
		(memcpy)(iph + 10, &sum, 2);

		(memcpy)(&old16, iph + 8, 2);	/* TTL + protocol */
		iph[8]--;
		(memcpy)(&new16, iph + 8, 2);
		csum_replace2(&sum, old16, new16);
		(memcpy)(iph + 10, &sum, 2);
		EXPECT_EQ(ip_fast_csum(iph, 5), 0);

		old32 = be32_at(iph + 16);	/* NAT the destination */
		new32 = (__be32)ktest_rand();
		(memcpy)(iph + 16, &new32, 4);
		csum_replace4(&sum, old32, new32);
		(memcpy)(iph + 10, &sum, 2);
		EXPECT_EQ(ip_fast_csum(iph, 5), 0);
		if (ktest_failures())
			return;
	}
}

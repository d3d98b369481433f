/* checksum.c: RFC 1071 Internet checksum. Sums 8 bytes per step into a
 * 64-bit one's-complement accumulator, which is congruent modulo 0xffff
 * to the 16-bit sum, so folding at the end gives the same result. */
#include "lib/checksum.h"

/* One's-complement 64-bit add: the carry out wraps into bit 0. */
static inline u64 add64(u64 a, u64 b)
{
	u64 r = a + b;

	return r + (r < b);
}

/* memcpy loads: any alignment, one instruction each on x86. */
static inline u64 load64(const u8 *p)
{
	u64 v;

	__builtin_memcpy(&v, p, 8);
	return v;
}

/* The 0..7 trailing bytes, zero-padded in their natural positions. */
static u64 load_tail(const u8 *p, size_t len)
{
	u64 v = 0;
	u32 w32;
	u16 w16;
	unsigned int shift = 0;

	if (len & 4) {
		__builtin_memcpy(&w32, p, 4);
		v = w32;
		p += 4;
		shift = 32;
	}
	if (len & 2) {
		__builtin_memcpy(&w16, p, 2);
		v |= (u64)w16 << shift;
		p += 2;
		shift += 16;
	}
	if (len & 1)
		v |= (u64)*p << shift;
	return v;
}

static inline u32 fold64(u64 sum)
{
	sum = (sum & 0xffffffff) + (sum >> 32);
	sum = (sum & 0xffffffff) + (sum >> 32);
	return (u32)sum;
}

__wsum csum_partial(const void *buf, size_t len, __wsum sum)
{
	const u8 *p = buf;
	u64 acc = sum;

	/* Four independent loads per step keep the adds pipelined. */
	for (; len >= 32; len -= 32, p += 32) {
		acc = add64(acc, load64(p));
		acc = add64(acc, load64(p + 8));
		acc = add64(acc, load64(p + 16));
		acc = add64(acc, load64(p + 24));
	}
	for (; len >= 8; len -= 8, p += 8)
		acc = add64(acc, load64(p));
	if (len)
		acc = add64(acc, load_tail(p, len));
	return fold64(acc);
}

__sum16 csum_fold(__wsum sum)
{
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return (__sum16)~sum;
}

__sum16 ip_fast_csum(const void *iph, unsigned int ihl)
{
	return csum_fold(csum_partial(iph, (size_t)ihl * 4, 0));
}

__sum16 ip_compute_csum(const void *buf, size_t len)
{
	return csum_fold(csum_partial(buf, len, 0));
}

/*
 * The pseudo header's zero/proto/length words are big endian on the wire;
 * on a little-endian CPU a byte swap is a multiply by 256 modulo 0xffff,
 * hence the shift (the same trick as Linux's generic version).
 */
__wsum csum_tcpudp_nofold(__be32 saddr, __be32 daddr, u32 len, u8 proto,
			  __wsum sum)
{
	u64 s = (u64)sum + saddr + daddr + (((u64)proto + len) << 8);

	return fold64(s);
}

__sum16 csum_tcpudp_magic(__be32 saddr, __be32 daddr, u32 len, u8 proto,
			  __wsum sum)
{
	return csum_fold(csum_tcpudp_nofold(saddr, daddr, len, proto, sum));
}

/* RFC 1624 eqn. 3: HC' = ~(~HC + ~m + m'), no -0 ambiguity. */
void csum_replace4(__sum16 *sum, __be32 from, __be32 to)
{
	__wsum tmp = csum_sub(~csum_unfold(*sum), from);

	*sum = csum_fold(csum_add(tmp, to));
}

void csum_replace2(__sum16 *sum, __be16 from, __be16 to)
{
	csum_replace4(sum, from, to);
}

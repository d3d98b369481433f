/* checksum.h: the Internet checksum (RFC 1071) over buffers, IPv4 headers
 * and the TCP/UDP pseudo header, with Linux's function names.
 *
 * Byte-order convention (Linux's): buffers are summed as 16-bit words
 * loaded in CPU order straight from memory. One's-complement addition
 * commutes with byte swapping (RFC 1071 §2(B)), so the folded result,
 * stored with a plain native 16-bit store (or memcpy) into the header's
 * checksum field, puts the right bytes on the wire -- never htons() it.
 * Likewise fields taken from packets (saddr, daddr, ports) are passed as
 * they sit in memory (__be16/__be32), not converted.
 *
 *   __wsum (u32): partial sum, not folded or complemented; sums chain.
 *   __sum16 (u16): folded and complemented, ready for the header. When
 *   the region verified already includes its checksum field, a correct
 *   packet folds to 0.
 */
#ifndef LIB_CHECKSUM_H
#define LIB_CHECKSUM_H

#include "lib/types.h"

/* Sum len bytes at buf (any alignment, any length) into sum. An odd
 * trailing byte is padded with zero, as RFC 1071 requires. */
__wsum csum_partial(const void *buf, size_t len, __wsum sum);

/* Fold a partial sum to 16 bits and complement it. */
__sum16 csum_fold(__wsum sum);

/* Checksum of an IPv4 header of ihl 32-bit words (ihl >= 5 expected).
 * Over a received header (checksum field included) 0 means valid. */
__sum16 ip_fast_csum(const void *iph, unsigned int ihl);

/* csum_fold(csum_partial(buf, len, 0)): e.g. ICMP. */
__sum16 ip_compute_csum(const void *buf, size_t len);

/*
 * Pseudo header sum for TCP/UDP over IPv4 (RFC 793 §3.1, RFC 768): saddr
 * and daddr in network order as in the IP header, len (the TCP/UDP
 * length: header + payload) and proto (IPPROTO_TCP...) in CPU order.
 * sum is usually csum_partial() over the transport header and payload.
 */
__wsum csum_tcpudp_nofold(__be32 saddr, __be32 daddr, u32 len, u8 proto,
			  __wsum sum);
__sum16 csum_tcpudp_magic(__be32 saddr, __be32 daddr, u32 len, u8 proto,
			  __wsum sum);

/* One's-complement add of two partial sums. */
static inline __wsum csum_add(__wsum csum, __wsum addend)
{
	u32 res = csum + addend;

	return res + (res < addend);
}

static inline __wsum csum_sub(__wsum csum, __wsum addend)
{
	return csum_add(csum, ~addend);
}

/* A folded checksum (as in a header) back into a partial sum. */
static inline __wsum csum_unfold(__sum16 n)
{
	return (__wsum)n;
}

/* Partial sum of a block that starts at byte offset within the packet:
 * a block at an odd offset has its bytes in the other halves of words. */
static inline __wsum csum_block_add(__wsum csum, __wsum csum2, int offset)
{
	if (offset & 1)
		csum2 = (csum2 << 8) | (csum2 >> 24);
	return csum_add(csum, csum2);
}

/* Incremental update of a stored checksum when a 16/32-bit field changes
 * from from to to (both as in memory): RFC 1624 eqn. 3, as in Linux. */
void csum_replace2(__sum16 *sum, __be16 from, __be16 to);
void csum_replace4(__sum16 *sum, __be32 from, __be32 to);

#endif /* LIB_CHECKSUM_H */

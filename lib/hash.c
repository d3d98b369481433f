/* hash.c: Bob Jenkins' lookup3 hash over byte and word arrays (Linux's
 * jhash/jhash2). For non-adversarial keys; use siphash for flows. */
#include "lib/hash.h"

/* Up to 12 trailing bytes, little endian into a, b, c, then the final mix;
 * lookup3 skips the final mix entirely for an empty tail. */
static u32 jhash_tail(const u8 *k, u32 length, u32 a, u32 b, u32 c)
{
	u32 tail[3] = { 0, 0, 0 };
	u32 i;

	if (!length)
		return c;
	for (i = 0; i < length; i++)
		tail[i / 4] |= (u32)k[i] << (8 * (i % 4));
	a += tail[0];
	b += tail[1];
	c += tail[2];
	__jhash_final(a, b, c);
	return c;
}

static inline u32 load_le32(const u8 *p)
{
	return (u32)p[0] | (u32)p[1] << 8 | (u32)p[2] << 16 | (u32)p[3] << 24;
}

u32 jhash(const void *key, u32 length, u32 initval)
{
	const u8 *k = key;
	u32 a, b, c;

	a = b = c = JHASH_INITVAL + length + initval;
	/* The last block, even a full one, goes through the final mix. */
	while (length > 12) {
		a += load_le32(k);
		b += load_le32(k + 4);
		c += load_le32(k + 8);
		__jhash_mix(a, b, c);
		length -= 12;
		k += 12;
	}
	return jhash_tail(k, length, a, b, c);
}

u32 jhash2(const u32 *k, u32 length, u32 initval)
{
	u32 a, b, c;

	a = b = c = JHASH_INITVAL + (length << 2) + initval;
	while (length > 3) {
		a += k[0];
		b += k[1];
		c += k[2];
		__jhash_mix(a, b, c);
		length -= 3;
		k += 3;
	}
	switch (length) {
	case 3:
		c += k[2];
		__fallthrough;
	case 2:
		b += k[1];
		__fallthrough;
	case 1:
		a += k[0];
		__jhash_final(a, b, c);
		break;
	}
	return c;
}

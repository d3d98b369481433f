/* siphash.c: SipHash-2-4 after the reference implementation (Aumasson,
 * Bernstein): 2 compression rounds per 8-byte word, 4 finalization. */
#include "lib/siphash.h"
#include "lib/byteorder.h"

struct sip_state {
	u64 v0, v1, v2, v3;
};

static inline u64 rotl64(u64 x, unsigned int b)
{
	return (x << b) | (x >> (64 - b));
}

static inline void sipround(struct sip_state *s)
{
	s->v0 += s->v1;
	s->v1 = rotl64(s->v1, 13);
	s->v1 ^= s->v0;
	s->v0 = rotl64(s->v0, 32);
	s->v2 += s->v3;
	s->v3 = rotl64(s->v3, 16);
	s->v3 ^= s->v2;
	s->v0 += s->v3;
	s->v3 = rotl64(s->v3, 21);
	s->v3 ^= s->v0;
	s->v2 += s->v1;
	s->v1 = rotl64(s->v1, 17);
	s->v1 ^= s->v2;
	s->v2 = rotl64(s->v2, 32);
}

/* The constants spell "somepseudorandomlygeneratedbytes". */
static inline void sip_init(struct sip_state *s, const siphash_key_t *key)
{
	s->v0 = 0x736f6d6570736575ULL ^ key->key[0];
	s->v1 = 0x646f72616e646f6dULL ^ key->key[1];
	s->v2 = 0x6c7967656e657261ULL ^ key->key[0];
	s->v3 = 0x7465646279746573ULL ^ key->key[1];
}

static inline void sip_compress(struct sip_state *s, u64 m)
{
	s->v3 ^= m;
	sipround(s);
	sipround(s);
	s->v0 ^= m;
}

/* last is the final word: the message length in the top byte, tail bytes below. */
static inline u64 sip_finish(struct sip_state *s, u64 last)
{
	sip_compress(s, last);
	s->v2 ^= 0xff;
	sipround(s);
	sipround(s);
	sipround(s);
	sipround(s);
	return s->v0 ^ s->v1 ^ s->v2 ^ s->v3;
}

/* Up to 7 bytes, little endian, zero above. */
static u64 load_tail(const u8 *p, size_t n)
{
	u64 v = 0;

	while (n--)
		v |= (u64)p[n] << (8 * n);
	return v;
}

u64 siphash(const void *data, size_t len, const siphash_key_t *key)
{
	const u8 *p = data;
	struct sip_state s;
	size_t left = len;

	sip_init(&s, key);
	for (; left >= 8; left -= 8, p += 8)
		sip_compress(&s, get_unaligned_le64(p));
	return sip_finish(&s, ((u64)len << 56) | load_tail(p, left));
}

u64 siphash_1u64(u64 a, const siphash_key_t *key)
{
	struct sip_state s;

	sip_init(&s, key);
	sip_compress(&s, a);
	return sip_finish(&s, 8ULL << 56);
}

u64 siphash_2u64(u64 a, u64 b, const siphash_key_t *key)
{
	struct sip_state s;

	sip_init(&s, key);
	sip_compress(&s, a);
	sip_compress(&s, b);
	return sip_finish(&s, 16ULL << 56);
}

u64 siphash_1u32(u32 a, const siphash_key_t *key)
{
	struct sip_state s;

	sip_init(&s, key);
	return sip_finish(&s, (4ULL << 56) | a);
}

u64 siphash_2u32(u32 a, u32 b, const siphash_key_t *key)
{
	return siphash_1u64(((u64)b << 32) | a, key);
}

u64 siphash_3u32(u32 a, u32 b, u32 c, const siphash_key_t *key)
{
	struct sip_state s;

	sip_init(&s, key);
	sip_compress(&s, ((u64)b << 32) | a);
	return sip_finish(&s, (12ULL << 56) | c);
}

u64 siphash_4u32(u32 a, u32 b, u32 c, u32 d, const siphash_key_t *key)
{
	return siphash_2u64(((u64)b << 32) | a, ((u64)d << 32) | c, key);
}

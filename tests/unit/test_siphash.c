/* test_siphash.c: lib/siphash.c against the 64 reference vectors of
 * SipHash-2-4 (key 00..0f, message 00..n-1; the paper's Appendix A value
 * is n = 15), a second straightforward implementation written here, and
 * the fixed-width helpers against siphash() over the same bytes. */
#include "lib/siphash.h"
#include "lib/byteorder.h"
#include "tests/unit/ktest.h"

static const u64 vectors[64] = {
	0x726fdb47dd0e0e31ULL, 0x74f839c593dc67fdULL, 0x0d6c8009d9a94f5aULL,
	0x85676696d7fb7e2dULL, 0xcf2794e0277187b7ULL, 0x18765564cd99a68dULL,
	0xcbc9466e58fee3ceULL, 0xab0200f58b01d137ULL, 0x93f5f5799a932462ULL,
	0x9e0082df0ba9e4b0ULL, 0x7a5dbbc594ddb9f3ULL, 0xf4b32f46226bada7ULL,
	0x751e8fbc860ee5fbULL, 0x14ea5627c0843d90ULL, 0xf723ca908e7af2eeULL,
	0xa129ca6149be45e5ULL, 0x3f2acc7f57c29bdbULL, 0x699ae9f52cbe4794ULL,
	0x4bc1b3f0968dd39cULL, 0xbb6dc91da77961bdULL, 0xbed65cf21aa2ee98ULL,
	0xd0f2cbb02e3b67c7ULL, 0x93536795e3a33e88ULL, 0xa80c038ccd5ccec8ULL,
	0xb8ad50c6f649af94ULL, 0xbce192de8a85b8eaULL, 0x17d835b85bbb15f3ULL,
	0x2f2e6163076bcfadULL, 0xde4daaaca71dc9a5ULL, 0xa6a2506687956571ULL,
	0xad87a3535c49ef28ULL, 0x32d892fad841c342ULL, 0x7127512f72f27cceULL,
	0xa7f32346f95978e3ULL, 0x12e0b01abb051238ULL, 0x15e034d40fa197aeULL,
	0x314dffbe0815a3b4ULL, 0x027990f029623981ULL, 0xcadcd4e59ef40c4dULL,
	0x9abfd8766a33735cULL, 0x0e3ea96b5304a7d0ULL, 0xad0c42d6fc585992ULL,
	0x187306c89bc215a9ULL, 0xd4a60abcf3792b95ULL, 0xf935451de4f21df2ULL,
	0xa9538f0419755787ULL, 0xdb9acddff56ca510ULL, 0xd06c98cd5c0975ebULL,
	0xe612a3cb9ecba951ULL, 0xc766e62cfcadaf96ULL, 0xee64435a9752fe72ULL,
	0xa192d576b245165aULL, 0x0a8787bf8ecb74b2ULL, 0x81b3e73d20b49b6fULL,
	0x7fa8220ba3b2eceaULL, 0x245731c13ca42499ULL, 0xb78dbfaf3a8d83bdULL,
	0xea1ad565322a1a0bULL, 0x60e61c23a3795013ULL, 0x6606d7e446282b93ULL,
	0x6ca4ecb15c5f91e1ULL, 0x9f626da15c9625f3ULL, 0xe51b38608ef25f57ULL,
	0x958a324ceb064572ULL,
};

static const siphash_key_t ref_key = { {
	0x0706050403020100ULL, 0x0f0e0d0c0b0a0908ULL,
} };

/* --- an independent SipHash-2-4: whole padded message, array state --- */

#define ROTL(x, b)	(((x) << (b)) | ((x) >> (64 - (b))))

static void round2(u64 v[4])
{
	v[0] += v[1];
	v[1] = ROTL(v[1], 13);
	v[1] ^= v[0];
	v[0] = ROTL(v[0], 32);
	v[2] += v[3];
	v[3] = ROTL(v[3], 16);
	v[3] ^= v[2];
	v[0] += v[3];
	v[3] = ROTL(v[3], 21);
	v[3] ^= v[0];
	v[2] += v[1];
	v[1] = ROTL(v[1], 17);
	v[1] ^= v[2];
	v[2] = ROTL(v[2], 32);
}

static u64 slow_siphash(const u8 *m, size_t len, const u8 k[16])
{
	u64 k0 = 0, k1 = 0, v[4], w;
	size_t i, j, words = len / 8 + 1;

	for (i = 0; i < 8; i++) {
		k0 |= (u64)k[i] << (8 * i);
		k1 |= (u64)k[8 + i] << (8 * i);
	}
	v[0] = k0 ^ 0x736f6d6570736575ULL;
	v[1] = k1 ^ 0x646f72616e646f6dULL;
	v[2] = k0 ^ 0x6c7967656e657261ULL;
	v[3] = k1 ^ 0x7465646279746573ULL;
	for (i = 0; i < words; i++) {
		w = 0;
		for (j = 0; j < 8; j++) {
			size_t pos = i * 8 + j;
			u64 byte = pos < len ? m[pos] : 0;

			if (j == 7 && i == words - 1)
				byte = len & 0xff;
			w |= byte << (8 * j);
		}
		v[3] ^= w;
		round2(v);
		round2(v);
		v[0] ^= w;
	}
	v[2] ^= 0xff;
	for (i = 0; i < 4; i++)
		round2(v);
	return v[0] ^ v[1] ^ v[2] ^ v[3];
}

static void key_bytes(const siphash_key_t *key, u8 out[16])
{
	put_unaligned_le64(key->key[0], out);
	put_unaligned_le64(key->key[1], out + 8);
}

KTEST(paper_appendix_a)
{
	u8 msg[15];
	size_t i;

	for (i = 0; i < sizeof(msg); i++)
		msg[i] = (u8)i;
	EXPECT_EQ(siphash(msg, sizeof(msg), &ref_key), 0xa129ca6149be45e5ULL);
}

KTEST(reference_vectors)
{
	u8 msg[64], k[16];
	size_t n;

	for (n = 0; n < sizeof(msg); n++)
		msg[n] = (u8)n;
	key_bytes(&ref_key, k);
	for (n = 0; n < 64; n++) {
		EXPECT_EQ(siphash(msg, n, &ref_key), vectors[n]);
		EXPECT_EQ(slow_siphash(msg, n, k), vectors[n]);
		if (ktest_failures()) {
			ktest_fail(__FILE__, __LINE__, "at length %zu", n);
			return;
		}
	}
}

KTEST(random_keys_lengths_and_alignment)
{
	u8 buf[300 + 8], k[16];
	siphash_key_t key;
	int round;

	for (round = 0; round < 2000; round++) {
		size_t len = ktest_rand() % 300, off = ktest_rand() % 8;

		key.key[0] = ktest_rand();
		key.key[1] = ktest_rand();
		key_bytes(&key, k);
		ktest_fill_random(buf, sizeof(buf));
		EXPECT_EQ(siphash(buf + off, len, &key),
			  slow_siphash(buf + off, len, k));
		if (ktest_failures())
			return;
	}
}

KTEST(fixed_width_helpers_match_bytes)
{
	siphash_key_t key = { { ktest_rand(), ktest_rand() } };
	u32 a = (u32)ktest_rand(), b = (u32)ktest_rand();
	u32 c = (u32)ktest_rand(), d = (u32)ktest_rand();
	u64 x = ktest_rand(), y = ktest_rand();
	u8 m[16];

	put_unaligned_le32(a, m);
	put_unaligned_le32(b, m + 4);
	put_unaligned_le32(c, m + 8);
	put_unaligned_le32(d, m + 12);
	EXPECT_EQ(siphash_1u32(a, &key), siphash(m, 4, &key));
	EXPECT_EQ(siphash_2u32(a, b, &key), siphash(m, 8, &key));
	EXPECT_EQ(siphash_3u32(a, b, c, &key), siphash(m, 12, &key));
	EXPECT_EQ(siphash_4u32(a, b, c, d, &key), siphash(m, 16, &key));
	put_unaligned_le64(x, m);
	put_unaligned_le64(y, m + 8);
	EXPECT_EQ(siphash_1u64(x, &key), siphash(m, 8, &key));
	EXPECT_EQ(siphash_2u64(x, y, &key), siphash(m, 16, &key));
}

/* Flow hashing relies on the key mattering and on every input bit. */
KTEST(key_and_input_sensitivity)
{
	siphash_key_t k1 = { { 1, 2 } }, k2 = { { 1, 3 } };
	u64 base = siphash_3u32(0x0a000001, 0x0a000002, 0x00500050, &k1);
	int bit;

	EXPECT_NE(base, siphash_3u32(0x0a000001, 0x0a000002, 0x00500050, &k2));
	for (bit = 0; bit < 32; bit++) {
		EXPECT_NE(base, siphash_3u32(0x0a000001 ^ (1u << bit), 0x0a000002,
					     0x00500050, &k1));
		EXPECT_NE(base, siphash_3u32(0x0a000001, 0x0a000002,
					     0x00500050 ^ (1u << bit), &k1));
	}
}

/* hash.h: multiplicative integer hashes (hash_32/hash_64) and fixed-size
 * chained hash tables over hlist (DEFINE_HASHTABLE), Linux semantics.
 * Keys hashed here are not secret; hash attacker-chosen data (flows)
 * with siphash first. Locking is the caller's. */
#ifndef LIB_HASH_H
#define LIB_HASH_H

#include "lib/types.h"
#include "lib/list.h"

#define GOLDEN_RATIO_32	0x61C88647U
#define GOLDEN_RATIO_64	0x61C8864680B583EBULL

/* The top bits of the product are the well-mixed ones. bits in 1..32. */
static inline u32 hash_32(u32 val, unsigned int bits)
{
	return (u32)(val * GOLDEN_RATIO_32) >> (32 - bits);
}

/* bits in 1..64. */
static inline u32 hash_64(u64 val, unsigned int bits)
{
	return (u32)((val * GOLDEN_RATIO_64) >> (64 - bits));
}

static inline u32 hash_ptr(const void *ptr, unsigned int bits)
{
	return hash_64((u64)(uintptr_t)ptr, bits);
}

#define hash_long(val, bits)	hash_64((u64)(val), bits)

/*
 * Bob Jenkins' lookup3 ("jhash"), as in Linux: jhash() over bytes equals
 * lookup3's hashlittle() on little-endian CPUs, and jhash_Nwords(...)
 * equals jhash() over the N words stored little endian.
 */
#define JHASH_INITVAL	0xdeadbeefU

static inline u32 rol32(u32 word, unsigned int shift)
{
	return (word << (shift & 31)) | (word >> ((-shift) & 31));
}

static inline u64 rol64(u64 word, unsigned int shift)
{
	return (word << (shift & 63)) | (word >> ((-shift) & 63));
}

#define __jhash_mix(a, b, c) do {				\
	a -= c;  a ^= rol32(c, 4);  c += b;			\
	b -= a;  b ^= rol32(a, 6);  a += c;			\
	c -= b;  c ^= rol32(b, 8);  b += a;			\
	a -= c;  a ^= rol32(c, 16); c += b;			\
	b -= a;  b ^= rol32(a, 19); a += c;			\
	c -= b;  c ^= rol32(b, 4);  b += a;			\
} while (0)

#define __jhash_final(a, b, c) do {		\
	c ^= b; c -= rol32(b, 14);		\
	a ^= c; a -= rol32(c, 11);		\
	b ^= a; b -= rol32(a, 25);		\
	c ^= b; c -= rol32(b, 16);		\
	a ^= c; a -= rol32(c, 4);		\
	b ^= a; b -= rol32(a, 14);		\
	c ^= b; c -= rol32(b, 24);		\
} while (0)

u32 jhash(const void *key, u32 length, u32 initval);
/* length counts u32 words. */
u32 jhash2(const u32 *k, u32 length, u32 initval);

static inline u32 __jhash_nwords(u32 a, u32 b, u32 c, u32 initval)
{
	a += initval;
	b += initval;
	c += initval;
	__jhash_final(a, b, c);
	return c;
}

static inline u32 jhash_3words(u32 a, u32 b, u32 c, u32 initval)
{
	return __jhash_nwords(a, b, c, initval + JHASH_INITVAL + (3 << 2));
}

static inline u32 jhash_2words(u32 a, u32 b, u32 initval)
{
	return __jhash_nwords(a, b, 0, initval + JHASH_INITVAL + (2 << 2));
}

static inline u32 jhash_1word(u32 a, u32 initval)
{
	return __jhash_nwords(a, 0, 0, initval + JHASH_INITVAL + (1 << 2));
}

/* --- fixed-size hash tables: an array of 2^bits hlist buckets --- */

#define DEFINE_HASHTABLE(name, bits)					\
	struct hlist_head name[1 << (bits)] =				\
		{ [0 ... ((1 << (bits)) - 1)] = HLIST_HEAD_INIT }

#define DECLARE_HASHTABLE(name, bits)	struct hlist_head name[1 << (bits)]

#define HASH_SIZE(name)	(ARRAY_SIZE(name))
#define HASH_BITS(name)	(__builtin_ctzl(HASH_SIZE(name)))

/* Keys that fit 32 bits use hash_32, wider keys hash_64, as Linux does. */
#define hash_min(val, bits) \
	(sizeof(val) <= 4 ? hash_32((u32)(val), bits) : hash_long(val, bits))

static inline void __hash_init(struct hlist_head *ht, size_t sz)
{
	size_t i;

	for (i = 0; i < sz; i++)
		INIT_HLIST_HEAD(&ht[i]);
}

#define hash_init(table)	__hash_init(table, HASH_SIZE(table))

#define hash_add(table, node, key) \
	hlist_add_head(node, &(table)[hash_min(key, HASH_BITS(table))])

static inline bool hash_hashed(struct hlist_node *node)
{
	return !hlist_unhashed(node);
}

static inline bool __hash_empty(struct hlist_head *ht, size_t sz)
{
	size_t i;

	for (i = 0; i < sz; i++)
		if (!hlist_empty(&ht[i]))
			return false;
	return true;
}

#define hash_empty(table)	__hash_empty(table, HASH_SIZE(table))

/* The node is re-initialised so hash_hashed() is false afterwards. */
static inline void hash_del(struct hlist_node *node)
{
	hlist_del_init(node);
}

/* Every object in the table; bkt is an int cursor. */
#define hash_for_each(name, bkt, obj, member)				\
	for ((bkt) = 0, obj = NULL; obj == NULL && (bkt) < (int)HASH_SIZE(name); \
	     (bkt)++)							\
		hlist_for_each_entry(obj, &name[bkt], member)

/* As hash_for_each, safe against removal of obj (tmp: hlist_node *). */
#define hash_for_each_safe(name, bkt, tmp, obj, member)			\
	for ((bkt) = 0, obj = NULL; obj == NULL && (bkt) < (int)HASH_SIZE(name); \
	     (bkt)++)							\
		hlist_for_each_entry_safe(obj, tmp, &name[bkt], member)

/* Objects in key's bucket: the caller still compares keys. */
#define hash_for_each_possible(name, obj, member, key) \
	hlist_for_each_entry(obj, &name[hash_min(key, HASH_BITS(name))], member)

#define hash_for_each_possible_safe(name, obj, tmp, member, key)	\
	hlist_for_each_entry_safe(obj, tmp,				\
		&name[hash_min(key, HASH_BITS(name))], member)

#endif /* LIB_HASH_H */

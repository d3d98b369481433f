/* siphash.h: SipHash-2-4 (Aumasson & Bernstein, 2012), a keyed PRF for
 * hash tables fed by the network (flow lookup, RPS, ISN-like uses) so an
 * attacker cannot aim every packet at one bucket. Not a MAC for long
 * secrets; not constant-time beyond what SipHash itself is. */
#ifndef LIB_SIPHASH_H
#define LIB_SIPHASH_H

#include "lib/types.h"

/* key[0] holds key bytes 0..7 and key[1] bytes 8..15, little endian. */
typedef struct {
	u64 key[2];
} siphash_key_t;

/* SipHash-2-4 of len bytes at data (any alignment). */
u64 siphash(const void *data, size_t len, const siphash_key_t *key);

/*
 * Fixed-width variants, equal to siphash() over the words laid out
 * little endian in argument order (so siphash_3u32(a, b, c) hashes the
 * 12 bytes le32(a) le32(b) le32(c)), without touching memory.
 */
u64 siphash_1u64(u64 a, const siphash_key_t *key);
u64 siphash_2u64(u64 a, u64 b, const siphash_key_t *key);
u64 siphash_1u32(u32 a, const siphash_key_t *key);
u64 siphash_2u32(u32 a, u32 b, const siphash_key_t *key);
u64 siphash_3u32(u32 a, u32 b, u32 c, const siphash_key_t *key);
u64 siphash_4u32(u32 a, u32 b, u32 c, u32 d, const siphash_key_t *key);

#endif /* LIB_SIPHASH_H */

/* Atomic bit operations on unsigned long words, with Linux's names, for the
 * NAPI, qdisc and link state bits. Single-word only (nr < BITS_PER_LONG). */
#ifndef NET_CORE_BITOPS_H
#define NET_CORE_BITOPS_H

#include "lib/types.h"

#define BITS_PER_LONG	64

static inline bool test_bit(unsigned int nr, const unsigned long *addr)
{
	return (__atomic_load_n(addr, __ATOMIC_ACQUIRE) >> nr) & 1;
}

static inline void set_bit(unsigned int nr, unsigned long *addr)
{
	__atomic_fetch_or(addr, 1UL << nr, __ATOMIC_ACQ_REL);
}

static inline void clear_bit(unsigned int nr, unsigned long *addr)
{
	__atomic_fetch_and(addr, ~(1UL << nr), __ATOMIC_ACQ_REL);
}

static inline bool test_and_set_bit(unsigned int nr, unsigned long *addr)
{
	return (__atomic_fetch_or(addr, 1UL << nr, __ATOMIC_ACQ_REL) >> nr) & 1;
}

static inline bool test_and_clear_bit(unsigned int nr, unsigned long *addr)
{
	return (__atomic_fetch_and(addr, ~(1UL << nr), __ATOMIC_ACQ_REL) >> nr) & 1;
}

/* Compare-and-swap on a whole state word: true if *addr was old and is now new. */
static inline bool try_cmpxchg_long(unsigned long *addr, unsigned long *old,
				    unsigned long new)
{
	return __atomic_compare_exchange_n(addr, old, new, false,
					   __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
}

#endif /* NET_CORE_BITOPS_H */

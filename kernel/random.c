/* get_random_u32/u64: RDRAND, or SipHash over the TSC and a counter when
 * the CPU has no RDRAND or it keeps failing (the SDM allows transient
 * underflow; some AMD parts return all ones with CF set after resume). */
#include "kernel/random.h"
#include "arch/x86_64/cpu.h"
#include "lib/siphash.h"

#define CPUID_1_ECX_RDRAND	(1U << 30)
#define RDRAND_RETRIES		10	/* Intel's recommendation */

/* CPUID is slow under virtualisation and the answer never changes:
 * asked once (a race asks twice, harmlessly). -1 unknown, 0 no, 1 yes. */
static int rdrand_present = -1;

static bool rdrand_available(void)
{
	u32 a, b, c, d;
	int v = READ_ONCE(rdrand_present);

	if (v < 0) {
		cpuid(1, 0, &a, &b, &c, &d);
		v = !!(c & CPUID_1_ECX_RDRAND);
		WRITE_ONCE(rdrand_present, v);
	}
	return v;
}

static bool rdrand_u64(u64 *v)
{
	int tries;
	u8 ok;

	if (!rdrand_available())
		return false;
	for (tries = 0; tries < RDRAND_RETRIES; tries++) {
		__asm__ __volatile__("rdrand %0; setc %1" : "=r"(*v), "=qm"(ok));
		/* All ones with CF=1 is the known AMD erratum, not randomness. */
		if (ok && *v != ~0ULL)
			return true;
	}
	return false;
}

u64 get_random_u64(void)
{
	static siphash_key_t key;
	static u64 counter;
	u64 v;

	if (rdrand_u64(&v))
		return v;
	if (!key.key[0])
		key.key[0] = rdtsc() | 1;
	return siphash_2u64(rdtsc(), __atomic_fetch_add(&counter, 1, __ATOMIC_RELAXED), &key);
}

u32 get_random_u32(void)
{
	return (u32)get_random_u64();
}

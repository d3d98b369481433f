/* get_random_u32/u64: RDRAND, or SipHash over the TSC and a counter when
 * the CPU has no RDRAND (or it keeps failing, as the SDM allows). */
#include "kernel/random.h"
#include "arch/x86_64/cpu.h"
#include "lib/siphash.h"

#define CPUID_1_ECX_RDRAND	(1U << 30)
#define RDRAND_RETRIES		10	/* Intel's recommendation */

static bool rdrand_u64(u64 *v)
{
	u32 a, b, c, d;
	int tries;
	u8 ok;

	cpuid(1, 0, &a, &b, &c, &d);
	if (!(c & CPUID_1_ECX_RDRAND))
		return false;
	for (tries = 0; tries < RDRAND_RETRIES; tries++) {
		__asm__ __volatile__("rdrand %0; setc %1" : "=r"(*v), "=qm"(ok));
		if (ok)
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

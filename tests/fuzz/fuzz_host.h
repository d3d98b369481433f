/* fuzz_host.h: what napkin's kernel sources need on the host that the
 * unit tests' stand-ins do not give a separately compiled object. It is
 * force-included (-include) into every object of a fuzz target, before
 * any napkin header: the host cpu.h takes the real one's include guard,
 * and cpuid (a privileged-looking inline there) becomes a function that
 * reports no features, so seeding falls back to the TSC stand-in.
 * The definitions, and the harness helpers declared below, are in
 * fuzz_host.c. */
#ifndef TESTS_FUZZ_FUZZ_HOST_H
#define TESTS_FUZZ_FUZZ_HOST_H

#include "tests/unit/host_include/arch/x86_64/cpu.h"

void cpuid(u32 leaf, u32 sub, u32 *a, u32 *b, u32 *c, u32 *d);

/* Run every pending softirq (NET_TX, NET_RX, TIMER) until none is left,
 * in softirq context as irq_exit would. */
void fuzz_run_softirqs(void);
/* Move the clock on by ticks jiffies (one timer interrupt, then the
 * softirqs it raised): the wheel fires everything that came due. */
void fuzz_advance(u64 ticks);
/* Objects the host allocator handed out and nobody freed yet. */
long fuzz_live_objects(void);

#endif /* TESTS_FUZZ_FUZZ_HOST_H */

/* Host stand-in for arch/x86_64/cpu.h: the same names, with the interrupt
 * flag kept in a variable (cli/sti would fault in user mode) and no
 * privileged instructions. A test includes it before any napkin header
 * (or puts -Itests/unit/host_include before -I.); the shared include
 * guard then keeps the real header out. Interrupts never really arrive. */
#ifndef ARCH_X86_64_CPU_H
#define ARCH_X86_64_CPU_H

#include "lib/types.h"

#define X86_EFLAGS_IF	(1UL << 9)

/* The simulated RFLAGS.IF: starts enabled, like a thread. */
static unsigned long host_fake_rflags __attribute__((unused)) = X86_EFLAGS_IF;

static inline void local_irq_disable(void)
{
	host_fake_rflags &= ~X86_EFLAGS_IF;
}

static inline void local_irq_enable(void)
{
	host_fake_rflags |= X86_EFLAGS_IF;
}

static inline unsigned long native_save_fl(void)
{
	return host_fake_rflags;
}

static inline bool irqs_disabled(void)
{
	return !(host_fake_rflags & X86_EFLAGS_IF);
}

#define local_irq_save(flags)					\
	do {							\
		(flags) = native_save_fl();			\
		local_irq_disable();				\
	} while (0)

#define local_irq_restore(flags)				\
	do {							\
		if ((flags) & X86_EFLAGS_IF)			\
			local_irq_enable();			\
	} while (0)

static inline void halt(void)
{
}

static inline void safe_halt(void)
{
	local_irq_enable();
}

static inline void cpu_relax(void)
{
	__asm__ __volatile__("" : : : "memory");
}

static inline u64 rdtsc(void)
{
	static u64 fake_tsc;

	return fake_tsc += 1000;
}

#define mb()		__atomic_thread_fence(__ATOMIC_SEQ_CST)
#define rmb()		__atomic_thread_fence(__ATOMIC_ACQUIRE)
#define wmb()		__atomic_thread_fence(__ATOMIC_RELEASE)
#define dma_rmb()	__asm__ __volatile__("" : : : "memory")
#define dma_wmb()	__asm__ __volatile__("" : : : "memory")
#define smp_mb()	mb()

#endif /* ARCH_X86_64_CPU_H */

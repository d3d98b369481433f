/* CPU primitives: interrupt flag, halting, MSRs, control registers, CPUID,
 * TSC and the memory barriers the drivers name. */
#ifndef ARCH_X86_64_CPU_H
#define ARCH_X86_64_CPU_H

#include "lib/types.h"

#define X86_EFLAGS_IF	(1UL << 9)

#define MSR_EFER		0xC0000080
#define MSR_IA32_APIC_BASE	0x0000001B
#define MSR_IA32_PAT		0x00000277
#define EFER_NXE		(1ULL << 11)

static inline void local_irq_disable(void)
{
	asm volatile("cli" : : : "memory");
}

static inline void local_irq_enable(void)
{
	asm volatile("sti" : : : "memory");
}

static inline unsigned long native_save_fl(void)
{
	unsigned long fl;

	asm volatile("pushfq; popq %0" : "=rm"(fl) : : "memory");
	return fl;
}

static inline bool irqs_disabled(void)
{
	return !(native_save_fl() & X86_EFLAGS_IF);
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
	asm volatile("hlt" : : : "memory");
}

/* sti takes effect after the next instruction, so no interrupt slips in
 * between the check that decided to sleep and the hlt. */
static inline void safe_halt(void)
{
	asm volatile("sti; hlt" : : : "memory");
}

static inline void cpu_relax(void)
{
	asm volatile("pause" : : : "memory");
}

static inline u64 rdmsr(u32 msr)
{
	u32 lo, hi;

	asm volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((u64)hi << 32) | lo;
}

static inline void wrmsr(u32 msr, u64 v)
{
	asm volatile("wrmsr" : : "c"(msr), "a"((u32)v), "d"((u32)(v >> 32)) : "memory");
}

static inline void cpuid(u32 leaf, u32 sub, u32 *a, u32 *b, u32 *c, u32 *d)
{
	asm volatile("cpuid" : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d) : "a"(leaf), "c"(sub));
}

static inline u64 rdtsc(void)
{
	u32 lo, hi;

	asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((u64)hi << 32) | lo;
}

#define DEFINE_READ_CR(n)						\
	static inline unsigned long read_cr##n(void)			\
	{								\
		unsigned long v;					\
		asm volatile("mov %%cr" #n ", %0" : "=r"(v));		\
		return v;						\
	}
DEFINE_READ_CR(0)
DEFINE_READ_CR(2)
DEFINE_READ_CR(3)
DEFINE_READ_CR(4)

static inline void write_cr3(unsigned long v)
{
	asm volatile("mov %0, %%cr3" : : "r"(v) : "memory");
}

static inline void write_cr4(unsigned long v)
{
	asm volatile("mov %0, %%cr4" : : "r"(v) : "memory");
}

static inline void invlpg(unsigned long addr)
{
	asm volatile("invlpg (%0)" : : "r"(addr) : "memory");
}

/* Barriers, named as in Linux. On x86 loads are not reordered with loads nor
 * stores with stores, so rmb/wmb against DMA memory only need the compiler
 * to keep order; mb() orders stores before later loads. */
#define mb()		asm volatile("mfence" : : : "memory")
#define rmb()		asm volatile("lfence" : : : "memory")
#define wmb()		asm volatile("sfence" : : : "memory")
#define dma_rmb()	asm volatile("" : : : "memory")
#define dma_wmb()	asm volatile("" : : : "memory")
#define smp_mb()	mb()

#endif /* ARCH_X86_64_CPU_H */

/* Port I/O and MMIO accessors. MMIO goes through volatile pointers so the
 * compiler neither merges nor reorders device accesses among themselves. */
#ifndef ARCH_X86_64_IO_H
#define ARCH_X86_64_IO_H

#include "lib/types.h"

/*
 * NOTE the argument order: outb(port, value), as the instruction reads
 * ("out dx, al") — the reverse of Linux's outb(value, port). Every caller
 * in napkin uses this order; the types catch most swaps (u16 vs u8) only
 * with -Wconversion, so read call sites with care.
 */
static inline void outb(u16 port, u8 v)
{
	asm volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline void outw(u16 port, u16 v)
{
	asm volatile("outw %0, %1" : : "a"(v), "Nd"(port));
}

static inline void outl(u16 port, u32 v)
{
	asm volatile("outl %0, %1" : : "a"(v), "Nd"(port));
}

static inline u8 inb(u16 port)
{
	u8 v;

	asm volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline u16 inw(u16 port)
{
	u16 v;

	asm volatile("inw %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline u32 inl(u16 port)
{
	u32 v;

	asm volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

/* A write to the unused POST port takes ~1 us: the classic ISA delay. */
static inline void io_delay(void)
{
	outb(0x80, 0);
}

static inline u32 readl(const volatile void *addr)
{
	return *(const volatile u32 *)addr;
}

static inline void writel(u32 v, volatile void *addr)
{
	*(volatile u32 *)addr = v;
}

static inline u16 readw(const volatile void *addr)
{
	return *(const volatile u16 *)addr;
}

static inline void writew(u16 v, volatile void *addr)
{
	*(volatile u16 *)addr = v;
}

static inline u8 readb(const volatile void *addr)
{
	return *(const volatile u8 *)addr;
}

static inline void writeb(u8 v, volatile void *addr)
{
	*(volatile u8 *)addr = v;
}

static inline u64 readq(const volatile void *addr)
{
	return *(const volatile u64 *)addr;
}

static inline void writeq(u64 v, volatile void *addr)
{
	*(volatile u64 *)addr = v;
}

#endif /* ARCH_X86_64_IO_H */

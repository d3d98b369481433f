/* Kernel page tables: identity map of all RAM in large pages, the kernel
 * image in 4 KiB pages (text read-only, data no-execute), MMIO uncached. */
#ifndef ARCH_X86_64_PAGING_H
#define ARCH_X86_64_PAGING_H

#include "lib/types.h"

/* Build and load the final tables; RAM up to max_phys, plus the low 4 GiB
 * (where the LAPIC, IOAPIC and most PCI BARs sit). */
void paging_init(u64 max_phys);

/* Make [phys, phys+size) reachable at the same address, uncached; for BARs
 * above what paging_init mapped. Returns the pointer or NULL. */
void *ioremap(u64 phys, u64 size);

static inline u64 virt_to_phys(const void *p)
{
	return (u64)(uintptr_t)p;
}

static inline void *phys_to_virt(u64 pa)
{
	return (void *)(uintptr_t)pa;
}

#endif /* ARCH_X86_64_PAGING_H */

/* Physical page allocator: a buddy allocator over the usable RAM of the
 * boot memory map, minus the kernel image and the first MiB. Addresses are
 * identity-mapped, so a page's physical address is its pointer. */
#ifndef KERNEL_MM_PAGE_ALLOC_H
#define KERNEL_MM_PAGE_ALLOC_H

#include "lib/types.h"
#include "lib/list.h"
#include "boot/boot_info.h"

#define PAGE_SHIFT	12
#define PAGE_SIZE	(1UL << PAGE_SHIFT)
#define PAGE_MASK	(~(PAGE_SIZE - 1))
#define MAX_ORDER	11		/* blocks of up to 2^10 pages (4 MiB) */

/* Allocation context: GFP_ATOMIC callers are in IRQ/softirq context. Nothing
 * here sleeps, so the flag only labels intent (and counts failures apart). */
typedef unsigned int gfp_t;
#define GFP_KERNEL	0x0u
#define GFP_ATOMIC	0x1u
#define __GFP_ZERO	0x100u

void page_alloc_init(const struct boot_info *bi);
void *alloc_pages(gfp_t gfp, unsigned int order);	/* NULL on failure */
void free_pages(void *addr, unsigned int order);
void *get_zeroed_page(gfp_t gfp);
void free_page(void *addr);

/* In pages. */
u64 totalram_pages(void);	/* usable RAM the allocator manages */
u64 nr_free_pages(void);
u64 highest_phys_addr(void);	/* end of the highest RAM region in the map */

struct mem_stats {
	u64 usable_bytes;	/* from the boot memory map */
	u64 total_bytes;	/* every RAM region (usable + ACPI) */
	u32 regions;		/* usable regions */
	u64 alloc_failures;
};
void mem_get_stats(struct mem_stats *st);

/* Smallest order whose block holds size bytes (size > 0). */
static inline unsigned int get_order(size_t size)
{
	unsigned int order = 0;

	size = (size - 1) >> PAGE_SHIFT;
	while (size) {
		order++;
		size >>= 1;
	}
	return order;
}

/*
 * Per-page metadata, one per page frame from the lowest to the highest
 * managed frame. Owners other than the buddy allocator (slab) tag the head
 * page of a block they hold so that a bare pointer can be traced back.
 */
struct page {
	struct list_head lru;	/* buddy free list while PG_buddy */
	u32 flags;		/* PG_* */
	u32 order;		/* block order while PG_buddy or PG_head */
	void *private;		/* owner's data: the struct slab for PG_slab */
};

#define PG_reserved	0x01u	/* never handed to the allocator */
#define PG_buddy	0x02u	/* head of a free block on a free list */
#define PG_head		0x04u	/* head of an allocated block */
#define PG_slab		0x08u	/* part of a slab; private = its struct slab */
#define PG_large	0x10u	/* head of a kmalloc() block above the caches */

/* NULL when addr is outside the managed frames. */
struct page *virt_to_page(const void *addr);
void *page_address(const struct page *page);

/* How [start, end) relates to the RAM in the boot memory map (usable, ACPI
 * reclaim and NVS entries): all RAM, none, or mixed. For page-table cache
 * attributes: RAM is mapped write-back, the rest uncached. */
enum phys_range_kind {
	PHYS_RANGE_HOLE,
	PHYS_RANGE_RAM,
	PHYS_RANGE_MIXED,
};
enum phys_range_kind phys_range_kind(u64 start, u64 end);

#endif /* KERNEL_MM_PAGE_ALLOC_H */

/* Physical page allocator: a binary buddy allocator over the usable RAM of
 * the boot memory map, minus the first MiB and the kernel image. One zone,
 * no NUMA, no reclaim; the struct page array is carved from RAM itself. */

#include "kernel/mm/page_alloc.h"
#include "kernel/mm/slab.h"
#include "kernel/printk.h"
#include "kernel/shell.h"
#include "kernel/spinlock.h"
#include "lib/errno.h"
#include "lib/string.h"

/* Real-mode IVT, BIOS data area, EBDA, VGA and option ROMs: firmware's. */
#define LOW_MEM_END	((u64)0x100000)
/* Architectural limit of physical addresses [Intel SDM Vol.3 4.1.4]; map
 * entries beyond it are firmware bugs. */
#define PHYS_ADDR_LIMIT	((u64)1 << 52)

extern char _kernel_start[], _kernel_end[];

struct free_area {
	struct list_head free_list;
	u64 nr_free;			/* blocks of this order */
};

struct phys_range {
	u64 start, end;
};

/* The allocator proper: zone_lock covers free_area, page flags of free
 * blocks and the counters. Atomic callers allocate, hence irqsave. */
static DEFINE_SPINLOCK(zone_lock);
static struct free_area free_area[MAX_ORDER];
static u64 nr_free;
static u64 alloc_failures, atomic_failures, bad_frees;

static struct page *mem_map;		/* covers frames [base_pfn, end_pfn) */
static u64 base_pfn, end_pfn;
static u64 managed_pages;

/* What page_alloc_init() learnt from the memory map; read-only after it. */
static struct boot_mmap_entry boot_mmap[BOOT_INFO_MAX_MMAP];
static u32 boot_mmap_count;
static struct phys_range ram_ranges[BOOT_INFO_MAX_MMAP];	/* sorted, merged */
static u32 nr_ram_ranges;
static struct mem_stats boot_stats;

static inline u64 pfn_of(u64 addr)
{
	return addr >> PAGE_SHIFT;
}

static struct page *pfn_to_page(u64 pfn)
{
	if (pfn < base_pfn || pfn >= end_pfn)
		return NULL;
	return &mem_map[pfn - base_pfn];
}

static inline u64 page_to_pfn(const struct page *page)
{
	return base_pfn + (u64)(page - mem_map);
}

struct page *virt_to_page(const void *addr)
{
	return pfn_to_page(pfn_of((u64)(uintptr_t)addr));
}

void *page_address(const struct page *page)
{
	return (void *)(uintptr_t)(page_to_pfn(page) << PAGE_SHIFT);
}

/* --- the memory map -------------------------------------------------- */

static u64 entry_end(const struct boot_mmap_entry *e)
{
	u64 end = e->base + e->length;

	return end < e->base ? ~0ULL : end;	/* clamp a wrapping entry */
}

static bool is_ram_type(u32 type)
{
	return type == BOOT_MEM_USABLE || type == BOOT_MEM_ACPI_RECLAIM ||
	       type == BOOT_MEM_ACPI_NVS;
}

static void add_ram_range(u64 start, u64 end)
{
	u32 i = nr_ram_ranges;

	/* Insertion sort: the map is short and usually sorted already. */
	while (i > 0 && ram_ranges[i - 1].start > start) {
		ram_ranges[i] = ram_ranges[i - 1];
		i--;
	}
	ram_ranges[i].start = start;
	ram_ranges[i].end = end;
	nr_ram_ranges++;
}

static void merge_ram_ranges(void)
{
	u32 i, n = 0;

	for (i = 0; i < nr_ram_ranges; i++) {
		if (n > 0 && ram_ranges[i].start <= ram_ranges[n - 1].end) {
			ram_ranges[n - 1].end = max(ram_ranges[n - 1].end,
						    ram_ranges[i].end);
			continue;
		}
		ram_ranges[n++] = ram_ranges[i];
	}
	nr_ram_ranges = n;
}

/* Copy the map (bi may sit in RAM we are about to hand out) and total it. */
static void read_memory_map(const struct boot_info *bi)
{
	u32 i;

	memset(&boot_stats, 0, sizeof(boot_stats));
	boot_mmap_count = min_t(u32, bi->mmap_count, BOOT_INFO_MAX_MMAP);
	memcpy(boot_mmap, bi->mmap, boot_mmap_count * sizeof(boot_mmap[0]));
	nr_ram_ranges = 0;
	for (i = 0; i < boot_mmap_count; i++) {
		const struct boot_mmap_entry *e = &boot_mmap[i];

		if (e->length == 0 || !is_ram_type(e->type))
			continue;
		if (e->type == BOOT_MEM_USABLE) {
			boot_stats.usable_bytes += e->length;
			boot_stats.regions++;
		}
		boot_stats.total_bytes += e->length;
		add_ram_range(e->base, entry_end(e));
	}
	merge_ram_ranges();
}

enum phys_range_kind phys_range_kind(u64 start, u64 end)
{
	u64 covered = 0;
	u32 i;

	for (i = 0; i < nr_ram_ranges && ram_ranges[i].start < end; i++) {
		u64 s = max(ram_ranges[i].start, start);
		u64 e = min(ram_ranges[i].end, end);

		if (s < e)
			covered += e - s;
	}
	if (covered == 0)
		return PHYS_RANGE_HOLE;
	return covered == end - start ? PHYS_RANGE_RAM : PHYS_RANGE_MIXED;
}

u64 highest_phys_addr(void)
{
	return nr_ram_ranges ? ram_ranges[nr_ram_ranges - 1].end : 0;
}

/* Page-aligned part of a usable entry that the allocator may own. */
static bool usable_span(const struct boot_mmap_entry *e, u64 *start, u64 *end)
{
	if (e->type != BOOT_MEM_USABLE || e->length == 0 ||
	    e->base >= PHYS_ADDR_LIMIT)
		return false;
	*start = max(ALIGN(e->base, PAGE_SIZE), LOW_MEM_END);
	*end = ALIGN_DOWN(min(entry_end(e), PHYS_ADDR_LIMIT), PAGE_SIZE);
	return *start < *end;
}

static bool overlaps_unusable(u64 start, u64 end)
{
	u32 i;

	for (i = 0; i < boot_mmap_count; i++) {
		const struct boot_mmap_entry *e = &boot_mmap[i];

		if (e->type != BOOT_MEM_USABLE && e->length &&
		    e->base < end && entry_end(e) > start)
			return true;
	}
	return false;
}

/* --- free lists ------------------------------------------------------ */

static void add_free_block(struct page *page, unsigned int order)
{
	page->flags = PG_buddy;
	page->order = order;
	list_add(&page->lru, &free_area[order].free_list);
	free_area[order].nr_free++;
}

static void del_free_block(struct page *page, unsigned int order)
{
	list_del(&page->lru);
	page->flags &= ~PG_buddy;
	free_area[order].nr_free--;
}

/* Give a block back, merging with its buddy while the buddy is free and
 * whole [Knuth TAOCP Vol.1 2.5]. Caller holds zone_lock. */
static void __free_one_block(u64 pfn, unsigned int order)
{
	nr_free += 1ULL << order;
	while (order < MAX_ORDER - 1) {
		struct page *buddy = pfn_to_page(pfn ^ (1ULL << order));

		if (!buddy || !(buddy->flags & PG_buddy) || buddy->order != order)
			break;
		del_free_block(buddy, order);
		pfn &= ~(1ULL << order);
		order++;
	}
	add_free_block(pfn_to_page(pfn), order);
}

/* Take a block of exactly `order`, splitting a larger one; the upper halves
 * go back on the lists. Caller holds zone_lock. */
static struct page *__rmqueue(unsigned int order)
{
	unsigned int o;

	for (o = order; o < MAX_ORDER; o++) {
		struct page *page;
		u64 pfn;

		if (list_empty(&free_area[o].free_list))
			continue;
		page = list_first_entry(&free_area[o].free_list, struct page, lru);
		del_free_block(page, o);
		pfn = page_to_pfn(page);
		while (o > order) {
			o--;
			add_free_block(pfn_to_page(pfn + (1ULL << o)), o);
		}
		nr_free -= 1ULL << order;
		page->flags = PG_head;
		page->order = order;
		return page;
	}
	return NULL;
}

/* --- initialisation -------------------------------------------------- */

static bool span_of_usable(u64 *lo, u64 *hi)
{
	u64 s, e;
	u32 i;

	*lo = ~0ULL;
	*hi = 0;
	for (i = 0; i < boot_mmap_count; i++) {
		if (!usable_span(&boot_mmap[i], &s, &e))
			continue;
		*lo = min(*lo, s);
		*hi = max(*hi, e);
	}
	return *lo < *hi;
}

/* A usable piece at least `size` long that avoids the kernel image and
 * anything else the map claims; 0 if there is none. */
static u64 find_metadata_home(u64 size, u64 kstart, u64 kend)
{
	u32 i;

	for (i = 0; i < boot_mmap_count; i++) {
		u64 s, e, pieces[2][2];
		int p;

		if (!usable_span(&boot_mmap[i], &s, &e))
			continue;
		pieces[0][0] = s;
		pieces[0][1] = min(e, max(s, kstart));
		pieces[1][0] = max(s, min(e, kend));
		pieces[1][1] = e;
		for (p = 0; p < 2; p++) {
			u64 ps = pieces[p][0], pe = pieces[p][1];

			if (pe - ps >= size && !overlaps_unusable(ps, ps + size))
				return ps;
		}
	}
	return 0;
}

/* Mark the frames [start, end) touches, clipped to mem_map. */
static void reserve_range(u64 start, u64 end)
{
	u64 pfn = max(pfn_of(start), base_pfn);
	u64 last = min(pfn_of(end - 1), end_pfn - 1);

	if (end <= start)
		return;
	for (; pfn <= last; pfn++)
		pfn_to_page(pfn)->flags = PG_reserved;
}

/* Every frame starts reserved; usable spans open up, then everything the
 * map or the kernel claims closes again (claims win over overlaps). */
static void mark_frames(u64 kstart, u64 kend, u64 meta, u64 meta_size)
{
	u64 s, e, pfn;
	u32 i;

	for (pfn = base_pfn; pfn < end_pfn; pfn++) {
		struct page *page = pfn_to_page(pfn);

		INIT_LIST_HEAD(&page->lru);
		page->flags = PG_reserved;
		page->order = 0;
		page->private = NULL;
	}
	for (i = 0; i < boot_mmap_count; i++)
		if (usable_span(&boot_mmap[i], &s, &e))
			for (pfn = pfn_of(s); pfn < pfn_of(e); pfn++)
				pfn_to_page(pfn)->flags = 0;
	for (i = 0; i < boot_mmap_count; i++)
		if (boot_mmap[i].type != BOOT_MEM_USABLE && boot_mmap[i].length)
			reserve_range(boot_mmap[i].base, entry_end(&boot_mmap[i]));
	reserve_range(kstart, kend);
	reserve_range(meta, meta + meta_size);
}

/* Hand each run of free frames to the lists in the largest naturally
 * aligned blocks that fit. */
static void free_boot_frames(void)
{
	u64 pfn = base_pfn;

	while (pfn < end_pfn) {
		unsigned int order = MAX_ORDER - 1;
		u64 n;

		if (pfn_to_page(pfn)->flags & PG_reserved) {
			pfn++;
			continue;
		}
		while (order > 0 && (pfn & ((1ULL << order) - 1)))
			order--;
		for (; order > 0; order--) {
			for (n = 1; n < (1ULL << order); n++)
				if (pfn + n >= end_pfn ||
				    (pfn_to_page(pfn + n)->flags & PG_reserved))
					break;
			if (n == (1ULL << order))
				break;
		}
		add_free_block(pfn_to_page(pfn), order);
		nr_free += 1ULL << order;
		managed_pages += 1ULL << order;
		pfn += 1ULL << order;
	}
}

static void reset_allocator(void)
{
	unsigned int o;

	for (o = 0; o < MAX_ORDER; o++) {
		INIT_LIST_HEAD(&free_area[o].free_list);
		free_area[o].nr_free = 0;
	}
	nr_free = managed_pages = 0;
	alloc_failures = atomic_failures = bad_frees = 0;
	mem_map = NULL;
	base_pfn = end_pfn = 0;
}

/* The body of page_alloc_init() with the kernel image as parameters, so
 * the host tests can place a fake one inside their arena. */
static void __page_alloc_init(const struct boot_info *bi, u64 kstart, u64 kend)
{
	u64 lo, hi, meta, meta_size;

	reset_allocator();
	read_memory_map(bi);
	pr_info("mem: %lu KiB usable in %u regions, %lu KiB total RAM\n",
		boot_stats.usable_bytes >> 10, boot_stats.regions,
		boot_stats.total_bytes >> 10);
	if (!span_of_usable(&lo, &hi)) {
		pr_err("mem: no usable RAM above 1 MiB in the memory map\n");
		return;
	}
	meta_size = ALIGN((pfn_of(hi) - pfn_of(lo)) * sizeof(struct page), PAGE_SIZE);
	meta = find_metadata_home(meta_size, kstart, ALIGN(kend, PAGE_SIZE));
	if (!meta) {
		pr_err("mem: no room for %lu KiB of page metadata\n", meta_size >> 10);
		return;
	}
	mem_map = (struct page *)(uintptr_t)meta;
	base_pfn = pfn_of(lo);
	end_pfn = pfn_of(hi);
	mark_frames(kstart, kend, meta, meta_size);
	free_boot_frames();
	pr_info("mem: page allocator manages %lu pages (%lu MiB) free\n",
		managed_pages, managed_pages >> (20 - PAGE_SHIFT));
}

void page_alloc_init(const struct boot_info *bi)
{
	__page_alloc_init(bi, (u64)(uintptr_t)_kernel_start,
			  (u64)(uintptr_t)_kernel_end);
}

/* --- allocation ------------------------------------------------------ */

static void report_alloc_failure(gfp_t gfp, unsigned int order)
{
	pr_warn_ratelimited("page allocation failure: order:%u, mode:%#x, free:%lu pages\n",
			    order, gfp, READ_ONCE(nr_free));
}

void *alloc_pages(gfp_t gfp, unsigned int order)
{
	struct page *page = NULL;
	unsigned long flags;
	void *addr;

	spin_lock_irqsave(&zone_lock, flags);
	if (order < MAX_ORDER)
		page = __rmqueue(order);
	if (!page) {
		alloc_failures++;
		if (gfp & GFP_ATOMIC)
			atomic_failures++;
	}
	spin_unlock_irqrestore(&zone_lock, flags);
	if (!page) {
		report_alloc_failure(gfp, order);
		return NULL;
	}
	addr = page_address(page);
	if (gfp & __GFP_ZERO)
		memset(addr, 0, PAGE_SIZE << order);
	return addr;
}

void *get_zeroed_page(gfp_t gfp)
{
	return alloc_pages(gfp | __GFP_ZERO, 0);
}

/* Why `page` cannot be freed as a block of `order`, or NULL if it can. */
static const char *bad_free_reason(const struct page *page, unsigned int order)
{
	if (page->flags & PG_buddy)
		return "double free";
	if (page->flags & PG_reserved)
		return "page is reserved";
	if (!(page->flags & PG_head))
		return "not the start of an allocated block (double free?)";
	if (page->order != order)
		return "order differs from the allocation";
	if (page->flags & (PG_slab | PG_large))
		return "block belongs to the slab allocator";
	return NULL;
}

void free_pages(void *addr, unsigned int order)
{
	struct page *page = virt_to_page(addr);
	const char *why = NULL;
	unsigned long flags;

	if (!addr)
		return;
	if (!IS_ALIGNED((u64)(uintptr_t)addr, PAGE_SIZE) || !page)
		why = "not a page the allocator manages";
	else if (order >= MAX_ORDER)
		why = "order out of range";
	spin_lock_irqsave(&zone_lock, flags);
	if (!why)
		why = bad_free_reason(page, order);
	if (!why) {
		page->flags = 0;
		page->private = NULL;
		__free_one_block(page_to_pfn(page), order);
	} else {
		bad_frees++;
	}
	spin_unlock_irqrestore(&zone_lock, flags);
	if (why)
		pr_err("free_pages(%p, %u) from %p refused: %s\n", addr, order,
		       __builtin_return_address(0), why);
}

void free_page(void *addr)
{
	free_pages(addr, 0);
}

/* --- statistics ------------------------------------------------------ */

u64 totalram_pages(void)
{
	return managed_pages;
}

u64 nr_free_pages(void)
{
	return READ_ONCE(nr_free);
}

void mem_get_stats(struct mem_stats *st)
{
	*st = boot_stats;
	st->alloc_failures = READ_ONCE(alloc_failures);
}

static int cmd_meminfo(int argc, char **argv)
{
	u64 kimage = (u64)(uintptr_t)_kernel_end - (u64)(uintptr_t)_kernel_start;

	if (argc > 1) {
		kprintf("usage: meminfo\n");
		return -EINVAL;
	}
	kprintf("MemTotal: %lu kB\n", totalram_pages() << (PAGE_SHIFT - 10));
	kprintf("MemFree: %lu kB\n", nr_free_pages() << (PAGE_SHIFT - 10));
	kprintf("MemUsable: %lu kB\n", boot_stats.usable_bytes >> 10);
	kprintf("Slab: %lu kB\n", slab_bytes() >> 10);
	kprintf("KernelImage: %lu kB\n", kimage >> 10);
	kprintf("AllocFailures: %lu\n", READ_ONCE(alloc_failures));
	kprintf("AllocFailuresAtomic: %lu\n", READ_ONCE(atomic_failures));
	kprintf("BadFrees: %lu\n", READ_ONCE(bad_frees));
	return 0;
}
SHELL_COMMAND(meminfo, "meminfo", cmd_meminfo, "memory totals, free pages, slab use");

/* Free blocks per order, as Linux's /proc/buddyinfo. */
static int cmd_buddyinfo(int argc, char **argv)
{
	u64 counts[MAX_ORDER];
	unsigned long flags;
	unsigned int o;

	if (argc > 1) {
		kprintf("usage: buddyinfo\n");
		return -EINVAL;
	}
	spin_lock_irqsave(&zone_lock, flags);
	for (o = 0; o < MAX_ORDER; o++)
		counts[o] = free_area[o].nr_free;
	spin_unlock_irqrestore(&zone_lock, flags);
	kprintf("Node 0, zone   Normal");
	for (o = 0; o < MAX_ORDER; o++)
		kprintf(" %6lu", counts[o]);
	kprintf("\n");
	return 0;
}
SHELL_COMMAND(buddyinfo, "buddyinfo", cmd_buddyinfo, "free blocks per order");

/* test_page_alloc.c: kernel/mm/page_alloc.c on the host, over a fake
 * memory map that describes a 64 MiB posix_memalign() arena. The file is
 * included whole so the kernel spinlock (cli/sti) can be swapped for a
 * checking stand-in and the kernel image can be placed inside the arena. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "tests/unit/ktest.h"

/* --- host stand-ins for the kernel around page_alloc.c ------------------ */

#include "tests/unit/host_lock.h"

/* Kernel code is built with -Wno-unused-parameter (shell commands). */
#pragma GCC diagnostic ignored "-Wunused-parameter"
#include "kernel/mm/page_alloc.c"

#include "tests/unit/host_log.h"

u64 slab_bytes(void)
{
	return 3 * PAGE_SIZE;
}

/* The real image symbols only feed `meminfo` here: 12 KiB of .bss. */
char fake_image[3 * 4096] __attribute__((aligned(4096)));
__asm__(".globl _kernel_start\n.set _kernel_start, fake_image\n"
	".globl _kernel_end\n.set _kernel_end, fake_image + 12288\n");

/* --- the arena and its memory map --------------------------------------- */

#define ARENA_SIZE	(64ULL << 20)
#define MiB		(1ULL << 20)

static u8 *arena;
static u64 A;			/* arena base as a "physical" address */
static struct boot_info bi;
static u64 kstart, kend;	/* fake kernel image inside the arena */

static void map_add(u64 base, u64 len, u32 type)
{
	bi.mmap[bi.mmap_count].base = base;
	bi.mmap[bi.mmap_count].length = len;
	bi.mmap[bi.mmap_count].type = type;
	bi.mmap_count++;
}

/*
 * [0, 32M) usable with the "kernel" at [2M, 3M), [32M, 33M) reserved,
 * [33M, 33M+64K) ACPI reclaim, [34M, 64M) usable.
 */
static void standard_map(void)
{
	(memset)(&bi, 0, sizeof(bi));
	map_add(A, 32 * MiB, BOOT_MEM_USABLE);
	map_add(A + 32 * MiB, MiB, BOOT_MEM_RESERVED);
	map_add(A + 33 * MiB, 64 << 10, BOOT_MEM_ACPI_RECLAIM);
	map_add(A + 34 * MiB, 30 * MiB, BOOT_MEM_USABLE);
	kstart = A + 2 * MiB;
	kend = A + 3 * MiB;
}

static void init_standard(void)
{
	standard_map();
	log_clear();
	__page_alloc_init(&bi, kstart, kend);
}

KTEST_SETUP(setup)
{
	if (!arena) {
		void *p;

		if (posix_memalign(&p, 4 * MiB, ARENA_SIZE))
			abort();
		arena = p;
		A = (u64)(uintptr_t)arena;
	}
	init_standard();
}

/* Every test leaves every page free and every lock released. */
KTEST_TEARDOWN(teardown)
{
	EXPECT_EQ(locks_held, 0);
	EXPECT_EQ(nr_free_pages(), totalram_pages());
}

static u64 free_blocks(unsigned int order)
{
	return free_area[order].nr_free;
}

static bool in_range(u64 p, u64 s, u64 e)
{
	return p >= s && p < e;
}

/* --- tests -------------------------------------------------------------- */

#define USABLE_KIB	(62ULL * 1024)
#define META_PAGES	(ARENA_SIZE / PAGE_SIZE * sizeof(struct page) / PAGE_SIZE)
#define MANAGED_PAGES	(USABLE_KIB / 4 - 256 - META_PAGES)

KTEST(boot_lines_state_the_map)
{
	char line[160];

	EXPECT_TRUE(log_has("mem: 63488 KiB usable in 2 regions, 63552 KiB total RAM\n"));
	(snprintf)(line, sizeof(line), "mem: page allocator manages %llu pages (%llu MiB) free\n",
		   (unsigned long long)MANAGED_PAGES,
		   (unsigned long long)(MANAGED_PAGES * 4 / 1024));
	EXPECT_TRUE(log_has(line));
	EXPECT_EQ(totalram_pages(), MANAGED_PAGES);
	EXPECT_EQ(nr_free_pages(), MANAGED_PAGES);
}

KTEST(stats_and_highest_address)
{
	struct mem_stats st;

	mem_get_stats(&st);
	EXPECT_EQ(st.usable_bytes, 62 * MiB);
	EXPECT_EQ(st.total_bytes, 62 * MiB + (64 << 10));
	EXPECT_EQ(st.regions, 2);
	EXPECT_EQ(st.alloc_failures, 0);
	EXPECT_EQ(highest_phys_addr(), A + 64 * MiB);
}

KTEST(range_kinds_follow_the_map)
{
	EXPECT_EQ(phys_range_kind(A, A + 2 * MiB), PHYS_RANGE_RAM);
	EXPECT_EQ(phys_range_kind(A + 32 * MiB, A + 33 * MiB), PHYS_RANGE_HOLE);
	EXPECT_EQ(phys_range_kind(A + 31 * MiB, A + 33 * MiB), PHYS_RANGE_MIXED);
	EXPECT_EQ(phys_range_kind(A + 33 * MiB, A + 33 * MiB + 4096), PHYS_RANGE_RAM);
	EXPECT_EQ(phys_range_kind(A + 64 * MiB, A + 66 * MiB), PHYS_RANGE_HOLE);
	EXPECT_EQ(phys_range_kind(0, 4096), PHYS_RANGE_HOLE);
}

KTEST(every_order_allocates_aligned_blocks)
{
	unsigned int order;

	for (order = 0; order < MAX_ORDER; order++) {
		u64 before = nr_free_pages();
		u8 *p = alloc_pages(GFP_KERNEL, order);

		ASSERT_NOT_NULL(p);
		EXPECT_TRUE(IS_ALIGNED((u64)(uintptr_t)p, PAGE_SIZE << order));
		EXPECT_EQ(nr_free_pages(), before - (1ULL << order));
		(memset)(p, 0xa5, PAGE_SIZE << order);
		free_pages(p, order);
		EXPECT_EQ(nr_free_pages(), before);
	}
}

/* Exclusions: nothing handed out lies in the kernel, the struct page array,
 * the reserved or ACPI entries, or outside the usable entries. */
static bool page_is_allowed(u64 p)
{
	u64 meta = (u64)(uintptr_t)mem_map;

	if (in_range(p, kstart, kend) || in_range(p, meta, meta + META_PAGES * PAGE_SIZE))
		return false;
	return in_range(p, A, A + 32 * MiB) || in_range(p, A + 34 * MiB, A + 64 * MiB);
}

static u64 **grab_all(u64 *count)
{
	u64 **pages = calloc(totalram_pages() + 1, sizeof(*pages));
	u64 n = 0;
	void *p;

	while ((p = alloc_pages(GFP_KERNEL, 0)))
		pages[n++] = p;
	*count = n;
	return pages;
}

static void shuffle(u64 **v, u64 n)
{
	u64 i;

	for (i = n; i > 1; i--) {
		u64 j = ktest_rand() % i, *t = v[i - 1];

		v[i - 1] = v[j];
		v[j] = t;
	}
}

KTEST(all_pages_distinct_allowed_and_coalesce_back)
{
	u64 before[MAX_ORDER], n, i, bad = 0;
	u64 **pages;
	unsigned int o;

	for (o = 0; o < MAX_ORDER; o++)
		before[o] = free_blocks(o);
	pages = grab_all(&n);
	EXPECT_EQ(n, totalram_pages());
	EXPECT_EQ(nr_free_pages(), 0);
	for (i = 0; i < n; i++) {
		*pages[i] = i;	/* a second owner of this page would overwrite it */
		if (!page_is_allowed((u64)(uintptr_t)pages[i]))
			bad++;
	}
	for (i = 0; i < n; i++)
		if (*pages[i] != i)
			bad++;
	EXPECT_EQ(bad, 0);
	shuffle(pages, n);
	for (i = 0; i < n; i++)
		free_page(pages[i]);
	for (o = 0; o < MAX_ORDER; o++)
		EXPECT_EQ(free_blocks(o), before[o]);
	free(pages);
}

KTEST(a_whole_arena_coalesces_to_max_order_blocks)
{
	u64 n, i, **pages;

	(memset)(&bi, 0, sizeof(bi));
	map_add(A, ARENA_SIZE, BOOT_MEM_USABLE);
	/* Kernel image outside the arena; metadata takes the first 128 pages. */
	__page_alloc_init(&bi, 0x200000, 0x300000);
	EXPECT_EQ(totalram_pages(), ARENA_SIZE / PAGE_SIZE - META_PAGES);
	/* 16 blocks of 4 MiB minus the first, which the metadata broke up. */
	EXPECT_EQ(free_blocks(MAX_ORDER - 1), 15);
	pages = grab_all(&n);
	shuffle(pages, n);
	for (i = 0; i < n; i++)
		free_page(pages[i]);
	EXPECT_EQ(free_blocks(MAX_ORDER - 1), 15);
	free(pages);
}

KTEST(mixed_orders_coalesce)
{
	void *blocks[4096];
	unsigned int orders[4096];
	u64 before = free_blocks(MAX_ORDER - 1);
	int n = 0, i;

	while (n < 4096) {
		orders[n] = ktest_rand() % 5;
		blocks[n] = alloc_pages(GFP_KERNEL, orders[n]);
		if (!blocks[n])
			break;
		n++;
	}
	for (i = n - 1; i >= 0; i -= 2)
		free_pages(blocks[i], orders[i]);
	for (i = n - 2; i >= 0; i -= 2)
		free_pages(blocks[i], orders[i]);
	EXPECT_EQ(free_blocks(MAX_ORDER - 1), before);
}

KTEST(exhaustion_returns_null_and_counts)
{
	struct mem_stats st;
	u64 n, i, **pages = grab_all(&n);

	EXPECT_NULL(alloc_pages(GFP_KERNEL, 0));
	EXPECT_NULL(alloc_pages(GFP_ATOMIC, 3));
	mem_get_stats(&st);
	EXPECT_EQ(st.alloc_failures, 3);	/* grab_all's last try, and these two */
	EXPECT_EQ(atomic_failures, 1);
	EXPECT_TRUE(log_has("page allocation failure: order:3, mode:0x1"));
	for (i = 0; i < n; i++)
		free_page(pages[i]);
	free(pages);
}

KTEST(order_too_large_fails_cleanly)
{
	EXPECT_NULL(alloc_pages(GFP_KERNEL, MAX_ORDER));
	EXPECT_NULL(alloc_pages(GFP_KERNEL, 200));
	EXPECT_EQ(alloc_failures, 2);
}

KTEST(double_free_is_refused)
{
	void *p = alloc_pages(GFP_KERNEL, 2);
	void *q = alloc_pages(GFP_KERNEL, 0);
	u64 free_now;

	ASSERT_NOT_NULL(p);
	ASSERT_NOT_NULL(q);
	free_pages(p, 2);
	free_now = nr_free_pages();
	log_clear();
	free_pages(p, 2);
	EXPECT_EQ(nr_free_pages(), free_now);
	EXPECT_EQ(bad_frees, 1);
	EXPECT_TRUE(log_has("refused"));
	/* A page that merged into a bigger free block is no head any more. */
	free_page((char *)p + PAGE_SIZE);
	EXPECT_EQ(nr_free_pages(), free_now);
	EXPECT_EQ(bad_frees, 2);
	free_page(q);
}

KTEST(bad_pointers_are_refused)
{
	u8 *p = alloc_pages(GFP_KERNEL, 1);
	u64 free_now = nr_free_pages();
	int local;

	ASSERT_NOT_NULL(p);
	free_pages(p + 8, 1);				/* not page aligned */
	free_pages(p + PAGE_SIZE, 0);			/* tail of a block */
	free_pages(p, 0);				/* wrong order */
	free_pages(p, MAX_ORDER);			/* order out of range */
	free_pages(&local, 0);				/* not managed memory */
	free_page((void *)(uintptr_t)kstart);		/* the kernel image */
	free_page((void *)(uintptr_t)(A + 32 * MiB));	/* reserved entry */
	free_page((void *)mem_map);			/* the metadata itself */
	free_pages(NULL, 0);				/* a no-op, as in Linux */
	EXPECT_EQ(bad_frees, 8);
	EXPECT_EQ(nr_free_pages(), free_now);
	EXPECT_TRUE(log_has("order differs"));
	EXPECT_TRUE(log_has("reserved"));
	free_pages(p, 1);
}

KTEST(zeroed_pages_are_zero)
{
	u8 *p = alloc_pages(GFP_KERNEL, 0), *z;
	size_t i, nonzero = 0;

	ASSERT_NOT_NULL(p);
	(memset)(p, 0xff, PAGE_SIZE);
	free_page(p);
	z = get_zeroed_page(GFP_KERNEL);
	ASSERT_NOT_NULL(z);
	EXPECT_EQ(z, p);	/* LIFO free lists hand the same page back */
	for (i = 0; i < PAGE_SIZE; i++)
		nonzero += z[i] != 0;
	EXPECT_EQ(nonzero, 0);
	free_page(z);
	z = alloc_pages(GFP_KERNEL | __GFP_ZERO, 3);
	ASSERT_NOT_NULL(z);
	for (i = 0; i < (PAGE_SIZE << 3); i++)
		nonzero += z[i] != 0;
	EXPECT_EQ(nonzero, 0);
	free_pages(z, 3);
}

KTEST(page_metadata_round_trips)
{
	u8 *p = alloc_pages(GFP_KERNEL, 0);
	int local;

	ASSERT_NOT_NULL(p);
	EXPECT_EQ(page_address(virt_to_page(p + 100)), p);
	EXPECT_TRUE(virt_to_page(p)->flags & PG_head);
	EXPECT_NULL(virt_to_page(&local));
	EXPECT_EQ(get_order(1), 0);
	EXPECT_EQ(get_order(PAGE_SIZE), 0);
	EXPECT_EQ(get_order(PAGE_SIZE + 1), 1);
	EXPECT_EQ(get_order(4 * MiB), 10);
	free_page(p);
}

/* Overlapping, unsorted, zero-length and unaligned entries: a claim by a
 * non-usable entry wins over a usable one. */
KTEST(messy_maps_are_handled)
{
	u64 n, i, bad = 0, **pages;

	(memset)(&bi, 0, sizeof(bi));
	map_add(A + 40 * MiB, 24 * MiB, BOOT_MEM_USABLE);
	map_add(A + 8 * MiB + 123, 16 * MiB - 123 + 77, BOOT_MEM_USABLE);
	map_add(A + 12 * MiB, MiB, BOOT_MEM_RESERVED);	/* inside the one above */
	map_add(A + 50 * MiB, 0, BOOT_MEM_RESERVED);	/* empty */
	map_add(A + 60 * MiB, 2 * MiB, BOOT_MEM_BAD);
	__page_alloc_init(&bi, 0x200000, 0x300000);
	EXPECT_TRUE(log_has("in 2 regions"));
	pages = grab_all(&n);
	for (i = 0; i < n; i++) {
		u64 p = (u64)(uintptr_t)pages[i];

		if (!(in_range(p, A + 8 * MiB + PAGE_SIZE, A + 24 * MiB) ||
		      in_range(p, A + 40 * MiB, A + 64 * MiB)) ||
		    in_range(p, A + 12 * MiB, A + 13 * MiB) ||
		    in_range(p, A + 60 * MiB, A + 62 * MiB))
			bad++;
	}
	EXPECT_EQ(bad, 0);
	/* 16M-4K + 24M, minus 1M reserved, 2M bad, and the metadata. */
	EXPECT_EQ(n + (56 * MiB / PAGE_SIZE * sizeof(struct page) / PAGE_SIZE),
		  (16 * MiB - PAGE_SIZE + 24 * MiB - 3 * MiB) / PAGE_SIZE);
	for (i = 0; i < n; i++)
		free_page(pages[i]);
	free(pages);
}

KTEST(no_usable_memory_means_an_empty_allocator)
{
	(memset)(&bi, 0, sizeof(bi));
	map_add(A, 64 * MiB, BOOT_MEM_RESERVED);
	log_clear();
	__page_alloc_init(&bi, 0x200000, 0x300000);
	EXPECT_TRUE(log_has("mem: 0 KiB usable in 0 regions, 0 KiB total RAM"));
	EXPECT_TRUE(log_has("no usable RAM"));
	EXPECT_EQ(totalram_pages(), 0);
	EXPECT_NULL(alloc_pages(GFP_KERNEL, 0));
	EXPECT_NULL(virt_to_page(arena));
}

KTEST(too_many_entries_are_capped)
{
	u32 i;

	(memset)(&bi, 0, sizeof(bi));
	for (i = 0; i < BOOT_INFO_MAX_MMAP; i++)
		map_add(A + i * 256 * 1024, 256 * 1024, BOOT_MEM_USABLE);
	bi.mmap_count = 100000;		/* a corrupt count is clamped */
	__page_alloc_init(&bi, 0x200000, 0x300000);
	EXPECT_TRUE(log_has("mem: 32768 KiB usable in 128 regions"));
	EXPECT_GT(totalram_pages(), 0);
}

KTEST(meminfo_prints_the_linux_names)
{
	char line[64];
	char *argv[] = { "meminfo", "extra", NULL };

	log_clear();
	EXPECT_EQ(cmd_meminfo(1, argv), 0);
	(snprintf)(line, sizeof(line), "MemTotal: %llu kB\n",
		   (unsigned long long)MANAGED_PAGES * 4);
	EXPECT_TRUE(log_has(line));
	EXPECT_TRUE(log_has("MemFree: "));
	EXPECT_TRUE(log_has("MemUsable: 63488 kB\n"));
	EXPECT_TRUE(log_has("Slab: 12 kB\n"));
	EXPECT_TRUE(log_has("KernelImage: 12 kB\n"));
	EXPECT_TRUE(log_has("AllocFailures: 0\n"));
	log_clear();
	EXPECT_EQ(cmd_meminfo(2, argv), -EINVAL);
	EXPECT_TRUE(log_has("usage: meminfo"));
	EXPECT_EQ(cmd_buddyinfo(1, argv), 0);
	EXPECT_TRUE(log_has("Node 0, zone   Normal"));
}

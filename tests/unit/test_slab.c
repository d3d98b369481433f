/* test_slab.c: kernel/mm/slab.c (over kernel/mm/page_alloc.c) on the host,
 * in a 64 MiB posix_memalign() arena. Both files are included whole so the
 * kernel spinlock (cli/sti) can be swapped for a checking stand-in. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "tests/unit/ktest.h"

/* --- host stand-ins ------------------------------------------------------ */

#include "tests/unit/host_lock.h"

/* Kernel code is built with -Wno-unused-parameter (shell commands). */
#pragma GCC diagnostic ignored "-Wunused-parameter"
#include "kernel/mm/page_alloc.c"
#include "kernel/mm/slab.c"

#include "tests/unit/host_log.h"

char fake_image[4096] __attribute__((aligned(4096)));
__asm__(".globl _kernel_start\n.set _kernel_start, fake_image\n"
	".globl _kernel_end\n.set _kernel_end, fake_image + 4096\n");

/* --- arena, setup, leak check ------------------------------------------- */

#define ARENA_SIZE	(64ULL << 20)

static u8 *arena;

static void boot(int poison)
{
	static struct boot_info bi;

	(memset)(&bi, 0, sizeof(bi));
	bi.mmap_count = 1;
	bi.mmap[0].base = (u64)(uintptr_t)arena;
	bi.mmap[0].length = ARENA_SIZE;
	bi.mmap[0].type = BOOT_MEM_USABLE;
	__page_alloc_init(&bi, 0x200000, 0x300000);
	slab_poison = poison;
	slab_init();
	log_clear();
}

KTEST_SETUP(setup)
{
	if (!arena) {
		void *p;

		if (posix_memalign(&p, 4 << 20, ARENA_SIZE))
			abort();
		arena = p;
	}
	boot(0);
}

/* Nothing allocated survives a test: no live objects or large blocks, and
 * once empty slabs are shrunk every page is free or holds cache structs. */
KTEST_TEARDOWN(teardown)
{
	struct kmem_cache *c;

	EXPECT_EQ(locks_held, 0);
	EXPECT_EQ(large_allocs, 0);
	kmem_cache_shrink_all();
	kmem_cache_shrink_all();	/* descriptors freed by the first pass */
	for (c = next_cache(NULL); c; c = next_cache(c)) {
		if (c == &kmem_cache_boot)
			continue;
		if (c->active_objs || c->nr_slabs)
			ktest_fail(__FILE__, __LINE__, "cache %s: %lu objects, %lu slabs left",
				   c->name, c->active_objs, c->nr_slabs);
	}
	EXPECT_EQ(slab_bytes(), kmem_cache_boot.nr_slabs * (PAGE_SIZE << kmem_cache_boot.order));
	EXPECT_EQ(nr_free_pages() + slab_bytes() / PAGE_SIZE, totalram_pages());
}

static void fill(void *p, size_t n, u8 seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		((u8 *)p)[i] = (u8)(seed + i * 7);
}

static bool intact(const void *p, size_t n, u8 seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (((const u8 *)p)[i] != (u8)(seed + i * 7))
			return false;
	return true;
}

/* --- kmalloc ------------------------------------------------------------ */

KTEST(every_size_class_and_odd_sizes)
{
	static const size_t sizes[] = {
		1, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 95, 96, 97,
		127, 128, 129, 191, 192, 193, 255, 256, 257, 511, 512, 513,
		1000, 1023, 1024, 1025, 2047, 2048, 2049, 4095, 4096, 4097,
		8191, 8192, 8193, 12345, 65536, 100000,
	};
	void *p[ARRAY_SIZE(sizes)][3];
	size_t i, j;

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		for (j = 0; j < 3; j++) {
			p[i][j] = kmalloc(sizes[i], GFP_KERNEL);
			ASSERT_NOT_NULL(p[i][j]);
			EXPECT_TRUE(IS_ALIGNED((uintptr_t)p[i][j], 8));
			fill(p[i][j], sizes[i], (u8)(i * 3 + j));
		}
	}
	for (i = 0; i < ARRAY_SIZE(sizes); i++)
		for (j = 0; j < 3; j++)
			if (!intact(p[i][j], sizes[i], (u8)(i * 3 + j)))
				ktest_fail(__FILE__, __LINE__, "size %zu copy %zu overwritten",
					   sizes[i], j);
	for (i = 0; i < ARRAY_SIZE(sizes); i++)
		for (j = 0; j < 3; j++)
			kfree(p[i][j]);
	EXPECT_EQ(bad_kfrees, 0);
}

KTEST(power_of_two_classes_are_naturally_aligned)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(kmalloc_sizes); i++) {
		u32 sz = kmalloc_sizes[i], want = is_power_of_2(sz) ? min_t(u32, sz, PAGE_SIZE) : 32;
		void *a = kmalloc(sz, GFP_KERNEL), *b = kmalloc(sz, GFP_KERNEL);

		ASSERT_NOT_NULL(a);
		ASSERT_NOT_NULL(b);
		EXPECT_TRUE(IS_ALIGNED((uintptr_t)a, want));
		EXPECT_TRUE(IS_ALIGNED((uintptr_t)b, want));
		EXPECT_EQ(kmalloc_caches[i]->size, sz);
		kfree(a);
		kfree(b);
	}
}

/* Each kmalloc cache wastes at most 1/8 of its slabs and fits in order 3. */
KTEST(slab_geometry_is_tight)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(kmalloc_sizes); i++) {
		struct kmem_cache *c = kmalloc_caches[i];
		u32 bytes = PAGE_SIZE << c->order;
		u32 used = c->offset + c->num * c->size;

		EXPECT_LE(c->order, SLAB_MAX_ORDER);
		EXPECT_GE(c->num, 1);
		EXPECT_LE(used, bytes);
		if ((bytes - used) * 8 > bytes)
			ktest_fail(__FILE__, __LINE__, "%s wastes %u of %u bytes",
				   c->name, bytes - used, bytes);
	}
}

KTEST(zero_size_null_and_zeroing)
{
	u8 *p;
	size_t i, nonzero = 0;

	kfree(NULL);
	EXPECT_EQ(kmalloc(0, GFP_KERNEL), ZERO_SIZE_PTR);
	kfree(ZERO_SIZE_PTR);
	p = kmalloc(300, GFP_KERNEL);
	ASSERT_NOT_NULL(p);
	(memset)(p, 0xee, 300);
	kfree(p);
	p = kzalloc(300, GFP_KERNEL);
	ASSERT_NOT_NULL(p);
	for (i = 0; i < 300; i++)
		nonzero += p[i] != 0;
	EXPECT_EQ(nonzero, 0);
	kfree(p);
	p = kcalloc(100, 40, GFP_KERNEL);
	ASSERT_NOT_NULL(p);
	for (i = 0; i < 4000; i++)
		nonzero += p[i] != 0;
	EXPECT_EQ(nonzero, 0);
	kfree(p);
	EXPECT_NULL(kcalloc(SIZE_MAX / 2, 3, GFP_KERNEL));
	EXPECT_EQ(bad_kfrees, 0);
}

KTEST(large_allocations_come_from_pages)
{
	u64 free_before = nr_free_pages();
	u8 *a = kmalloc(8193, GFP_KERNEL);
	u8 *b = kmalloc(1 << 20, GFP_KERNEL);
	u8 *c = kmalloc(4 << 20, GFP_KERNEL);

	ASSERT_NOT_NULL(a);
	ASSERT_NOT_NULL(b);
	ASSERT_NOT_NULL(c);
	EXPECT_TRUE(IS_ALIGNED((uintptr_t)a, PAGE_SIZE));
	EXPECT_TRUE(virt_to_page(b)->flags & PG_large);
	EXPECT_EQ(nr_free_pages(), free_before - 4 - 256 - 1024);
	EXPECT_EQ(large_allocs, 3);
	(memset)(c, 1, 4 << 20);
	EXPECT_NULL(kmalloc((4 << 20) + 1, GFP_KERNEL));	/* above MAX_ORDER */
	EXPECT_NULL(kmalloc(SIZE_MAX, GFP_KERNEL));
	EXPECT_EQ(large_failures, 2);
	kfree(a);
	kfree(b);
	kfree(c);
	EXPECT_EQ(nr_free_pages(), free_before);
	EXPECT_EQ(large_pages, 0);
}

/* --- bad frees: reported, refused, nothing corrupted -------------------- */

KTEST(double_kfree_is_refused)
{
	u64 *p = kmalloc(64, GFP_KERNEL), *q = kmalloc(64, GFP_KERNEL);
	u8 *big = kmalloc(20000, GFP_KERNEL);
	void *again, *other;
	u64 active;

	ASSERT_NOT_NULL(p);
	ASSERT_NOT_NULL(q);
	ASSERT_NOT_NULL(big);
	kfree(p);
	active = kmalloc_slab(64)->active_objs;
	kfree(p);
	EXPECT_EQ(kmalloc_slab(64)->active_objs, active);
	EXPECT_TRUE(log_has("double free"));
	kfree(big);
	kfree(big);
	EXPECT_EQ(bad_kfrees, 2);
	/* The cache still works and hands p out once, not twice. */
	again = kmalloc(64, GFP_KERNEL);
	other = kmalloc(64, GFP_KERNEL);
	EXPECT_EQ(again, p);
	EXPECT_NE(other, p);
	kfree(again);
	kfree(other);
	kfree(q);
}

KTEST(pointers_not_from_kmalloc_are_refused)
{
	u8 *obj = kmalloc(100, GFP_KERNEL);
	u8 *big = kmalloc(3 * PAGE_SIZE, GFP_KERNEL);
	u8 *page = alloc_pages(GFP_KERNEL, 0);
	u64 free_now;
	int local;

	ASSERT_NOT_NULL(obj);
	ASSERT_NOT_NULL(big);
	ASSERT_NOT_NULL(page);
	free_now = nr_free_pages();
	kfree(obj + 1);			/* inside an object */
	kfree(big + PAGE_SIZE);		/* inside a large block */
	kfree(page);			/* a page, not a kmalloc block */
	kfree(&local);			/* not heap memory */
	free_pages(big, 2);		/* kmalloc's block, freed behind its back */
	EXPECT_EQ(bad_kfrees, 4);
	EXPECT_EQ(bad_frees, 1);
	EXPECT_EQ(nr_free_pages(), free_now);
	EXPECT_TRUE(log_has("not the start of an object"));
	EXPECT_TRUE(log_has("not heap memory"));
	kfree(obj);
	kfree(big);
	free_page(page);
}

/* --- named caches ------------------------------------------------------- */

struct thing {
	u64 a[25];
};

KTEST(named_cache_lifecycle)
{
	struct kmem_cache *c = kmem_cache_create("thing", sizeof(struct thing), 64);
	struct thing *v[200];
	int i;

	ASSERT_NOT_NULL(c);
	for (i = 0; i < 200; i++) {
		v[i] = kmem_cache_alloc(c, GFP_KERNEL);
		ASSERT_NOT_NULL(v[i]);
		EXPECT_TRUE(IS_ALIGNED((uintptr_t)v[i], 64));
		fill(v[i], sizeof(*v[i]), (u8)i);
	}
	EXPECT_EQ(c->active_objs, 200);
	EXPECT_GE(c->nr_slabs, 200 / c->num);
	for (i = 0; i < 200; i++)
		if (!intact(v[i], sizeof(*v[i]), (u8)i))
			ktest_fail(__FILE__, __LINE__, "object %d overwritten", i);
	/* The wrong cache is caught; kfree() of a cache object is fine. */
	kmem_cache_free(kmalloc_slab(256), v[0]);
	EXPECT_TRUE(log_has("another cache"));
	EXPECT_EQ(c->active_objs, 200);
	kfree(v[0]);
	for (i = 1; i < 200; i++)
		kmem_cache_free(c, v[i]);
	EXPECT_EQ(c->active_objs, 0);
	EXPECT_LE(c->nr_slabs, SLAB_KEEP_EMPTY);
	v[0] = kmem_cache_zalloc(c, GFP_KERNEL);
	ASSERT_NOT_NULL(v[0]);
	EXPECT_EQ(v[0]->a[7] | v[0]->a[24], 0);
	kmem_cache_free(c, v[0]);
	kmem_cache_free(c, NULL);
	EXPECT_EQ(bad_kfrees, 1);
}

KTEST(bad_cache_parameters_are_refused)
{
	EXPECT_NULL(kmem_cache_create("zero", 0, 0));
	EXPECT_NULL(kmem_cache_create("odd-align", 64, 24));
	EXPECT_NULL(kmem_cache_create("huge-align", 64, 2 * PAGE_SIZE));
	EXPECT_NULL(kmem_cache_create("too-big", 1 << 20, 0));
	EXPECT_NULL(kmem_cache_alloc(NULL, GFP_KERNEL));
	EXPECT_TRUE(log_has("bad size or alignment"));
}

KTEST(big_objects_keep_descriptors_off_slab)
{
	struct kmem_cache *c = kmem_cache_create("big", 3000, 0);
	void *v[20];
	int i;

	ASSERT_NOT_NULL(c);
	EXPECT_TRUE(c->off_slab);
	for (i = 0; i < 20; i++) {
		v[i] = kmem_cache_alloc(c, GFP_KERNEL);
		ASSERT_NOT_NULL(v[i]);
		fill(v[i], 3000, (u8)i);
	}
	for (i = 0; i < 20; i++) {
		EXPECT_TRUE(intact(v[i], 3000, (u8)i));
		kmem_cache_free(c, v[i]);
	}
	EXPECT_GT(slab_desc_cache->nr_slabs, 0);
}

KTEST(exhaustion_fails_cleanly_and_counts)
{
	struct kmem_cache *c = kmalloc_slab(1024);
	void **pages = calloc(totalram_pages() + 1, sizeof(void *));
	void *objs[64], *p;
	u64 n = 0, i;
	int k = 0;

	while ((p = alloc_pages(GFP_KERNEL, 0)))
		pages[n++] = p;
	while (k < 64 && (objs[k] = kmalloc(1024, GFP_ATOMIC)))
		k++;
	EXPECT_LT(k, 64);
	EXPECT_GE(c->alloc_failures, 1);
	EXPECT_NULL(kmalloc(100000, GFP_KERNEL));
	EXPECT_TRUE(log_has("allocation failure"));
	while (k--)
		kfree(objs[k]);
	for (i = 0; i < n; i++)
		free_page(pages[i]);
	free(pages);
	show_slabinfo();
}

/* --- poisoning, statistics, shell ---------------------------------------- */

KTEST(poison_catches_writes_after_free)
{
	u8 *p;

	boot(1);
	p = kmalloc(128, GFP_KERNEL);
	ASSERT_NOT_NULL(p);
	EXPECT_EQ(p[100], POISON_INUSE);
	kfree(p);
	EXPECT_EQ(p[100], POISON_FREE);
	EXPECT_FALSE(log_has("written after free"));
	p[50] = 1;			/* use after free */
	p = kmalloc(128, GFP_KERNEL);
	EXPECT_TRUE(log_has("written after free (offset 50"));
	kfree(p);
	/* Changing it once caches exist is refused. */
	{
		int v = 0;

		EXPECT_EQ(slab_poison_validate(&__sysctl_slab_poison, &v), -EBUSY);
		v = 1;
		EXPECT_EQ(slab_poison_validate(&__sysctl_slab_poison, &v), 0);
	}
	boot(0);
}

KTEST(slabinfo_and_byte_counts)
{
	char *argv[] = { "slabinfo", "x", NULL };
	void *p = kmalloc(64, GFP_KERNEL);
	u64 bytes = slab_bytes();

	EXPECT_GT(bytes, 0);
	EXPECT_EQ(bytes % PAGE_SIZE, 0);
	EXPECT_EQ(cmd_slabinfo(1, argv), 0);
	EXPECT_TRUE(log_has("slabinfo - version: 2.1"));
	EXPECT_TRUE(log_has("kmalloc-64 "));
	EXPECT_TRUE(log_has("kmalloc-8192 "));
	EXPECT_TRUE(log_has("kmalloc-large: 0 blocks"));
	log_clear();
	EXPECT_EQ(cmd_slabinfo(2, argv), -EINVAL);
	EXPECT_TRUE(log_has("usage: slabinfo"));
	kfree(p);
}

/* Random sizes, random order, a shadow table and content checks. */
KTEST(random_stress_keeps_contents)
{
	enum { SLOTS = 512, ROUNDS = 20000 };
	static void *ptr[SLOTS];
	static size_t len[SLOTS];
	int r, i, broken = 0;

	for (r = 0; r < ROUNDS; r++) {
		i = ktest_rand() % SLOTS;
		if (ptr[i]) {
			if (!intact(ptr[i], len[i], (u8)i))
				broken++;
			kfree(ptr[i]);
			ptr[i] = NULL;
			continue;
		}
		len[i] = 1 + ktest_rand() % (ktest_rand() % 8 ? 600 : 20000);
		ptr[i] = kmalloc(len[i], GFP_KERNEL);
		if (!ptr[i]) {
			broken++;
			continue;
		}
		fill(ptr[i], len[i], (u8)i);
	}
	for (i = 0; i < SLOTS; i++) {
		if (ptr[i] && !intact(ptr[i], len[i], (u8)i))
			broken++;
		kfree(ptr[i]);
		ptr[i] = NULL;
	}
	EXPECT_EQ(broken, 0);
	EXPECT_EQ(bad_kfrees, 0);
}

/* Slab allocator: named caches of fixed-size objects carved from page
 * blocks, and kmalloc() on top of per-size caches. One lock per cache, no
 * per-CPU magazines yet, no cache destruction. */

#include "kernel/mm/slab.h"
#include "kernel/printk.h"
#include "kernel/shell.h"
#include "kernel/spinlock.h"
#include "kernel/sysctl.h"
#include "lib/errno.h"
#include "lib/printf.h"
#include "lib/string.h"

#define SLAB_MAX_ORDER		3	/* slabs of at most 32 KiB */
#define SLAB_KEEP_EMPTY		1	/* empty slabs a cache holds on to */
#define SLAB_NAME_LEN		24
/* Objects this large keep their slab descriptor outside the slab, so the
 * descriptor does not cost a whole object's worth of alignment. */
#define OFF_SLAB_MIN_SIZE	(PAGE_SIZE >> 3)
#define OFF_SLAB_MAX_OBJS	BITS_PER_LONG

#define BITS_PER_LONG		64
#define BITS_TO_LONGS(n)	DIV_ROUND_UP(n, BITS_PER_LONG)

#define POISON_FREE		0x6b	/* free objects, as in Linux */
#define POISON_INUSE		0x5a	/* fresh, uninitialised objects */

struct slab {
	struct list_head list;		/* on the cache's partial/full/free list */
	struct kmem_cache *cache;
	void *s_mem;			/* first object */
	void *freelist;			/* free objects, each holding the next */
	u32 inuse;
	u32 pad;
	unsigned long allocated[];	/* bit i: object i is handed out */
};

struct kmem_cache {
	spinlock_t lock;
	u32 object_size;		/* what the creator asked for */
	u32 size;			/* object stride */
	u32 align;
	u32 num;			/* objects per slab */
	u32 order;			/* slab = 2^order pages */
	u32 offset;			/* first object, from the slab start */
	bool off_slab;
	struct list_head slabs_partial;
	struct list_head slabs_full;
	struct list_head slabs_free;
	u64 active_objs;
	u64 nr_slabs;
	u64 nr_empty;			/* slabs on slabs_free */
	u64 alloc_failures;
	struct list_head list;		/* on slab_caches */
	char name[SLAB_NAME_LEN];
};

/* Caches are only ever added; a pointer to one stays valid for good. */
static LIST_HEAD(slab_caches);
static DEFINE_SPINLOCK(slab_caches_lock);
static struct kmem_cache kmem_cache_boot;	/* holds every other cache */
static struct kmem_cache *slab_desc_cache;	/* off-slab descriptors */
static bool slab_ready;
static u64 slab_pages;				/* held by all caches */

static const u32 kmalloc_sizes[] = {
	8, 16, 32, 64, 96, 128, 192, 256, 512, 1024, 2048, 4096, 8192,
};
static struct kmem_cache *kmalloc_caches[ARRAY_SIZE(kmalloc_sizes)];
static u64 large_allocs, large_pages, large_failures;	/* above the caches */
static u64 bad_kfrees;

/* Poisoning is fixed once caches exist: objects freed without poison
 * could not be checked later. Set it as sysctl.vm.slab_poison=1. */
static int slab_poison;

static int slab_poison_validate(const struct sysctl_entry *e, const int *vals)
{
	if (slab_ready && vals[0] != slab_poison) {
		pr_err("vm.slab_poison: caches exist already; set it on the command line\n");
		return -EBUSY;
	}
	return 0;
}

static const struct sysctl_entry __sysctl_slab_poison
__attribute__((used, section(".sysctl_table"), aligned(8))) = {
	.name = "vm.slab_poison", .type = SYSCTL_INT, .data = &slab_poison,
	.min = 0, .max = 1, .validate = slab_poison_validate,
	.help = "fill freed slab objects with 0x6b and check on reuse (boot only)",
};

/* --- geometry ---------------------------------------------------------- */

static u32 onslab_offset(u32 num, u32 align)
{
	return ALIGN((u32)(sizeof(struct slab) + BITS_TO_LONGS(num) * sizeof(long)),
		     align);
}

/* Objects per slab of `order`, and the bytes left over. */
static u32 objs_per_slab(const struct kmem_cache *c, u32 order, u32 *waste)
{
	u32 bytes = PAGE_SIZE << order, num, used;

	if (c->off_slab) {
		num = min_t(u32, bytes / c->size, OFF_SLAB_MAX_OBJS);
		used = num * c->size;
	} else {
		num = (bytes - sizeof(struct slab)) / c->size;
		while (num && onslab_offset(num, c->align) + num * c->size > bytes)
			num--;
		used = onslab_offset(num, c->align) + num * c->size;
	}
	*waste = bytes - used;
	return num;
}

/* The smallest order that wastes at most 1/8 and holds a few objects;
 * failing that, the order that wastes the least. */
static bool calculate_slab_order(struct kmem_cache *c)
{
	u32 order, num, waste, best_order = 0, best_num = 0;
	u64 best_frac = ~0ULL;

	for (order = 0; order <= SLAB_MAX_ORDER; order++) {
		num = objs_per_slab(c, order, &waste);
		if (!num)
			continue;
		if (num >= 4 && waste * 8 <= (PAGE_SIZE << order)) {
			best_order = order;
			best_num = num;
			break;
		}
		if (((u64)waste << 16) / (PAGE_SIZE << order) < best_frac) {
			best_frac = ((u64)waste << 16) / (PAGE_SIZE << order);
			best_order = order;
			best_num = num;
		}
	}
	c->order = best_order;
	c->num = best_num;
	c->offset = c->off_slab ? 0 : onslab_offset(best_num, c->align);
	return best_num > 0;
}

static int cache_setup(struct kmem_cache *c, const char *name, size_t size,
		       size_t align)
{
	if (!align)
		align = sizeof(void *);
	if (!size || !is_power_of_2(align) || align > PAGE_SIZE ||
	    size > (PAGE_SIZE << SLAB_MAX_ORDER))
		return -EINVAL;
	memset(c, 0, sizeof(*c));
	spin_lock_init(&c->lock);
	strlcpy(c->name, name, sizeof(c->name));
	c->object_size = size;
	c->align = max_t(u32, align, sizeof(void *));
	c->size = ALIGN(max_t(u32, size, sizeof(void *)), c->align);
	c->off_slab = c->size >= OFF_SLAB_MIN_SIZE;
	INIT_LIST_HEAD(&c->slabs_partial);
	INIT_LIST_HEAD(&c->slabs_full);
	INIT_LIST_HEAD(&c->slabs_free);
	if (!calculate_slab_order(c))
		return -EINVAL;
	spin_lock(&slab_caches_lock);
	list_add_tail(&c->list, &slab_caches);
	spin_unlock(&slab_caches_lock);
	return 0;
}

/* --- slabs ------------------------------------------------------------- */

static void *obj_at(const struct kmem_cache *c, const struct slab *slab, u32 i)
{
	return (char *)slab->s_mem + (size_t)i * c->size;
}

static void poison_obj(const struct kmem_cache *c, void *obj, u8 val)
{
	if (c->size > sizeof(void *))
		memset((char *)obj + sizeof(void *), val, c->size - sizeof(void *));
}

static void tag_pages(struct slab *slab, void *mem, u32 order, bool on)
{
	struct page *page = virt_to_page(mem);
	u32 i;

	for (i = 0; i < (1U << order); i++) {
		page[i].flags = on ? page[i].flags | PG_slab : page[i].flags & ~PG_slab;
		page[i].private = on ? slab : NULL;
	}
}

/* A fresh slab, every object free; built without the cache lock. */
static struct slab *cache_grow(struct kmem_cache *c, gfp_t gfp)
{
	void *mem = alloc_pages(gfp & ~__GFP_ZERO, c->order);
	struct slab *slab;
	u32 i;

	if (!mem)
		return NULL;
	slab = c->off_slab ? kmem_cache_alloc(slab_desc_cache, gfp & ~__GFP_ZERO) : mem;
	if (!slab) {
		free_pages(mem, c->order);
		return NULL;
	}
	slab->cache = c;
	slab->s_mem = (char *)mem + c->offset;
	slab->inuse = 0;
	slab->freelist = NULL;
	memset(slab->allocated, 0, BITS_TO_LONGS(c->num) * sizeof(long));
	for (i = c->num; i-- > 0;) {
		void *obj = obj_at(c, slab, i);

		if (slab_poison)
			poison_obj(c, obj, POISON_FREE);
		*(void **)obj = slab->freelist;
		slab->freelist = obj;
	}
	tag_pages(slab, mem, c->order, true);
	__atomic_add_fetch(&slab_pages, 1ULL << c->order, __ATOMIC_RELAXED);
	return slab;
}

/* The caller has taken the slab off the cache's lists. */
static void slab_destroy(struct kmem_cache *c, struct slab *slab)
{
	void *mem = (char *)slab->s_mem - c->offset;

	tag_pages(slab, mem, c->order, false);
	__atomic_sub_fetch(&slab_pages, 1ULL << c->order, __ATOMIC_RELAXED);
	if (c->off_slab)
		kmem_cache_free(slab_desc_cache, slab);
	free_pages(mem, c->order);
}

/* Caller holds c->lock. */
static void *take_object(struct kmem_cache *c)
{
	struct slab *slab;
	void *obj;
	u32 idx;

	slab = list_first_entry_or_null(&c->slabs_partial, struct slab, list);
	if (!slab) {
		slab = list_first_entry_or_null(&c->slabs_free, struct slab, list);
		if (!slab)
			return NULL;
		list_move(&slab->list, &c->slabs_partial);
		c->nr_empty--;
	}
	obj = slab->freelist;
	slab->freelist = *(void **)obj;
	idx = ((char *)obj - (char *)slab->s_mem) / c->size;
	slab->allocated[idx / BITS_PER_LONG] |= 1UL << (idx % BITS_PER_LONG);
	if (++slab->inuse == c->num)
		list_move(&slab->list, &c->slabs_full);
	c->active_objs++;
	return obj;
}

/* --- allocation -------------------------------------------------------- */

static void check_poison(const struct kmem_cache *c, const u8 *obj)
{
	u32 i;

	for (i = sizeof(void *); i < c->size; i++) {
		if (obj[i] != POISON_FREE) {
			pr_err("slab %s: object %p written after free (offset %u: %#x)\n",
			       c->name, obj, i, obj[i]);
			return;
		}
	}
}

static void *cache_alloc_slow(struct kmem_cache *c, gfp_t gfp)
{
	struct slab *slab = cache_grow(c, gfp);
	unsigned long flags;
	void *obj;

	spin_lock_irqsave(&c->lock, flags);
	if (slab) {
		list_add(&slab->list, &c->slabs_free);
		c->nr_slabs++;
		c->nr_empty++;
	}
	obj = take_object(c);	/* another CPU may have refilled it meanwhile */
	if (!obj)
		c->alloc_failures++;
	spin_unlock_irqrestore(&c->lock, flags);
	return obj;
}

void *kmem_cache_alloc(struct kmem_cache *c, gfp_t gfp)
{
	unsigned long flags;
	void *obj;

	if (!c)
		return NULL;
	spin_lock_irqsave(&c->lock, flags);
	obj = take_object(c);
	spin_unlock_irqrestore(&c->lock, flags);
	if (!obj)
		obj = cache_alloc_slow(c, gfp);
	if (!obj) {
		pr_warn_ratelimited("slab %s: allocation failure, mode:%#x\n", c->name, gfp);
		return NULL;
	}
	if (slab_poison)
		check_poison(c, obj);
	if (gfp & __GFP_ZERO)
		memset(obj, 0, c->size);
	else if (slab_poison)
		memset(obj, POISON_INUSE, c->size);
	return obj;
}

void *kmem_cache_zalloc(struct kmem_cache *c, gfp_t gfp)
{
	return kmem_cache_alloc(c, gfp | __GFP_ZERO);
}

/* --- free -------------------------------------------------------------- */

static void report_bad_free(const char *fn, const void *obj, const char *why,
			    void *caller)
{
	__atomic_add_fetch(&bad_kfrees, 1, __ATOMIC_RELAXED);
	pr_err("%s(%p) from %p refused: %s\n", fn, obj, caller, why);
}

/* The slab obj lies in, if obj is the start of one of its objects. */
static struct slab *obj_to_slab(const void *obj, u32 *idx, const char **why)
{
	struct page *page = virt_to_page(obj);
	struct slab *slab;
	struct kmem_cache *c;
	uintptr_t off;

	if (!page || !(page->flags & PG_slab)) {
		*why = "not a slab object";
		return NULL;
	}
	slab = page->private;
	c = slab->cache;
	off = (uintptr_t)obj - (uintptr_t)slab->s_mem;
	if ((uintptr_t)obj < (uintptr_t)slab->s_mem ||
	    off >= (uintptr_t)c->num * c->size || off % c->size) {
		*why = "not the start of an object";
		return NULL;
	}
	*idx = off / c->size;
	return slab;
}

/* Put obj back; returns false (and changes nothing) on a double free. */
static bool cache_free_obj(struct kmem_cache *c, struct slab *slab, void *obj,
			   u32 idx)
{
	unsigned long bit = 1UL << (idx % BITS_PER_LONG), flags;
	unsigned long *word = &slab->allocated[idx / BITS_PER_LONG];
	struct slab *victim = NULL;

	spin_lock_irqsave(&c->lock, flags);
	if (!(*word & bit)) {
		spin_unlock_irqrestore(&c->lock, flags);
		return false;
	}
	*word &= ~bit;
	if (slab_poison)
		poison_obj(c, obj, POISON_FREE);
	*(void **)obj = slab->freelist;
	slab->freelist = obj;
	c->active_objs--;
	if (slab->inuse-- == c->num)
		list_move(&slab->list, &c->slabs_partial);
	if (slab->inuse == 0) {
		if (c->nr_empty >= SLAB_KEEP_EMPTY) {
			list_del(&slab->list);
			c->nr_slabs--;
			victim = slab;
		} else {
			list_move(&slab->list, &c->slabs_free);
			c->nr_empty++;
		}
	}
	spin_unlock_irqrestore(&c->lock, flags);
	if (victim)
		slab_destroy(c, victim);
	return true;
}

static void __kmem_cache_free(struct kmem_cache *c, const void *obj,
			      const char *fn, void *caller)
{
	const char *why = NULL;
	struct slab *slab;
	u32 idx;

	slab = obj_to_slab(obj, &idx, &why);
	if (slab && c && slab->cache != c)
		why = "object belongs to another cache";
	else if (slab && !cache_free_obj(slab->cache, slab, (void *)obj, idx))
		why = "double free";
	if (why)
		report_bad_free(fn, obj, why, caller);
}

void kmem_cache_free(struct kmem_cache *c, void *obj)
{
	if (obj)
		__kmem_cache_free(c, obj, "kmem_cache_free", __builtin_return_address(0));
}

static void kfree_large(struct page *page)
{
	u32 order = page->order;

	page->flags &= ~PG_large;
	__atomic_sub_fetch(&large_pages, 1ULL << order, __ATOMIC_RELAXED);
	__atomic_sub_fetch(&large_allocs, 1, __ATOMIC_RELAXED);
	free_pages(page_address(page), order);
}

void kfree(const void *obj)
{
	void *caller = __builtin_return_address(0);
	struct page *page;

	if (ZERO_OR_NULL_PTR(obj))
		return;
	page = virt_to_page(obj);
	if (page && (page->flags & PG_slab))
		__kmem_cache_free(NULL, obj, "kfree", caller);
	else if (page && (page->flags & (PG_large | PG_head)) == (PG_large | PG_head) &&
		 page_address(page) == obj)
		kfree_large(page);
	else
		report_bad_free("kfree", obj, page ? "not allocated by kmalloc (double free?)" :
				"not heap memory", caller);
}

/* --- kmalloc ----------------------------------------------------------- */

static void *kmalloc_large(size_t size, gfp_t gfp)
{
	unsigned int order = get_order(size);
	void *p = NULL;

	if (order < MAX_ORDER)
		p = alloc_pages(gfp, order);
	if (!p) {
		__atomic_add_fetch(&large_failures, 1, __ATOMIC_RELAXED);
		if (order >= MAX_ORDER)
			pr_warn_ratelimited("kmalloc: %zu bytes is above the largest block\n",
					    size);
		return NULL;
	}
	virt_to_page(p)->flags |= PG_large;
	__atomic_add_fetch(&large_pages, 1ULL << order, __ATOMIC_RELAXED);
	__atomic_add_fetch(&large_allocs, 1, __ATOMIC_RELAXED);
	return p;
}

static struct kmem_cache *kmalloc_slab(size_t size)
{
	u32 i;

	for (i = 0; i < ARRAY_SIZE(kmalloc_sizes); i++)
		if (size <= kmalloc_sizes[i])
			return kmalloc_caches[i];
	return NULL;
}

void *kmalloc(size_t size, gfp_t gfp)
{
	if (!size)
		return ZERO_SIZE_PTR;
	if (size > KMALLOC_MAX_CACHE_SIZE)
		return kmalloc_large(size, gfp);
	return kmem_cache_alloc(kmalloc_slab(size), gfp);
}

void *kzalloc(size_t size, gfp_t gfp)
{
	return kmalloc(size, gfp | __GFP_ZERO);
}

void *kcalloc(size_t n, size_t size, gfp_t gfp)
{
	if (size && n > SIZE_MAX / size) {
		__atomic_add_fetch(&large_failures, 1, __ATOMIC_RELAXED);
		return NULL;
	}
	return kzalloc(n * size, gfp);
}

/* --- caches ------------------------------------------------------------ */

struct kmem_cache *kmem_cache_create(const char *name, size_t size, size_t align)
{
	struct kmem_cache *c;

	if (!slab_ready) {
		pr_err("kmem_cache_create(%s): before slab_init\n", name);
		return NULL;
	}
	c = kmem_cache_alloc(&kmem_cache_boot, GFP_KERNEL);
	if (!c)
		return NULL;
	if (cache_setup(c, name, size, align)) {
		pr_err("kmem_cache_create(%s, %zu, %zu): bad size or alignment\n",
		       name, size, align);
		kmem_cache_free(&kmem_cache_boot, c);
		return NULL;
	}
	return c;
}

/* The next cache after c (the first if c is NULL), or NULL. */
static struct kmem_cache *next_cache(struct kmem_cache *c)
{
	struct list_head *n;
	unsigned long flags;

	spin_lock_irqsave(&slab_caches_lock, flags);
	n = c ? c->list.next : slab_caches.next;
	spin_unlock_irqrestore(&slab_caches_lock, flags);
	return n == &slab_caches ? NULL : list_entry(n, struct kmem_cache, list);
}

void kmem_cache_shrink(struct kmem_cache *c)
{
	struct slab *slab, *tmp;
	unsigned long flags;
	LIST_HEAD(empty);

	spin_lock_irqsave(&c->lock, flags);
	list_splice_init(&c->slabs_free, &empty);
	c->nr_slabs -= c->nr_empty;
	c->nr_empty = 0;
	spin_unlock_irqrestore(&c->lock, flags);
	list_for_each_entry_safe(slab, tmp, &empty, list)
		slab_destroy(c, slab);
}

void kmem_cache_shrink_all(void)
{
	struct kmem_cache *c;

	for (c = next_cache(NULL); c; c = next_cache(c))
		kmem_cache_shrink(c);
}

void slab_init(void)
{
	char name[SLAB_NAME_LEN];
	u32 i;

	/* Start from nothing: the host tests run this once per test. */
	spin_lock_init(&slab_caches_lock);
	INIT_LIST_HEAD(&slab_caches);
	slab_ready = false;
	slab_pages = large_allocs = large_pages = large_failures = bad_kfrees = 0;
	cache_setup(&kmem_cache_boot, "kmem_cache", sizeof(struct kmem_cache), 0);
	slab_ready = true;
	slab_desc_cache = kmem_cache_create("kmem_slab", sizeof(struct slab) +
					    BITS_TO_LONGS(OFF_SLAB_MAX_OBJS) * sizeof(long), 0);
	for (i = 0; i < ARRAY_SIZE(kmalloc_sizes); i++) {
		u32 sz = kmalloc_sizes[i];

		snprintf(name, sizeof(name), "kmalloc-%u", sz);
		/* Powers of two are naturally aligned, as Linux promises. */
		kmalloc_caches[i] = kmem_cache_create(name, sz,
			is_power_of_2(sz) ? min_t(u32, sz, PAGE_SIZE) : 32);
		if (!kmalloc_caches[i])
			pr_err("slab: cannot create %s\n", name);
	}
}

/* --- statistics -------------------------------------------------------- */

u64 slab_bytes(void)
{
	return __atomic_load_n(&slab_pages, __ATOMIC_RELAXED) << PAGE_SHIFT;
}

struct cache_snapshot {
	u64 active, slabs, empty, failures;
};

static void snapshot(struct kmem_cache *c, struct cache_snapshot *s)
{
	unsigned long flags;

	spin_lock_irqsave(&c->lock, flags);
	s->active = c->active_objs;
	s->slabs = c->nr_slabs;
	s->empty = c->nr_empty;
	s->failures = c->alloc_failures;
	spin_unlock_irqrestore(&c->lock, flags);
}

void show_slabinfo(void)
{
	struct cache_snapshot s;
	struct kmem_cache *c;

	kprintf("slabinfo - version: 2.1 (napkin)\n");
	kprintf("# name              <active_objs> <num_objs> <objsize> <objperslab> "
		"<pagesperslab> : slabdata <active_slabs> <num_slabs> : failures\n");
	for (c = next_cache(NULL); c; c = next_cache(c)) {
		snapshot(c, &s);
		kprintf("%-20s %8lu %8lu %6u %4u %4u : slabdata %6lu %6lu : %lu\n",
			c->name, s.active, s.slabs * c->num, c->size, c->num,
			1U << c->order, s.slabs - s.empty, s.slabs, s.failures);
	}
	kprintf("kmalloc-large: %lu blocks, %lu pages, %lu failures; bad frees %lu\n",
		__atomic_load_n(&large_allocs, __ATOMIC_RELAXED),
		__atomic_load_n(&large_pages, __ATOMIC_RELAXED),
		__atomic_load_n(&large_failures, __ATOMIC_RELAXED),
		__atomic_load_n(&bad_kfrees, __ATOMIC_RELAXED));
}

static int cmd_slabinfo(int argc, char **argv)
{
	if (argc > 1) {
		kprintf("usage: slabinfo\n");
		return -EINVAL;
	}
	show_slabinfo();
	return 0;
}
SHELL_COMMAND(slabinfo, "slabinfo", cmd_slabinfo, "slab caches: objects, slabs, failures");

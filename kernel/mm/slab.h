/* Slab allocator: per-size caches for kmalloc and named caches for hot
 * objects (sk_buff heads, 2 KiB packet buffers). Failure returns NULL and is
 * counted; callers handle it. */
#ifndef KERNEL_MM_SLAB_H
#define KERNEL_MM_SLAB_H

#include "lib/types.h"
#include "kernel/mm/page_alloc.h"

struct kmem_cache;

struct kmem_cache *kmem_cache_create(const char *name, size_t size, size_t align);
void *kmem_cache_alloc(struct kmem_cache *c, gfp_t gfp);
void *kmem_cache_zalloc(struct kmem_cache *c, gfp_t gfp);
void kmem_cache_free(struct kmem_cache *c, void *obj);

/* Sizes up to KMALLOC_MAX_CACHE_SIZE come from caches, larger ones straight
 * from the page allocator. kfree(NULL) is a no-op. */
#define KMALLOC_MAX_CACHE_SIZE	8192
void *kmalloc(size_t size, gfp_t gfp);
void *kzalloc(size_t size, gfp_t gfp);
void *kcalloc(size_t n, size_t size, gfp_t gfp);
void kfree(const void *obj);

/* kmalloc(0) returns this: not NULL (not a failure), and faults on use
 * because page 0 is unmapped. kfree() accepts it. */
#define ZERO_SIZE_PTR		((void *)16)
#define ZERO_OR_NULL_PTR(p)	((unsigned long)(p) <= (unsigned long)ZERO_SIZE_PTR)

/* Give a cache's (or every cache's) empty slabs back to the page allocator;
 * each cache otherwise keeps one empty slab to absorb alloc/free churn. */
void kmem_cache_shrink(struct kmem_cache *c);
void kmem_cache_shrink_all(void);

void slab_init(void);
u64 slab_bytes(void);		/* pages held by all caches, in bytes */
void show_slabinfo(void);	/* `slabinfo` shell command */

#endif /* KERNEL_MM_SLAB_H */

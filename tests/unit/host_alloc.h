/* host_alloc.h: slab and page allocation for host tests that include kernel
 * sources whole. malloc-backed; fake_live counts objects not yet freed, for
 * the leak check in every teardown; failure injection lets fail_skip
 * allocations through, then makes fail_next of them fail. */
#ifndef TESTS_UNIT_HOST_ALLOC_H
#define TESTS_UNIT_HOST_ALLOC_H

#include <stdlib.h>

struct kmem_cache {
	const char *name;
	size_t size;
};

static long fake_live;
static int fail_skip;
static int fail_next;

static void *fake_alloc(size_t size)
{
	void *p;

	if (fail_next && fail_skip) {
		fail_skip--;
	} else if (fail_next) {
		fail_next--;
		return NULL;
	}
	p = aligned_alloc(64, ALIGN(size, 64));
	if (p)
		fake_live++;
	return p;
}

static void fake_free(const void *p)
{
	if (!p)
		return;
	fake_live--;
	free((void *)p);
}

struct kmem_cache *kmem_cache_create(const char *name, size_t size, size_t align)
{
	struct kmem_cache *c = calloc(1, sizeof(*c));

	c->name = name;
	c->size = size;
	return c;
}

void *kmem_cache_alloc(struct kmem_cache *c, gfp_t gfp)
{
	return fake_alloc(c->size);
}

void kmem_cache_free(struct kmem_cache *c, void *obj)
{
	fake_free(obj);
}

void *kmalloc(size_t size, gfp_t gfp)
{
	return fake_alloc(size);
}

void *kzalloc(size_t size, gfp_t gfp)
{
	void *p = fake_alloc(size);

	if (p)
		(memset)(p, 0, size);
	return p;
}

void kfree(const void *obj)
{
	fake_free(obj);
}

void free_pages(void *addr, unsigned int order)
{
	fake_free(addr);
}

void free_page(void *addr)
{
	fake_free(addr);
}

#endif /* TESTS_UNIT_HOST_ALLOC_H */

/* err.h: pointers that carry an -errno (ERR_PTR/PTR_ERR/IS_ERR), for
 * constructors that must say why they failed. Linux semantics. */
#ifndef LIB_ERR_H
#define LIB_ERR_H

#include "lib/types.h"
#include "lib/errno.h"

/* The top 4095 addresses are never valid objects, so they encode -errno. */
#define IS_ERR_VALUE(x)	unlikely((unsigned long)(void *)(x) >= (unsigned long)-MAX_ERRNO)

static inline void *ERR_PTR(long error)
{
	return (void *)error;
}

static inline long PTR_ERR(const void *ptr)
{
	return (long)ptr;
}

static inline bool IS_ERR(const void *ptr)
{
	return IS_ERR_VALUE((unsigned long)ptr);
}

static inline bool IS_ERR_OR_NULL(const void *ptr)
{
	return unlikely(!ptr) || IS_ERR_VALUE((unsigned long)ptr);
}

/* 0 when ptr is a real object, its -errno otherwise. */
static inline int PTR_ERR_OR_ZERO(const void *ptr)
{
	return IS_ERR(ptr) ? (int)PTR_ERR(ptr) : 0;
}

#endif /* LIB_ERR_H */

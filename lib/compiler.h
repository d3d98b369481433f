/* compiler.h: GCC attribute shorthands and the small arithmetic macros
 * (ALIGN, min/max, container_of) every layer uses. No code, no state. */
#ifndef LIB_COMPILER_H
#define LIB_COMPILER_H

/* lib/ is built twice: freestanding for the kernel and hosted for tests.
 * The host build renames napkin's libc-like symbols (see lib/string.h). */
#if __STDC_HOSTED__
#define NAPKIN_HOST 1
#endif

#define likely(x)	__builtin_expect(!!(x), 1)
#define unlikely(x)	__builtin_expect(!!(x), 0)

#define __packed		__attribute__((packed))
#define __aligned(x)		__attribute__((aligned(x)))
#define __noreturn		__attribute__((noreturn))
#define __unused		__attribute__((unused))
#define __maybe_unused		__attribute__((unused))
/* glibc's sys/cdefs.h also #undefs this first, so either may come first. */
#undef __always_inline
#define __always_inline		inline __attribute__((always_inline))
#define __noinline		__attribute__((noinline))
#define __section(s)		__attribute__((section(s)))
#define __used			__attribute__((used))
#define __weak			__attribute__((weak))
#define __printf(a, b)		__attribute__((format(printf, a, b)))
#define __must_check		__attribute__((warn_unused_result))
#define __fallthrough		__attribute__((fallthrough))

/* Stop the compiler from moving memory accesses across this point. */
#define barrier()	__asm__ __volatile__("" : : : "memory")

#ifndef static_assert
#define static_assert _Static_assert
#endif

/* Zero-size object whose only job is failing the build when e is true. */
#define BUILD_BUG_ON_ZERO(e)	((int)(sizeof(struct { int : (-!!(e)); })))
#define __same_type(a, b)	__builtin_types_compatible_p(__typeof__(a), __typeof__(b))
#define __must_be_array(a)	BUILD_BUG_ON_ZERO(__same_type((a), &(a)[0]))

#define ARRAY_SIZE(arr)	(sizeof(arr) / sizeof((arr)[0]) + __must_be_array(arr))

#ifndef offsetof
#define offsetof(type, member)	__builtin_offsetof(type, member)
#endif

#define container_of(ptr, type, member) ({				\
	const __typeof__(((type *)0)->member) *__mptr = (ptr);		\
	(type *)((char *)__mptr - offsetof(type, member)); })

/* Arguments are evaluated once; mixing types is a compile-time warning. */
#define min(x, y) ({				\
	__typeof__(x) _min1 = (x);		\
	__typeof__(y) _min2 = (y);		\
	(void)(&_min1 == &_min2);		\
	_min1 < _min2 ? _min1 : _min2; })

#define max(x, y) ({				\
	__typeof__(x) _max1 = (x);		\
	__typeof__(y) _max2 = (y);		\
	(void)(&_max1 == &_max2);		\
	_max1 > _max2 ? _max1 : _max2; })

#define min_t(type, x, y) ({			\
	type _min1 = (x);			\
	type _min2 = (y);			\
	_min1 < _min2 ? _min1 : _min2; })

#define max_t(type, x, y) ({			\
	type _max1 = (x);			\
	type _max2 = (y);			\
	_max1 > _max2 ? _max1 : _max2; })

#define clamp(val, lo, hi)	min(max(val, lo), hi)
#define clamp_t(type, val, lo, hi)	min_t(type, max_t(type, val, lo), hi)

#define swap(a, b) do {				\
	__typeof__(a) _swap_tmp = (a);		\
	(a) = (b);				\
	(b) = _swap_tmp;			\
} while (0)

/* a must be a power of two. */
#define __ALIGN_MASK(x, mask)	(((x) + (mask)) & ~(mask))
#define ALIGN(x, a)		__ALIGN_MASK(x, (__typeof__(x))(a) - 1)
#define ALIGN_DOWN(x, a)	((x) & ~((__typeof__(x))(a) - 1))
#define IS_ALIGNED(x, a)	(((x) & ((__typeof__(x))(a) - 1)) == 0)
#define PTR_ALIGN(p, a)		((__typeof__(p))ALIGN((unsigned long)(p), (a)))
#define is_power_of_2(n)	((n) != 0 && (((n) & ((n) - 1)) == 0))

#define DIV_ROUND_UP(n, d)	(((n) + (d) - 1) / (d))
#define ROUND_UP(x, y)		(DIV_ROUND_UP(x, y) * (y))

#define BIT(n)			(1UL << (n))
#define BIT_ULL(n)		(1ULL << (n))
/* Bits h..l inclusive set, like Linux GENMASK(h, l). */
#define GENMASK(h, l)		((~0UL << (l)) & (~0UL >> (63 - (h))))
#define GENMASK_ULL(h, l)	((~0ULL << (l)) & (~0ULL >> (63 - (h))))

/* One access of exactly this size that the compiler may not tear, merge
 * or repeat: for data shared with IRQ handlers, other CPUs or devices. */
#define READ_ONCE(x)		(*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, val)	do { *(volatile __typeof__(x) *)&(x) = (val); } while (0)

#define __stringify_1(x)	#x
#define __stringify(x)		__stringify_1(x)

#endif /* LIB_COMPILER_H */

/* ktest.h: napkin's host unit-test harness. A test program defines tests
 * with KTEST(name) and links tests/unit/ktest.c, which supplies main():
 * it runs every test (or those named on the command line), prints
 * "ok <name>" or "FAIL <name>: <file>:<line>: <why>" per test and
 * "<N> passed, <N> failed", and exits 1 if any failed.
 *
 * EXPECT_* record a failure and continue; ASSERT_* also return from the
 * test (use them only in the KTEST body itself). KTEST_SETUP/TEARDOWN
 * run around every test of the program; a teardown that EXPECTs "nothing
 * still allocated" turns every leak into a failure of the leaking test.
 * This header uses no napkin headers, so it cannot share their bugs.
 */
#ifndef TESTS_UNIT_KTEST_H
#define TESTS_UNIT_KTEST_H

#include <stddef.h>
#include <stdint.h>

struct ktest {
	const char *name;
	const char *file;
	int line;
	void (*fn)(void);
	struct ktest *next;
};

void ktest_register(struct ktest *t);
void ktest_set_setup(void (*fn)(void));
void ktest_set_teardown(void (*fn)(void));

/* Record a failure of the running test; returns 0 so macros can chain. */
int ktest_fail(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Each returns 1 on success, else records a failure and returns 0. */
int ktest_check_int(const char *file, int line, const char *op,
		    const char *ea, const char *eb, int ok,
		    unsigned long long a, unsigned long long b);
int ktest_check_str(const char *file, int line, int want_equal,
		    const char *ea, const char *eb, const char *a, const char *b);
int ktest_check_mem(const char *file, int line, const char *ea,
		    const char *eb, const void *a, const void *b, size_t n);

/* Failures recorded so far by the running test. */
int ktest_failures(void);

/* Deterministic PRNG (xorshift64*), reseeded before every test from
 * KTEST_SEED (default fixed), so failures reproduce. */
uint64_t ktest_rand(void);
void ktest_fill_random(void *buf, size_t len);

#define KTEST(name)							\
	static void ktest_fn_##name(void);				\
	static struct ktest ktest_desc_##name = {			\
		#name, __FILE__, __LINE__, ktest_fn_##name, NULL	\
	};								\
	__attribute__((constructor)) static void ktest_reg_##name(void)	\
	{								\
		ktest_register(&ktest_desc_##name);			\
	}								\
	static void ktest_fn_##name(void)

#define KTEST_SETUP(fn)							\
	static void fn(void);						\
	__attribute__((constructor)) static void ktest_setup_##fn(void)	\
	{								\
		ktest_set_setup(fn);					\
	}								\
	static void fn(void)

#define KTEST_TEARDOWN(fn)						\
	static void fn(void);						\
	__attribute__((constructor)) static void ktest_teardown_##fn(void) \
	{								\
		ktest_set_teardown(fn);					\
	}								\
	static void fn(void)

/*
 * Ordering checks take integers of any width and signedness and compare
 * their mathematical values (both widened to __int128), so
 * EXPECT_LT(len, 256) works without casts or sign-compare warnings.
 */
#define KTEST_CMP(a, op, b, sa, sb, on_fail) do {			\
	__int128 _ka = (a);						\
	__int128 _kb = (b);						\
	if (!ktest_check_int(__FILE__, __LINE__, #op, sa, sb,		\
			     _ka op _kb,				\
			     (unsigned long long)_ka,			\
			     (unsigned long long)_kb))			\
		on_fail;						\
} while (0)

/*
 * Equality takes integers or pointers and compares the bit patterns
 * widened to 64 bits (sign-extended), so EXPECT_EQ(strlen(s), 3) and
 * EXPECT_EQ(ptr, buf + 2) need no casts.
 */
#define KTEST_CMP_EQ(a, b, sa, sb, want, on_fail) do {			\
	unsigned long long _ka = (unsigned long long)(uintptr_t)(a);	\
	unsigned long long _kb = (unsigned long long)(uintptr_t)(b);	\
	if (!ktest_check_int(__FILE__, __LINE__, (want) ? "==" : "!=",	\
			     sa, sb, (_ka == _kb) == (want), _ka, _kb))	\
		on_fail;						\
} while (0)

#define KTEST_BOOL(c, sc, want, on_fail) do {			\
	if ((!!(c)) != (want)) {					\
		ktest_fail(__FILE__, __LINE__, "expected %s: %s",	\
			   (want) ? "true" : "false", sc);		\
		on_fail;						\
	}								\
} while (0)

#define KTEST_NOTHING	((void)0)

#define EXPECT_TRUE(c)		KTEST_BOOL(c, #c, 1, KTEST_NOTHING)
#define EXPECT_FALSE(c)		KTEST_BOOL(c, #c, 0, KTEST_NOTHING)
#define EXPECT_EQ(a, b)		KTEST_CMP_EQ(a, b, #a, #b, 1, KTEST_NOTHING)
#define EXPECT_NE(a, b)		KTEST_CMP_EQ(a, b, #a, #b, 0, KTEST_NOTHING)
#define EXPECT_LT(a, b)		KTEST_CMP(a, <, b, #a, #b, KTEST_NOTHING)
#define EXPECT_LE(a, b)		KTEST_CMP(a, <=, b, #a, #b, KTEST_NOTHING)
#define EXPECT_GT(a, b)		KTEST_CMP(a, >, b, #a, #b, KTEST_NOTHING)
#define EXPECT_GE(a, b)		KTEST_CMP(a, >=, b, #a, #b, KTEST_NOTHING)
#define EXPECT_NULL(p)		KTEST_CMP_EQ(p, NULL, #p, "NULL", 1, KTEST_NOTHING)
#define EXPECT_NOT_NULL(p)	KTEST_CMP_EQ(p, NULL, #p, "NULL", 0, KTEST_NOTHING)
#define EXPECT_STREQ(a, b) \
	((void)ktest_check_str(__FILE__, __LINE__, 1, #a, #b, a, b))
#define EXPECT_STRNE(a, b) \
	((void)ktest_check_str(__FILE__, __LINE__, 0, #a, #b, a, b))
#define EXPECT_MEMEQ(a, b, n) \
	((void)ktest_check_mem(__FILE__, __LINE__, #a, #b, a, b, n))

#define ASSERT_TRUE(c)		KTEST_BOOL(c, #c, 1, return)
#define ASSERT_FALSE(c)		KTEST_BOOL(c, #c, 0, return)
#define ASSERT_EQ(a, b)		KTEST_CMP_EQ(a, b, #a, #b, 1, return)
#define ASSERT_NE(a, b)		KTEST_CMP_EQ(a, b, #a, #b, 0, return)
#define ASSERT_LT(a, b)		KTEST_CMP(a, <, b, #a, #b, return)
#define ASSERT_LE(a, b)		KTEST_CMP(a, <=, b, #a, #b, return)
#define ASSERT_GT(a, b)		KTEST_CMP(a, >, b, #a, #b, return)
#define ASSERT_GE(a, b)		KTEST_CMP(a, >=, b, #a, #b, return)
#define ASSERT_NULL(p)		KTEST_CMP_EQ(p, NULL, #p, "NULL", 1, return)
#define ASSERT_NOT_NULL(p)	KTEST_CMP_EQ(p, NULL, #p, "NULL", 0, return)
#define ASSERT_STREQ(a, b) do {						\
	if (!ktest_check_str(__FILE__, __LINE__, 1, #a, #b, a, b))	\
		return;							\
} while (0)
#define ASSERT_MEMEQ(a, b, n) do {					\
	if (!ktest_check_mem(__FILE__, __LINE__, #a, #b, a, b, n))	\
		return;							\
} while (0)

#endif /* TESTS_UNIT_KTEST_H */

/* test_sysctl.c: kernel/sysctl.c over a table of its own: integer syntax,
 * inclusive bounds, read-only refusal, three-value vectors, the validate
 * hook and formatting. Every refused write must leave the value alone. */
#include "kernel/sysctl.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "tests/unit/ktest.h"

static int int_val, ro_val, wide_val, even_val;
static int vec_val[3];
static int validate_calls;

static int only_even(const struct sysctl_entry *e, const int *vals)
{
	(void)e;
	validate_calls++;
	return vals[0] % 2 ? -EINVAL : 0;
}

static const struct sysctl_entry test_table[] = {
	{ .name = "test.int", .type = SYSCTL_INT, .data = &int_val,
	  .min = -10, .max = 100 },
	{ .name = "test.ro", .type = SYSCTL_INT, .flags = SYSCTL_RO,
	  .data = &ro_val },
	{ .name = "test.vec", .type = SYSCTL_INT_VEC3, .data = vec_val,
	  .min = 1, .max = 1000000 },
	{ .name = "test.wide", .type = SYSCTL_INT, .data = &wide_val,
	  .min = INT64_MIN, .max = INT64_MAX },
	{ .name = "test.even", .type = SYSCTL_INT, .data = &even_val,
	  .min = 0, .max = 10, .validate = only_even },
};

/* Replaces the kernel's linker-section table (see kernel/sysctl.c). */
const struct sysctl_entry *sysctl_table(size_t *count);
const struct sysctl_entry *sysctl_table(size_t *count)
{
	*count = sizeof(test_table) / sizeof(test_table[0]);
	return test_table;
}

KTEST_SETUP(reset_values)
{
	int_val = 7;
	ro_val = 5;
	wide_val = 0;
	even_val = 0;
	vec_val[0] = 10;
	vec_val[1] = 20;
	vec_val[2] = 30;
	validate_calls = 0;
}

/* Expect sysctl_set(name, text) to fail with err and leave *val at 7. */
#define EXPECT_REFUSED(text, err) do {					\
	EXPECT_EQ(sysctl_set("test.int", text), (err)); \
	EXPECT_EQ(int_val, 7);						\
} while (0)

KTEST(int_decimal)
{
	EXPECT_EQ(sysctl_set("test.int", "42"), 0);
	EXPECT_EQ(int_val, 42);
	EXPECT_EQ(sysctl_set("test.int", "+3"), 0);
	EXPECT_EQ(int_val, 3);
	EXPECT_EQ(sysctl_set("test.int", "010"), 0);	/* not octal */
	EXPECT_EQ(int_val, 10);
	EXPECT_EQ(sysctl_set("test.int", "0"), 0);
	EXPECT_EQ(int_val, 0);
}

KTEST(int_bounds_inclusive)
{
	EXPECT_EQ(sysctl_set("test.int", "100"), 0);
	EXPECT_EQ(int_val, 100);
	EXPECT_EQ(sysctl_set("test.int", "-10"), 0);
	EXPECT_EQ(int_val, -10);
	int_val = 7;
	EXPECT_REFUSED("101", -ERANGE);
	EXPECT_REFUSED("-11", -ERANGE);
}

KTEST(int_negative)
{
	EXPECT_EQ(sysctl_set("test.int", "-5"), 0);
	EXPECT_EQ(int_val, -5);
	EXPECT_EQ(sysctl_set("test.wide", "-2147483648"), 0);
	EXPECT_EQ(wide_val, INT32_MIN);
}

KTEST(int_hex)
{
	EXPECT_EQ(sysctl_set("test.int", "0x1f"), 0);
	EXPECT_EQ(int_val, 31);
	EXPECT_EQ(sysctl_set("test.int", "0X10"), 0);
	EXPECT_EQ(int_val, 16);
	EXPECT_EQ(sysctl_set("test.int", "-0xa"), 0);
	EXPECT_EQ(int_val, -10);
	int_val = 7;
	EXPECT_REFUSED("0x", -EINVAL);
	EXPECT_REFUSED("0x65", -ERANGE);	/* 101 */
	EXPECT_REFUSED("1f", -EINVAL);
}

KTEST(int_overflow)
{
	EXPECT_REFUSED("99999999999999999999", -ERANGE);
	EXPECT_REFUSED("-99999999999999999999", -ERANGE);
	EXPECT_EQ(sysctl_set("test.wide", "2147483648"), -ERANGE);
	EXPECT_EQ(sysctl_set("test.wide", "-2147483649"), -ERANGE);
	EXPECT_EQ(wide_val, 0);
	EXPECT_EQ(sysctl_set("test.wide", "2147483647"), 0);
	EXPECT_EQ(wide_val, INT32_MAX);
}

KTEST(int_bad_syntax)
{
	EXPECT_REFUSED("", -EINVAL);
	EXPECT_REFUSED("7x", -EINVAL);
	EXPECT_REFUSED(" 7", -EINVAL);
	EXPECT_REFUSED("7 ", -EINVAL);
	EXPECT_REFUSED("-", -EINVAL);
	EXPECT_REFUSED("+-7", -EINVAL);
	EXPECT_REFUSED("--7", -EINVAL);
	EXPECT_REFUSED("1 2 3", -EINVAL);
	EXPECT_REFUSED("\xff\x01", -EINVAL);
	EXPECT_REFUSED(NULL, -EINVAL);
}

KTEST(unknown_and_read_only)
{
	EXPECT_EQ(sysctl_set("test.nope", "1"), -ENOENT);
	EXPECT_EQ(sysctl_set("test.in", "1"), -ENOENT);
	EXPECT_EQ(sysctl_set("test.int.x", "1"), -ENOENT);
	EXPECT_EQ(sysctl_set("", "1"), -ENOENT);
	EXPECT_EQ(sysctl_set(NULL, "1"), -ENOENT);
	EXPECT_EQ(sysctl_set("test.ro", "0"), -EPERM);
	EXPECT_EQ(sysctl_set("test.ro", "junk"), -EPERM);
	EXPECT_EQ(ro_val, 5);
}

KTEST(find_exact_and_iterate)
{
	size_t i;

	EXPECT_EQ(sysctl_find("test.vec"), &test_table[2]);
	EXPECT_NULL(sysctl_find("test"));
	EXPECT_NULL(sysctl_find("TEST.INT"));
	for (i = 0; sysctl_entry_at(i); i++)
		EXPECT_EQ(sysctl_entry_at(i), &test_table[i]);
	EXPECT_EQ(i, sizeof(test_table) / sizeof(test_table[0]));
}

static void expect_vec(int a, int b, int c)
{
	EXPECT_EQ(vec_val[0], a);
	EXPECT_EQ(vec_val[1], b);
	EXPECT_EQ(vec_val[2], c);
}

KTEST(vec3_good)
{
	EXPECT_EQ(sysctl_set("test.vec", "4096 131072 629145"), 0);
	expect_vec(4096, 131072, 629145);
	EXPECT_EQ(sysctl_set("test.vec", "  5 \t5  0x6 "), 0);
	expect_vec(5, 5, 6);
	EXPECT_EQ(sysctl_set("test.vec", "1 1 1000000"), 0);
	expect_vec(1, 1, 1000000);
}

KTEST(vec3_refused)
{
	static const struct { const char *text; int err; } bad[] = {
		{ "30 20 10", -EINVAL },	/* ordering */
		{ "1 3 2", -EINVAL },
		{ "1 2", -EINVAL },		/* too few */
		{ "", -EINVAL },
		{ "   ", -EINVAL },
		{ "1 2 3 4", -EINVAL },		/* too many */
		{ "1 2 x", -EINVAL },
		{ "1,2,3", -EINVAL },
		{ "0 2 3", -ERANGE },		/* below min */
		{ "1 2 1000001", -ERANGE },
		{ "1 2 99999999999999999999", -ERANGE },
	};
	char big[200];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		EXPECT_EQ(sysctl_set("test.vec", bad[i].text),
			  bad[i].err);
		expect_vec(10, 20, 30);
	}
	(memset)(big, ' ', sizeof(big));
	(memcpy)(big, "1 2 3", 5);
	big[sizeof(big) - 1] = '\0';
	EXPECT_EQ(sysctl_set("test.vec", big), -EINVAL);
	expect_vec(10, 20, 30);
}

KTEST(validate_hook)
{
	EXPECT_EQ(sysctl_set("test.even", "3"), -EINVAL);
	EXPECT_EQ(even_val, 0);
	EXPECT_EQ(validate_calls, 1);
	EXPECT_EQ(sysctl_set("test.even", "11"), -ERANGE);
	EXPECT_EQ(validate_calls, 1);	/* range is checked first */
	EXPECT_EQ(sysctl_set("test.even", "4"), 0);
	EXPECT_EQ(even_val, 4);
	EXPECT_EQ(validate_calls, 2);
}

KTEST(format)
{
	char buf[32];

	int_val = -42;
	EXPECT_EQ(sysctl_format(sysctl_find("test.int"), buf, sizeof(buf)), 3);
	EXPECT_STREQ(buf, "-42");
	EXPECT_EQ(sysctl_format(sysctl_find("test.vec"), buf, sizeof(buf)), 8);
	EXPECT_STREQ(buf, "10 20 30");
	/* Truncated output still reports the full length, snprintf-style. */
	EXPECT_EQ(sysctl_format(sysctl_find("test.vec"), buf, 4), 8);
	EXPECT_STREQ(buf, "10 ");
}

/* test_kstrtox.c: lib/kstrtox.c -- valid input in every base, syntax
 * errors, overflow at each type's edges, the one allowed trailing
 * newline, and simple_strtoull's end pointer. */
#include "lib/kstrtox.h"
#include "lib/errno.h"
#include "tests/unit/ktest.h"

#define SENTINEL	0x5a5a5a5a5a5a5a5aULL

static int ull(const char *s, unsigned int base, u64 *res)
{
	*res = SENTINEL;
	return kstrtoull(s, base, res);
}

KTEST(kstrtoull_bases)
{
	u64 v;

	EXPECT_EQ(ull("0", 10, &v), 0);
	EXPECT_EQ(v, 0);
	EXPECT_EQ(ull("1234", 10, &v), 0);
	EXPECT_EQ(v, 1234);
	EXPECT_EQ(ull("+1234", 10, &v), 0);
	EXPECT_EQ(v, 1234);
	EXPECT_EQ(ull("ff", 16, &v), 0);
	EXPECT_EQ(v, 255);
	EXPECT_EQ(ull("0xFf", 16, &v), 0);
	EXPECT_EQ(v, 255);
	EXPECT_EQ(ull("777", 8, &v), 0);
	EXPECT_EQ(v, 511);
	EXPECT_EQ(ull("101", 2, &v), 0);
	EXPECT_EQ(v, 5);
	EXPECT_EQ(ull("zz", 36, &v), 0);
	EXPECT_EQ(v, 36 * 36 - 1);
	EXPECT_EQ(ull("010", 10, &v), 0);
	EXPECT_EQ(v, 10);
}

KTEST(kstrtoull_base0_autodetect)
{
	u64 v;

	EXPECT_EQ(ull("0x1A", 0, &v), 0);
	EXPECT_EQ(v, 26);
	EXPECT_EQ(ull("0X1a", 0, &v), 0);
	EXPECT_EQ(v, 26);
	EXPECT_EQ(ull("017", 0, &v), 0);
	EXPECT_EQ(v, 15);
	EXPECT_EQ(ull("0", 0, &v), 0);
	EXPECT_EQ(v, 0);
	EXPECT_EQ(ull("99", 0, &v), 0);
	EXPECT_EQ(v, 99);
	/* "0x" with no hex digit is octal 0 followed by junk. */
	EXPECT_EQ(ull("0x", 0, &v), -EINVAL);
	EXPECT_EQ(ull("0xg", 0, &v), -EINVAL);
	EXPECT_EQ(ull("08", 0, &v), -EINVAL);
	EXPECT_EQ(v, SENTINEL);
}

KTEST(kstrtoull_trailing_newline)
{
	u64 v;

	EXPECT_EQ(ull("42\n", 10, &v), 0);
	EXPECT_EQ(v, 42);
	EXPECT_EQ(ull("42\n\n", 10, &v), -EINVAL);
	EXPECT_EQ(ull("42 ", 10, &v), -EINVAL);
	EXPECT_EQ(ull("\n", 10, &v), -EINVAL);
	EXPECT_EQ(ull("42\nx", 10, &v), -EINVAL);
}

KTEST(kstrtoull_invalid)
{
	u64 v;

	EXPECT_EQ(ull("", 10, &v), -EINVAL);
	EXPECT_EQ(ull("+", 10, &v), -EINVAL);
	EXPECT_EQ(ull("-1", 10, &v), -EINVAL);
	EXPECT_EQ(ull(" 1", 10, &v), -EINVAL);
	EXPECT_EQ(ull("1x", 10, &v), -EINVAL);
	EXPECT_EQ(ull("12a", 10, &v), -EINVAL);
	EXPECT_EQ(ull("2", 2, &v), -EINVAL);
	EXPECT_EQ(ull("8", 8, &v), -EINVAL);
	EXPECT_EQ(ull("0x", 16, &v), -EINVAL);
	EXPECT_EQ(ull("++1", 10, &v), -EINVAL);
	EXPECT_EQ(ull("1", 1, &v), -EINVAL);
	EXPECT_EQ(ull("1", 37, &v), -EINVAL);
	EXPECT_EQ(v, SENTINEL);
}

KTEST(kstrtoull_overflow)
{
	u64 v;

	EXPECT_EQ(ull("18446744073709551615", 10, &v), 0);
	EXPECT_EQ(v, UINT64_MAX);
	EXPECT_EQ(ull("0xffffffffffffffff", 16, &v), 0);
	EXPECT_EQ(v, UINT64_MAX);
	EXPECT_EQ(ull("1777777777777777777777", 8, &v), 0);
	EXPECT_EQ(v, UINT64_MAX);
	EXPECT_EQ(ull("18446744073709551616", 10, &v), -ERANGE);
	EXPECT_EQ(ull("0x10000000000000000", 0, &v), -ERANGE);
	EXPECT_EQ(ull("99999999999999999999999", 10, &v), -ERANGE);
	EXPECT_EQ(ull("2000000000000000000000", 8, &v), -ERANGE);
	EXPECT_EQ(v, SENTINEL);
}

KTEST(kstrtoll_signs_and_limits)
{
	s64 v;

	EXPECT_EQ(kstrtoll("-42", 10, &v), 0);
	EXPECT_EQ(v, -42);
	EXPECT_EQ(kstrtoll("+42", 10, &v), 0);
	EXPECT_EQ(v, 42);
	EXPECT_EQ(kstrtoll("-0", 10, &v), 0);
	EXPECT_EQ(v, 0);
	EXPECT_EQ(kstrtoll("-0x10", 0, &v), 0);
	EXPECT_EQ(v, -16);
	EXPECT_EQ(kstrtoll("9223372036854775807", 10, &v), 0);
	EXPECT_EQ(v, INT64_MAX);
	EXPECT_EQ(kstrtoll("-9223372036854775808", 10, &v), 0);
	EXPECT_EQ(v, INT64_MIN);
	v = 7;
	EXPECT_EQ(kstrtoll("9223372036854775808", 10, &v), -ERANGE);
	EXPECT_EQ(kstrtoll("-9223372036854775809", 10, &v), -ERANGE);
	EXPECT_EQ(kstrtoll("-", 10, &v), -EINVAL);
	EXPECT_EQ(kstrtoll("-+1", 10, &v), -EINVAL);
	EXPECT_EQ(kstrtoll("--1", 10, &v), -EINVAL);
	EXPECT_EQ(kstrtoll("-1\n", 10, &v), 0);
	EXPECT_EQ(v, -1);
}

KTEST(kstrtol_kstrtoul)
{
	unsigned long ul;
	long l;

	EXPECT_EQ(kstrtoul("4096", 0, &ul), 0);
	EXPECT_EQ(ul, 4096);
	EXPECT_EQ(kstrtoul("-1", 0, &ul), -EINVAL);
	EXPECT_EQ(kstrtol("-4096", 0, &l), 0);
	EXPECT_EQ(l, -4096);
	EXPECT_EQ(kstrtol("9223372036854775808", 0, &l), -ERANGE);
}

KTEST(kstrtouint_kstrtoint)
{
	unsigned int u = 7;
	int i = 7;

	EXPECT_EQ(kstrtouint("4294967295", 10, &u), 0);
	EXPECT_EQ(u, 4294967295U);
	EXPECT_EQ(kstrtouint("4294967296", 10, &u), -ERANGE);
	EXPECT_EQ(u, 4294967295U);
	EXPECT_EQ(kstrtoint("2147483647", 10, &i), 0);
	EXPECT_EQ(i, INT32_MAX);
	EXPECT_EQ(kstrtoint("-2147483648", 10, &i), 0);
	EXPECT_EQ(i, INT32_MIN);
	EXPECT_EQ(kstrtoint("2147483648", 10, &i), -ERANGE);
	EXPECT_EQ(kstrtoint("-2147483649", 10, &i), -ERANGE);
	EXPECT_EQ(i, INT32_MIN);
	EXPECT_EQ(kstrtoint("12abc", 10, &i), -EINVAL);
}

KTEST(kstrto_small_types)
{
	u16 u16v = 1;
	s16 s16v = 1;
	u8 u8v = 1;
	s8 s8v = 1;

	EXPECT_EQ(kstrtou16("65535", 10, &u16v), 0);
	EXPECT_EQ(u16v, 65535);
	EXPECT_EQ(kstrtou16("65536", 10, &u16v), -ERANGE);
	EXPECT_EQ(kstrtou16("0x50", 0, &u16v), 0);
	EXPECT_EQ(u16v, 80);
	EXPECT_EQ(kstrtos16("-32768", 10, &s16v), 0);
	EXPECT_EQ(s16v, -32768);
	EXPECT_EQ(kstrtos16("32768", 10, &s16v), -ERANGE);
	EXPECT_EQ(kstrtou8("255", 10, &u8v), 0);
	EXPECT_EQ(u8v, 255);
	EXPECT_EQ(kstrtou8("256", 10, &u8v), -ERANGE);
	EXPECT_EQ(u8v, 255);
	EXPECT_EQ(kstrtou8("-1", 10, &u8v), -EINVAL);
	EXPECT_EQ(kstrtos8("-128", 10, &s8v), 0);
	EXPECT_EQ(s8v, -128);
	EXPECT_EQ(kstrtos8("128", 10, &s8v), -ERANGE);
	EXPECT_EQ(kstrtos8("-129", 10, &s8v), -ERANGE);
}

KTEST(kstrtobool_words)
{
	static const char *const yes[] = { "1", "y", "Y", "yes", "t", "true",
		"T", "on", "ON", "oN", "e", "Enable", "1\n" };
	static const char *const no[] = { "0", "n", "N", "no", "f", "false",
		"F", "off", "OFF", "oF", "d", "disable", "0\n" };
	static const char *const bad[] = { "", "2", "x", "o", "o\n", " 1",
		"-1", "maybe" };
	size_t i;
	bool b;

	for (i = 0; i < ARRAY_SIZE(yes); i++) {
		b = false;
		EXPECT_EQ(kstrtobool(yes[i], &b), 0);
		EXPECT_TRUE(b);
	}
	for (i = 0; i < ARRAY_SIZE(no); i++) {
		b = true;
		EXPECT_EQ(kstrtobool(no[i], &b), 0);
		EXPECT_FALSE(b);
	}
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		b = true;
		EXPECT_EQ(kstrtobool(bad[i], &b), -EINVAL);
		EXPECT_TRUE(b);
	}
	EXPECT_EQ(kstrtobool(NULL, &b), -EINVAL);
}

KTEST(simple_strtoull_end_pointer)
{
	static const char s1[] = "1500 bytes";
	static const char s2[] = "0x1fz";
	static const char s3[] = "0x";
	static const char s4[] = "xyz";
	static const char s5[] = "0755/";
	char *end;

	EXPECT_EQ(simple_strtoull(s1, &end, 10), 1500);
	EXPECT_EQ(end, s1 + 4);
	EXPECT_EQ(simple_strtoull(s2, &end, 0), 31);
	EXPECT_EQ(end, s2 + 4);
	EXPECT_EQ(simple_strtoull(s2, &end, 16), 31);
	EXPECT_EQ(end, s2 + 4);
	EXPECT_EQ(simple_strtoull(s3, &end, 0), 0);
	EXPECT_EQ(end, s3 + 1);
	EXPECT_EQ(simple_strtoull(s4, &end, 10), 0);
	EXPECT_EQ(end, s4);
	EXPECT_EQ(simple_strtoull(s5, &end, 0), 0755);
	EXPECT_EQ(end, s5 + 4);
	EXPECT_EQ(simple_strtoull("123", NULL, 10), 123);
	EXPECT_EQ(simple_strtoll("-77x", &end, 10), -77);
	EXPECT_EQ(simple_strtoll("77", NULL, 10), 77);
	/* Overflow wraps rather than failing. */
	EXPECT_EQ(simple_strtoull("18446744073709551617", NULL, 10), 1);
}

/* test_printf.c: lib/printf.c. Integer, %c and %s conversions are checked
 * against glibc's vsnprintf over every flag/width/precision/length
 * combination; %p, its extensions, truncation and return values against
 * fixed strings. */
#include <limits.h>
#include <stdint.h>

#include "lib/printf.h"
#include "lib/string.h"
#include "tests/unit/ktest.h"

#define OUT	256

/* One format, napkin vs glibc, whole and truncated at every size. */
static void check(const char *fmt, ...)
{
	char mine[OUT], want[OUT], part[OUT];
	va_list ap, ap2, ap3;
	int n, m, p;
	size_t size;

	va_start(ap, fmt);
	va_copy(ap2, ap);
	n = vsnprintf(mine, sizeof(mine), fmt, ap);
	m = (vsnprintf)(want, sizeof(want), fmt, ap2);
	va_end(ap2);
	if (n != m || (strcmp)(mine, want)) {
		ktest_fail(__FILE__, __LINE__, "fmt \"%s\": got \"%s\" (%d), glibc \"%s\" (%d)",
			   fmt, mine, n, want, m);
		va_end(ap);
		return;
	}
	for (size = 0; size <= (size_t)n + 1; size++) {
		va_copy(ap3, ap);
		(memset)(part, 'Z', sizeof(part));
		p = vsnprintf(part, size, fmt, ap3);
		va_end(ap3);
		if (p != n || (size && ((strncmp)(part, want, size - 1) ||
					part[min((size_t)n, size - 1)])) ||
		    part[size] != 'Z') {
			ktest_fail(__FILE__, __LINE__, "fmt \"%s\" truncated to %zu wrong",
				   fmt, size);
			break;
		}
	}
	va_end(ap);
}

/* No format attribute: lets tests pass formats gcc would reject. */
static int raw_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

/* Passes v with the C type the length modifier expects. */
static void check_typed(const char *fmt, const char *len, char conv, long long v)
{
	bool is_signed = conv == 'd' || conv == 'i';

	if (!(strcmp)(len, "l"))
		check(fmt, (long)v);
	else if (!(strcmp)(len, "ll"))
		check(fmt, v);
	else if (!(strcmp)(len, "z"))
		is_signed ? check(fmt, (ssize_t)v) : check(fmt, (size_t)v);
	else if (!(strcmp)(len, "t"))
		check(fmt, (ptrdiff_t)v);
	else if (!(strcmp)(len, "j"))
		is_signed ? check(fmt, (intmax_t)v) : check(fmt, (uintmax_t)v);
	else
		check(fmt, (int)v);
}

static const char *const flag_sets[] = {
	"", "-", "0", "+", " ", "#", "-0", "+0", "- ", "#0", "-#", "+ ", "0#+",
};
static const char *const widths[] = { "", "1", "5", "12", "25" };
static const char *const precisions[] = { "", ".", ".0", ".1", ".3", ".10", ".25" };
static const char *const lengths[] = { "hh", "h", "", "l", "ll", "z", "t", "j" };
static const long long values[] = {
	0, 1, -1, 7, 8, 10, 255, 256, -128, 127, 32767, -32768, 65535,
	INT_MAX, INT_MIN, UINT_MAX, LLONG_MIN, LLONG_MAX, 0x123456789abcdefLL,
};

static void check_conversion(char conv)
{
	size_t f, w, p, l, v;
	char fmt[32];

	for (f = 0; f < ARRAY_SIZE(flag_sets); f++)
	for (w = 0; w < ARRAY_SIZE(widths); w++)
	for (p = 0; p < ARRAY_SIZE(precisions); p++)
	for (l = 0; l < ARRAY_SIZE(lengths); l++) {
		(snprintf)(fmt, sizeof(fmt), "[%%%s%s%s%s%c]", flag_sets[f],
			   widths[w], precisions[p], lengths[l], conv);
		for (v = 0; v < ARRAY_SIZE(values); v++)
			check_typed(fmt, lengths[l], conv, values[v]);
		if (ktest_failures())
			return;
	}
}

KTEST(conv_d_matches_glibc)
{
	check_conversion('d');
}

KTEST(conv_i_matches_glibc)
{
	check_conversion('i');
}

KTEST(conv_u_matches_glibc)
{
	check_conversion('u');
}

KTEST(conv_x_matches_glibc)
{
	check_conversion('x');
}

KTEST(conv_X_matches_glibc)
{
	check_conversion('X');
}

KTEST(conv_o_matches_glibc)
{
	check_conversion('o');
}

KTEST(conv_c_and_s_match_glibc)
{
	static const char *const fmts[] = {
		"%s", "%10s", "%-10s|", "%.2s", "%.0s|", "%5.1s", "%-5.3s|",
		"%.10s", "%1s", "%c", "%5c", "%-5c|", "%1c",
	};
	static const char *const strs[] = { "", "a", "napkin", "0123456789abc" };
	size_t i, j;

	for (i = 0; i < ARRAY_SIZE(fmts); i++) {
		if (fmts[i][(strlen)(fmts[i]) - 1] == 'c' ||
		    fmts[i][(strlen)(fmts[i]) - 2] == 'c') {
			check(fmts[i], 'x');
			check(fmts[i], 0x141);	/* converted to unsigned char */
			continue;
		}
		for (j = 0; j < ARRAY_SIZE(strs); j++)
			check(fmts[i], strs[j]);
	}
}

KTEST(star_width_and_precision)
{
	check("%*d|", 6, 42);
	check("%-*d|", 6, 42);
	check("%*d|", -6, 42);		/* negative width: left-justify */
	check("%.*d|", 4, 42);
	check("%.*d|", -1, 42);		/* negative precision: none */
	check("%*.*x|", 8, 4, 0xab);
	check("%*.*s|", -8, 2, "abcdef");
	check("%0*d", 5, -42);
}

KTEST(several_arguments_in_order)
{
	check("%hhd %lld %zu %s %c %x %lo %%", 300, -5LL, (size_t)77, "mid",
	      'q', 0xbeefu, 8UL);
	check("%d%d%d%s%s", 1, 2, 3, "four", "five");
	check("%%d %%|%%%%");
}

KTEST(plain_text_and_percent)
{
	char buf[32];

	EXPECT_EQ(snprintf(buf, sizeof(buf), "no conversions"), 14);
	EXPECT_STREQ(buf, "no conversions");
	EXPECT_EQ(snprintf(buf, sizeof(buf), "100%%"), 4);
	EXPECT_STREQ(buf, "100%");
	EXPECT_EQ(snprintf(buf, sizeof(buf), "%s", ""), 0);
	EXPECT_STREQ(buf, "");
}

KTEST(null_string)
{
	char buf[32];

	EXPECT_EQ(raw_snprintf(buf, sizeof(buf), "%s", (char *)NULL), 6);
	EXPECT_STREQ(buf, "(null)");
	EXPECT_EQ(raw_snprintf(buf, sizeof(buf), "[%8s]", (char *)NULL), 10);
	EXPECT_STREQ(buf, "[  (null)]");
	/* Precision truncates the placeholder too, as in Linux. */
	EXPECT_EQ(raw_snprintf(buf, sizeof(buf), "%.3s", (char *)NULL), 3);
	EXPECT_STREQ(buf, "(nu");
}

KTEST(pointer_format)
{
	char buf[64];

	EXPECT_EQ(snprintf(buf, sizeof(buf), "%p", (void *)0xdeadbeefUL), 18);
	EXPECT_STREQ(buf, "0x00000000deadbeef");
	snprintf(buf, sizeof(buf), "%p", (void *)0xffffffff81000000UL);
	EXPECT_STREQ(buf, "0xffffffff81000000");
	snprintf(buf, sizeof(buf), "%p", (void *)1);
	EXPECT_STREQ(buf, "0x0000000000000001");
	EXPECT_EQ(snprintf(buf, sizeof(buf), "%p", NULL), 6);
	EXPECT_STREQ(buf, "(null)");
	snprintf(buf, sizeof(buf), "[%20p]", (void *)0x1000);
	EXPECT_STREQ(buf, "[  0x0000000000001000]");
	snprintf(buf, sizeof(buf), "[%-20p]", (void *)0x1000);
	EXPECT_STREQ(buf, "[0x0000000000001000  ]");
	snprintf(buf, sizeof(buf), "[%8p]", NULL);
	EXPECT_STREQ(buf, "[  (null)]");
	/* Plain %p followed by letters that are not an extension. */
	snprintf(buf, sizeof(buf), "%pX%pI6", (void *)0x10, (void *)0x20);
	EXPECT_STREQ(buf, "0x0000000000000010X0x0000000000000020I6");
}

KTEST(pointer_ipv4_and_mac)
{
	static const unsigned char ip[4] = { 192, 168, 0, 1 };
	static const unsigned char zero[4] = { 0, 0, 0, 0 };
	static const unsigned char bcast[4] = { 255, 255, 255, 255 };
	static const unsigned char mac[6] = { 0x52, 0x54, 0x00, 0xab, 0xcd, 0xef };
	char buf[64];

	EXPECT_EQ(snprintf(buf, sizeof(buf), "%pI4", ip), 11);
	EXPECT_STREQ(buf, "192.168.0.1");
	snprintf(buf, sizeof(buf), "%pI4/%pI4", zero, bcast);
	EXPECT_STREQ(buf, "0.0.0.0/255.255.255.255");
	snprintf(buf, sizeof(buf), "[%16pI4]", ip);
	EXPECT_STREQ(buf, "[     192.168.0.1]");
	snprintf(buf, sizeof(buf), "[%-16pI4]", ip);
	EXPECT_STREQ(buf, "[192.168.0.1     ]");
	EXPECT_EQ(snprintf(buf, sizeof(buf), "%pM", mac), 17);
	EXPECT_STREQ(buf, "52:54:00:ab:cd:ef");
	snprintf(buf, sizeof(buf), "%pM!", NULL);
	EXPECT_STREQ(buf, "(null)!");
	snprintf(buf, sizeof(buf), "%pI4x", NULL);
	EXPECT_STREQ(buf, "(null)x");
}

KTEST(unknown_conversions_are_literal)
{
	char buf[64];

	EXPECT_EQ(raw_snprintf(buf, sizeof(buf), "a%yb"), 4);
	EXPECT_STREQ(buf, "a%yb");
	raw_snprintf(buf, sizeof(buf), "[%-5.2ly]");
	EXPECT_STREQ(buf, "[%-5.2ly]");
	/* No %n: never writes through an argument. */
	raw_snprintf(buf, sizeof(buf), "x%ny");
	EXPECT_STREQ(buf, "x%ny");
	EXPECT_EQ(raw_snprintf(buf, sizeof(buf), "end%"), 4);
	EXPECT_STREQ(buf, "end%");
	raw_snprintf(buf, sizeof(buf), "end%-0");
	EXPECT_STREQ(buf, "end%-0");
	raw_snprintf(buf, sizeof(buf), "%y%d", 5);
	EXPECT_STREQ(buf, "%y5");
}

KTEST(return_value_and_truncation)
{
	char buf[8];

	EXPECT_EQ(snprintf(NULL, 0, "%d", 12345), 5);
	(memset)(buf, 'Z', sizeof(buf));
	EXPECT_EQ(snprintf(buf, 0, "hello"), 5);
	EXPECT_EQ(buf[0], 'Z');
	EXPECT_EQ(snprintf(buf, 1, "hello"), 5);
	EXPECT_STREQ(buf, "");
	EXPECT_EQ(snprintf(buf, sizeof(buf), "hello world"), 11);
	EXPECT_STREQ(buf, "hello w");
	EXPECT_EQ(snprintf(buf, sizeof(buf), "%s", "1234567"), 7);
	EXPECT_STREQ(buf, "1234567");
}

KTEST(scnprintf_counts_written)
{
	char buf[8];
	int pos;

	EXPECT_EQ(scnprintf(buf, 0, "hello"), 0);
	EXPECT_EQ(scnprintf(buf, 1, "hello"), 0);
	EXPECT_EQ(scnprintf(buf, 4, "hello"), 3);
	EXPECT_STREQ(buf, "hel");
	EXPECT_EQ(scnprintf(buf, sizeof(buf), "hi"), 2);
	/* The accumulate idiom never runs past the end. */
	pos = 0;
	pos += scnprintf(buf + pos, sizeof(buf) - pos, "%s", "abcde");
	pos += scnprintf(buf + pos, sizeof(buf) - pos, "%s", "fghij");
	pos += scnprintf(buf + pos, sizeof(buf) - pos, "%s", "klm");
	EXPECT_EQ(pos, 7);
	EXPECT_STREQ(buf, "abcdefg");
}

static int call_vscnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vscnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

KTEST(vscnprintf_counts_written)
{
	char buf[6];

	EXPECT_EQ(call_vscnprintf(buf, sizeof(buf), "%d-%d", 12, 34), 5);
	EXPECT_STREQ(buf, "12-34");
	EXPECT_EQ(call_vscnprintf(buf, sizeof(buf), "%d-%d", 123, 456), 5);
	EXPECT_STREQ(buf, "123-4");
}

KTEST(huge_width_is_clamped)
{
	char buf[16];

	EXPECT_EQ(raw_snprintf(buf, sizeof(buf), "%99999999999d", 1), 4096);
	EXPECT_EQ(raw_snprintf(buf, sizeof(buf), "%.99999999999d", 1), 4096);
	EXPECT_EQ(raw_snprintf(buf, sizeof(buf), "%*d", INT_MIN, 1), 4096);
}

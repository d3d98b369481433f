/* test_lib_string.c: lib/string.c, lib/ctype.h and lib/errno.c against
 * byte-by-byte references, guard bytes around every destination, and
 * glibc where the semantics are the same. */
#include "lib/string.h"
#include "lib/ctype.h"
#include "lib/errno.h"
#include "tests/unit/ktest.h"

#define BUF	512
#define GUARD	0xa5

static unsigned char src[BUF], dst[BUF], ref[BUF];

static int sign(int v)
{
	return (v > 0) - (v < 0);
}

static void fill_pattern(unsigned char *p, size_t n, unsigned int seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (unsigned char)(i * 7 + seed * 13 + 1);
}

KTEST(memcpy_all_lengths_and_alignments)
{
	size_t len, so, d_off;

	fill_pattern(src, BUF, 1);
	for (so = 0; so < 8; so++)
		for (d_off = 0; d_off < 8; d_off++)
			for (len = 0; len <= 300; len++) {
				(memset)(dst, GUARD, BUF);
				(memset)(ref, GUARD, BUF);
				(memcpy)(ref + 16 + d_off, src + so, len);
				EXPECT_EQ(memcpy(dst + 16 + d_off, src + so, len),
					  dst + 16 + d_off);
				if ((memcmp)(dst, ref, BUF)) {
					EXPECT_MEMEQ(dst, ref, BUF);
					return;
				}
			}
}

KTEST(memset_all_lengths_and_values)
{
	static const int values[] = { 0, 1, 0x7f, 0x80, 0xff, 0x1ab, -1, -128 };
	size_t len, off, v;

	for (v = 0; v < sizeof(values) / sizeof(values[0]); v++)
		for (off = 0; off < 8; off++)
			for (len = 0; len <= 300; len++) {
				(memset)(dst, GUARD, BUF);
				(memset)(ref, GUARD, BUF);
				(memset)(ref + 16 + off, values[v], len);
				EXPECT_EQ(memset(dst + 16 + off, values[v], len),
					  dst + 16 + off);
				if ((memcmp)(dst, ref, BUF)) {
					EXPECT_MEMEQ(dst, ref, BUF);
					return;
				}
			}
}

/* Overlap in both directions at every distance, against a bounce copy. */
KTEST(memmove_overlapping)
{
	unsigned char tmp[BUF];
	int dist;
	size_t len, base = 100;

	for (dist = -40; dist <= 40; dist++)
		for (len = 0; len <= 120; len++) {
			fill_pattern(dst, BUF, (unsigned int)len);
			(memcpy)(ref, dst, BUF);
			(memcpy)(tmp, ref + base, len);
			(memcpy)(ref + base + dist, tmp, len);
			EXPECT_EQ(memmove(dst + base + dist, dst + base, len),
				  dst + base + dist);
			if ((memcmp)(dst, ref, BUF)) {
				ktest_fail(__FILE__, __LINE__, "dist %d len %zu",
					   dist, len);
				EXPECT_MEMEQ(dst, ref, BUF);
				return;
			}
		}
}

KTEST(memmove_disjoint_and_same)
{
	fill_pattern(src, BUF, 3);
	EXPECT_EQ(memmove(dst, src, BUF), dst);
	EXPECT_MEMEQ(dst, src, BUF);
	EXPECT_EQ(memmove(dst, dst, BUF), dst);
	EXPECT_MEMEQ(dst, src, BUF);
	EXPECT_EQ(memmove(dst + 1, src, 0), dst + 1);
}

KTEST(memcmp_order_and_unsigned_bytes)
{
	unsigned char a[64], b[64];
	size_t i;

	for (i = 0; i < sizeof(a); i++)
		a[i] = (unsigned char)i;
	(memcpy)(b, a, sizeof(b));
	EXPECT_EQ(memcmp(a, b, sizeof(a)), 0);
	EXPECT_EQ(memcmp(a, b, 0), 0);
	for (i = 0; i < sizeof(a); i++) {
		b[i] = a[i] + 1;
		EXPECT_EQ(sign(memcmp(a, b, sizeof(a))), -1);
		EXPECT_EQ(sign(memcmp(b, a, sizeof(a))), 1);
		EXPECT_EQ(memcmp(a, b, i), 0);
		b[i] = a[i];
	}
	a[0] = 0x80;
	b[0] = 0x01;
	EXPECT_GT(memcmp(a, b, 1), 0);
}

KTEST(memchr_and_memscan)
{
	unsigned char buf[] = { 1, 2, 3, 0xff, 2, 0 };

	EXPECT_EQ(memchr(buf, 2, sizeof(buf)), buf + 1);
	EXPECT_EQ(memchr(buf, 0xff, sizeof(buf)), buf + 3);
	EXPECT_EQ(memchr(buf, -1, sizeof(buf)), buf + 3);
	EXPECT_EQ(memchr(buf, 0x102, sizeof(buf)), buf + 1);
	EXPECT_EQ(memchr(buf, 0, sizeof(buf)), buf + 5);
	EXPECT_NULL(memchr(buf, 0, 5));
	EXPECT_NULL(memchr(buf, 7, sizeof(buf)));
	EXPECT_NULL(memchr(buf, 1, 0));
	EXPECT_EQ(memscan(buf, 3, sizeof(buf)), buf + 2);
	EXPECT_EQ(memscan(buf, 9, sizeof(buf)), buf + sizeof(buf));
	EXPECT_EQ(memscan(buf, 1, 0), buf);
}

KTEST(strlen_strnlen)
{
	static const char s[] = "napkin";

	EXPECT_EQ(strlen(""), 0);
	EXPECT_EQ(strlen(s), 6);
	EXPECT_EQ(strlen(s + 5), 1);
	EXPECT_EQ(strnlen(s, 0), 0);
	EXPECT_EQ(strnlen(s, 3), 3);
	EXPECT_EQ(strnlen(s, 6), 6);
	EXPECT_EQ(strnlen(s, 100), 6);
	EXPECT_EQ(strnlen("", 5), 0);
	EXPECT_EQ(strnlen(s, (size_t)-1), 6);
}

KTEST(strcmp_strncmp)
{
	EXPECT_EQ(strcmp("", ""), 0);
	EXPECT_EQ(strcmp("abc", "abc"), 0);
	EXPECT_LT(strcmp("abc", "abd"), 0);
	EXPECT_GT(strcmp("abd", "abc"), 0);
	EXPECT_LT(strcmp("ab", "abc"), 0);
	EXPECT_GT(strcmp("abc", "ab"), 0);
	EXPECT_LT(strcmp("", "a"), 0);
	/* Bytes compare unsigned: 0x80 sorts after 'a'. */
	EXPECT_GT(strcmp("\x80", "a"), 0);
	EXPECT_EQ(strncmp("abcX", "abcY", 3), 0);
	EXPECT_LT(strncmp("abcX", "abcY", 4), 0);
	EXPECT_EQ(strncmp("abc", "xyz", 0), 0);
	EXPECT_EQ(strncmp("ab", "ab", 10), 0);
	EXPECT_GT(strncmp("abc", "ab", 10), 0);
	EXPECT_GT(strncmp("\xff", "\x01", 1), 0);
}

KTEST(strcasecmp_strncasecmp)
{
	EXPECT_EQ(strcasecmp("Content-Length", "content-length"), 0);
	EXPECT_EQ(strcasecmp("", ""), 0);
	EXPECT_LT(strcasecmp("abc", "ABD"), 0);
	EXPECT_GT(strcasecmp("ABD", "abc"), 0);
	EXPECT_LT(strcasecmp("ab", "ABC"), 0);
	EXPECT_EQ(strcasecmp("@[`{", "@[`{"), 0);
	/* '[' is not the case partner of '{'. */
	EXPECT_NE(strcasecmp("[", "{"), 0);
	EXPECT_EQ(strncasecmp("KEEP-alive", "keep-ALIVEx", 10), 0);
	EXPECT_NE(strncasecmp("KEEP-alive", "keep-ALIVEx", 11), 0);
	EXPECT_EQ(strncasecmp("a", "b", 0), 0);
}

KTEST(strchr_strrchr)
{
	static const char s[] = "a/b/c";

	EXPECT_EQ(strchr(s, '/'), s + 1);
	EXPECT_EQ(strchr(s, 'a'), s);
	EXPECT_EQ(strchr(s, '\0'), s + 5);
	EXPECT_NULL(strchr(s, 'x'));
	EXPECT_EQ(strchr(s, 'c' + 256), s + 4);
	EXPECT_EQ(strrchr(s, '/'), s + 3);
	EXPECT_EQ(strrchr(s, 'a'), s);
	EXPECT_EQ(strrchr(s, '\0'), s + 5);
	EXPECT_NULL(strrchr(s, 'x'));
	EXPECT_NULL(strrchr("", 'x'));
}

/* c is converted to char, so 0xe9 and '\xe9' find the same byte. */
KTEST(strchr_high_bytes)
{
	static const char hi[] = "\xe9t\xe9";

	EXPECT_EQ(strchr(hi, 0xe9), hi);
	EXPECT_EQ(strchr(hi, '\xe9'), hi);
	EXPECT_EQ(strrchr(hi, 0xe9), hi + 2);
}

KTEST(strstr_cases)
{
	static const char h[] = "aaaab GET /index.html HTTP/1.1";
	static const char empty[] = "";

	EXPECT_EQ(strstr(h, ""), h);
	EXPECT_EQ(strstr(h, "aaab"), h + 1);
	EXPECT_EQ(strstr(h, "HTTP/"), h + 22);
	EXPECT_EQ(strstr(h, "1.1"), h + 27);
	EXPECT_NULL(strstr(h, "1.1x"));
	EXPECT_NULL(strstr("", "a"));
	EXPECT_EQ(strstr(empty, ""), empty);
	EXPECT_NULL(strstr("ab", "abc"));
}

KTEST(strlcpy_truncates_and_terminates)
{
	char buf[8];

	(memset)(buf, 'x', sizeof(buf));
	EXPECT_EQ(strlcpy(buf, "hello", sizeof(buf)), 5);
	EXPECT_STREQ(buf, "hello");
	EXPECT_EQ(strlcpy(buf, "0123456789", sizeof(buf)), 10);
	EXPECT_STREQ(buf, "0123456");
	EXPECT_EQ(strlcpy(buf, "", sizeof(buf)), 0);
	EXPECT_STREQ(buf, "");
	EXPECT_EQ(strlcpy(buf, "1234567", sizeof(buf)), 7);
	EXPECT_STREQ(buf, "1234567");
	buf[0] = 'q';
	EXPECT_EQ(strlcpy(buf, "abc", 0), 3);
	EXPECT_EQ(buf[0], 'q');
	EXPECT_EQ(strlcpy(buf, "abc", 1), 3);
	EXPECT_STREQ(buf, "");
}

KTEST(strlcat_truncates_and_terminates)
{
	char buf[8];

	(strcpy)(buf, "ab");
	EXPECT_EQ(strlcat(buf, "cd", sizeof(buf)), 4);
	EXPECT_STREQ(buf, "abcd");
	EXPECT_EQ(strlcat(buf, "efghij", sizeof(buf)), 10);
	EXPECT_STREQ(buf, "abcdefg");
	EXPECT_EQ(strlcat(buf, "z", sizeof(buf)), 8);
	EXPECT_STREQ(buf, "abcdefg");
	/* No NUL within size: dst is left alone, size + strlen(src) returned. */
	EXPECT_EQ(strlcat(buf, "xyz", 3), 6);
	EXPECT_STREQ(buf, "abcdefg");
	EXPECT_EQ(strlcat(buf, "xyz", 0), 3);
	(strcpy)(buf, "");
	EXPECT_EQ(strlcat(buf, "xyz", 2), 3);
	EXPECT_STREQ(buf, "x");
}

KTEST(strspn_strcspn)
{
	EXPECT_EQ(strspn("  \tkey", " \t"), 3);
	EXPECT_EQ(strspn("key", " \t"), 0);
	EXPECT_EQ(strspn("", "abc"), 0);
	EXPECT_EQ(strspn("abc", ""), 0);
	EXPECT_EQ(strspn("aaa", "a"), 3);
	EXPECT_EQ(strcspn("key=value", "=:"), 3);
	EXPECT_EQ(strcspn("key", "=:"), 3);
	EXPECT_EQ(strcspn("", "="), 0);
	EXPECT_EQ(strcspn("abc", ""), 3);
	EXPECT_EQ(strcspn(":x", "=:"), 0);
}

KTEST(strsep_tokens)
{
	char line[] = "ip=10.0.0.2/24,,gw=10.0.0.1";
	char *p = line;

	EXPECT_STREQ(strsep(&p, ","), "ip=10.0.0.2/24");
	EXPECT_STREQ(strsep(&p, ","), "");
	EXPECT_STREQ(strsep(&p, ",;"), "gw=10.0.0.1");
	EXPECT_NULL(p);
	EXPECT_NULL(strsep(&p, ","));

	char one[] = "alone";
	p = one;
	EXPECT_STREQ(strsep(&p, " "), "alone");
	EXPECT_NULL(p);

	char empty[] = "";
	p = empty;
	EXPECT_STREQ(strsep(&p, " "), "");
	EXPECT_NULL(p);
}

/* ASCII classes agree with glibc's "C" locale for every byte and EOF. */
KTEST(ctype_matches_c_locale)
{
	int c;

	for (c = -1; c < 256; c++) {
		EXPECT_EQ(!!isdigit(c), !!(isdigit)(c));
		EXPECT_EQ(!!isxdigit(c), !!(isxdigit)(c));
		EXPECT_EQ(!!isspace(c), !!(isspace)(c));
		EXPECT_EQ(!!isalpha(c), !!(isalpha)(c));
		EXPECT_EQ(!!isalnum(c), !!(isalnum)(c));
		EXPECT_EQ(!!isupper(c), !!(isupper)(c));
		EXPECT_EQ(!!islower(c), !!(islower)(c));
		EXPECT_EQ(!!isprint(c), !!(isprint)(c));
		EXPECT_EQ(!!ispunct(c), !!(ispunct)(c));
		EXPECT_EQ(!!iscntrl(c), !!(iscntrl)(c));
		EXPECT_EQ(tolower(c), (tolower)(c));
		EXPECT_EQ(toupper(c), (toupper)(c));
		if (ktest_failures()) {
			ktest_fail(__FILE__, __LINE__, "at c = %d", c);
			return;
		}
	}
}

KTEST(hex_to_bin_values)
{
	EXPECT_EQ(hex_to_bin('0'), 0);
	EXPECT_EQ(hex_to_bin('9'), 9);
	EXPECT_EQ(hex_to_bin('a'), 10);
	EXPECT_EQ(hex_to_bin('F'), 15);
	EXPECT_EQ(hex_to_bin('g'), -1);
	EXPECT_EQ(hex_to_bin(' '), -1);
}

KTEST(errno_values_are_linux)
{
	EXPECT_EQ(EPERM, 1);
	EXPECT_EQ(ENOENT, 2);
	EXPECT_EQ(EINTR, 4);
	EXPECT_EQ(EIO, 5);
	EXPECT_EQ(EBADF, 9);
	EXPECT_EQ(EAGAIN, 11);
	EXPECT_EQ(ENOMEM, 12);
	EXPECT_EQ(EFAULT, 14);
	EXPECT_EQ(EBUSY, 16);
	EXPECT_EQ(EEXIST, 17);
	EXPECT_EQ(ENODEV, 19);
	EXPECT_EQ(EINVAL, 22);
	EXPECT_EQ(ENOSPC, 28);
	EXPECT_EQ(EPIPE, 32);
	EXPECT_EQ(ERANGE, 34);
	EXPECT_EQ(ENOSYS, 38);
	EXPECT_EQ(ENOTSOCK, 88);
	EXPECT_EQ(EDESTADDRREQ, 89);
	EXPECT_EQ(EMSGSIZE, 90);
	EXPECT_EQ(EPROTONOSUPPORT, 93);
	EXPECT_EQ(EOPNOTSUPP, 95);
	EXPECT_EQ(EAFNOSUPPORT, 97);
	EXPECT_EQ(EADDRINUSE, 98);
	EXPECT_EQ(EADDRNOTAVAIL, 99);
	EXPECT_EQ(ENETUNREACH, 101);
	EXPECT_EQ(ECONNRESET, 104);
	EXPECT_EQ(ENOBUFS, 105);
	EXPECT_EQ(EISCONN, 106);
	EXPECT_EQ(ENOTCONN, 107);
	EXPECT_EQ(ETIMEDOUT, 110);
	EXPECT_EQ(ECONNREFUSED, 111);
	EXPECT_EQ(EHOSTUNREACH, 113);
	EXPECT_EQ(EALREADY, 114);
	EXPECT_EQ(EINPROGRESS, 115);
}

KTEST(strerror_name_both_signs)
{
	EXPECT_STREQ(strerror_name(EINVAL), "EINVAL");
	EXPECT_STREQ(strerror_name(-EINVAL), "EINVAL");
	EXPECT_STREQ(strerror_name(-ECONNREFUSED), "ECONNREFUSED");
	EXPECT_STREQ(strerror_name(-EWOULDBLOCK), "EAGAIN");
	EXPECT_STREQ(strerror_name(EPERM), "EPERM");
	EXPECT_STREQ(strerror_name(-ECANCELED), "ECANCELED");
	EXPECT_STREQ(strerror_name(0), "E?");
	EXPECT_STREQ(strerror_name(15), "E?");
	EXPECT_STREQ(strerror_name(4000), "E?");
	EXPECT_STREQ(strerror_name(-2147483647 - 1), "E?");
}

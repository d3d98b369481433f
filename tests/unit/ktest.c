/* ktest.c: the runner behind tests/unit/ktest.h -- main(), failure
 * bookkeeping and reporting. Plain hosted C; no napkin code. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/unit/ktest.h"

#define MAX_MESSAGES	8
#define MESSAGE_LEN	512

static struct ktest *tests;
static void (*setup_fn)(void);
static void (*teardown_fn)(void);

static int failures;		/* of the running test */
static char messages[MAX_MESSAGES][MESSAGE_LEN];
static uint64_t rand_state;

/* Keep registration order = source order, whatever order constructors run. */
void ktest_register(struct ktest *t)
{
	struct ktest **pp = &tests;

	while (*pp && (strcmp((*pp)->file, t->file) < 0 ||
		       (!strcmp((*pp)->file, t->file) && (*pp)->line < t->line)))
		pp = &(*pp)->next;
	t->next = *pp;
	*pp = t;
}

void ktest_set_setup(void (*fn)(void))
{
	setup_fn = fn;
}

void ktest_set_teardown(void (*fn)(void))
{
	teardown_fn = fn;
}

int ktest_failures(void)
{
	return failures;
}

int ktest_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (failures < MAX_MESSAGES) {
		n = snprintf(messages[failures], MESSAGE_LEN, "%s:%d: ", file, line);
		va_start(ap, fmt);
		vsnprintf(messages[failures] + n, MESSAGE_LEN - n, fmt, ap);
		va_end(ap);
	}
	failures++;
	return 0;
}

int ktest_check_int(const char *file, int line, const char *op,
		    const char *ea, const char *eb, int ok,
		    unsigned long long a, unsigned long long b)
{
	if (ok)
		return 1;
	return ktest_fail(file, line, "expected %s %s %s: %lld (0x%llx) vs %lld (0x%llx)",
			  ea, op, eb, (long long)a, a, (long long)b, b);
}

int ktest_check_str(const char *file, int line, int want_equal,
		    const char *ea, const char *eb, const char *a, const char *b)
{
	int equal = (a && b) ? !strcmp(a, b) : a == b;

	if (equal == want_equal)
		return 1;
	return ktest_fail(file, line, "expected %s %s %s: \"%s\" vs \"%s\"",
			  ea, want_equal ? "==" : "!=", eb,
			  a ? a : "(null)", b ? b : "(null)");
}

int ktest_check_mem(const char *file, int line, const char *ea,
		    const char *eb, const void *a, const void *b, size_t n)
{
	const unsigned char *p = a, *q = b;
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != q[i])
			return ktest_fail(file, line,
					  "expected %s == %s (%zu bytes): first "
					  "difference at offset %zu: 0x%02x vs 0x%02x",
					  ea, eb, n, i, p[i], q[i]);
	return 1;
}

uint64_t ktest_rand(void)
{
	rand_state ^= rand_state >> 12;
	rand_state ^= rand_state << 25;
	rand_state ^= rand_state >> 27;
	return rand_state * 0x2545F4914F6CDD1DULL;
}

void ktest_fill_random(void *buf, size_t len)
{
	unsigned char *p = buf;
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = (unsigned char)(ktest_rand() >> 56);
}

static uint64_t seed(void)
{
	const char *s = getenv("KTEST_SEED");
	uint64_t v = s ? strtoull(s, NULL, 0) : 0x6e61706b696e21ULL;

	return v ? v : 1;	/* xorshift must not start at 0 */
}

static int selected(const struct ktest *t, int argc, char **argv)
{
	int i;

	if (argc < 2)
		return 1;
	for (i = 1; i < argc; i++)
		if (!strcmp(argv[i], t->name))
			return 1;
	return 0;
}

/* Runs one test; returns 1 if it passed. */
static int run_one(struct ktest *t)
{
	int i;

	failures = 0;
	rand_state = seed();
	if (setup_fn)
		setup_fn();
	t->fn();
	if (teardown_fn)
		teardown_fn();
	if (!failures) {
		printf("ok %s\n", t->name);
		return 1;
	}
	printf("FAIL %s: %s\n", t->name, messages[0]);
	for (i = 1; i < failures && i < MAX_MESSAGES; i++)
		printf("    %s\n", messages[i]);
	if (failures > MAX_MESSAGES)
		printf("    (%d more failures)\n", failures - MAX_MESSAGES);
	return 0;
}

int main(int argc, char **argv)
{
	int passed = 0, failed = 0;
	struct ktest *t;

	/* Line-buffered so a crash report follows the last test's line. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (t = tests; t; t = t->next) {
		if (!selected(t, argc, argv))
			continue;
		if (run_one(t))
			passed++;
		else
			failed++;
	}
	printf("%d passed, %d failed\n", passed, failed);
	if (passed + failed == 0) {
		fprintf(stderr, "no tests ran\n");
		return 1;
	}
	return failed ? 1 : 0;
}

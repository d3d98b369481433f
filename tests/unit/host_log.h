/* host_log.h: printk/kprintf/__ratelimit for host tests, collecting the
 * kernel's messages in a buffer that tests search with log_has(). Include
 * after the kernel sources (it needs their types). */
#ifndef TESTS_UNIT_HOST_LOG_H
#define TESTS_UNIT_HOST_LOG_H

#include <stdarg.h>
#include <stdio.h>

static char logbuf[1 << 16];
static size_t loglen;

static int log_append(const char *fmt, va_list ap)
{
	int n;

	if (fmt[0] == '\001' && fmt[1])
		fmt += 2;			/* KERN_<level> */
	n = (vsnprintf)(logbuf + loglen, sizeof(logbuf) - loglen, fmt, ap);
	if (n > 0)
		loglen = min(loglen + n, sizeof(logbuf) - 1);
	return n;
}

int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = log_append(fmt, ap);
	va_end(ap);
	return n;
}

int kprintf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = log_append(fmt, ap);
	va_end(ap);
	return n;
}

bool __ratelimit(struct ratelimit_state *rs)
{
	return true;
}

static bool log_has(const char *s)
{
	return (strstr)(logbuf, s) != NULL;
}

static void log_clear(void)
{
	loglen = 0;
	logbuf[0] = 0;
}

#endif /* TESTS_UNIT_HOST_LOG_H */

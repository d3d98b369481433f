/* printk: format, keep in the log ring, and echo to the serial console when
 * the level passes console_loglevel (sysctl kernel.printk). */
#include "kernel/printk.h"
#include "kernel/spinlock.h"
#include "kernel/sysctl.h"
#include "kernel/timer.h"
#include "drivers/serial.h"
#include "lib/printf.h"
#include "lib/string.h"

#define LOG_BUF_SIZE	(32 * 1024)	/* power of two */
#define PRINTK_LINE_MAX	512

int console_loglevel = LOGLEVEL_DEFAULT;
SYSCTL_INT_ENTRY(printk, "kernel.printk", &console_loglevel, 0, 8,
		 "console log level: messages below it reach the serial console");

static char log_buf[LOG_BUF_SIZE];
static u64 log_head;		/* bytes ever written */
static DEFINE_SPINLOCK(console_lock);
/* Level of the line in progress, so KERN_CONT pieces follow their line. */
static int cont_level = LOGLEVEL_DEFAULT - 1;

static void log_store(const char *s, size_t len)
{
	while (len--)
		log_buf[log_head++ % LOG_BUF_SIZE] = *s++;
}

/* Strip a KERN_<level> prefix; returns the level or -1 for KERN_CONT. */
static int printk_level(const char **text)
{
	const char *s = *text;

	if (s[0] != KERN_SOH[0] || !s[1])
		return LOGLEVEL_DEFAULT - 1;	/* no prefix: as KERN_INFO-ish default */
	*text = s + 2;
	if (s[1] == 'c')
		return -1;
	if (s[1] >= '0' && s[1] <= '7')
		return s[1] - '0';
	return LOGLEVEL_DEFAULT - 1;
}

static int vprintk_emit(bool force, const char *fmt, va_list ap)
{
	char line[PRINTK_LINE_MAX];
	const char *text;
	unsigned long flags;
	int level, len;

	len = vscnprintf(line, sizeof(line), fmt, ap);
	text = line;
	level = printk_level(&text);
	len -= text - line;
	spin_lock_irqsave(&console_lock, flags);
	if (level < 0)
		level = cont_level;
	if (len > 0)
		cont_level = text[len - 1] == '\n' ? LOGLEVEL_DEFAULT - 1 : level;
	log_store(text, len);
	if (force || level < console_loglevel)
		serial_write(text, len);
	spin_unlock_irqrestore(&console_lock, flags);
	return len;
}

int vprintk(const char *fmt, va_list ap)
{
	return vprintk_emit(false, fmt, ap);
}

int printk_always(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk_emit(true, fmt, ap);
	va_end(ap);
	return n;
}

int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}

int vkprintf(const char *fmt, va_list ap)
{
	char line[PRINTK_LINE_MAX];
	unsigned long flags;
	int len;

	len = vscnprintf(line, sizeof(line), fmt, ap);
	spin_lock_irqsave(&console_lock, flags);
	serial_write(line, len);
	spin_unlock_irqrestore(&console_lock, flags);
	return len;
}

int kprintf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vkprintf(fmt, ap);
	va_end(ap);
	return n;
}

/* No lock: the CPU may have faulted while holding console_lock. */
void early_printk(const char *fmt, ...)
{
	static char line[PRINTK_LINE_MAX];
	va_list ap;
	int len;

	va_start(ap, fmt);
	len = vscnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	log_store(line, len);
	serial_write(line, len);
}

size_t log_buf_read(char *buf, size_t size)
{
	unsigned long flags;
	u64 avail, start, i;

	if (!size)
		return 0;
	spin_lock_irqsave(&console_lock, flags);
	avail = min_t(u64, log_head, LOG_BUF_SIZE);
	avail = min_t(u64, avail, size - 1);
	start = log_head - avail;
	for (i = 0; i < avail; i++)
		buf[i] = log_buf[(start + i) % LOG_BUF_SIZE];
	spin_unlock_irqrestore(&console_lock, flags);
	buf[avail] = '\0';
	return avail;
}

bool __ratelimit(struct ratelimit_state *rs)
{
	u64 now = jiffies;

	if (!rs->begin || time_after(now, rs->begin + rs->interval)) {
		if (rs->missed)
			printk(KERN_WARNING "%u messages suppressed\n", rs->missed);
		rs->begin = now ? now : 1;
		rs->printed = 0;
		rs->missed = 0;
	}
	if (rs->printed < rs->burst) {
		rs->printed++;
		return true;
	}
	rs->missed++;
	return false;
}

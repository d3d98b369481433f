/* printk: the kernel log. Levels as in Linux; lines at or below the console
 * loglevel (sysctl kernel.printk) go to the serial console, all go to the
 * log ring that `dmesg` shows. */
#ifndef KERNEL_PRINTK_H
#define KERNEL_PRINTK_H

#include "lib/types.h"

#define KERN_SOH	"\001"
#define KERN_EMERG	KERN_SOH "0"
#define KERN_ALERT	KERN_SOH "1"
#define KERN_CRIT	KERN_SOH "2"
#define KERN_ERR	KERN_SOH "3"
#define KERN_WARNING	KERN_SOH "4"
#define KERN_NOTICE	KERN_SOH "5"
#define KERN_INFO	KERN_SOH "6"
#define KERN_DEBUG	KERN_SOH "7"
#define KERN_CONT	KERN_SOH "c"

#define LOGLEVEL_DEFAULT	7	/* console shows everything but debug */

extern int console_loglevel;

__printf(1, 2) int printk(const char *fmt, ...);
int vprintk(const char *fmt, va_list ap);

/* Console output that is not a log message (shell replies): never filtered. */
__printf(1, 2) int kprintf(const char *fmt, ...);
int vkprintf(const char *fmt, va_list ap);

/* A log message that reaches the console whatever the loglevel: the banner
 * and `napkin: ready`, which people and tests wait for. */
__printf(1, 2) int printk_always(const char *fmt, ...);

/* Emergency path for exceptions and panic: no locks, straight to the UART. */
__printf(1, 2) void early_printk(const char *fmt, ...);

/* Copy the newest log text (at most size-1 bytes) into buf; returns length. */
size_t log_buf_read(char *buf, size_t size);

#define pr_emerg(fmt, ...)	printk(KERN_EMERG fmt, ##__VA_ARGS__)
#define pr_err(fmt, ...)	printk(KERN_ERR fmt, ##__VA_ARGS__)
#define pr_warn(fmt, ...)	printk(KERN_WARNING fmt, ##__VA_ARGS__)
#define pr_notice(fmt, ...)	printk(KERN_NOTICE fmt, ##__VA_ARGS__)
#define pr_info(fmt, ...)	printk(KERN_INFO fmt, ##__VA_ARGS__)
#define pr_debug(fmt, ...)	printk(KERN_DEBUG fmt, ##__VA_ARGS__)
#define pr_cont(fmt, ...)	printk(KERN_CONT fmt, ##__VA_ARGS__)

/*
 * Rate limiting for messages about wire input or other floods: at most
 * `burst` messages per `interval` jiffies; the rest are counted as missed.
 */
struct ratelimit_state {
	u64 begin;
	u32 interval;
	u32 burst;
	u32 printed;
	u32 missed;
};

#define DEFINE_RATELIMIT_STATE(name, interval_jiffies, burst_n)	\
	struct ratelimit_state name = { .interval = (interval_jiffies), .burst = (burst_n) }

bool __ratelimit(struct ratelimit_state *rs);

#define printk_ratelimited(fmt, ...) ({					\
	static DEFINE_RATELIMIT_STATE(_rs, 5000, 10);			\
	if (__ratelimit(&_rs))						\
		printk(fmt, ##__VA_ARGS__);				\
})
#define pr_warn_ratelimited(fmt, ...)	printk_ratelimited(KERN_WARNING fmt, ##__VA_ARGS__)
#define pr_info_ratelimited(fmt, ...)	printk_ratelimited(KERN_INFO fmt, ##__VA_ARGS__)

#endif /* KERNEL_PRINTK_H */

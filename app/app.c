/* app_start: the built-in application's threads (the UDP echo and
 * discard services today), the shell's `services` command to watch and
 * pause them, and `socktest`, the socket API's self-test. The services
 * and the test use only net/socket.h; this file is their glue to the
 * kernel (a thread, shell commands). */
#include "app/app.h"
#include "app/socktest.h"
#include "app/udp_services.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/shell.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "lib/string.h"

void app_start(void)
{
	struct task_struct *t;
	int err;

	err = udp_services_open();
	if (err) {
		pr_err("app: UDP echo/discard not started: error %d\n", err);
		return;
	}
	t = kthread_run(udp_services_loop, NULL, "udp_services", SCHED_PRIO_NORMAL);
	if (IS_ERR(t)) {
		pr_err("app: no thread for the UDP services: error %ld\n", PTR_ERR(t));
		return;
	}
	pr_info("app: UDP echo on port 7, discard on port 9\n");
}

static void services_show(void)
{
	const struct udp_service *s;
	int i;

	kprintf("%-8s %-5s %-7s %-12s %-14s %-12s %-8s\n", "service", "port", "state",
		"rx_datagrams", "rx_bytes", "tx_datagrams", "errors");
	for (i = 0; i < UDP_SVC_COUNT; i++) {
		s = &udp_services[i];
		kprintf("%-8s %-5u %-7s %-12lu %-14lu %-12lu %-8lu\n", s->name, s->port,
			s->fd < 0 ? "closed" : s->paused ? "paused" : "running",
			s->rx_datagrams, s->rx_bytes, s->tx_datagrams, s->errors);
	}
}

static struct udp_service *services_find(const char *name)
{
	int i;

	for (i = 0; i < UDP_SVC_COUNT; i++)
		if (!strcmp(udp_services[i].name, name))
			return &udp_services[i];
	return NULL;
}

/* services | services pause NAME | services resume NAME */
static int services_cmd(int argc, char **argv)
{
	struct udp_service *s;

	if (argc == 1) {
		services_show();
		return 0;
	}
	s = argc == 3 ? services_find(argv[2]) : NULL;
	if (!s || (strcmp(argv[1], "pause") && strcmp(argv[1], "resume"))) {
		kprintf("usage: services [pause|resume echo|discard]\n");
		return -EINVAL;
	}
	WRITE_ONCE(s->paused, !strcmp(argv[1], "pause"));
	kprintf("%s %s\n", s->name, s->paused ? "paused" : "resumed");
	return 0;
}
SHELL_COMMAND(services, "services", services_cmd,
	      "[pause|resume echo|discard]: the UDP echo/discard services");

static void socktest_report(const char *line)
{
	kprintf("FAIL %s\n", line);
}

static int socktest_cmd(int argc, char **argv)
{
	int checks, failed = socktest_run(socktest_report, &checks);

	kprintf("socktest: %d checks, %d failed\n", checks, failed);
	return failed ? -EIO : 0;
}
SHELL_COMMAND(socktest, "socktest", socktest_cmd,
	      ": exercise the socket API over 127.0.0.1 (self-test)");

/* panic(), WARN, and the ways a machine stops: halt, or reset through the
 * ACPI reset register, the 8042 keyboard controller, then a triple fault. */
#include "kernel/panic.h"
#include "kernel/ksyms.h"
#include "kernel/percpu.h"
#include "kernel/printk.h"
#include "kernel/sysctl.h"
#include "kernel/time.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/io.h"
#include "arch/x86_64/traps.h"
#include "drivers/acpi/acpi.h"
#include "lib/printf.h"

#define PANIC_MSG_MAX		256
#define PANIC_TIMEOUT_MAX	3600

/* 8042 keyboard controller [IBM PC/AT technical reference, 8042 commands] */
#define I8042_STATUS_PORT	0x64
#define I8042_COMMAND_PORT	0x64
#define I8042_STR_IBF		0x02	/* input buffer full: not ready for a command */
#define I8042_CMD_PULSE_RESET	0xFE	/* pulse output line 0 (CPU reset) low */
#define I8042_WAIT_LOOPS	100000

int panic_timeout;
SYSCTL_INT_ENTRY(kernel_panic, "kernel.panic", &panic_timeout, 0, PANIC_TIMEOUT_MAX,
		 "seconds before rebooting after a panic or fatal exception (0: halt)");

__noreturn void machine_halt(void)
{
	local_irq_disable();
	for (;;)
		halt();		/* an NMI may wake us: halt again */
}

static void kbd_reset(void)
{
	int i;

	for (i = 0; i < I8042_WAIT_LOOPS; i++) {
		if (!(inb(I8042_STATUS_PORT) & I8042_STR_IBF))
			break;
		io_delay();
	}
	outb(I8042_COMMAND_PORT, I8042_CMD_PULSE_RESET);
}

/* With a zero-length IDT the int3 cannot be delivered: #GP, #DF, shutdown. */
static __noreturn void triple_fault(void)
{
	struct {
		u16 limit;
		u64 base;
	} __packed null_idt = { 0, 0 };

	asm volatile("lidt %0; int3" : : "m"(null_idt) : "memory");
	machine_halt();
}

__noreturn void machine_restart(void)
{
	local_irq_disable();
	early_printk("reboot: Restarting system\n");
	acpi_reboot();
	mdelay(50);
	kbd_reset();
	mdelay(50);
	triple_fault();
}

__noreturn void panic_finish(void)
{
	int secs = READ_ONCE(panic_timeout);

	if (secs > 0 && secs <= PANIC_TIMEOUT_MAX) {
		early_printk("Rebooting in %d seconds..\n", secs);
		while (secs--)
			mdelay(1000);
		machine_restart();
	}
	early_printk("System halted.\n");
	machine_halt();
}

/*
 * The register dump shows the caller at the call (rip is the return
 * address); the trace starts inside panic() so the first frame names it.
 */
__noreturn void panic(const char *fmt, ...)
{
	static char msg[PANIC_MSG_MAX];
	struct pt_regs regs;
	va_list ap;
	u64 here;
	int len;

	crash_setup_regs(&regs);
	if (oops_begin() > 1) {
		early_printk("Kernel panic - not syncing: recursive panic; halting\n");
		machine_halt();
	}
	regs.rbp = *(u64 *)__builtin_frame_address(0);
	regs.rip = (u64)(uintptr_t)__builtin_return_address(0);
	regs.rsp = (u64)(uintptr_t)__builtin_frame_address(0) + 16;

	va_start(ap, fmt);
	len = vscnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (len > 0 && msg[len - 1] == '\n')
		msg[len - 1] = '\0';
	early_printk("Kernel panic - not syncing: %s\n", msg);
	early_printk("CPU: %u\n", smp_processor_id());
	show_regs(&regs);
	asm volatile("leaq (%%rip), %0" : "=r"(here));
	show_stack_from(here, (u64)(uintptr_t)__builtin_frame_address(0));
	panic_finish();
}

/* WARN_ON fires for broken invariants; a loop of them must not flood the
 * console, so the trace is rate-limited and the rest are counted. */
void __warn(const char *file, int line, const char *cond)
{
	static DEFINE_RATELIMIT_STATE(warn_rs, 5000, 10);
	static u64 warn_count;

	warn_count++;
	if (!__ratelimit(&warn_rs))
		return;
	pr_warn("WARNING: CPU: %u at %s:%d: %s (warning #%llu)\n", smp_processor_id(),
		file, line, cond, (unsigned long long)warn_count);
	dump_stack();
	pr_warn("---[ end trace ]---\n");
}

/* kmain: bring the subsystems up in dependency order, start the threads,
 * say `napkin: ready`, and become the idle task. */
#include "kernel/main.h"
#include "kernel/printk.h"
#include "kernel/cmdline.h"
#include "kernel/sched.h"
#include "kernel/softirq.h"
#include "kernel/timer.h"
#include "kernel/time.h"
#include "kernel/shell.h"
#include "kernel/mm/page_alloc.h"
#include "kernel/mm/slab.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/paging.h"
#include "arch/x86_64/gdt.h"
#include "arch/x86_64/idt.h"
#include "arch/x86_64/apic.h"
#include "drivers/acpi/acpi.h"
#include "drivers/serial.h"
#include "drivers/pci/pci.h"
#include "drivers/net/e1000/e1000.h"
#include "net/ipv4/af_inet.h"
#include "net/ipv4/ipconfig.h"
#include "app/app.h"
#include "net/core/netdevice.h"
#include "lib/string.h"

struct boot_info boot_info;

static const char *boot_source_name(u32 src)
{
	switch (src) {
	case BOOT_SRC_MULTIBOOT2:
		return "multiboot2";
	case BOOT_SRC_UEFI:
		return "uefi";
	default:
		return "unknown";
	}
}

static void print_banner(void)
{
	printk_always("napkin %s x86_64 (%s, %s) git %s\n", NAPKIN_VERSION,
		boot_source_name(boot_info.source),
		boot_info.loader[0] ? boot_info.loader : "unknown loader", NAPKIN_GIT);
	pr_info("Kernel command line: %s\n", saved_command_line());
}

static void mm_init(void)
{
	page_alloc_init(&boot_info);
	paging_init(highest_phys_addr());
	slab_init();
}

void kmain(struct boot_info *bi)
{
	int err;

	if (bi != &boot_info)
		memcpy(&boot_info, bi, sizeof(boot_info));
	serial_init();
	cmdline_init(boot_info.cmdline);
	print_banner();
	cmdline_parse();

	gdt_init();
	idt_init();
	mm_init();
	acpi_init(boot_info.rsdp);
	apic_init();
	time_init();
	timers_init();
	sched_init();
	softirq_init();
	net_dev_init();
	local_irq_enable();
	pci_init();
	inet_init();
	err = e1000_init();
	if (err)
		pr_err("e1000: driver registration failed (%d)\n", err);
	ip_auto_config();
	app_start();

	/* Input typed from here on is buffered by the UART interrupt, so the
	 * shell may start after the ready line without losing a command. */
	err = serial_irq_init();
	printk_always("napkin: ready\n");
	if (err)
		pr_err("serial: no receive interrupt (%d); the shell is unavailable\n", err);
	else
		shell_start();
	cpu_idle();
}

/* CPU exception handling: every exception but NMI is fatal — report the
 * vector, registers, faulting address and call trace, then halt (or reboot
 * per sysctl kernel.panic). Also the debug-only `crash` shell command. */
#include "arch/x86_64/traps.h"
#include "arch/x86_64/cpu.h"
#include "kernel/ksyms.h"
#include "kernel/panic.h"
#include "kernel/percpu.h"
#include "kernel/printk.h"
#include "kernel/shell.h"
#include "kernel/cmdline.h"
#include "lib/errno.h"
#include "lib/kstrtox.h"
#include "lib/string.h"

/* Page fault error code bits [Intel SDM Vol.3 4.7]. */
#define X86_PF_PROT	BIT(0)	/* 0: not-present page, 1: protection violation */
#define X86_PF_WRITE	BIT(1)
#define X86_PF_USER	BIT(2)
#define X86_PF_RSVD	BIT(3)	/* reserved bit set in a paging entry */
#define X86_PF_INSTR	BIT(4)	/* instruction fetch */
#define X86_PF_PK	BIT(5)	/* protection key */
#define X86_PF_SHSTK	BIT(6)	/* shadow stack access */

#define PAGE_SIZE_4K	4096

struct exception_info {
	const char *mnemonic;
	const char *name;
};

/* [Intel SDM Vol.3 Table 6-1; AMD APM Vol.2 8.2 for 28-30] */
static const struct exception_info exception_info[NR_EXCEPTIONS] = {
	{ "#DE", "Divide Error" },
	{ "#DB", "Debug" },
	{ "NMI", "Non-Maskable Interrupt" },
	{ "#BP", "Breakpoint" },
	{ "#OF", "Overflow" },
	{ "#BR", "BOUND Range Exceeded" },
	{ "#UD", "Invalid Opcode" },
	{ "#NM", "Device Not Available" },
	{ "#DF", "Double Fault" },
	{ "#CSO", "Coprocessor Segment Overrun" },
	{ "#TS", "Invalid TSS" },
	{ "#NP", "Segment Not Present" },
	{ "#SS", "Stack-Segment Fault" },
	{ "#GP", "General Protection" },
	{ "#PF", "Page Fault" },
	{ "#RSV", "Reserved (15)" },
	{ "#MF", "x87 Floating-Point Error" },
	{ "#AC", "Alignment Check" },
	{ "#MC", "Machine Check" },
	{ "#XM", "SIMD Floating-Point Exception" },
	{ "#VE", "Virtualization Exception" },
	{ "#CP", "Control Protection Exception" },
	{ "#RSV", "Reserved (22)" },
	{ "#RSV", "Reserved (23)" },
	{ "#RSV", "Reserved (24)" },
	{ "#RSV", "Reserved (25)" },
	{ "#RSV", "Reserved (26)" },
	{ "#RSV", "Reserved (27)" },
	{ "#HV", "Hypervisor Injection Exception" },
	{ "#VC", "VMM Communication Exception" },
	{ "#SX", "Security Exception" },
	{ "#RSV", "Reserved (31)" },
};

static int oops_depth;
static u64 nmi_count;

int oops_begin(void)
{
	local_irq_disable();
	return __atomic_add_fetch(&oops_depth, 1, __ATOMIC_SEQ_CST);
}

void show_regs(const struct pt_regs *r)
{
	early_printk("RIP=%016lx RSP=%016lx RFLAGS=%016lx\n", r->rip, r->rsp, r->rflags);
	early_printk("CS=%04lx SS=%04lx\n", r->cs, r->ss);
	early_printk("RAX=%016lx RBX=%016lx RCX=%016lx\n", r->rax, r->rbx, r->rcx);
	early_printk("RDX=%016lx RSI=%016lx RDI=%016lx\n", r->rdx, r->rsi, r->rdi);
	early_printk("RBP=%016lx R8=%016lx R9=%016lx\n", r->rbp, r->r8, r->r9);
	early_printk("R10=%016lx R11=%016lx R12=%016lx\n", r->r10, r->r11, r->r12);
	early_printk("R13=%016lx R14=%016lx R15=%016lx\n", r->r13, r->r14, r->r15);
	early_printk("CR0=%016lx CR2=%016lx CR3=%016lx CR4=%016lx\n",
		     read_cr0(), read_cr2(), read_cr3(), read_cr4());
}

static void show_page_fault(u64 cr2, u64 err)
{
	early_printk("#PF: CR2=0x%lx: %s %s access, %s%s%s%s%s\n", cr2,
		     err & X86_PF_USER ? "user" : "supervisor",
		     err & X86_PF_INSTR ? "instruction fetch" :
		     err & X86_PF_WRITE ? "write" : "read",
		     err & X86_PF_PROT ? "protection violation" : "not-present page",
		     err & X86_PF_RSVD ? ", reserved bit set" : "",
		     err & X86_PF_PK ? ", protection key" : "",
		     err & X86_PF_SHSTK ? ", shadow stack" : "",
		     cr2 < PAGE_SIZE_4K ? " (NULL pointer dereference)" : "");
}

static void show_rip(u64 rip)
{
	u64 off, size;
	const char *name = ksym_lookup(rip, &off, &size);

	if (name)
		early_printk("RIP is at %s+0x%lx/0x%lx\n", name, off, size);
	else
		early_printk("RIP is at 0x%lx (outside kernel text)\n", rip);
}

/* Unknown NMIs are reported and survived, as Linux does by default. */
static void do_nmi(const struct pt_regs *regs)
{
	nmi_count++;
	early_printk("NMI received for unknown reason on CPU %u at RIP=%016lx (%lu so far)\n",
		     smp_processor_id(), regs->rip, nmi_count);
}

static void report_exception(const struct pt_regs *regs, u64 cr2)
{
	unsigned int vec = regs->vector % NR_EXCEPTIONS;	/* stubs push 0-31 */

	early_printk("EXCEPTION: %s %s (vector %u, error 0x%lx) on CPU %u\n",
		     exception_info[vec].mnemonic, exception_info[vec].name, vec,
		     regs->error_code, smp_processor_id());
	if (vec == X86_TRAP_PF)
		show_page_fault(cr2, regs->error_code);
	else if (vec == X86_TRAP_GP && regs->error_code)
		early_printk("#GP: segment selector/IDT index 0x%lx\n", regs->error_code);
	show_rip(regs->rip);
	show_regs(regs);
	show_stack_from(regs->rip, regs->rbp);
}

void do_exception(struct pt_regs *regs)
{
	/* CR2 first: a fault while reporting would overwrite it. */
	u64 cr2 = read_cr2();
	int depth;

	if (regs->vector == X86_TRAP_NMI) {
		do_nmi(regs);
		return;
	}
	depth = oops_begin();
	if (depth == 2)
		early_printk("EXCEPTION: %s at RIP=%016lx while reporting a fatal error; halting\n",
			     exception_info[regs->vector % NR_EXCEPTIONS].mnemonic, regs->rip);
	if (depth > 1)
		machine_halt();
	report_exception(regs, cr2);
	panic_finish();
}

/* ---- crash: fault on purpose, to test the path above (debug=1 only) ---- */

/* Canonical, low half, and far above anything the identity map covers. */
#define CRASH_PF_ADDR	0x0000700000000000ULL
#define CRASH_GP_ADDR	0x8000000000000000ULL	/* non-canonical: #GP, not #PF */

static bool debug_enabled;

static int debug_param_set(const char *value)
{
	bool on = true;

	if (*value && kstrtobool(value, &on))
		return -EINVAL;
	debug_enabled = on;
	return 0;
}
CMDLINE_PARAM(debug, "debug", debug_param_set,
	      "enable debug-only shell commands such as crash (debug or debug=1)");

static int shell_cmd_crash(int argc, char **argv)
{
	volatile u32 zero = 0, one = 1;

	if (!debug_enabled) {
		kprintf("crash: needs debug=1\n");
		return -EPERM;
	}
	if (argc != 2) {
		kprintf("usage: crash <ud|pf|gp|de>\n");
		return -EINVAL;
	}
	if (!strcmp(argv[1], "pf")) {
		kprintf("crash: faulting at 0x%llx\n", CRASH_PF_ADDR);
		(void)*(volatile u64 *)CRASH_PF_ADDR;
	} else if (!strcmp(argv[1], "gp")) {
		(void)*(volatile u64 *)CRASH_GP_ADDR;
	} else if (!strcmp(argv[1], "ud")) {
		asm volatile("ud2");
	} else if (!strcmp(argv[1], "de")) {
		one = one / zero;
	} else {
		kprintf("crash: unknown kind '%s' (ud, pf, gp, de)\n", argv[1]);
		return -EINVAL;
	}
	kprintf("crash: still running after '%s'?\n", argv[1]);
	return -EFAULT;
}
SHELL_COMMAND(crash, "crash", shell_cmd_crash,
	      "crash <ud|pf|gp|de>: raise an exception on purpose (needs debug=1)");

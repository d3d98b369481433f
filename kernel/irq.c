/* Hard interrupt dispatch: per-vector handler chains (shared lines), the
 * counters behind `interrupts`, and vector allocation for MSI. Vectors
 * with nothing attached are counted (ERR) and acknowledged, never fatal. */
#include "kernel/irq.h"
#include "kernel/percpu.h"
#include "kernel/printk.h"
#include "kernel/shell.h"
#include "kernel/softirq.h"
#include "kernel/spinlock.h"
#include "arch/x86_64/apic.h"
#include "lib/errno.h"
#include "lib/printf.h"

#define IRQ_MAX_ACTIONS		64	/* handlers attached, all vectors together */
#define IRQ_NAMES_MAX		80	/* "timer, eth0-rx, ..." in `interrupts` */
#define NR_DYN_VECTORS		(IRQ_DYN_LAST - IRQ_DYN_FIRST + 1)

struct irqaction {
	bool in_use;			/* pool slot taken */
	irq_handler_t handler;
	void *ctx;
	const char *name;
	const char *chip;
	struct irqaction *next;
};

struct irq_desc {
	spinlock_t lock;		/* chain changes vs. dispatch on other CPUs */
	struct irqaction *action;
	u64 count[NR_CPUS];
	u64 unhandled;			/* every handler said IRQ_NONE */
};

static struct irq_desc irq_desc[NR_VECTORS];
static struct irqaction action_pool[IRQ_MAX_ACTIONS];
static DEFINE_SPINLOCK(action_pool_lock);
static u64 dyn_vector_used[DIV_ROUND_UP(NR_DYN_VECTORS, 64)];
static DEFINE_SPINLOCK(vector_lock);
static u64 irq_err_count;		/* no handler on the vector */
static u64 irq_spurious_count;		/* LAPIC spurious vector */

static struct irqaction *action_alloc(void)
{
	unsigned long flags;
	struct irqaction *a = NULL;
	int i;

	spin_lock_irqsave(&action_pool_lock, flags);
	for (i = 0; i < IRQ_MAX_ACTIONS; i++) {
		if (!action_pool[i].in_use) {
			a = &action_pool[i];
			a->in_use = true;
			break;
		}
	}
	spin_unlock_irqrestore(&action_pool_lock, flags);
	return a;
}

static void action_release(struct irqaction *a)
{
	unsigned long flags;

	spin_lock_irqsave(&action_pool_lock, flags);
	a->in_use = false;
	spin_unlock_irqrestore(&action_pool_lock, flags);
}

static bool vector_valid(int vector)
{
	return vector >= FIRST_EXTERNAL_VECTOR && vector < NR_VECTORS &&
	       vector != SPURIOUS_VECTOR;
}

int request_irq(int vector, irq_handler_t handler, void *ctx,
		const char *name, const char *chip)
{
	struct irqaction *a, **p;
	struct irq_desc *desc;
	unsigned long flags;

	if (!vector_valid(vector) || !handler || !name)
		return -EINVAL;
	a = action_alloc();
	if (!a) {
		pr_err("irq: no free handler slot for %s on vector %d (cap %d)\n",
		       name, vector, IRQ_MAX_ACTIONS);
		return -ENOMEM;
	}
	a->handler = handler;
	a->ctx = ctx;
	a->name = name;
	a->chip = chip ? chip : "-";
	a->next = NULL;
	desc = &irq_desc[vector];
	spin_lock_irqsave(&desc->lock, flags);
	for (p = &desc->action; *p; p = &(*p)->next) {
		if ((*p)->handler == handler && (*p)->ctx == ctx) {
			spin_unlock_irqrestore(&desc->lock, flags);
			action_release(a);
			return -EBUSY;
		}
	}
	*p = a;
	spin_unlock_irqrestore(&desc->lock, flags);
	return 0;
}

void free_irq(int vector, void *ctx)
{
	struct irqaction *a = NULL, **p;
	struct irq_desc *desc;
	unsigned long flags;

	if (!vector_valid(vector))
		return;
	desc = &irq_desc[vector];
	spin_lock_irqsave(&desc->lock, flags);
	for (p = &desc->action; *p; p = &(*p)->next) {
		if ((*p)->ctx == ctx) {
			a = *p;
			*p = a->next;
			break;
		}
	}
	spin_unlock_irqrestore(&desc->lock, flags);
	if (a)
		action_release(a);
	else
		pr_warn("irq: free_irq(%d): no handler with that context\n", vector);
}

int irq_alloc_vector(void)
{
	unsigned long flags;
	int i, vector = -ENOSPC;

	spin_lock_irqsave(&vector_lock, flags);
	for (i = 0; i < NR_DYN_VECTORS; i++) {
		if (!(dyn_vector_used[i / 64] & BIT_ULL(i % 64))) {
			dyn_vector_used[i / 64] |= BIT_ULL(i % 64);
			vector = IRQ_DYN_FIRST + i;
			break;
		}
	}
	spin_unlock_irqrestore(&vector_lock, flags);
	return vector;
}

void irq_free_vector(int vector)
{
	unsigned long flags;
	int i = vector - IRQ_DYN_FIRST;

	if (vector < IRQ_DYN_FIRST || vector > IRQ_DYN_LAST)
		return;
	spin_lock_irqsave(&vector_lock, flags);
	dyn_vector_used[i / 64] &= ~BIT_ULL(i % 64);
	spin_unlock_irqrestore(&vector_lock, flags);
}

/* Linux's name: an interrupt nobody registered for. */
static void ack_bad_irq(int vector)
{
	irq_err_count++;
	pr_warn_ratelimited("irq: unexpected interrupt on vector %d (no handler)\n", vector);
}

/*
 * Call every handler on the chain, as Linux does: on a shared level-triggered
 * line two devices may be asserting at once, and stopping at the first
 * claim would cost the second an EOI and a re-delivery. Handlers run with
 * desc->lock held and interrupts off: they must not request or free
 * interrupts on their own vector. Returns false if the chain is empty.
 */
static bool handle_irq_event(int vector, struct irq_desc *desc)
{
	struct irqaction *a;
	bool handled = false, any;

	spin_lock(&desc->lock);
	any = desc->action != NULL;
	for (a = desc->action; a; a = a->next)
		handled |= a->handler(vector, a->ctx) == IRQ_HANDLED;
	if (any && !handled)
		desc->unhandled++;
	spin_unlock(&desc->lock);
	return any;
}

void do_irq(struct pt_regs *regs)
{
	int vector = regs->vector & 0xFF;
	struct irq_desc *desc = &irq_desc[vector];

	/* A spurious LAPIC interrupt sets no in-service bit: no EOI
	 * [Intel SDM Vol.3 10.9]. */
	if (vector == SPURIOUS_VECTOR) {
		irq_spurious_count++;
		return;
	}
	irq_enter();
	desc->count[smp_processor_id()]++;
	if (!handle_irq_event(vector, desc))
		ack_bad_irq(vector);
	/* EOI before irq_exit(): softirqs run there with interrupts on. */
	lapic_eoi();
	irq_exit();
}

u64 irq_count(int vector)
{
	u64 sum = 0;
	int cpu;

	if (vector < 0 || vector >= NR_VECTORS)
		return 0;
	for (cpu = 0; cpu < NR_CPUS; cpu++)
		sum += READ_ONCE(irq_desc[vector].count[cpu]);
	return sum;
}

/* One line per vector in use: count, chip of the first handler, names. */
static void show_vector(int vector)
{
	struct irq_desc *desc = &irq_desc[vector];
	char names[IRQ_NAMES_MAX] = "";
	const char *chip = "-";
	struct irqaction *a;
	unsigned long flags;
	size_t len = 0;
	bool has_action;
	u64 unhandled;

	spin_lock_irqsave(&desc->lock, flags);
	for (a = desc->action; a; a = a->next) {
		if (a == desc->action)
			chip = a->chip;
		len += scnprintf(names + len, sizeof(names) - len, "%s%s",
				 a == desc->action ? "" : ", ", a->name);
	}
	unhandled = desc->unhandled;
	has_action = desc->action != NULL;
	spin_unlock_irqrestore(&desc->lock, flags);
	if (!has_action && !irq_count(vector))
		return;
	kprintf("%4d: %10llu  %s  %s", vector, (unsigned long long)irq_count(vector),
		chip, names[0] ? names : "(no handler)");
	if (unhandled)
		kprintf("  (unhandled %llu)", (unsigned long long)unhandled);
	kprintf("\n");
}

void show_interrupts(void)
{
	int vector;

	kprintf("            CPU0\n");
	for (vector = FIRST_EXTERNAL_VECTOR; vector < NR_VECTORS; vector++)
		if (vector != SPURIOUS_VECTOR)
			show_vector(vector);
	kprintf("ERR: %10llu\n", (unsigned long long)READ_ONCE(irq_err_count));
	kprintf("SPU: %10llu\n", (unsigned long long)READ_ONCE(irq_spurious_count));
}

static int cmd_interrupts(int argc, char **argv)
{
	if (argc > 1) {
		kprintf("usage: interrupts\n");
		return -EINVAL;
	}
	show_interrupts();
	return 0;
}
SHELL_COMMAND(interrupts, "interrupts", cmd_interrupts,
	      "per-vector interrupt counts, as /proc/interrupts");

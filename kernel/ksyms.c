/* Symbol lookup and frame-pointer stack traces. The kernel is built with
 * -fno-omit-frame-pointer, so each frame starts {saved rbp, return address};
 * the walk checks alignment, bounds and monotonic growth before each read. */
#include "kernel/ksyms.h"
#include "kernel/printk.h"
#include "kernel/percpu.h"
#include "kernel/sched.h"
#include "kernel/mm/page_alloc.h"
#include "lib/printf.h"

struct ksym {
	u64 addr;
	const char *name;
};

/* .ksyms: u64 count, then count {addr, name} pairs sorted by address. */
extern const u64 __ksyms_start[];
extern const char _kernel_start[], _kernel_end[], _text_end[];

typedef void (*trace_print_t)(const char *fmt, ...);

struct stack_range {
	u64 lo, hi;
};

static u64 ksym_count(void)
{
	return __ksyms_start[0];
}

static const struct ksym *ksym_at(u64 i)
{
	return (const struct ksym *)&__ksyms_start[1] + i;
}

bool kernel_text_address(u64 addr)
{
	return addr >= (u64)(uintptr_t)_kernel_start && addr < (u64)(uintptr_t)_text_end;
}

/* Index of the last symbol at or below addr; caller checks count > 0. */
static u64 ksym_search(u64 addr)
{
	u64 lo = 0, hi = ksym_count();

	while (hi - lo > 1) {
		u64 mid = lo + (hi - lo) / 2;

		if (ksym_at(mid)->addr <= addr)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

const char *ksym_lookup(u64 addr, u64 *offset, u64 *size)
{
	u64 n = ksym_count(), i, j, end;
	const struct ksym *s;

	if (!n || !kernel_text_address(addr) || addr < ksym_at(0)->addr)
		return NULL;
	i = ksym_search(addr);
	s = ksym_at(i);
	/* Aliases share an address: the size runs to the next distinct one. */
	for (j = i + 1; j < n && ksym_at(j)->addr == s->addr; j++)
		;
	end = j < n ? ksym_at(j)->addr : (u64)(uintptr_t)_text_end;
	if (offset)
		*offset = addr - s->addr;
	if (size)
		*size = end - s->addr;
	return s->name;
}

/*
 * A return address may sit just past a call to a noreturn function, i.e.
 * at the start of the next symbol: look up addr - 1 and report the offset
 * of addr (as Linux's %pB does).
 */
static void print_frame(trace_print_t print, u64 addr, bool is_return)
{
	u64 off, size;
	const char *name = ksym_lookup(is_return ? addr - 1 : addr, &off, &size);

	if (!name) {
		print(" [<%016llx>] ?\n", (unsigned long long)addr);
		return;
	}
	if (is_return)
		off++;
	print(" [<%016llx>] %s+0x%llx/0x%llx\n", (unsigned long long)addr, name,
	      (unsigned long long)off, (unsigned long long)size);
}

/* The current thread's stack, read only if its task pointer looks sane. */
static bool task_stack_range(u64 p, struct stack_range *r)
{
	struct task_struct *t = READ_ONCE(this_cpu()->curr_task);
	u64 top = highest_phys_addr(), tp = (u64)(uintptr_t)t, base;

	if (!t || !IS_ALIGNED(tp, 8) || tp < 0x1000 || tp + sizeof(*t) > top)
		return false;
	base = (u64)(uintptr_t)t->stack;
	if (!base || base + THREAD_STACK_SIZE > top)
		return false;
	r->lo = base;
	r->hi = base + THREAD_STACK_SIZE;
	return p >= r->lo && p < r->hi;
}

/* Boot stack and the IST stacks live in the image's .bss. */
static bool find_stack_range(u64 p, struct stack_range *r)
{
	r->lo = (u64)(uintptr_t)_kernel_start;
	r->hi = (u64)(uintptr_t)_kernel_end;
	if (p >= r->lo && p < r->hi)
		return true;
	return task_stack_range(p, r);
}

static void walk_stack(trace_print_t print, u64 rip, u64 rbp)
{
	struct stack_range r;
	int depth;

	print("Call trace:\n");
	print_frame(print, rip, false);
	if (!find_stack_range(rbp, &r))
		return;
	for (depth = 1; depth < STACK_TRACE_MAX_DEPTH; depth++) {
		const u64 *frame = (const u64 *)(uintptr_t)rbp;
		u64 next, ret;

		if (!IS_ALIGNED(rbp, 8) || rbp < r.lo || rbp + 16 > r.hi)
			return;
		next = frame[0];
		ret = frame[1];
		if (!kernel_text_address(ret))
			return;
		print_frame(print, ret, true);
		/* Callers' frames sit higher: anything else is a loop or garbage. */
		if (next <= rbp)
			return;
		rbp = next;
	}
	print(" ... (trace cut at %d frames)\n", STACK_TRACE_MAX_DEPTH);
}

void show_stack_from(u64 rip, u64 rbp)
{
	walk_stack(early_printk, rip, rbp);
}

static __printf(1, 2) void trace_printk_warn(const char *fmt, ...)
{
	char line[160];
	va_list ap;

	va_start(ap, fmt);
	vscnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	printk(KERN_WARNING "%s", line);
}

__noinline void dump_stack(void)
{
	u64 rip;

	asm volatile("leaq (%%rip), %0" : "=r"(rip));
	walk_stack(trace_printk_warn, rip, (u64)(uintptr_t)__builtin_frame_address(0));
}

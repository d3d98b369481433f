/* GDT and TSS setup, one pair per CPU. The TSS matters only for its
 * interrupt stack table: ring 0 never switches stacks on a privilege change.
 * [Intel SDM Vol.3 3.4.5 segment descriptors, 7.7 64-bit TSS, 6.14.5 IST] */
#include "arch/x86_64/gdt.h"
#include "kernel/percpu.h"

#define GDT_ENTRIES	5	/* null, code, data, TSS (two slots) */

/* Access/flag bits of the 8-byte code/data descriptors. */
#define DESC_CODE64	0x00AF9A000000FFFFULL	/* P, DPL0, code exec/read, L, G */
#define DESC_DATA	0x00CF92000000FFFFULL	/* P, DPL0, data read/write, D/B, G */
#define DESC_TSS_AVAIL	0x89ULL			/* P, DPL0, type 9: available 64-bit TSS */

struct tss {
	u32 reserved0;
	u64 rsp[3];
	u64 reserved1;
	u64 ist[7];
	u64 reserved2;
	u16 reserved3;
	u16 iomap_base;
} __packed;
static_assert(sizeof(struct tss) == 104, "64-bit TSS is 104 bytes");

struct gdt_ptr {
	u16 limit;
	u64 base;
} __packed;

struct cpu_gdt {
	u64 entries[GDT_ENTRIES];
} __aligned(16);

static struct cpu_gdt cpu_gdt[NR_CPUS];
static struct tss cpu_tss[NR_CPUS] __aligned(16);
static u8 ist_stacks[NR_CPUS][2][IST_STACK_SIZE] __aligned(16);

/* A 64-bit TSS descriptor spans two GDT slots [SDM Vol.3 Figure 7-4]. */
static void set_tss_desc(u64 *slot, const struct tss *tss)
{
	u64 base = (u64)(uintptr_t)tss;
	u64 limit = sizeof(*tss) - 1;

	slot[0] = (limit & 0xFFFF) | ((base & 0xFFFFFF) << 16) |
		  (DESC_TSS_AVAIL << 40) | (((limit >> 16) & 0xF) << 48) |
		  (((base >> 24) & 0xFF) << 56);
	slot[1] = base >> 32;
}

/* Reload CS with a far return (no far jump to an immediate in 64-bit
 * mode), then the data segments, then the task register. */
static void load_segments(const struct gdt_ptr *gp)
{
	asm volatile("lgdt %0\n\t"
		     "pushq %1\n\t"
		     "leaq 1f(%%rip), %%rax\n\t"
		     "pushq %%rax\n\t"
		     "lretq\n"
		     "1:\n\t"
		     "movl %2, %%eax\n\t"
		     "movl %%eax, %%ds\n\t"
		     "movl %%eax, %%es\n\t"
		     "movl %%eax, %%ss\n\t"
		     "xorl %%eax, %%eax\n\t"
		     "movl %%eax, %%fs\n\t"
		     "movl %%eax, %%gs\n\t"
		     "ltr %w3"
		     : : "m"(*gp), "i"(KERNEL_CS), "i"(KERNEL_DS), "r"(GDT_TSS_SEL)
		     : "rax", "memory");
}

void gdt_init_cpu(unsigned int cpu)
{
	struct cpu_gdt *g;
	struct tss *tss;
	struct gdt_ptr gp;

	if (cpu >= NR_CPUS)
		return;
	g = &cpu_gdt[cpu];
	tss = &cpu_tss[cpu];
	tss->ist[IST_DOUBLE_FAULT - 1] = (u64)(uintptr_t)ist_stacks[cpu][0] + IST_STACK_SIZE;
	tss->ist[IST_NMI_MCE - 1] = (u64)(uintptr_t)ist_stacks[cpu][1] + IST_STACK_SIZE;
	tss->iomap_base = sizeof(*tss);		/* no I/O permission bitmap */

	g->entries[0] = 0;
	g->entries[KERNEL_CS / 8] = DESC_CODE64;
	g->entries[KERNEL_DS / 8] = DESC_DATA;
	set_tss_desc(&g->entries[GDT_TSS_SEL / 8], tss);

	gp.limit = sizeof(g->entries) - 1;
	gp.base = (u64)(uintptr_t)g->entries;
	load_segments(&gp);
}

void gdt_init(void)
{
	gdt_init_cpu(0);
}

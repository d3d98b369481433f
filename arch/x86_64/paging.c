/* Kernel page tables: the final identity map that replaces the boot tables.
 * Large pages for RAM and MMIO, 4 KiB pages for the kernel image and the
 * first 2 MiB (page 0 stays unmapped to catch NULL). No user mappings. */

#include "arch/x86_64/paging.h"
#include "arch/x86_64/cpu.h"
#include "kernel/mm/page_alloc.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/spinlock.h"
#include "lib/errno.h"

/* Page-table entry bits [Intel SDM Vol.3 4.5, Table 4-15..4-20]. */
#define PTE_P		BIT_ULL(0)	/* present */
#define PTE_W		BIT_ULL(1)	/* writable */
#define PTE_PWT		BIT_ULL(3)	/* with PCD: PAT entry 3, uncached */
#define PTE_PCD		BIT_ULL(4)
#define PTE_PS		BIT_ULL(7)	/* 2 MiB / 1 GiB leaf in a PD / PDPT */
#define PTE_NX		BIT_ULL(63)	/* only when EFER.NXE is on */
#define PTE_ADDR_MASK	GENMASK_ULL(51, 12)

#define PTRS_PER_TABLE	512
#define SZ_2M		(1ULL << 21)
#define SZ_1G		(1ULL << 30)
#define SZ_4G		(1ULL << 32)

/* PAT as at reset: PA0 WB, PA1 WT, PA2 UC-, PA3 UC, repeated [SDM Vol.3
 * 13.12.4]. PCD|PWT therefore selects UC. */
#define PAT_DEFAULT	0x0007040600070406ULL
#define CPUID_1_EDX_PAT		BIT(16)
#define CPUID_81_EDX_NX		BIT(20)
#define CPUID_81_EDX_PAGE1GB	BIT(26)

extern char _kernel_start[], _kernel_end[], _text_end[], _data_start[];

static u64 *kernel_pml4;
static u64 pte_nx;		/* PTE_NX when the CPU enforces it, else 0 */
static bool gbpages;		/* 1 GiB leaves allowed */
static u32 phys_bits = 36;
static u64 mapped_end;		/* identity map covers [0, mapped_end) */
static u64 fine_end;		/* [0, fine_end) is mapped in 4 KiB pages */
static DEFINE_SPINLOCK(pgtable_lock);

static void detect_features(void)
{
	u32 a, b, c, d, max_ext;

	cpuid(0x80000000, 0, &max_ext, &b, &c, &d);
	if (max_ext >= 0x80000001) {
		cpuid(0x80000001, 0, &a, &b, &c, &d);
		gbpages = d & CPUID_81_EDX_PAGE1GB;
		/* head.asm turned NXE on if the CPU has it; trust EFER. */
		if ((d & CPUID_81_EDX_NX) && (rdmsr(MSR_EFER) & EFER_NXE))
			pte_nx = PTE_NX;
	}
	if (max_ext >= 0x80000008) {
		cpuid(0x80000008, 0, &a, &b, &c, &d);
		phys_bits = a & 0xff;
	}
	cpuid(1, 0, &a, &b, &c, &d);
	if ((d & CPUID_1_EDX_PAT) && rdmsr(MSR_IA32_PAT) != PAT_DEFAULT)
		wrmsr(MSR_IA32_PAT, PAT_DEFAULT);
}

/* The table an entry points to, made if absent; NULL if the entry is a
 * large leaf (-EEXIST) or no page is left (-ENOMEM). */
static u64 *next_table(u64 *entry, int *err)
{
	u64 *table;

	if (*entry & PTE_P) {
		if (*entry & PTE_PS) {
			*err = -EEXIST;
			return NULL;
		}
		return phys_to_virt(*entry & PTE_ADDR_MASK);
	}
	table = get_zeroed_page(GFP_KERNEL);
	if (!table) {
		*err = -ENOMEM;
		return NULL;
	}
	/* Upper levels allow everything; the leaf decides. */
	*entry = virt_to_phys(table) | PTE_P | PTE_W;
	return table;
}

/*
 * Map [addr, addr + size) to itself with one leaf of that size. Returns 0,
 * -EEXIST if a present leaf already covers it, -EBUSY if a smaller-grained
 * table sits where the leaf would go, or -ENOMEM.
 */
static int install_leaf(u64 addr, u64 size, u64 flags)
{
	u64 *table = kernel_pml4;
	int shift = 39, err = 0;

	for (;;) {
		u64 *e = &table[(addr >> shift) & (PTRS_PER_TABLE - 1)];

		if ((1ULL << shift) == size) {
			if (*e & PTE_P)
				return (size == PAGE_SIZE || (*e & PTE_PS)) ? -EEXIST : -EBUSY;
			*e = addr | flags | (size > PAGE_SIZE ? PTE_PS : 0);
			return 0;
		}
		table = next_table(e, &err);
		if (!table)
			return err;
		shift -= 9;
	}
}

static u64 ram_attr(u64 start, u64 end)
{
	if (phys_range_kind(start, end) == PHYS_RANGE_HOLE)
		return PTE_P | PTE_W | PTE_PCD | PTE_PWT | pte_nx;
	return PTE_P | PTE_W | pte_nx;
}

/* .boot and .text run, .rodata is read, the rest (.data, the linker tables,
 * .bss) is written; nothing but text executes. */
static u64 kernel_attr(u64 addr)
{
	if (addr < (u64)(uintptr_t)_text_end)
		return PTE_P;
	if (addr < (u64)(uintptr_t)_data_start)
		return PTE_P | pte_nx;
	return PTE_P | PTE_W | pte_nx;
}

/* The largest leaf that can map addr: aligned, inside [.., end), outside
 * the fine-grained low range, and not straddling RAM and non-RAM. */
static u64 pick_leaf(u64 addr, u64 end)
{
	if (addr >= fine_end) {
		if (gbpages && IS_ALIGNED(addr, SZ_1G) && addr + SZ_1G <= end &&
		    phys_range_kind(addr, addr + SZ_1G) != PHYS_RANGE_MIXED)
			return SZ_1G;
		if (IS_ALIGNED(addr, SZ_2M) && addr + SZ_2M <= end &&
		    phys_range_kind(addr, addr + SZ_2M) != PHYS_RANGE_MIXED)
			return SZ_2M;
	}
	return PAGE_SIZE;
}

static void map_identity(u64 end)
{
	u64 kstart = (u64)(uintptr_t)_kernel_start, kend = (u64)(uintptr_t)_kernel_end;
	u64 addr = PAGE_SIZE;	/* page 0 stays unmapped: NULL faults */

	while (addr < end) {
		u64 size = pick_leaf(addr, end), flags;
		int err;

		if (addr >= kstart && addr < kend)
			flags = kernel_attr(addr);
		else
			flags = ram_attr(addr, addr + size);
		err = install_leaf(addr, size, flags);
		if (err)
			panic("paging: cannot map %#lx (+%#lx): %d", addr, size, err);
		addr += size;
	}
}

void paging_init(u64 max_phys)
{
	u64 kend = (u64)(uintptr_t)_kernel_end;

	detect_features();
	kernel_pml4 = get_zeroed_page(GFP_KERNEL);
	if (!kernel_pml4)
		panic("paging: no page for the PML4");
	fine_end = ALIGN(kend, SZ_2M);
	mapped_end = max_t(u64, SZ_4G, ALIGN(max_phys, SZ_1G));
	map_identity(mapped_end);
	write_cr3(virt_to_phys(kernel_pml4));
	pr_info("paging: identity map to %lu GiB in %s pages, NX %s, page 0 unmapped\n",
		mapped_end >> 30, gbpages ? "1 GiB" : "2 MiB", pte_nx ? "on" : "off");
}

static int ioremap_range(u64 start, u64 end)
{
	u64 flags = PTE_P | PTE_W | PTE_PCD | PTE_PWT | pte_nx;
	u64 addr = start;

	while (addr < end) {
		u64 size = pick_leaf(addr, end);
		int err;

		for (;;) {
			err = install_leaf(addr, size, flags);
			if (err != -EBUSY || size == PAGE_SIZE)
				break;
			size = size == SZ_1G ? SZ_2M : PAGE_SIZE;
		}
		if (err && err != -EEXIST)
			return err;
		addr += size;
	}
	return 0;
}

void *ioremap(u64 phys, u64 size)
{
	u64 start = ALIGN_DOWN(phys, PAGE_SIZE), end = ALIGN(phys + size, PAGE_SIZE);
	unsigned long flags;
	int err;

	if (!size || end <= start || (phys_bits < 64 && end > (1ULL << phys_bits))) {
		pr_err("ioremap(%#lx, %#lx): outside the physical address space\n",
		       phys, size);
		return NULL;
	}
	if (!kernel_pml4)	/* before paging_init the boot map has 4 GiB */
		return end <= SZ_4G ? phys_to_virt(phys) : NULL;
	if (end <= mapped_end)
		return phys_to_virt(phys);
	spin_lock_irqsave(&pgtable_lock, flags);
	err = ioremap_range(max(start, mapped_end), end);
	/* Entries only went from not-present to present; reloading CR3 is
	 * belt and braces for the paging-structure caches [SDM Vol.3 4.10.4.3]. */
	write_cr3(read_cr3());
	spin_unlock_irqrestore(&pgtable_lock, flags);
	if (err) {
		pr_err("ioremap(%#lx, %#lx): %d\n", phys, size, err);
		return NULL;
	}
	return phys_to_virt(phys);
}

/* Multiboot2 boot path: turn the loader's tag list into a boot_info and
 * enter kmain(). Every tag is length-checked against the info block.
 * [Multiboot2 spec 3.6 boot information format] */
#include "boot/boot_info.h"
#include "lib/string.h"
#include "lib/compiler.h"
#include "kernel/main.h"

#define MB2_BOOT_MAGIC		0x36D76289u
#define MB2_TAG_END		0
#define MB2_TAG_CMDLINE		1
#define MB2_TAG_LOADER_NAME	2
#define MB2_TAG_MMAP		6
#define MB2_TAG_ACPI_OLD	14
#define MB2_TAG_ACPI_NEW	15
#define MB2_INFO_MAX		(64 * 1024)
#define RSDP_COPY_MAX		64

struct mb2_tag {
	u32 type;
	u32 size;
};

struct mb2_mmap_entry {
	u64 base;
	u64 length;
	u32 type;
	u32 reserved;
};

static struct boot_info mb2_info;
/* GRUB hands us a copy of the RSDP inside the tag; the tag's memory is free
 * for reuse later, so keep our own copy and point boot_info at it. */
static u8 rsdp_copy[RSDP_COPY_MAX] __aligned(16);

static void copy_string(char *dst, size_t cap, const struct mb2_tag *tag)
{
	size_t n = tag->size - sizeof(*tag);

	if (n >= cap)
		n = cap - 1;
	memcpy(dst, tag + 1, n);
	dst[n] = '\0';
	dst[strnlen(dst, n)] = '\0';
}

static void parse_mmap(struct boot_info *bi, const struct mb2_tag *tag)
{
	const u8 *p = (const u8 *)(tag + 1);
	u32 entry_size = ((const u32 *)p)[0];
	const u8 *end = (const u8 *)tag + tag->size;

	if (tag->size < 16 || entry_size < sizeof(struct mb2_mmap_entry))
		return;
	for (p += 8; p + entry_size <= end; p += entry_size) {
		const struct mb2_mmap_entry *e = (const void *)p;
		struct boot_mmap_entry *o;

		if (bi->mmap_count >= BOOT_INFO_MAX_MMAP)
			break;
		o = &bi->mmap[bi->mmap_count++];
		o->base = e->base;
		o->length = e->length;
		o->type = e->type >= BOOT_MEM_USABLE && e->type <= BOOT_MEM_BAD ?
			  e->type : BOOT_MEM_RESERVED;
	}
}

static void parse_tag(struct boot_info *bi, const struct mb2_tag *tag)
{
	u32 len = tag->size - sizeof(*tag);

	switch (tag->type) {
	case MB2_TAG_CMDLINE:
		copy_string(bi->cmdline, sizeof(bi->cmdline), tag);
		break;
	case MB2_TAG_LOADER_NAME:
		copy_string(bi->loader, sizeof(bi->loader), tag);
		break;
	case MB2_TAG_MMAP:
		parse_mmap(bi, tag);
		break;
	case MB2_TAG_ACPI_NEW:
	case MB2_TAG_ACPI_OLD:
		/* Prefer the ACPI 2.0 copy: it carries the XSDT address. */
		if (bi->rsdp && tag->type == MB2_TAG_ACPI_OLD)
			break;
		memcpy(rsdp_copy, tag + 1, min_t(u32, len, RSDP_COPY_MAX));
		bi->rsdp = (u64)(uintptr_t)rsdp_copy;
		break;
	}
}

void multiboot2_start(u32 magic, u64 info)
{
	const u8 *base = (const u8 *)(uintptr_t)info;
	u32 total;
	u32 off;

	mb2_info.source = BOOT_SRC_MULTIBOOT2;
	if (magic != MB2_BOOT_MAGIC || !info)
		kmain(&mb2_info);
	total = *(const u32 *)base;
	if (total > MB2_INFO_MAX)
		total = MB2_INFO_MAX;
	for (off = 8; off + sizeof(struct mb2_tag) <= total;) {
		const struct mb2_tag *tag = (const void *)(base + off);

		if (tag->type == MB2_TAG_END || tag->size < sizeof(*tag) ||
		    off + tag->size > total)
			break;
		parse_tag(&mb2_info, tag);
		off += ALIGN(tag->size, 8);
	}
	kmain(&mb2_info);
}

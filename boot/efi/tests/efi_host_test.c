/* Host unit tests for napkin-efi's pure parts: ELF validation, memory map
 * conversion, load-options parsing and the log formatter. Built with
 * -fshort-wchar so L"" literals are UCS-2 like the firmware's.
 * Run: make -f boot/efi/efi.mk efi-host-test */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boot/boot_info.h"
#include "boot/efi/elf_check.h"
#include "boot/efi/format.h"
#include "boot/efi/load_options.h"
#include "boot/efi/mmap_convert.h"

static int failures;

#define CHECK(cond)							\
	do {								\
		if (!(cond)) {						\
			fprintf(stderr, "%s:%d: CHECK(%s) failed\n",	\
				__FILE__, __LINE__, #cond);		\
			failures++;					\
		}							\
	} while (0)

/* ---- ELF ---- */

#define IMG_SIZE	0x3000
#define TEXT_OFF	0x1000
#define TEXT_ADDR	0x200000ULL
#define DATA_OFF	0x2000
#define DATA_ADDR	0x201000ULL
#define HDR_OFF		0x1008	/* entry header, inside the text segment */

static _Alignas(8) unsigned char img[IMG_SIZE];

static struct elf64_ehdr *eh(void)
{
	return (struct elf64_ehdr *)img;
}

static struct elf64_phdr *ph(int i)
{
	return (struct elf64_phdr *)(img + sizeof(struct elf64_ehdr)) + i;
}

static void put_u64(unsigned char *p, uint64_t v)
{
	memcpy(p, &v, sizeof(v));
}

/* A loadable image: text (R X) at 2 MiB with the entry header, data + bss. */
static void make_elf(void)
{
	memset(img, 0, sizeof(img));
	memcpy(eh()->e_ident, "\x7f" "ELF\x02\x01\x01", 7);
	eh()->e_type = 2;
	eh()->e_machine = 62;
	eh()->e_version = 1;
	eh()->e_phoff = sizeof(struct elf64_ehdr);
	eh()->e_ehsize = sizeof(struct elf64_ehdr);
	eh()->e_phentsize = sizeof(struct elf64_phdr);
	eh()->e_phnum = 3;
	*ph(0) = (struct elf64_phdr){ PT_LOAD, 5, TEXT_OFF, TEXT_ADDR, TEXT_ADDR,
				      0x100, 0x100, 0x1000 };
	*ph(1) = (struct elf64_phdr){ PT_LOAD, 6, DATA_OFF, DATA_ADDR, DATA_ADDR,
				      0x80, 0x5000, 0x1000 };
	*ph(2) = (struct elf64_phdr){ .p_type = 0x6474e551 };	/* GNU_STACK */
	put_u64(img + HDR_OFF, NAPKIN_ENTRY_MAGIC);
	put_u64(img + HDR_OFF + 8, TEXT_ADDR + 0x40);
}

static int elf_rejects(size_t size)
{
	int bad;

	return elf_check(img, size, &bad) != NULL;
}

static void test_elf_valid(void)
{
	uint64_t entry = 0;
	int bad = 7;

	make_elf();
	CHECK(elf_check(img, sizeof(img), &bad) == NULL);
	CHECK(bad == -1);
	CHECK(elf_find_entry(img, sizeof(img), &entry) == NULL);
	CHECK(entry == TEXT_ADDR + 0x40);
}

static void test_elf_header_errors(void)
{
	make_elf();
	CHECK(elf_rejects(sizeof(struct elf64_ehdr) - 1));
	make_elf(); img[1] = 'X';			CHECK(elf_rejects(IMG_SIZE));
	make_elf(); img[4] = 1;				CHECK(elf_rejects(IMG_SIZE));
	make_elf(); img[5] = 2;				CHECK(elf_rejects(IMG_SIZE));
	make_elf(); eh()->e_machine = 3;		CHECK(elf_rejects(IMG_SIZE));
	make_elf(); eh()->e_type = 3;			CHECK(elf_rejects(IMG_SIZE));
	make_elf(); eh()->e_phentsize = 32;		CHECK(elf_rejects(IMG_SIZE));
	make_elf(); eh()->e_phnum = 0;			CHECK(elf_rejects(IMG_SIZE));
	make_elf(); eh()->e_phnum = 0xffff;		CHECK(elf_rejects(IMG_SIZE));
	make_elf(); eh()->e_phoff = IMG_SIZE - 8;	CHECK(elf_rejects(IMG_SIZE));
	make_elf(); eh()->e_phoff = ~0ULL - 7;		CHECK(elf_rejects(IMG_SIZE));
	make_elf(); eh()->e_phoff = 65;			CHECK(elf_rejects(IMG_SIZE));
	/* program headers cut off by the end of the buffer */
	make_elf();
	CHECK(elf_rejects(sizeof(struct elf64_ehdr) + 2 * sizeof(struct elf64_phdr)));
}

static void test_elf_segment_errors(void)
{
	int bad;

	make_elf(); ph(1)->p_filesz = 0x1001;		CHECK(elf_rejects(IMG_SIZE));
	make_elf(); ph(1)->p_offset = ~0ULL;		CHECK(elf_rejects(IMG_SIZE));
	make_elf(); ph(1)->p_memsz = 0x10;		CHECK(elf_rejects(IMG_SIZE));
	make_elf(); ph(1)->p_paddr += 0x1000;		CHECK(elf_rejects(IMG_SIZE));
	make_elf();
	ph(1)->p_paddr = ph(1)->p_vaddr = KERNEL_LOAD_LIMIT - 0x1000;
	CHECK(elf_rejects(IMG_SIZE));
	make_elf();
	ph(1)->p_paddr = ph(1)->p_vaddr = ~0ULL - 0x10;	/* end wraps */
	CHECK(elf_rejects(IMG_SIZE));
	make_elf();
	ph(1)->p_paddr = ph(1)->p_vaddr = TEXT_ADDR + 0x80;	/* overlaps text */
	CHECK(elf_check(img, IMG_SIZE, &bad) != NULL && bad == 1);
	make_elf(); ph(0)->p_type = 4; ph(1)->p_type = 4;	CHECK(elf_rejects(IMG_SIZE));
	/* a zero-sized PT_LOAD is ignored, even with nonsense fields */
	make_elf(); ph(2)->p_type = PT_LOAD; ph(2)->p_offset = ~0ULL;
	CHECK(!elf_rejects(IMG_SIZE));
}

static void test_elf_entry_errors(void)
{
	uint64_t entry;

	make_elf(); put_u64(img + HDR_OFF, 0);
	CHECK(elf_find_entry(img, IMG_SIZE, &entry) != NULL);
	make_elf(); put_u64(img + HDR_OFF + 8, DATA_ADDR);	/* not PF_X */
	CHECK(elf_find_entry(img, IMG_SIZE, &entry) != NULL);
	make_elf(); put_u64(img + HDR_OFF + 8, TEXT_ADDR + 0x100); /* past filesz */
	CHECK(elf_find_entry(img, IMG_SIZE, &entry) != NULL);
	/* the header must be 8-byte aligned... */
	make_elf(); put_u64(img + HDR_OFF, 0); put_u64(img + HDR_OFF + 4, NAPKIN_ENTRY_MAGIC);
	CHECK(elf_find_entry(img, IMG_SIZE, &entry) != NULL);
	/* ...and wholly inside the buffer */
	make_elf();
	CHECK(elf_find_entry(img, HDR_OFF + 8, &entry) != NULL);
}

/* ---- memory map ---- */

#define DSZ	48	/* firmware stride, larger than sizeof(EFI_MEMORY_DESCRIPTOR) */

static unsigned char map[400 * DSZ];
static struct boot_mmap_entry scratch[400];
static struct boot_info bi;

static void set_desc(int i, uint32_t type, uint64_t base, uint64_t pages)
{
	EFI_MEMORY_DESCRIPTOR *d = (EFI_MEMORY_DESCRIPTOR *)(map + i * DSZ);

	memset(d, 0xa5, DSZ);	/* garbage between descriptors must be skipped */
	d->Type = type;
	d->PhysicalStart = base;
	d->VirtualStart = 0;
	d->NumberOfPages = pages;
	d->Attribute = 0;
}

static void test_mmap_types_sort_merge(void)
{
	struct mmap_convert_stats st;

	set_desc(0, EfiBootServicesData, 0x100000, 0x10);	/* 1 MiB */
	set_desc(1, EfiConventionalMemory, 0x0, 0xa0);
	set_desc(2, EfiConventionalMemory, 0x110000, 0x10);	/* joins #0 */
	set_desc(3, EfiACPIReclaimMemory, 0x120000, 1);
	set_desc(4, EfiACPIMemoryNVS, 0x121000, 1);
	set_desc(5, EfiRuntimeServicesData, 0x122000, 1);
	set_desc(6, EfiUnusableMemory, 0x123000, 1);
	set_desc(7, EfiLoaderData, 0x124000, 4);
	set_desc(8, EfiMemoryMappedIO, 0xb0000000, 0x10000);
	set_desc(9, 14 /* persistent */, 0x128000, 1);
	set_desc(10, EfiLoaderCode, 0x130000, 0);		/* empty: skipped */
	mmap_convert(map, 11 * DSZ, DSZ, scratch, &bi, &st);
	CHECK(st.efi_entries == 11);
	CHECK(bi.mmap_count == 9);
	CHECK(bi.mmap[0].base == 0 && bi.mmap[0].length == 0xa0000 &&
	      bi.mmap[0].type == BOOT_MEM_USABLE);
	CHECK(bi.mmap[1].base == 0x100000 && bi.mmap[1].length == 0x20000 &&
	      bi.mmap[1].type == BOOT_MEM_USABLE);
	CHECK(bi.mmap[2].type == BOOT_MEM_ACPI_RECLAIM);
	CHECK(bi.mmap[3].type == BOOT_MEM_ACPI_NVS);
	CHECK(bi.mmap[4].type == BOOT_MEM_RESERVED);
	CHECK(bi.mmap[5].type == BOOT_MEM_BAD);
	CHECK(bi.mmap[6].base == 0x124000 && bi.mmap[6].type == BOOT_MEM_USABLE);
	CHECK(bi.mmap[7].base == 0x128000 && bi.mmap[7].type == BOOT_MEM_RESERVED);
	CHECK(bi.mmap[8].base == 0xb0000000 && bi.mmap[8].type == BOOT_MEM_RESERVED);
	CHECK(st.usable_bytes == 0xa0000 + 0x20000 + 0x4000);
	CHECK(st.dropped == 0 && st.dropped_usable == 0);
}

/* n usable entries of 2 pages and n reserved of 1..n pages, gaps between. */
static int interleaved(int n)
{
	int i;

	for (i = 0; i < n; i++) {
		set_desc(2 * i, EfiConventionalMemory, i * 0x100000ULL, 2);
		set_desc(2 * i + 1, EfiReservedMemoryType,
			 i * 0x100000ULL + 0x80000, (uint64_t)(n - i));
	}
	return 2 * n;
}

static void test_mmap_overflow_drops_reserved(void)
{
	struct mmap_convert_stats st;
	int n = interleaved(100), i;

	mmap_convert(map, n * DSZ, DSZ, scratch, &bi, &st);
	CHECK(bi.mmap_count == BOOT_INFO_MAX_MMAP);
	CHECK(st.dropped == 200 - BOOT_INFO_MAX_MMAP);
	CHECK(st.dropped_usable == 0);
	CHECK(st.usable_bytes == 100 * 0x2000ULL);
	/* the largest reserved entries (lowest addresses) survive */
	CHECK(bi.mmap[1].type == BOOT_MEM_RESERVED && bi.mmap[1].length == 100 * 0x1000ULL);
	for (i = 1; i < (int)bi.mmap_count; i++)
		CHECK(bi.mmap[i].base > bi.mmap[i - 1].base);
}

static void test_mmap_overflow_drops_usable_last(void)
{
	struct mmap_convert_stats st;
	int n = interleaved(150);

	mmap_convert(map, n * DSZ, DSZ, scratch, &bi, &st);
	CHECK(bi.mmap_count == BOOT_INFO_MAX_MMAP);
	CHECK(st.dropped == 150);
	CHECK(st.dropped_usable == 150 - BOOT_INFO_MAX_MMAP);
	CHECK(st.dropped_usable_bytes == (150 - BOOT_INFO_MAX_MMAP) * 0x2000ULL);
	CHECK(st.usable_bytes == BOOT_INFO_MAX_MMAP * 0x2000ULL);
}

static void test_mmap_bad_stride(void)
{
	struct mmap_convert_stats st;

	bi.mmap_count = 5;
	mmap_convert(map, 10 * DSZ, 8, scratch, &bi, &st);
	CHECK(bi.mmap_count == 0);
}

/* ---- load options ---- */

static void cmdline_is(const CHAR16 *opt, UINTN n, const char *image,
		       const char *want)
{
	char out[BOOT_INFO_CMDLINE_MAX];

	CHECK(load_options_to_cmdline(opt, n, image, out, sizeof(out)) == 0);
	if (strcmp(out, want)) {
		fprintf(stderr, "cmdline: got \"%s\", want \"%s\"\n", out, want);
		failures++;
	}
}

static UINTN units(const CHAR16 *s)
{
	UINTN n = 0;

	while (s[n])
		n++;
	return n + 1;	/* the firmware's size counts the NUL */
}

#define CMDLINE_IS(s, image, want)	cmdline_is(s, units(s), image, want)

static void test_cmdline(void)
{
	static const CHAR16 guid[8] = { 0xac4e, 0x8108, 0x9f11, 0x4d59,
					0x0e85, 0x1ae2, 0x2c52, 0xb259 };
	const char *boot = "\\EFI\\BOOT\\BOOTX64.EFI";
	char out[16];

	CMDLINE_IS(L"", boot, "");
	CMDLINE_IS(L"ip=dhcp loglevel=8", boot, "ip=dhcp loglevel=8");
	CMDLINE_IS(L"\\EFI\\BOOT\\BOOTX64.EFI ip=dhcp", boot, "ip=dhcp");
	CMDLINE_IS(L"fs0:\\efi\\boot\\bootx64.efi  ip=dhcp ", boot, "ip=dhcp");
	CMDLINE_IS(L"bootx64 a=1", boot, "a=1");
	CMDLINE_IS(L"fs0:\\napkin.efi", "\\napkin.efi", "");
	CMDLINE_IS(L"\"fs0:\\my dir\\napkin.efi\" a=b", "\\my dir\\napkin.efi", "a=b");
	CMDLINE_IS(L"napkinx a=1", "\\napkin.efi", "napkinx a=1");
	CMDLINE_IS(L"napkin.efi a=1", "", "napkin.efi a=1");
	CMDLINE_IS(L"a=\u00e9b\tc=d\r\n", boot, "a=?b c=d");
	cmdline_is(L"abcdef", 3, boot, "abc");
	cmdline_is(NULL, 4, boot, "");
	CHECK(load_options_to_cmdline(guid, 8, boot, out, sizeof(out)) == -1);
	CHECK(out[0] == '\0');
	CHECK(load_options_to_cmdline(L"a\x01" L"b", 4, boot, out, sizeof(out)) == -1);
	CHECK(load_options_to_cmdline(L"0123456789abcdefXYZ", 20, boot, out,
				      sizeof(out)) == 0);
	CHECK(strcmp(out, "0123456789abcde") == 0);
}

/* ---- formatter ---- */

static void format_is(size_t size, const char *want, const char *fmt, ...)
{
	char buf[64];
	va_list ap;

	memset(buf, 'Z', sizeof(buf));
	va_start(ap, fmt);
	format_line(buf, size, fmt, ap);
	va_end(ap);
	if (strcmp(buf, want)) {
		fprintf(stderr, "format \"%s\": got \"%s\", want \"%s\"\n",
			fmt, buf, want);
		failures++;
	}
}

static void test_format(void)
{
	format_is(64, "loading (17272 bytes)", "loading (%lu bytes)", 17272UL);
	format_is(64, "[0x200000-0xffffffffffffffff)", "[0x%lx-0x%lx)",
		  0x200000UL, ~0UL);
	format_is(64, "-42 42 ff", "%d %u %x", -42, 42U, 255U);
	format_is(64, "-9223372036854775808", "%lld",
		  (long long)(-0x7fffffffffffffffLL - 1));
	format_is(64, "00ab|  7|x", "%04x|%3u|%c", 0xabU, 7U, 'x');
	format_is(64, "(null) 100%", "%s 100%%", (char *)NULL);
	format_is(64, "%q", "%q");
	format_is(64, "5", "%zu", (size_t)5);
	format_is(6, "abcde", "abc%s", "defgh");
	format_is(1, "", "abc");
}

int main(void)
{
	test_elf_valid();
	test_elf_header_errors();
	test_elf_segment_errors();
	test_elf_entry_errors();
	test_mmap_types_sort_merge();
	test_mmap_overflow_drops_reserved();
	test_mmap_overflow_drops_usable_last();
	test_mmap_bad_stride();
	test_cmdline();
	test_format();
	if (failures) {
		fprintf(stderr, "efi_host_test: %d failure(s)\n", failures);
		return EXIT_FAILURE;
	}
	printf("efi_host_test: all passed\n");
	return EXIT_SUCCESS;
}
